import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatTracestate,
  isValidTracestateMember,
  level1KeyProblem,
  parseTracestate,
  type TracestateMember,
} from './tracestate.ts';

const kv = (text: string) => parseTracestate(text).members.map(m => [m.key, m.value]);
const firstError = (text: string) =>
  parseTracestate(text).problems.find(p => p.severity === 'error');
const codes = (text: string) => parseTracestate(text).problems.map(p => p.code);

const LCALPHA = 'abcdefghijklmnopqrstuvwxyz';
const KEY_CHARS = `${LCALPHA}0123456789_-*/`;
const ALL_VALUE_CHARS = (() => {
  let s = '';
  for (let c = 0x20; c <= 0x7e; c++) if (c !== 0x2c && c !== 0x3d) s += String.fromCharCode(c);
  return s;
})();

describe('parseTracestate: valid headers (W3C suite cases)', () => {
  it('keeps members in order', () => {
    expect(kv('foo=1,bar=2,baz=3')).toEqual([
      ['foo', '1'],
      ['bar', '2'],
      ['baz', '3'],
    ]);
    expect(parseTracestate('foo=1,bar=2').valid).toBe(true);
  });

  it.each(['foo=1 \t , \t bar=2, \t baz=3', 'foo=1\t \t,\t \tbar=2,\t \tbaz=3'])(
    'ignores OWS around "," in %j',
    text => {
      expect(kv(text)).toEqual([
        ['foo', '1'],
        ['bar', '2'],
        ['baz', '3'],
      ]);
    },
  );

  it.each([' foo=1', '\tfoo=1', 'foo=1 ', 'foo=1\t', '\t foo=1 \t'])(
    'ignores OWS around %j',
    text => {
      expect(parseTracestate(text)).toMatchObject({
        valid: true,
        members: [{ key: 'foo', value: '1' }],
      });
    },
  );

  it('accepts every allowed key and value character', () => {
    const key = KEY_CHARS;
    expect(kv(`${key}=${ALL_VALUE_CHARS}`)).toEqual([[key, ALL_VALUE_CHARS]]);
    const vendorKey = `${key}@a-z0-9_-*/`;
    expect(parseTracestate(`${vendorKey}=${ALL_VALUE_CHARS}`).valid).toBe(true);
  });

  it('keeps leading spaces of a value and drops trailing ones', () => {
    expect(kv('foo=  bar  ')).toEqual([['foo', '  bar']]);
  });

  it('accepts an empty header and empty members (combined fields)', () => {
    expect(parseTracestate('')).toMatchObject({ present: true, valid: true, members: [] });
    expect(parseTracestate('foo=1,')).toMatchObject({ valid: true, emptyMembers: 1 });
    expect(parseTracestate(',foo=1, ,,')).toMatchObject({ valid: true, emptyMembers: 4 });
  });

  it('accepts exactly 32 members', () => {
    const text = Array.from(
      { length: 32 },
      (_, i) => `bar${String(i + 1).padStart(2, '0')}=${i}`,
    ).join(',');
    expect(parseTracestate(text)).toMatchObject({ valid: true });
    expect(parseTracestate(text).members).toHaveLength(32);
  });

  it('accepts a 256-character key and a 256-character value', () => {
    expect(parseTracestate(`${'z'.repeat(256)}=1`).valid).toBe(true);
    expect(parseTracestate(`foo=${'x'.repeat(256)}`).valid).toBe(true);
  });

  it.each([
    ['t'.repeat(241) + '@' + 'v'.repeat(14), true],
    ['t'.repeat(242) + '@v', false],
    ['t@' + 'v'.repeat(15), false],
    ['foo@', false],
    ['foo@@bar', false],
    ['foo@bar@baz', false],
    ['1special', false],
    ['special@vendor', true],
    ['t@' + 'v'.repeat(14), true],
    ['1tenant@vendor', true],
  ])('accepts the Level 2 key %s (Level 1 valid: %s)', (key, l1) => {
    const r = parseTracestate(`${key}=1,bar=2`);
    expect(r.valid).toBe(true);
    expect(r.level1Valid).toBe(l1);
    expect(r.members[0]!.level1Problem === undefined).toBe(l1);
    expect(r.notes.some(n => n.code === 'header.tracestate.key.level1')).toBe(!l1);
  });

  it('accepts 242 "t@v" groups (Level 2 has no "@" count limit)', () => {
    const key = 't@v'.repeat(85).slice(0, 256);
    expect(parseTracestate(`${key}=1`).valid).toBe(true);
  });

  it('warns about duplicate keys but keeps the header (keep as-is or drop later duplicates)', () => {
    const r = parseTracestate('foo=1,foo=2');
    expect(r.valid).toBe(true);
    expect(kv('foo=1,foo=2')).toEqual([
      ['foo', '1'],
      ['foo', '2'],
    ]);
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'header.tracestate.duplicate-key',
        severity: 'warning',
        position: 6,
      }),
    ]);
  });

  it('warns when the members exceed the 512 characters vendors must propagate', () => {
    const text = `foo=${'x'.repeat(256)},bar=${'x'.repeat(256)}`;
    expect(parseTracestate(text).valid).toBe(true);
    expect(codes(text)).toEqual(['header.tracestate.long']);
    expect(codes(text.slice(0, 512))).toEqual([]);
  });

  it('treats undefined as absent', () => {
    expect(parseTracestate(undefined).present).toBe(false);
  });
});

describe('parseTracestate: invalid headers', () => {
  it.each<[string, string, string, number]>([
    ['a space before "="', 'foo =1', 'header.tracestate.key.character', 3],
    ['an uppercase key', 'FOO=1', 'header.tracestate.key.uppercase', 0],
    ['a "." in the key', 'foo.bar=1', 'header.tracestate.key.character', 3],
    ['a leading "@"', '@foo=1,bar=2', 'header.tracestate.key.first-character', 0],
    ['a leading "_"', '_foo=1', 'header.tracestate.key.first-character', 0],
    ['a 257-character key', `foo=1,${'z'.repeat(257)}=1`, 'header.tracestate.key.length', 6 + 256],
    ['an empty key', '=1', 'header.tracestate.key.empty', 0],
    ['"=" in the value', 'foo=bar=baz', 'header.tracestate.value.character', 7],
    ['an empty value', 'foo=,bar=3', 'header.tracestate.value.empty', 3],
    ['a blank value', 'foo=   ', 'header.tracestate.value.empty', 3],
    ['a tab inside the value', 'foo=a\tb', 'header.tracestate.value.character', 5],
    ['a non-ASCII value', 'foo=caf\u00e9', 'header.tracestate.value.character', 7],
    ['a 257-character value', `foo=${'x'.repeat(257)}`, 'header.tracestate.value.length', 4 + 256],
    ['no "="', 'foobarbaz', 'header.tracestate.member.no-equals', 0],
    ['a no-break space before the key', '\u00a0foo=1', 'header.tracestate.key.first-character', 0],
  ])('%s', (_name, text, code, position) => {
    const r = parseTracestate(text);
    expect(r.valid).toBe(false);
    expect(firstError(text)).toMatchObject({ code, position });
  });

  it('rejects 33 members at the start of the 33rd', () => {
    const members = Array.from(
      { length: 33 },
      (_, i) => `bar${String(i + 1).padStart(2, '0')}=${i}`,
    );
    const text = members.join(',');
    expect(parseTracestate(text).valid).toBe(false);
    expect(firstError(text)).toMatchObject({
      code: 'header.tracestate.too-many-members',
      position: text.indexOf('bar33'),
    });
  });

  it('marks only the invalid member and keeps the others listed', () => {
    const r = parseTracestate('foo=1,BAR=2,baz=3');
    expect(r.members.map(m => m.valid)).toEqual([true, false, true]);
  });

  it('explains whitespace before "="', () => {
    expect(firstError('foo =1')?.message).toMatch(/Whitespace before "="/);
  });
});

describe('level1KeyProblem', () => {
  it('gives a reason only for keys Level 1 rejects', () => {
    expect(level1KeyProblem('foo')).toBeUndefined();
    expect(level1KeyProblem('tenant@vendor')).toBeUndefined();
    expect(level1KeyProblem('1abc')).toMatch(/start with a letter/);
    expect(level1KeyProblem('a@b@c')).toMatch(/exactly one "@"/);
    expect(level1KeyProblem('foo@')).toMatch(/system id/);
    expect(level1KeyProblem('foo@1x')).toMatch(/start with a-z/);
  });
});

describe('formatTracestate', () => {
  const keyArb = fc
    .tuple(
      fc.constantFrom(...`${LCALPHA}0123456789`),
      fc.string({ unit: fc.constantFrom(...`${KEY_CHARS}@`), maxLength: 30 }),
    )
    .map(([a, b]) => a + b);
  const valueArb = fc
    .string({ unit: fc.constantFrom(...ALL_VALUE_CHARS), minLength: 1, maxLength: 40 })
    .filter(v => !v.endsWith(' '));
  const members = fc.array(fc.record({ key: keyArb, value: valueArb }), { maxLength: 32 });

  it('round-trips: format → parse gives the same members', () => {
    fc.assert(
      fc.property(members, (ms: TracestateMember[]) => {
        expect(ms.every(isValidTracestateMember)).toBe(true);
        const r = parseTracestate(formatTracestate(ms));
        expect(r.valid).toBe(true);
        expect(r.members.map(m => ({ key: m.key, value: m.value }))).toEqual(ms);
      }),
    );
  });

  it('round-trips: parse → format normalises only whitespace', () => {
    expect(formatTracestate(parseTracestate(' foo=1 ,\tbar= 2 ').members)).toBe('foo=1,bar= 2');
  });
});
