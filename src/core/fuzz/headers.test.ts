// Property-based fuzzing of the header codecs: traceparent, tracestate, baggage, header blocks,
// the decoder, the editor helpers and the generator. Any text (random, hostile, mutated valid
// headers) parses without throwing, "valid" agrees with the problems reported, positions point
// inside the text, and valid values round-trip: format → parse → same value; generate → decode →
// valid and the same. `npm run fuzz` runs the same properties with FUZZ_RUNS cases each.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBaggageValue,
  encodeBaggageValue,
  formatBaggage,
  loneSurrogateAt,
  parseBaggage,
  type BaggageEntry,
} from '../headers/baggage.ts';
import { decodeHeaders } from '../headers/decode.ts';
import {
  addBaggageEntry,
  addTracestateMember,
  currentFlags,
  editBaggageMember,
  editTraceparent,
  editTracestateMember,
  removeBaggageMember,
  removeTracestateMember,
  setBaggageKey,
  setTraceparentFlag,
} from '../headers/edit.ts';
import { generateHeaders } from '../headers/generate.ts';
import {
  blockToFields,
  formatHeaderBlock,
  parseHeaderBlock,
  replaceHeaderInBlock,
  valuesToFields,
} from '../headers/header-block.ts';
import { runOtel } from '../headers/otel-compare.ts';
import type { HeaderProblem } from '../headers/problem.ts';
import {
  forwardTraceparent,
  formatTraceparent,
  isValidTraceparentValue,
  parseTraceparent,
  type Traceparent,
  type TraceparentField,
} from '../headers/traceparent.ts';
import {
  formatTracestate,
  isValidTracestateMember,
  parseTracestate,
  type TracestateMember,
} from '../headers/tracestate.ts';
import { fuzzParams, fuzzTimeout, hostileString, polluted } from './arbitraries.test-helper.ts';

// ---- arbitraries ------------------------------------------------------------------------------

const hexDigits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const nonZeroHex = (n: number) => hexDigits(n).filter(s => !/^0+$/.test(s));

const traceparentValue: fc.Arbitrary<Traceparent> = fc
  .record({
    version: hexDigits(2).filter(v => v !== 'ff'),
    traceId: nonZeroHex(32),
    parentId: nonZeroHex(16),
    flags: fc.integer({ min: 0, max: 255 }),
    extra: fc.option(fc.oneof(hostileString, fc.string({ maxLength: 12 })), { nil: undefined }),
  })
  .map(v => {
    const out: Traceparent = {
      version: v.version,
      traceId: v.traceId,
      parentId: v.parentId,
      flags: v.flags,
    };
    if (v.extra !== undefined && v.version !== '00') out.extra = v.extra;
    return out;
  });

/** Text near a valid header: the header with a few characters replaced, dropped or added. */
const nearTraceparent: fc.Arbitrary<string> = fc
  .tuple(
    traceparentValue,
    fc.array(
      fc.record({
        at: fc.nat(80),
        op: fc.constantFrom('set' as const, 'drop' as const, 'add' as const),
        ch: hostileString,
      }),
      { maxLength: 3 },
    ),
    fc.constantFrom('', ' ', '\t', ' \t', '\r\n'),
  )
  .map(([v, edits, ows]) => {
    let t = formatTraceparent(v);
    for (const e of edits) {
      const at = e.at % (t.length + 1);
      if (e.op === 'set') t = t.slice(0, at) + e.ch.slice(0, 1) + t.slice(at + 1);
      else if (e.op === 'drop') t = t.slice(0, at) + t.slice(at + 1);
      else t = t.slice(0, at) + e.ch + t.slice(at);
    }
    return ows + t + ows;
  });

const anyText: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF-=,; \t%"\':'), maxLength: 80 }),
);

const TCHARS = [..."abcxyzABCXYZ0189!#$%&'*+-.^_`|~"];
const token = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 });
const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf');
const baggageKey = fc.oneof({ weight: 4, arbitrary: token }, { weight: 1, arbitrary: protoKey });

/** Well-formed text (no lone surrogates): what UTF-8 can carry. */
const wellFormed = fc
  .oneof(hostileString, fc.string({ unit: 'binary', maxLength: 20 }))
  .filter(s => loneSurrogateAt(s) < 0);

const baggageEntry: fc.Arbitrary<BaggageEntry> = fc.record({
  key: baggageKey,
  value: wellFormed,
  properties: fc.array(
    fc
      .record({ key: token, value: fc.option(wellFormed, { nil: undefined }) })
      .map(p => (p.value === undefined ? { key: p.key } : p)),
    { maxLength: 2 },
  ),
});

// tracestate Level 2: key = (lcalpha / DIGIT) 0*255(lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@")
const tsKey = fc
  .tuple(
    fc.constantFrom(...'abcz09'),
    fc.string({ unit: fc.constantFrom(...'az09_-*/@'), maxLength: 20 }),
  )
  .map(([a, b]) => a + b);
// value = 0*255(chr) nblk-chr; chr = printable ASCII except "," and "="
const tsValueChars = [...Array(0x7f - 0x20).keys()]
  .map(i => String.fromCharCode(0x20 + i))
  .filter(c => c !== ',' && c !== '=');
const tsValue = fc
  .string({ unit: fc.constantFrom(...tsValueChars), minLength: 1, maxLength: 40 })
  .filter(v => !/ $/.test(v));
const tsMember: fc.Arbitrary<TracestateMember> = fc.record({ key: tsKey, value: tsValue });

// ---- shared checks ----------------------------------------------------------------------------

function checkProblems(problems: HeaderProblem[], text: string): void {
  for (const p of problems) {
    expect(typeof p.code).toBe('string');
    expect(typeof p.message).toBe('string');
    if (p.position !== undefined) {
      expect(p.position).toBeGreaterThanOrEqual(0);
      expect(p.position).toBeLessThanOrEqual(text.length);
    }
  }
}

const hasError = (ps: HeaderProblem[]) => ps.some(p => p.severity === 'error');
/** What UTF-8 makes of a string: lone surrogates become U+FFFD; a BOM stays. */
const utf8RoundTrip = new TextDecoder('utf-8', { ignoreBOM: true });

// ---- properties -------------------------------------------------------------------------------

describe('fuzz: traceparent', () => {
  it(
    'parses any text without throwing; valid means no error, and formats back to the trimmed text',
    () => {
      fc.assert(
        fc.property(fc.oneof(anyText, nearTraceparent), text => {
          const r = parseTraceparent(text);
          expect(r.present).toBe(true);
          expect(r.valid).toBe(!hasError(r.problems));
          checkProblems(r.problems, text);
          if (r.valid) {
            expect(r.value).toBeDefined();
            expect(formatTraceparent(r.value!)).toBe(text.replace(/^[ \t]+|[ \t]+$/g, ''));
            expect(parseTraceparent(forwardTraceparent(r.value!)).valid).toBe(true);
          } else expect(r.action).not.toBe('continue');
        }),
        fuzzParams(150),
      );
    },
    fuzzTimeout(150, 5),
  );

  it(
    'round-trips every valid value: format → parse → the same value',
    () => {
      fc.assert(
        fc.property(traceparentValue, v => {
          fc.pre(isValidTraceparentValue(v));
          const r = parseTraceparent(formatTraceparent(v));
          expect(r.problems.filter(p => p.severity === 'error')).toEqual([]);
          expect(r.value).toEqual(v);
        }),
        fuzzParams(150),
      );
    },
    fuzzTimeout(150, 5),
  );

  it(
    'edits never throw and keep a valid header valid',
    () => {
      const field = fc.constantFrom<TraceparentField>('version', 'traceId', 'parentId', 'flags');
      fc.assert(
        fc.property(
          fc.oneof(anyText, nearTraceparent, traceparentValue.map(formatTraceparent)),
          field,
          anyText,
          fc.nat(7),
          fc.boolean(),
          (text, f, value, bit, on) => {
            editTraceparent(text, f, value);
            currentFlags(text);
            const flagged = setTraceparentFlag(text, 1 << bit, on);
            if (parseTraceparent(text).valid) expect(parseTraceparent(flagged).valid).toBe(true);
          },
        ),
        fuzzParams(100),
      );
    },
    fuzzTimeout(100, 5),
  );
});

describe('fuzz: tracestate', () => {
  it(
    'parses any text without throwing; members are slices of the text',
    () => {
      fc.assert(
        fc.property(fc.oneof(anyText, fc.array(tsMember).map(formatTracestate)), text => {
          const r = parseTracestate(text);
          expect(r.valid).toBe(!hasError(r.problems));
          checkProblems(r.problems, text);
          for (const m of r.members) {
            expect(m.position).toBeGreaterThanOrEqual(0);
            expect(m.end).toBeLessThanOrEqual(text.length);
            expect(text.slice(m.position, m.end).startsWith(m.key)).toBe(true);
          }
        }),
        fuzzParams(150),
      );
    },
    fuzzTimeout(150, 5),
  );

  it(
    'round-trips valid members: format → parse → the same members, valid',
    () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(tsMember, { selector: m => m.key, minLength: 1, maxLength: 32 }),
          members => {
            expect(members.every(isValidTracestateMember)).toBe(true);
            const r = parseTracestate(formatTracestate(members));
            expect(r.valid).toBe(true);
            expect(r.members.map(m => ({ key: m.key, value: m.value }))).toEqual(members);
          },
        ),
        fuzzParams(100),
      );
    },
    fuzzTimeout(100, 5),
  );

  it(
    'edits never throw',
    () => {
      fc.assert(
        fc.property(anyText, fc.nat(40), anyText, anyText, (text, i, k, v) => {
          editTracestateMember(text, i, { key: k, value: v });
          removeTracestateMember(text, i);
          addTracestateMember(text, k, v);
        }),
        fuzzParams(100),
      );
    },
    fuzzTimeout(100, 5),
  );
});

describe('fuzz: baggage', () => {
  it(
    'parses any text without throwing; valid means no error; entries are the valid members',
    () => {
      fc.assert(
        fc.property(fc.oneof(anyText, fc.array(baggageEntry).map(formatBaggage)), text => {
          const r = parseBaggage(text);
          expect(r.valid).toBe(!hasError(r.problems));
          checkProblems(r.problems, text);
          expect(r.entries.length).toBe(r.members.filter(m => m.valid).length);
          expect(polluted()).toBe(false);
        }),
        fuzzParams(150),
      );
    },
    fuzzTimeout(150, 5),
  );

  it(
    'round-trips entries with any well-formed value: format → parse → the same entries',
    () => {
      fc.assert(
        fc.property(fc.array(baggageEntry, { minLength: 1, maxLength: 20 }), entries => {
          const r = parseBaggage(formatBaggage(entries));
          expect(r.problems.filter(p => p.severity === 'error')).toEqual([]);
          expect(r.entries).toEqual(entries);
          expect(polluted()).toBe(false);
        }),
        fuzzParams(100),
      );
    },
    fuzzTimeout(100, 5),
  );

  it(
    'percent-encoding round-trips well-formed text and maps lone surrogates to U+FFFD',
    () => {
      fc.assert(
        fc.property(fc.oneof(hostileString, fc.string({ unit: 'binary' })), s => {
          const encoded = encodeBaggageValue(s);
          expect(encoded).toMatch(/^[\x21-\x7e]*$/);
          const back = decodeBaggageValue(encoded);
          expect(back.value).toBe(utf8RoundTrip.decode(new TextEncoder().encode(s)));
          expect(back.invalidUtf8).toBe(false);
        }),
        fuzzParams(150),
      );
    },
    fuzzTimeout(150, 5),
  );

  it(
    'edits never throw',
    () => {
      fc.assert(
        fc.property(anyText, fc.nat(40), anyText, anyText, (text, i, k, v) => {
          editBaggageMember(text, i, { key: k, value: v });
          removeBaggageMember(text, i);
          addBaggageEntry(text, k, v);
          setBaggageKey(text, k, v);
        }),
        fuzzParams(100),
      );
    },
    fuzzTimeout(100, 5),
  );
});

describe('fuzz: header blocks and the decoder', () => {
  const headerName = fc.oneof(
    token,
    fc.constantFrom('traceparent', 'Tracestate', 'BAGGAGE', '__proto__', 'constructor'),
  );
  // A field value as it can appear on one line: no CR/LF, no leading/trailing spaces or tabs.
  const lineValue = fc
    .oneof(hostileString, fc.string({ maxLength: 30 }))
    .map(v => v.replace(/[\r\n\u2028\u2029]/g, '').replace(/^[ \t]+|[ \t]+$/g, ''));

  it(
    'reads any text without throwing; every field points at a line of the text',
    () => {
      fc.assert(
        fc.property(anyText, text => {
          const block = parseHeaderBlock(text);
          const lines = text.split(/\r\n|\n|\r/).length;
          for (const f of block.fields) {
            expect(f.line).toBeGreaterThanOrEqual(1);
            expect(f.line).toBeLessThanOrEqual(lines);
          }
          const decoded = decodeHeaders(blockToFields(block));
          runOtel(decoded.fields, decoded);
          expect(polluted()).toBe(false);
        }),
        fuzzParams(100),
      );
    },
    fuzzTimeout(100, 10),
  );

  it(
    'round-trips "Name: value" lines: format → parse → the same fields',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ name: headerName, value: lineValue }), { maxLength: 8 }),
          fields => {
            const block = parseHeaderBlock(formatHeaderBlock(fields));
            expect(block.fields.map(f => ({ name: f.name, value: f.value }))).toEqual(fields);
            expect(polluted()).toBe(false);
          },
        ),
        fuzzParams(100),
      );
    },
    fuzzTimeout(100, 5),
  );

  it(
    'replaces one header in a block and keeps the others',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ name: headerName, value: lineValue }), { maxLength: 6 }),
          headerName,
          lineValue,
          (fields, name, value) => {
            const text = replaceHeaderInBlock(formatHeaderBlock(fields), name, value);
            const got = parseHeaderBlock(text).fields;
            const key = name.toLowerCase();
            expect(got.filter(f => f.key === key).map(f => f.value)).toEqual([value]);
            expect(got.filter(f => f.key !== key).map(f => f.value)).toEqual(
              fields.filter(f => f.name.toLowerCase() !== key).map(f => f.value),
            );
          },
        ),
        fuzzParams(100),
      );
    },
    fuzzTimeout(100, 5),
  );
});

describe('fuzz: generate → decode', () => {
  it(
    'generated headers decode as valid and carry exactly what was asked for',
    () => {
      fc.assert(
        fc.property(
          fc.record({
            sampled: fc.boolean(),
            random: fc.boolean(),
            traceId: fc.option(fc.oneof(nonZeroHex(32), anyText), { nil: undefined }),
            parentId: fc.option(fc.oneof(nonZeroHex(16), anyText), { nil: undefined }),
            spaceId: fc.option(wellFormed, { nil: undefined }),
            projectName: fc.option(wellFormed, { nil: undefined }),
            baggage: fc.array(
              fc.record({
                key: fc.oneof(baggageKey, anyText),
                value: fc.oneof(wellFormed, anyText),
              }),
              { maxLength: 6 },
            ),
            tracestate: fc.array(fc.oneof(tsMember, fc.record({ key: anyText, value: anyText })), {
              maxLength: 6,
            }),
          }),
          fc.uint8Array({ minLength: 64, maxLength: 64 }),
          (opts, bytes) => {
            let k = 0;
            const rand = (n: number) => {
              const out = new Uint8Array(n);
              for (let i = 0; i < n; i++) out[i] = bytes[k++ % bytes.length]!;
              return out;
            };
            const g = generateHeaders({ ...opts, rand });
            const fields: { traceparent?: string; tracestate?: string; baggage?: string } = {
              traceparent: g.traceparent,
            };
            if (g.tracestate !== undefined) fields.tracestate = g.tracestate;
            if (g.baggage !== undefined) fields.baggage = g.baggage;
            const d = decodeHeaders(valuesToFields(fields));
            expect(d.traceparent.valid).toBe(true);
            expect(d.traceparent.value).toEqual(g.value);
            expect(d.traceparent.sampled).toBe(opts.sampled);
            if (g.tracestate !== undefined) {
              expect(d.tracestate.grammarValid).toBe(true);
              expect(d.tracestate.members.map(m => ({ key: m.key, value: m.value }))).toEqual(
                g.tracestateMembers,
              );
            }
            if (g.baggage !== undefined) {
              expect(d.baggage.valid).toBe(true);
              expect(d.baggage.entries).toEqual(g.baggageEntries);
            }
            // Everything asked for is either sent or reported.
            const asked = opts.baggage.length + opts.tracestate.length;
            const sent =
              g.baggageEntries.length -
              (opts.spaceId ? 1 : 0) -
              (opts.projectName ? 1 : 0) +
              g.tracestateMembers.length;
            const reported = g.problems.filter(p =>
              /^generate\.(baggage|tracestate)/.test(p.code),
            ).length;
            expect(sent + reported).toBeGreaterThanOrEqual(asked);
            expect(polluted()).toBe(false);
          },
        ),
        fuzzParams(100),
      );
    },
    fuzzTimeout(100, 10),
  );
});
