import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams } from '../fuzz/arbitraries.test-helper.ts';
import { MAX_NESTING } from './depth-limit.ts';
import { FastJsonReader, NOT_TAKEN } from './fast-json.ts';
import { InputText } from './input-text.ts';

/** What the general path gives for the same text (lossless numbers, errors as null). */
/** What the general path gives for the same text (lossless numbers); null when it rejects it. */
function general(text: string): { value: unknown } | null {
  const r = new InputText(text).json();
  return r.ok ? { value: r.value } : null;
}

function fast(text: string): { value: unknown } | null {
  const r = new FastJsonReader(text).readDocument();
  return r && { value: r.value };
}

/** Same value as the general path, or declined; never accepts what the general path rejects. */
function expectAgreement(text: string): void {
  const value = fast(text);
  if (value !== null) expect(value).toEqual(general(text));
  if (general(text) === null) expect(value).toBeNull();
}

/** Pieces of (broken) JSON text: structure, escapes, numbers, control characters, words. */
const PIECES = [
  ...['{', '}', '[', ']', ',', ':', '"', '\\', '0', '1', '-', '.', 'e', ' ', '\n', '\t'],
  ...['\u0000', '\u0001', 'a', 'u', 'x', 'true', 'null'],
];

describe('FastJsonReader', () => {
  it.each([
    '{}',
    '[]',
    ' \r\n\t{ "a" : [ 1 , -2.5e3 , true , false , null , "x" ] } \n',
    '"just a string"',
    '0',
    '-0',
    '1E+2',
    '{"a":{"b":{"c":[[],[{}]]}}}',
    '{"esc":"quote \\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00"}',
    '{"unicode":"é 😀 \u2028"}',
    '{"id":12345678901234567890,"safe":9007199254740991,"big":-9007199254740993}',
    '{"long":1736937000004076,"exp":1e400,"frac":0.12345678901234567890123}',
  ])('reads %s as the general path does', text => {
    const value = fast(text);
    expect(value).not.toBeNull();
    expect(value).toEqual(general(text));
  });

  it('keeps integers beyond 2^53 as their exact digits', () => {
    expect(fast('[9007199254740993, 123]')).toEqual({ value: ['9007199254740993', 123] });
    const edges =
      '[9007199254740991,9007199254740992,-9007199254740991,-9007199254740992,1736937000004076,' +
      '9999999999999999,1000000000000000,-1000000000000000,123456789012345678]';
    expect(fast(edges)).toEqual(general(edges));
    expect(fast(edges)!.value).toEqual([
      9007199254740991,
      '9007199254740992',
      -9007199254740991,
      '-9007199254740992',
      1736937000004076,
      '9999999999999999',
      1000000000000000,
      -1000000000000000,
      '123456789012345678',
    ]);
  });

  it.each([
    ['trailing comma in an array', '[1,2,]'],
    ['trailing comma in an object', '{"a":1,}'],
    ['leading zero', '[01]'],
    ['bare fraction', '[.5]'],
    ['dangling point', '[1.]'],
    ['dangling exponent', '[1e]'],
    ['plus sign', '[+1]'],
    ['single quotes', "{'a':1}"],
    ['unquoted key', '{a:1}'],
    ['missing colon', '{"a" 1}'],
    ['missing comma', '[1 2]'],
    ['raw newline in a string', '["a\nb"]'],
    ['raw tab in a string', '["a\tb"]'],
    ['raw control character', '["a\u0001b"]'],
    ['bad escape', '["\\x41"]'],
    ['short unicode escape', '["\\u12"]'],
    ['unterminated string', '["abc'],
    ['unterminated array', '[1,2'],
    ['trailing text', '{"a":1} x'],
    ['two documents', '{"a":1}{"b":2}'],
    ['misspelt literal', '[tru]'],
    ['empty text', ''],
  ])('declines invalid JSON (%s)', (_, text) => {
    expect(general(text)).toBeNull();
    expect(fast(text)).toBeNull();
  });

  it.each([
    ['a repeated key', '{"a":1,"a":2}'],
    ['a __proto__ key', '{"__proto__":{"polluted":true}}'],
    ['an inherited key name', '{"toString":1}'],
  ])('leaves %s to the general path', (_, text) => {
    expect(general(text)).not.toBeNull();
    expect(fast(text)).toBeNull();
  });

  it('leaves nesting deeper than the limit to the general path (which cuts it)', () => {
    const deep = '['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1);
    expect(fast(deep)).toBeNull();
    const ok = '['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING);
    expect(fast(ok)).toEqual(general(ok));
  });

  it('reads keys from its key cache and strings with escapes correctly, in any order', () => {
    const text = JSON.stringify([
      { key: 'a', k2: 'x\\"y' },
      { key: 'a', k2: 'plain' },
      { 'ke\\y': 1, key: 2 },
      { key: 3 },
    ]);
    expect(fast(text)).toEqual({ value: JSON.parse(text) });
  });

  it.each([
    ['"key":1', true, 6],
    ['"key" : 1', true, 7],
    [' "key":1', true, 7],
    ['"k\\u0065y":1', true, 11],
    ['"keys":1', false, 0],
    ['"ke":1', false, 0],
    ['"key"1', null, 0],
    ['key:1', false, 0],
  ])('field("key") at %s: %s', (text, expected, pos) => {
    const r = new FastJsonReader(text);
    if (expected === null) {
      expect(() => r.field('key')).toThrow(); // a key without its colon: the reader gives up
      return;
    }
    expect(r.field('key')).toBe(expected);
    if (expected) expect(r.pos).toBe(pos);
  });

  it('reads keys that share a cache slot (same first and last character and length) exactly', () => {
    // Ten keys of one hash, more than the slots a hash has, in changing order, with an escaped
    // twin of one of them (an escaped key is never cached).
    const keys = Array.from({ length: 10 }, (_, i) => `k.${i}.x`);
    const objects = Array.from({ length: 6 }, (_, n) =>
      Object.fromEntries(keys.map((k, i) => [keys[(i + n * 3) % keys.length]!, n * 100 + i])),
    );
    const text = JSON.stringify(objects).replace('"k.3.x":', '"k.\\u0033.x":');
    expect(text).toContain('k.\\u0033.x');
    const value = fast(text);
    expect(value).not.toBeNull();
    expect(value).toEqual(general(text));
    expect(value!.value).toEqual(objects);
  });

  it('skips literal text only where it comes next, exactly as written', () => {
    const r = new FastJsonReader('{"stringValue":"x"}');
    expect(r.skip('{"stringValue":"')).toBe(true);
    expect(r.pos).toBe(16);
    expect(r.skip('x" ')).toBe(false);
    expect(r.pos).toBe(16);
    expect(new FastJsonReader(' {"a":1}').skip('{"a"')).toBe(false);
  });

  it('offers the values of the hook key to the hook, which may decline', () => {
    const seen: unknown[] = [];
    const hook = (r: FastJsonReader): unknown => {
      const start = r.pos;
      if (r.ws() !== 91 /* [ */) return NOT_TAKEN;
      r.pos++;
      if (r.ws() === 93 /* ] */) {
        r.pos++;
        seen.push('empty');
        return 'EMPTY LIST';
      }
      return r.rewind(start);
    };
    const text = '{"l":[],"x":{"l":[1,"a\\n"]},"y":{"l":"s"}}';
    const value = new FastJsonReader(text, 'l', hook).readDocument();
    expect(value).toEqual({
      value: { l: 'EMPTY LIST', x: { l: [1, 'a\n'] }, y: { l: 's' } },
      hooked: 1,
    });
    expect(seen).toEqual(['empty']);
  });

  it('agrees with the general path on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), v => {
        const text = JSON.stringify(v, null, Math.random() < 0.5 ? 2 : undefined);
        const value = fast(text);
        // Declined only for what it leaves to the general path on purpose.
        if (value === null)
          expect(text).toMatch(
            /"(__proto__|toString|valueOf|constructor|hasOwnProperty|isPrototypeOf|propertyIsEnumerable|toLocaleString|__\w+__)"\s*:/,
          );
        else expect(value).toEqual(general(text));
      }),
      fuzzParams(300),
    );
  });

  it('never accepts text the general path rejects, and never disagrees with it', () => {
    const jsonish = fc.string({
      unit: fc.constantFrom(...PIECES),
      maxLength: 40,
    });
    fc.assert(fc.property(jsonish, expectAgreement), fuzzParams(2000));
  });
  it('agrees with the general path on JSON with one character changed', () => {
    const edit = fc.record({
      value: fc.jsonValue(),
      at: fc.nat(),
      ch: fc.constantFrom(...PIECES),
    });
    fc.assert(
      fc.property(edit, ({ value, at, ch }) => {
        const good = JSON.stringify(value);
        const i = at % (good.length + 1);
        expectAgreement(good.slice(0, i) + ch + good.slice(i + 1));
      }),
      fuzzParams(1000),
    );
  });
});
