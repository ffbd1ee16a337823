import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import {
  capDiagnostics,
  readRecords,
  sniffRecord,
  withoutNonFinite,
  type RecordSpec,
} from './record-reader.ts';
import type { Diagnostic } from '../model/diagnostic.ts';

/** Records are objects with an `id`; wrappers keep them under `items`. */
const spec: RecordSpec = {
  noun: 'item',
  containers: ['items'],
  isRecord: v => 'id' in v,
  childrenKey: 'kids',
};

const read = (text: string) => readRecords(new InputText(text), spec);
const ids = (text: string) => read(text).records.map(r => [r.value.id, r.line]);

describe('readRecords', () => {
  it('reads a bare array, a wrapper and an array of wrappers with each record’s line', () => {
    expect(ids('[\n{"id": 1},\n  {"id": 2}\n]')).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(ids('{"items": [\n{"id": 1}]}')).toEqual([[1, 2]]);
    expect(ids('[{"items": [{"id": 1}]},\n{"items": [\n{"id": 2}]}]')).toEqual([
      [1, 1],
      [2, 3],
    ]);
  });

  it('reads arrays of arrays (pasted lists) and nested children', () => {
    expect(ids('[[{"id": 1}],\n[{"id": 2, "kids": [\n{"id": 3}]}]]')).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('reads documents pasted one after another, skipping text between them', () => {
    const text = '{\n  "id": 1\n}\nlog line [INFO]\n{\n  "items": [{"id": 2}]\n}\n';
    const r = read(text);
    expect(r.layout).toBe('concatenated');
    expect(r.records.map(x => [x.value.id, x.line])).toEqual([
      [1, 1],
      [2, 6],
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(
      read('{\n "id": 1\n}\n{\n "other": 2\n}').diagnostics.map(d => d.location?.line),
    ).toEqual([4]);
  });

  it('does not take an id written as a value for a record start', () => {
    const text = '[{"ref": "{\\"id\\": 9}", "id": 1}, {"id": 2}]';
    expect(ids(text)).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('reports each value that is not a record at its line', () => {
    const r = read('[{"id": 1},\n42,\n{"x": 1}]');
    expect(r.records).toHaveLength(1);
    expect(r.diagnostics.map(d => [d.code, d.location?.line])).toEqual([
      ['format.records.not-a-record', 1],
      ['format.records.not-a-record', 3],
    ]);
  });

  it('says when there is no JSON at all', () => {
    expect(read('hello').diagnostics.map(d => d.code)).toEqual(['parse.json.none']);
  });

  it('reads bare NaN / Infinity as null and reports them, leaving strings alone', () => {
    const r = read('[{"id": 1, "v": NaN, "s": "NaN \\" Infinity"},\n{"id": 2, "w": -Infinity}]');
    expect(r.records.map(x => x.value)).toEqual([
      { id: 1, v: null, s: 'NaN " Infinity' },
      { id: 2, w: null },
    ]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'parse.json.non-finite', location: { line: 1 } }),
    ]);
    expect(withoutNonFinite(new InputText('{"s": "NaN"}'))).toBeNull();
  });

  it('repairs NaN in one JSON line without touching the others', () => {
    const r = read('{"id": 1, "v": NaN}\n{"id": 2}');
    expect(r.layout).toBe('json-lines');
    expect(r.records.map(x => x.value)).toEqual([{ id: 1, v: null }, { id: 2 }]);
    expect(r.diagnostics.map(d => d.location?.line)).toEqual([1]);
  });
});

describe('sniffRecord', () => {
  it('finds the first record of a document, a JSON Lines text and a cut-off text', () => {
    expect(sniffRecord(new InputText('{"items": [{"id": 1}]}'), spec)).toMatchObject({
      record: { id: 1 },
      container: 'items',
      layout: 'document',
    });
    expect(sniffRecord(new InputText('{"id": 1}\n{"id": 2}'), spec)?.layout).toBe('json-lines');
    expect(sniffRecord(new InputText('{"items": [{"id": 1}, {"id": '), spec)?.layout).toBe(
      'partial',
    );
  });

  it('returns null for text that holds no record', () => {
    for (const t of ['', 'plain text', '{"a": 1}', '[1, 2', '{"items": "x"}']) {
      expect(sniffRecord(new InputText(t), spec), t).toBeNull();
    }
  });
});

describe('capDiagnostics', () => {
  it('lists twenty of a code and sums up the rest, keeping the worst severity', () => {
    const many: Diagnostic[] = Array.from({ length: 25 }, (_, i) => ({
      code: 'x.y',
      severity: i === 24 ? 'error' : 'warning',
      message: `m${i}`,
      location: { line: i + 1 },
    }));
    const out = capDiagnostics([...many, { code: 'other', severity: 'info', message: 'o' }]);
    expect(out).toHaveLength(22);
    expect(out.at(-1)).toEqual({
      code: 'x.y',
      severity: 'error',
      message: '5 more like the above (x.y) are not listed; the first is: m20',
      location: { line: 21 },
    });
  });
});
