import { describe, expect, it } from 'vitest';
import { generateTrace } from '../../../scripts/gen-big-trace.mjs';
import { analyze } from '../analyze.ts';
import type { Span } from '../model/span.ts';
import { matchDump, type DumpMatch } from './dump-match.ts';

const T = 'a'.repeat(32);
const span = (spanId: string, parentSpanId: string | null, traceId = T, name = spanId): Span =>
  ({ traceId, spanId, parentSpanId, name }) as Span;

describe('matchDump', () => {
  it('finds the parent span in the dump (the experiment span)', () => {
    const m = matchDump({ traceId: T, parentId: '1'.repeat(16) }, [
      span('1'.repeat(16), null, T, 'experiment'),
      span('2'.repeat(16), '1'.repeat(16)),
    ]);
    expect(m.traceIdInDump).toBe(true);
    expect(m.parentSpan?.name).toBe('experiment');
    expect(m.children).toHaveLength(1);
    expect(m.summary).toMatch(/is the dump's span "experiment"/);
  });

  it('calls a parent id that is not in the dump remote', () => {
    const m = matchDump({ traceId: T, parentId: '9'.repeat(16) }, [
      span('2'.repeat(16), '9'.repeat(16)),
    ]);
    expect(m.parentSpan).toBeNull();
    expect(m.children).toHaveLength(1);
    expect(m.summary).toMatch(/remote/);
  });

  it('says when the trace id does not match', () => {
    const m = matchDump({ traceId: 'b'.repeat(32), parentId: '1'.repeat(16) }, [
      span('1'.repeat(16), null),
    ]);
    expect(m.traceIdInDump).toBe(false);
    expect(m.dumpTraceIds).toEqual([T]);
    expect(m.summary).toMatch(/did not continue/);
  });

  describe('with the span tree', () => {
    // Two traces of a generated agent run: a remote caller, dropped CHAIN spans (missing
    // parents), and a second trace id.
    const { text } = generateTrace({ spans: 600, format: 'otlp', seed: 5 });
    const other = text.replaceAll(
      /"traceId":"([0-9a-f]{32})"/g,
      '"traceId":"' + 'c'.repeat(32) + '"',
    );
    const doc = JSON.parse(text);
    doc.resourceSpans.push(...JSON.parse(other).resourceSpans);
    const a = analyze({ text: JSON.stringify(doc) });
    const plain = (m: DumpMatch) => ({
      ...m,
      parentSpan: m.parentSpan?.index ?? null,
      children: m.children.map(c => c.index),
    });

    it('gives what reading every span gives', () => {
      const probes: { traceId: string; parentId: string }[] = [];
      for (const t of a.forest.traces) {
        for (const pid of t.missingParents.keys())
          probes.push({ traceId: t.traceId, parentId: pid });
        const someSpan = a.spans[t.spanIndexes[3]!]!;
        probes.push({ traceId: t.traceId, parentId: someSpan.spanId });
        probes.push({ traceId: t.traceId, parentId: 'f'.repeat(16) });
      }
      probes.push({ traceId: 'd'.repeat(32), parentId: '1'.repeat(16) });
      expect(probes.length).toBeGreaterThan(6);
      for (const tp of probes) {
        expect(plain(matchDump(tp, a.spans, a.forest)), JSON.stringify(tp)).toEqual(
          plain(matchDump(tp, a.spans)),
        );
      }
    });

    it('reads only the children of a parent that is not in the dump', () => {
      const t = a.forest.traces[0]!;
      const [pid, kids] = [...t.missingParents][0]!;
      const read = new Set<number>();
      const spans = new Proxy(a.spans, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) read.add(Number(key));
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      const m = matchDump({ traceId: t.traceId, parentId: pid }, spans, a.forest);
      expect(m.children.map(c => c.index)).toEqual(kids);
      expect([...read].sort((x, y) => x - y)).toEqual(kids);
      read.clear();
      matchDump({ traceId: 'd'.repeat(32), parentId: pid }, spans, a.forest);
      expect(read.size).toBe(0);
    });
  });
});
