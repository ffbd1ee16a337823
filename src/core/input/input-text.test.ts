import { describe, expect, it } from 'vitest';
import { closeTruncatedJson } from './close-truncated-json.ts';
import { InputText } from './input-text.ts';

describe('InputText', () => {
  it('strips a BOM and records it', () => {
    const t = new InputText('\uFEFF{"a":1}');
    expect(t.text).toBe('{"a":1}');
    expect(t.notes[0]).toMatch(/Byte order mark/);
  });
  it('decodes UTF-16 LE bytes with a BOM', () => {
    const s = '{"name":"é"}';
    const bytes = new Uint8Array(2 + s.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < s.length; i++) bytes[2 + i * 2] = s.charCodeAt(i);
    const t = InputText.fromBytes(bytes);
    expect(t.json()).toEqual({ ok: true, value: { name: 'é' } });
    expect(t.notes.join(' ')).toMatch(/UTF-16LE/);
  });
  it('maps offsets to lines and columns with CRLF', () => {
    const t = new InputText('a\r\nbc\r\nd');
    expect(t.positionAt(4)).toEqual({ line: 2, column: 2 });
    expect(t.lineText(2)).toBe('bc');
    expect(t.lineCount).toBe(3);
  });
  it('keeps integers beyond 2^53 exact as strings', () => {
    const t = new InputText('{"t": 1736937000012345001, "s": "x:12345678901234567", "n": 3}');
    expect(t.json()).toEqual({
      ok: true,
      value: { t: '1736937000012345001', s: 'x:12345678901234567', n: 3 },
    });
  });
  it('keeps 2^53 ± 1 and negative big integers exact next to safe 16-digit µs timestamps', () => {
    const t = new InputText(
      '[1736937000105000, 9007199254740991, 9007199254740993, -9007199254740993, 1.5]',
    );
    expect(t.json()).toEqual({
      ok: true,
      value: [1736937000105000, 9007199254740991, '9007199254740993', '-9007199254740993', 1.5],
    });
  });
  it('reports the line and column of a JSON error', () => {
    const t = new InputText('{\n  "a": 1,\n  "b": ]\n}');
    const r = t.json();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ line: 3, column: 8 });
  });
  it('splits concatenated JSON values out of log text, respecting braces in strings', () => {
    const t = new InputText('INFO start\n{"a": "}"}\nnoise [x]\n{\n  "b": [1, 2]\n}\n');
    const chunks = t.jsonValues();
    expect(chunks.map(c => c.line)).toEqual([2, 4]);
    expect(chunks.map(c => c.result.ok && c.result.value)).toEqual([{ a: '}' }, { b: [1, 2] }]);
    expect(chunks[1]!.endLine).toBe(6);
  });
});

describe('closeTruncatedJson', () => {
  it('closes a document cut inside an object', () => {
    const fixed = closeTruncatedJson('{"spans": [{"id": 1}, {"id": 2}, {"id": 3, "na');
    expect(JSON.parse(fixed!)).toEqual({ spans: [{ id: 1 }, { id: 2 }] });
  });
  it('returns null for complete or non-JSON text', () => {
    expect(closeTruncatedJson('{"a": 1}')).toBeNull();
    expect(closeTruncatedJson('hello')).toBeNull();
  });
});

describe('InputText.offsetAt', () => {
  it('inverts positionAt across CRLF lines', () => {
    const t = new InputText('ab\r\ncde\nf');
    for (let i = 0; i < t.length; i++) {
      const p = t.positionAt(i);
      expect(t.offsetAt(p.line, p.column)).toBe(i);
    }
    expect(t.offsetAt(9)).toBe(-1);
  });
});
