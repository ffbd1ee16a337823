// Property-based fuzzing of every importer through analyze() and directly: random mutations of
// the sample corpus (byte flips, truncation at every kind of position, line edits, CRLF, inserted
// hostile text, JSON values replaced by random JSON / huge numbers / deep nesting, keys swapped,
// renamed, duplicated, deleted, `__proto__` added) never throw, never crash an importer (no
// `internal` diagnostic), keep the Span model well-formed, and report what is wrong.
// `npm run fuzz` runs the same properties with FUZZ_RUNS cases each.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.ts';
import { FORMATS } from '../formats/index.ts';
import { InputText } from '../input/input-text.ts';
import { MAX_NESTING } from '../input/depth-limit.ts';
import { filterSpans } from '../tree/filter-spans.ts';
import {
  checkAnalysis,
  cutOffset,
  fuzzParams,
  fuzzTimeout,
  hostileString,
  jsonMutation,
  mutate,
  mutateAll,
  mutation,
  mutations,
  polluted,
  samples,
  samplesOf,
  truncation,
  type Sample,
} from './arbitraries.test-helper.ts';

const corpus = samples();
const sampleArb = fc.constantFrom(...corpus);
const jsonSamples = corpus.filter(s => s.kind !== 'text');
const formatArb = fc.constantFrom(...FORMATS);

/** Deepest bracket nesting of JSON text (strings skipped). */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether cutting the sample at `cut` leaves a span visibly unfinished. Console prints (Python,
 * JS) are bracketed values: any cut inside one. The Collector debug text is line-based, so a cut
 * between complete lines after a span's "Status code" line (into its attributes) is a clean end;
 * cuts after its "Span #N" line and up to the end of that "Status code" line are not.
 */
function cutsSpan(sample: Sample, src: { line: number; endLine?: number }, cut: number): boolean {
  if (src.endLine === undefined) return false;
  const input = new InputText(sample.text);
  const start = input.offsetAt(src.line);
  const endLineStart = input.offsetAt(src.endLine);
  const end = endLineStart + input.lineText(src.endLine).length;
  if (!(start < cut && cut < end)) return false;
  if (sample.formatId !== 'collector-debug') return true;
  // A cut inside the "Span #N" line itself leaves no span block at all (like a cut between spans).
  const status = sample.text.indexOf('Status code', start);
  return cut > sample.text.indexOf('\n', start) && cut < sample.text.indexOf('\n', status);
}

describe('fuzz: importers', () => {
  it('has a corpus covering every format', () => {
    const covered = new Set(corpus.map(s => s.formatId));
    expect([...covered].sort()).toEqual(FORMATS.map(f => f.id).sort());
  });

  it(
    'analyze() never throws on a mutated sample, and its result is well-formed',
    () => {
      fc.assert(
        fc.property(sampleArb, mutations, (sample, ms) => {
          const text = mutateAll(sample, ms);
          checkAnalysis(analyze({ text, fileName: sample.rel.split('/').pop() }), text);
          expect(polluted()).toBe(false);
        }),
        fuzzParams(60),
      );
    },
    fuzzTimeout(60),
  );

  it(
    'any bytes (BOMs, UTF-16, invalid UTF-8), an odd expected context or a filter query do not throw',
    () => {
      const bom = fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]);
      fc.assert(
        fc.property(
          sampleArb,
          bom,
          fc.uint8Array({ maxLength: 64 }),
          fc.record({
            traceId: fc.option(hostileString, { nil: undefined }),
            traceparent: fc.option(hostileString, { nil: undefined }),
            baggage: fc.option(hostileString, { nil: undefined }),
          }),
          hostileString,
          (sample, prefix, noise, context, query) => {
            const body = new TextEncoder().encode(sample.text);
            const bytes = new Uint8Array([...prefix, ...body.subarray(0, 4000), ...noise]);
            const a = analyze({ bytes }, { context });
            expect(a.diagnostics.filter(d => d.code === 'internal')).toEqual([]);
            filterSpans(a.spans, query);
            filterSpans(a.spans, `${query}=${query} service:${query} kind:${query}`);
          },
        ),
        fuzzParams(30),
      );
    },
    fuzzTimeout(30),
  );

  it(
    'every importer, forced onto any mutated sample, neither throws nor crashes',
    () => {
      fc.assert(
        fc.property(sampleArb, mutation, formatArb, (sample, m, format) => {
          const text = mutate(sample, m);
          const input = new InputText(text);
          format.sniff(input); // sniff must not throw either (detection hides it)
          const parsed = format.parse(input); // called directly: no analyze() guard
          expect(Array.isArray(parsed.spans) && Array.isArray(parsed.diagnostics)).toBe(true);
          checkAnalysis(analyze({ text, format: format.id }), text);
        }),
        fuzzParams(60),
      );
    },
    fuzzTimeout(60),
  );

  for (const format of FORMATS) {
    const own = samplesOf(format.id);
    it.runIf(own.length > 0)(
      `${format.id}: its own samples, mutated, parse without throwing`,
      () => {
        fc.assert(
          fc.property(fc.constantFrom(...own), mutation, (sample, m) => {
            const text = mutate(sample, m);
            const parsed = format.parse(new InputText(text, sample.rel.split('/').pop()));
            parsed.spans.forEach((s, i) => expect(s.index).toBe(i));
            checkAnalysis(analyze({ text, format: format.id }), text);
          }),
          fuzzParams(12),
        );
      },
      fuzzTimeout(12),
    );
  }

  it(
    'a JSON document cut short is always reported as an error',
    () => {
      const docs = corpus.filter(s => s.kind === 'json');
      fc.assert(
        fc.property(fc.constantFrom(...docs), truncation, (sample, m) => {
          const text = sample.text.slice(0, cutOffset(sample.text, m));
          fc.pre(text.trim() !== '' && !parsesAsJson(text));
          const a = analyze({ text });
          checkAnalysis(a, text);
          expect(a.diagnostics.some(d => d.severity === 'error')).toBe(true);
        }),
        fuzzParams(40),
      );
    },
    fuzzTimeout(40),
  );

  it(
    'a JSON Lines file whose last line is cut short is reported',
    () => {
      const docs = corpus.filter(s => s.kind === 'jsonl');
      fc.assert(
        fc.property(fc.constantFrom(...docs), truncation, (sample, m) => {
          const text = sample.text.slice(0, cutOffset(sample.text, m));
          const last = text.split('\n').pop()!.trim();
          fc.pre(last !== '' && !parsesAsJson(last));
          const a = analyze({ text });
          checkAnalysis(a, text);
          expect(a.diagnostics.some(d => d.severity === 'error')).toBe(true);
        }),
        fuzzParams(30),
      );
    },
    fuzzTimeout(30),
  );

  it(
    'a console print cut inside a span is reported',
    () => {
      const prints = corpus.filter(s => s.kind === 'text');
      fc.assert(
        fc.property(fc.constantFrom(...prints), truncation, (sample, m) => {
          const whole = analyze({ text: sample.text });
          const cut = cutOffset(sample.text, m);
          fc.pre(whole.spans.some(s => cutsSpan(sample, s.source, cut)));
          const text = sample.text.slice(0, cut);
          const a = analyze({ text });
          checkAnalysis(a, text);
          expect(
            a.diagnostics.some(d => d.severity !== 'info'),
            `cut at offset ${cut} of ${sample.rel}`,
          ).toBe(true);
        }),
        fuzzParams(30),
      );
    },
    fuzzTimeout(30),
  );

  it(
    'a span id replaced by garbage is always reported',
    () => {
      const cases = corpus.flatMap(sample => {
        const a = analyze({ text: sample.text });
        const id = a.spans[0]?.spanId;
        return id && sample.text.includes(JSON.stringify(id)) ? [{ sample, id }] : [];
      });
      expect(cases.length).toBeGreaterThan(10);
      const garbage = fc.oneof(
        hostileString.map(s => JSON.stringify(s)),
        fc.constantFrom('{}', '[]', 'true', '1e400', '-1', '{"__proto__": 1}', '[1,2,3]'),
      );
      fc.assert(
        fc.property(fc.constantFrom(...cases), garbage, ({ sample, id }, g) => {
          // Strings an id may legitimately be written as (hex, decimal, base64, UUID) are no garbage.
          fc.pre(!/^"[A-Za-z0-9+/=_-]*"$/.test(g));
          const text = sample.text.split(JSON.stringify(id)).join(g);
          const a = analyze({ text });
          checkAnalysis(a, text);
          const reported = [...a.diagnostics, ...a.findings].some(d => d.severity !== 'info');
          expect(reported, `${sample.rel}: ${g}`).toBe(true);
        }),
        fuzzParams(40),
      );
    },
    fuzzTimeout(40),
  );

  it(
    'JSON edits (random values, huge numbers, deep nesting, key edits, __proto__) are data',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...jsonSamples), jsonMutation, (sample: Sample, m) => {
          const text = mutate(sample, m);
          const a = analyze({ text });
          checkAnalysis(a, text);
          expect(polluted()).toBe(false);
          const tooDeep = a.diagnostics.some(d => d.code === 'format.value.too-deep');
          if (m.edit.kind === 'replace' && m.edit.with.type === 'deep') {
            expect(tooDeep).toBe(jsonDepth(text) > MAX_NESTING);
          } else expect(tooDeep).toBe(false);
        }),
        fuzzParams(60),
      );
    },
    fuzzTimeout(60),
  );
});
