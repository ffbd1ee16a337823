import { describe, expect, it } from 'vitest';
import { MAX_NESTING, takeDepthCuts, TOO_DEEP } from '../input/depth-limit.ts';
import { JsPlaceholder, jsClassOf, jsLiteralValues, parseJsLiteral } from './js-literal.ts';

function value(text: string): unknown {
  const r = parseJsLiteral(text);
  if (!r.ok) throw new Error(`${r.error.line}:${r.error.column} ${r.error.message}`);
  return r.value;
}

function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)));
}

describe('parseJsLiteral', () => {
  it('reads unquoted and single-quoted keys with single-quoted strings', () => {
    expect(plain(value(`{ name: 'run', 'service.name': 'weather-agent', n: 42, f: 0.2 }`))).toEqual(
      {
        name: 'run',
        'service.name': 'weather-agent',
        n: 42,
        f: 0.2,
      },
    );
  });

  it('decodes escapes and the other quote styles util.inspect picks', () => {
    expect(value(`'it\\'s\\n\\ttab \\x41\\u00e9\\u{1F600}\\\\'`)).toBe("it's\n\ttab Aé😀\\");
    expect(value(`"it's"`)).toBe("it's");
    expect(value('`both \' and "`')).toBe('both \' and "');
  });

  it('joins multi-line strings split with +', () => {
    expect(value(`{\n  s: 'line one\\n' +\n    'line two'\n}`)).toEqual(
      expect.objectContaining({ s: 'line one\nline two' }),
    );
  });

  it('keeps undefined, null, booleans, NaN, Infinity, BigInt and bare Dates', () => {
    const v = value(
      `{ a: undefined, b: null, c: true, d: false, e: NaN, f: -Infinity, g: 10n, h: 2025-01-15T10:30:00.000Z }`,
    ) as Record<string, unknown>;
    expect('a' in v && v.a === undefined).toBe(true);
    expect(v.b).toBeNull();
    expect(v.c).toBe(true);
    expect(v.d).toBe(false);
    expect(v.e).toBeNaN();
    expect(v.f).toBe(-Infinity);
    expect(v.g).toBe(10n);
    expect(v.h).toBe('2025-01-15T10:30:00.000Z');
  });

  it('reads HrTime arrays and fractional microseconds exactly as printed', () => {
    const v = value(`{ time: [ 1736937001, 401500000 ], duration: 165.256 }`) as Record<
      string,
      unknown
    >;
    expect(v.time).toEqual([1736937001, 401500000]);
    expect(String(v.duration)).toBe('165.256');
  });

  it('records class-name prefixes and turns Maps into records', () => {
    const v = value(
      `TraceStateImpl {\n  _internalState: Map(1) { 'congo' => 't61rcWkgMzE' }\n}`,
    ) as Record<string, unknown>;
    expect(jsClassOf(v)).toBe('TraceStateImpl');
    expect(jsClassOf(v._internalState)).toBe('Map(1)');
    expect(plain(v._internalState)).toEqual({ congo: 't61rcWkgMzE' });
    expect(value(`Set(2) { 'a', 'b' }`)).toEqual(['a', 'b']);
    expect(jsClassOf(value(`[Object: null prototype] { a: 1 }`))).toBe('Object: null prototype');
  });

  it('turns depth placeholders into JsPlaceholder and reports them', () => {
    const r = parseJsLiteral(
      `{\n  a: [Object],\n  b: [Array],\n  c: [Circular *1],\n  d: [Function: f]\n}`,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as Record<string, unknown>;
    expect(v.a).toBeInstanceOf(JsPlaceholder);
    expect(String(v.b)).toBe('[Array]');
    expect(String(v.c)).toBe('[Circular *1]');
    expect(String(v.d)).toBe('[Function: f]');
    expect(r.issues.map(i => i.line)).toEqual([2, 3, 4, 5]);
  });

  it('reports truncated arrays and strings as issues, keeping what was printed', () => {
    const r = parseJsLiteral(
      `{\n  a: [\n    1, 2,\n    ... 98 more items\n  ],\n  s: 'abc'... 9997 more characters\n}`,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(plain(r.value)).toEqual({ a: [1, 2], s: 'abc' });
    expect(r.issues.map(i => [i.line, i.message])).toEqual([
      [4, '98 more items not shown by the console output'],
      [6, 'string truncated by the console output (9997 more characters not shown)'],
    ]);
  });

  it('skips ANSI colour codes between tokens', () => {
    expect(plain(value(`{ a: \x1b[32m'x'\x1b[39m, b: \x1b[33m1\x1b[39m }`))).toEqual({
      a: 'x',
      b: 1,
    });
  });

  it('accepts <ref> prefixes, sparse-array markers and other non-data tokens', () => {
    const v = value(
      `<ref *1> { a: [ <2 empty items>, 3 ], s: Symbol(foo), p: Promise { <pending> } }`,
    );
    expect(plain(v)).toEqual({
      a: [{ text: '<2 empty items>' }, 3],
      s: { text: 'Symbol(foo)' },
      p: [{ text: '<pending>' }],
    });
  });

  it('keeps keys like __proto__ as plain data', () => {
    const v = value(`{ __proto__: 'x', constructor: 1 }`) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect(v.__proto__).toBe('x');
  });

  it('gives the line and column of a truncated value', () => {
    const r = parseJsLiteral(`{\n  a: 'x',\n  b: {\n    c: 'unterminated`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(4);
    expect(r.error.column).toBe(8);
    expect(r.error.message).toMatch(/unterminated string/);
  });

  it('reports the end of text inside an object', () => {
    const r = parseJsLiteral(`{\n  a: 1,\n  b: 2,\n`);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({
        line: 4,
        message: expect.stringMatching(/ends inside the object opened at line 1/),
      });
  });
});

describe('parseJsLiteral: hostile depth', () => {
  it('cuts values nested deeper than MAX_NESTING and reports it, instead of overflowing', () => {
    takeDepthCuts();
    const n = 100_000;
    const r = parseJsLiteral(`{ deep: ${'{ a: '.repeat(n)}'x'${' }'.repeat(n)}, after: 1 }`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    let v = (r.value as Record<string, unknown>)['deep'];
    for (let i = 1; i < MAX_NESTING; i++) v = (v as Record<string, unknown>)['a'];
    expect(v).toBe(TOO_DEEP);
    expect((r.value as Record<string, unknown>)['after']).toBe(1);
    expect(r.issues.map(i => i.message)).toEqual([
      `a value nested more than ${MAX_NESTING} levels deep was cut`,
    ]);
    expect(takeDepthCuts().count).toBe(1);
  });

  it('reads a long run of <ref *1> prefixes without recursion', () => {
    expect(value(`{ a: ${'<ref *1> '.repeat(100_000)}'x' }`)).toEqual({ a: 'x' });
  });

  it('reports a deeply nested value that is cut off', () => {
    const r = parseJsLiteral(`{ a: ${'[ '.repeat(5000)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/ends inside a deeply nested value/);
  });
});

describe('jsLiteralValues', () => {
  it('splits back-to-back objects and skips log lines between them', () => {
    const text = `{\n  a: 1\n}\nINFO something happened {x}\n{\n  b: 'two'\n}\n`;
    const chunks = jsLiteralValues(text);
    expect(chunks.map(c => [c.line, c.endLine, c.result.ok && plain(c.result.value)])).toEqual([
      [1, 3, { a: 1 }],
      [5, 7, { b: 'two' }],
    ]);
  });

  it('stops a truncated object at the next top-level brace so later objects still parse', () => {
    const text = `{\n  a: 1,\n  b: {\n    c: 2,\n{\n  d: 3\n}\n`;
    const chunks = jsLiteralValues(text);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]!.result.ok).toBe(false);
    if (!chunks[0]!.result.ok) expect(chunks[0]!.result.error.line).toBe(5);
    expect(chunks[1]!.result.ok && plain(chunks[1]!.result.value)).toEqual({ d: 3 });
    expect(chunks[1]!.line).toBe(5);
  });

  it('handles CRLF line ends', () => {
    const chunks = jsLiteralValues(`{\r\n  a: 'x'\r\n}\r\n{\r\n  b: 2\r\n}\r\n`);
    expect(chunks.map(c => c.result.ok && plain(c.result.value))).toEqual([{ a: 'x' }, { b: 2 }]);
    expect(chunks.map(c => c.line)).toEqual([1, 4]);
  });
});
