import { describe, expect, it } from 'vitest';
import { analyze } from '../../core/analyze.ts';
import {
  computeTreeLayout,
  expectTreeLayout,
  PALETTE,
  primeTreeLayout,
  layoutArrivals,
  treeLayoutOf,
} from './useTreeLayout.ts';

const T = 'a'.repeat(32);
const span = (
  id: string,
  parent: string,
  kind: string,
  start: number,
  end: number,
  extra = {},
) => ({
  traceId: T,
  spanId: id.repeat(16),
  parentSpanId: parent ? parent.repeat(16) : '',
  name: `s${id}`,
  startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(start) * 1_000_000n),
  endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(end) * 1_000_000n),
  attributes: [{ key: 'openinference.span.kind', value: { stringValue: kind } }],
  ...extra,
});

function layoutOf(spans: object[]) {
  const a = analyze({ text: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }) });
  return { a, layout: computeTreeLayout(a) };
}

describe('computeTreeLayout', () => {
  it('places bars in ms from the earliest span and colours them by OpenInference kind', () => {
    const { a, layout } = layoutOf([
      span('1', '', 'AGENT', 0, 100),
      span('2', '1', 'LLM', 10, 40),
      span('3', '1', 'TOOL', 50, 90, { status: { code: 2, message: 'boom' } }),
    ]);
    const node = (i: number) => a.forest.nodeOfSpan[i]!;
    expect(layout.total).toBe(100);
    expect([layout.start[node(1)], layout.end[node(1)]]).toEqual([10, 40]);
    expect(PALETTE[layout.color[node(1)]!]).toBe('llm');
    expect(PALETTE[layout.color[node(2)]!]).toBe('tool');
    expect(layout.error[node(2)]).toBe(1);
    expect(layout.descendants[node(0)]).toBe(2);
  });

  it('gives a missing-parent row the extent of the spans below it', () => {
    const { a, layout } = layoutOf([
      span('1', '', 'AGENT', 0, 100),
      span('4', '9', 'TOOL', 20, 30),
      span('5', '9', 'TOOL', 60, 80),
      span('6', '5', 'LLM', 61, 85),
    ]);
    const synthetic = a.forest.nodes.find(n => n.spanIndex < 0)!;
    expect(Number.isNaN(layout.start[synthetic.id]!)).toBe(true);
    expect([layout.hullStart[synthetic.id], layout.hullEnd[synthetic.id]]).toEqual([20, 85]);
    expect(layout.descendants[synthetic.id]).toBe(3);
    expect(PALETTE[layout.color[synthetic.id]!]).toMatch(/missing|remote/);
  });

  it('copes with spans without times', () => {
    const { layout } = layoutOf([{ traceId: T, spanId: '1'.repeat(16), name: 'x' }]);
    expect(layout.origin).toBeNull();
    expect(Number.isNaN(layout.start[0]!)).toBe(true);
    expect(layout.total).toBeGreaterThan(0);
  });
});

describe('layouts computed in the worker', () => {
  const spans = [span('1', '', 'AGENT', 0, 100), span('2', '1', 'LLM', 10, 50)];

  it('are awaited (null, not computed here) until primed, which tells the subscribers', () => {
    const { a, layout } = layoutOf(spans);
    expectTreeLayout(a);
    expect(treeLayoutOf(a)).toBeNull();
    let told = 0;
    const stop = layoutArrivals.subscribe(() => told++);
    primeTreeLayout(a, layout);
    expect(told).toBe(1);
    expect(treeLayoutOf(a)).toBe(layout);
    stop();
    primeTreeLayout(a, layout);
    expect(told).toBe(1);
  });

  it('are computed here, once, for an analysis nobody said would get one', () => {
    const { a } = layoutOf(spans);
    const first = treeLayoutOf(a);
    expect(first).not.toBeNull();
    expect(treeLayoutOf(a)).toBe(first);
    expect(Array.from(first!.start)).toEqual(Array.from(computeTreeLayout(a).start));
    // Expecting one that is already there changes nothing.
    expectTreeLayout(a);
    expect(treeLayoutOf(a)).toBe(first);
  });
});
