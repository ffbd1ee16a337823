import { describe, expect, it } from 'vitest';
import { ancestorsOf, buildSpanTree } from './build-span-tree.ts';
import { spansFrom } from './test-span.test-helper.ts';

const A = '000000000000000a';
const B = '000000000000000b';
const C = '000000000000000c';
const D = '000000000000000d';
const X = '00000000000000ff';

describe('buildSpanTree', () => {
  it('links children to parents regardless of input order and sorts children by start', () => {
    const spans = spansFrom(
      { spanId: C, parentSpanId: A, startNs: 30n },
      { spanId: B, parentSpanId: A, startNs: 20n },
      { spanId: A, startNs: 10n },
    );
    const f = buildSpanTree(spans);
    expect(f.traces).toHaveLength(1);
    const root = f.nodes[f.traces[0]!.roots[0]!]!;
    expect(root.spanIndex).toBe(2);
    expect(root.children.map(c => f.nodes[c]!.spanIndex)).toEqual([1, 0]);
    expect(f.nodes[f.nodeOfSpan[0]!]!.depth).toBe(1);
    expect(f.parentOfSpan[0]).toBe(2);
  });

  it('groups spans with an absent parent under one synthetic missing-parent node', () => {
    const spans = spansFrom(
      { spanId: B, parentSpanId: X },
      { spanId: C, parentSpanId: X },
      { spanId: D, parentSpanId: B },
    );
    const f = buildSpanTree(spans);
    const t = f.traces[0]!;
    expect(t.roots).toHaveLength(1);
    const synth = f.nodes[t.roots[0]!]!;
    expect(synth.kind).toBe('missing-parent');
    expect(synth.missingSpanId).toBe(X);
    expect(synth.children.map(c => f.nodes[c]!.spanIndex)).toEqual([0, 1]);
    expect(t.missingParents.get(X)).toEqual([0, 1]);
    expect(f.nodes[f.nodeOfSpan[2]!]!.depth).toBe(2);
  });

  it('marks the synthetic parent remote when the format or the context says so', () => {
    const viaFlag = buildSpanTree(spansFrom({ spanId: B, parentSpanId: X, parentIsRemote: true }));
    expect(viaFlag.nodes[viaFlag.traces[0]!.roots[0]!]!.kind).toBe('remote-parent');
    const viaContext = buildSpanTree(spansFrom({ spanId: B, parentSpanId: X }), {
      remoteParentIds: new Set([X]),
    });
    expect(viaContext.nodes[viaContext.traces[0]!.roots[0]!]!.kind).toBe('remote-parent');
    const local = buildSpanTree(spansFrom({ spanId: B, parentSpanId: X, parentIsRemote: false }));
    expect(local.nodes[local.traces[0]!.roots[0]!]!.kind).toBe('missing-parent');
  });

  it('keeps duplicate span ids visible and attaches children to the first copy', () => {
    const spans = spansFrom(
      { spanId: A },
      { spanId: A, startNs: 5n },
      { spanId: B, parentSpanId: A },
    );
    const f = buildSpanTree(spans);
    const t = f.traces[0]!;
    expect(t.duplicates.get(A)).toEqual([0, 1]);
    expect(t.roots).toHaveLength(2);
    expect(f.parentOfSpan[2]).toBe(0);
  });

  it('cuts a parent cycle at its earliest span and keeps every span', () => {
    const spans = spansFrom(
      { spanId: A, parentSpanId: C, startNs: 30n },
      { spanId: B, parentSpanId: A, startNs: 10n },
      { spanId: C, parentSpanId: B, startNs: 20n },
    );
    const f = buildSpanTree(spans);
    const t = f.traces[0]!;
    expect(t.cycles).toHaveLength(1);
    expect([...t.cycles[0]!].sort()).toEqual([0, 1, 2]);
    const synth = f.nodes[t.roots[0]!]!;
    expect(synth.kind).toBe('cycle');
    expect(f.nodes[synth.children[0]!]!.spanIndex).toBe(1); // B starts first
    expect(f.nodes.filter(n => n.spanIndex >= 0 && n.depth > 0)).toHaveLength(3);
  });

  it('treats a span that is its own parent as a cycle', () => {
    const f = buildSpanTree(spansFrom({ spanId: A, parentSpanId: A }));
    expect(f.traces[0]!.cycles).toEqual([[0]]);
    expect(f.nodes[f.traces[0]!.roots[0]!]!.kind).toBe('cycle');
  });

  it('separates traces and never links across trace ids', () => {
    const spans = spansFrom(
      { spanId: A, traceId: '1'.repeat(32) },
      { spanId: B, traceId: '2'.repeat(32), parentSpanId: A },
    );
    const f = buildSpanTree(spans);
    expect(f.traces.map(t => t.traceId)).toEqual(['1'.repeat(32), '2'.repeat(32)]);
    expect(f.nodes[f.traces[1]!.roots[0]!]!.kind).toBe('missing-parent');
  });

  it('handles a 10,000-deep chain without recursion', () => {
    const n = 10_000;
    const ids = Array.from({ length: n }, (_, i) => (i + 1).toString(16).padStart(16, '0'));
    const spans = spansFrom(
      ...ids.map((id, i) => ({ spanId: id, parentSpanId: i ? ids[i - 1]! : null })).reverse(),
    );
    const f = buildSpanTree(spans);
    expect(f.maxDepth).toBe(n - 1);
    expect(ancestorsOf(f, 0)).toHaveLength(n - 1);
  });
});
