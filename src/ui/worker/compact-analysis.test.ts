import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../core/analyze.ts';
import type { Span } from '../../core/model/span.ts';
import {
  analysisMeta,
  assembleAnalysis,
  lazySpans,
  packForest,
  packSpans,
  unpackForestSteps,
  UNPACK_SLICE,
} from './compact-analysis.ts';

const sample = (rel: string) =>
  readFileSync(new URL(`../../../public/samples/${rel}`, import.meta.url), 'utf8');

/** Run a step generator to its end. */
function finish<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** What crosses postMessage (analyze.worker.ts): the tree and the span columns, buffers moved. */
function viaPostMessage(a: Analysis): Analysis {
  const forest = packForest(a.forest);
  const spans = packSpans(a.spans, a.forest.parentOfSpan);
  const sent = structuredClone(
    { meta: analysisMeta(a), forest: forest.forest, spans: spans.spans },
    { transfer: [...forest.transfer, ...spans.transfer] },
  );
  return assembleAnalysis(sent.meta, sent.spans, finish(unpackForestSteps(sent.forest)));
}

function scalars(s: Span) {
  const { attributes: _a, resource: _r, scope: _s, events: _e, links: _l, notes: _n, ...rest } = s;
  return rest;
}

describe('compact analysis transfer', () => {
  it.each([
    'otlp-json/basic.json',
    'jaeger-json/several-traces-64bit.json',
    'broken/healthy-big/otlp.json',
    'broken/cross-service-break/otlp.json',
    'broken/context-trap/otlp.json',
    'zipkin-v2/traces-shared-64bit.json',
  ])('keeps every scalar span field, the tree and the findings of %s', rel => {
    const a = analyze({ text: sample(rel) });
    expect(a.spans.length).toBeGreaterThan(0);
    const b = viaPostMessage(a);
    expect(b.spans.map(scalars)).toEqual(a.spans.map(scalars));
    expect(b.forest).toEqual(a.forest);
    expect(b.findings).toEqual(a.findings);
    expect(b.diagnostics).toEqual(a.diagnostics);
    expect(b.checklist).toEqual(a.checklist);
    expect(b.traceOrder).toEqual(a.traceOrder);
    expect(b.verdict).toEqual(a.verdict);
  });

  it('leaves attributes, events and links out (the details panel fetches them)', () => {
    const a = analyze({ text: sample('otlp-json/basic.json') });
    expect(Object.keys(a.spans[0]!.attributes).length).toBeGreaterThan(0);
    const b = viaPostMessage(a);
    expect(Object.keys(b.spans[0]!.attributes)).toEqual([]);
    expect(b.spans[0]!.events).toEqual([]);
  });

  it('keeps null times, a parent id that is not in the dump and a cut cycle', () => {
    const text = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'a'.repeat(32),
                  spanId: '1'.repeat(16),
                  parentSpanId: '2'.repeat(16),
                  name: 'x',
                },
                {
                  traceId: 'a'.repeat(32),
                  spanId: '2'.repeat(16),
                  parentSpanId: '1'.repeat(16),
                  name: 'y',
                },
                {
                  traceId: 'a'.repeat(32),
                  spanId: '3'.repeat(16),
                  parentSpanId: '9'.repeat(16),
                  name: 'z',
                  startTimeUnixNano: '5',
                },
              ],
            },
          ],
        },
      ],
    });
    const a = analyze({ text });
    const b = viaPostMessage(a);
    expect(b.spans.map(scalars)).toEqual(a.spans.map(scalars));
    expect(b.spans[2]!.parentSpanId).toBe('9'.repeat(16));
    expect(b.spans[0]!.startNs).toBeNull();
    expect(b.forest.traces[0]!.cycles).toEqual(a.forest.traces[0]!.cycles);
  });

  it('rebuilds big trees in slices', () => {
    const spans = Array.from({ length: 2 * UNPACK_SLICE + 5 }, (_, i) => ({
      traceId: 'b'.repeat(32),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: i === 0 ? '' : '0000000000000001',
      name: `s${i}`,
      startTimeUnixNano: String(1e18 + i),
      endTimeUnixNano: String(1e18 + i + 10),
    }));
    const a = analyze({ text: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }) });
    const steps = unpackForestSteps(packForest(a.forest).forest);
    let slices = 0;
    let r = steps.next();
    while (!r.done) {
      slices++;
      r = steps.next();
    }
    const columns = packSpans(a.spans, a.forest.parentOfSpan).spans;
    const rebuilt = assembleAnalysis(analysisMeta(a), columns, r.value);
    expect(slices).toBeGreaterThanOrEqual(2);
    expect(rebuilt.spans).toHaveLength(2 * UNPACK_SLICE + 5);
    expect(rebuilt.forest.nodes[0]!.children).toHaveLength(2 * UNPACK_SLICE + 4);
    expect(rebuilt.spans[2 * UNPACK_SLICE + 4]!.parentSpanId).toBe('0000000000000001');
  });
});

describe('lazy spans', () => {
  const a = analyze({ text: sample('otlp-json/basic.json') });
  const cols = () => packSpans(a.spans, a.forest.parentOfSpan).spans;

  it('reads like an array of the spans', () => {
    const spans = lazySpans(cols());
    expect(Array.isArray(spans)).toBe(true);
    expect(spans).toHaveLength(a.spans.length);
    expect(spans[a.spans.length]).toBeUndefined();
    expect([...spans].map(s => s.spanId)).toEqual(a.spans.map(s => s.spanId));
    expect(spans.map(s => s.name)).toEqual(a.spans.map(s => s.name));
    expect(spans.filter(s => s.parentSpanId === null)).toHaveLength(
      a.spans.filter(s => s.parentSpanId === null).length,
    );
    expect(Object.keys(spans)).toEqual(a.spans.map((_, i) => String(i)));
    expect(0 in spans).toBe(true);
    expect(a.spans.length in spans).toBe(false);
    expect(spans.indexOf(spans[1]!)).toBe(1);
  });

  it('reads a span at the end of a long parent chain without walking up the chain', () => {
    const n = 30_000;
    const id = (i: number) => (i + 1).toString(16).padStart(16, '0');
    const spans = Array.from({ length: n }, (_, i) => ({
      traceId: 'c'.repeat(32),
      spanId: id(i),
      parentSpanId: i === 0 ? '' : id(i - 1),
      name: `s${i}`,
    }));
    const deep = analyze({
      text: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }),
    });
    const lazy = lazySpans(packSpans(deep.spans, deep.forest.parentOfSpan).spans);
    expect(lazy[n - 1]!.parentSpanId).toBe(id(n - 2));
    expect(lazy[n - 1]!.name).toBe(`s${n - 1}`);
  });

  it('makes each span once and keeps it', () => {
    const spans = lazySpans(cols());
    expect(spans[1]).toBe(spans[1]);
  });

  it('cannot be written to', () => {
    const spans = lazySpans(cols());
    const first = spans[0];
    expect(() => ((spans as unknown as unknown[])[0] = null)).toThrow(TypeError);
    expect(() => spans.push(first!)).toThrow(TypeError);
    expect(spans[0]).toBe(first);
  });
});
