import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeTruncatedJson } from './close-truncated-json.ts';
import { MAX_NESTING, takeDepthCuts, TOO_DEEP } from './depth-limit.ts';
import {
  bytesHaveStrayControl,
  cutDeepJsonText,
  InputText,
  parseJsonValue,
  textHasStrayControl,
} from './input-text.ts';

/** Depth of a parsed value, without recursion. */
function depthOf(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    max = Math.max(max, d + 1);
    for (const y of Object.values(x)) stack.push([y, d + 1]);
  }
  return max;
}

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
  it('stays linear 100,000 levels deep and across long whitespace runs (was quadratic)', () => {
    const t0 = performance.now();
    const deep = closeTruncatedJson('['.repeat(100_000) + ']'.repeat(50_000) + ',[1');
    expect(deep).toBe('['.repeat(100_000) + ']'.repeat(100_000));
    const spaced = closeTruncatedJson('[1,' + ' '.repeat(200_000) + '2, [3');
    expect(spaced).toBe('[1,' + ' '.repeat(200_000) + '2]');
    expect(performance.now() - t0).toBeLessThan(5_000); // minutes before the fix
  });
  it('does not take a string ending in an escaped quote as complete', () => {
    expect(closeTruncatedJson('[{"a": [1, 2], "b": [3, "x\\"')).toBe('[{"a": [1, 2], "b": [3]}]');
  });
});

describe('nesting limit', () => {
  it('cuts a 100,000-level array below level 1,000 and records the cut', () => {
    takeDepthCuts();
    const n = 100_000;
    const r = new InputText('['.repeat(n) + '1' + ']'.repeat(n)).json();
    expect(r.ok).toBe(true);
    const v = (r as { value: unknown }).value;
    expect(depthOf(v)).toBe(MAX_NESTING);
    let x = v;
    for (let i = 0; i < MAX_NESTING; i++) x = (x as unknown[])[0];
    expect(x).toBe(TOO_DEEP);
    expect(takeDepthCuts()).toEqual({ count: 1, line: 1 });
  });
  it('cuts deep objects on the lossless path too (an integer beyond 2^53 elsewhere)', () => {
    const n = 100_000;
    const text = `{"id": 12345678901234567890, "deep": ${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`;
    const r = new InputText(text).json();
    expect(r.ok).toBe(true); // was "Maximum call stack size exceeded" from lossless-json
    const v = (r as { value: { id: unknown; deep: unknown } }).value;
    expect(v.id).toBe('12345678901234567890');
    expect(depthOf(v)).toBe(MAX_NESTING);
    expect(takeDepthCuts().count).toBe(1);
  });
  it('keeps values up to the limit untouched and counts each cut place once', () => {
    const ok = '['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING);
    expect(cutDeepJsonText(ok)).toEqual({ text: ok, cuts: [] });
    const two = `[${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)},{"s":"[[[","d":${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}}]`;
    const cut = cutDeepJsonText(two);
    expect(cut.cuts).toHaveLength(2);
    expect(JSON.parse(cut.text)).toMatchObject([expect.anything(), { s: '[[[' }]);
    takeDepthCuts();
    const input = new InputText(two);
    input.json();
    input.releaseJson();
    input.json();
    expect(takeDepthCuts().count).toBe(2);
  });
  it('applies to JSON found inside values', () => {
    const v = parseJsonValue('['.repeat(5000) + ']'.repeat(5000));
    expect(depthOf(v)).toBe(MAX_NESTING);
    expect(takeDepthCuts().count).toBe(1);
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

describe('stray control characters', () => {
  const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

  it('reads bytes a word at a time exactly as the regular expression reads the text', () => {
    // Mostly printable bytes with a few low ones, at every alignment of the view.
    const byte = fc.oneof(
      { weight: 20, arbitrary: fc.integer({ min: 32, max: 255 }) },
      { weight: 3, arbitrary: fc.constantFrom(9, 10, 13) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 31 }) },
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.nat(7), (values, offset) => {
        const buffer = new Uint8Array(values.length + offset);
        buffer.set(values, offset);
        const view = buffer.subarray(offset);
        expect(bytesHaveStrayControl(view)).toBe(textHasStrayControl(latin1(view)));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds each control byte in each position of a word, and lets tab, LF and CR pass', () => {
    for (let c = 0; c < 32; c++) {
      for (let at = 0; at < 9; at++) {
        const bytes = new TextEncoder().encode('{"a": "0123456789"}');
        bytes[at + 2] = c;
        const stray = c !== 9 && c !== 10 && c !== 13;
        expect(bytesHaveStrayControl(bytes), `byte ${c} at ${at + 2}`).toBe(stray);
        expect(InputText.fromBytes(bytes).hasStrayControl()).toBe(stray);
      }
    }
  });

  it('answers from the text for pasted text and for UTF-16 files', () => {
    expect(new InputText('{"a": "x\u0001"}').hasStrayControl()).toBe(true);
    expect(new InputText('{"a":\t"x"}\r\n').hasStrayControl()).toBe(false);
    const utf16 = new Uint8Array([0xff, 0xfe, 0x7b, 0, 0x01, 0, 0x7d, 0]); // BOM, "{\u0001}"
    expect(InputText.fromBytes(utf16).hasStrayControl()).toBe(true);
  });
});
