import { describe, expect, it } from 'vitest';
import { buildSpanTree } from './build-span-tree.ts';
import { filterSpans } from './filter-spans.ts';
import { spansFrom } from './test-span.test-helper.ts';
import { rowTraceIndex, visibleRows } from './visible-rows.ts';

const spans = spansFrom(
  { spanId: '000000000000000a', name: 'root', startNs: 1n },
  {
    spanId: '000000000000000b',
    parentSpanId: '000000000000000a',
    name: 'tool call',
    oiKind: 'TOOL',
    startNs: 2n,
  },
  {
    spanId: '000000000000000c',
    parentSpanId: '000000000000000b',
    name: 'http get',
    startNs: 3n,
    attributes: { 'http.status_code': 500 },
  },
  { spanId: '000000000000000d', traceId: 'b'.repeat(32), name: 'other', serviceName: 'billing' },
);
const forest = buildSpanTree(spans);
const node = (i: number) => forest.nodeOfSpan[i]!;

describe('visibleRows', () => {
  it('lists nodes depth-first with a header per trace', () => {
    const rows = visibleRows(forest, {
      traceOrder: [0, 1],
      collapsed: new Set(),
      traceHeaders: true,
    });
    expect(rowTraceIndex(rows[0]!)).toBe(0);
    expect([...rows.slice(1, 4)]).toEqual([node(0), node(1), node(2)]);
    expect(rowTraceIndex(rows[4]!)).toBe(1);
  });

  it('skips collapsed sub-trees', () => {
    const rows = visibleRows(forest, { traceOrder: [0], collapsed: new Set([node(1)]) });
    expect([...rows]).toEqual([node(0), node(1)]);
  });

  it('keeps ancestors of filter matches and drops the rest', () => {
    const matches = new Set(filterSpans(spans, 'http.status_code=500').map(node));
    const rows = visibleRows(forest, {
      traceOrder: [0, 1],
      collapsed: new Set(),
      matches,
      traceHeaders: true,
    });
    expect([...rows.slice(1)]).toEqual([node(0), node(1), node(2)]);
    expect(rows).toHaveLength(4);
  });
});

describe('filterSpans', () => {
  it('matches by name, service, kind and attribute terms (all must match)', () => {
    expect(filterSpans(spans, 'tool')).toEqual([1]);
    expect(filterSpans(spans, 'kind:tool')).toEqual([1]);
    expect(filterSpans(spans, 'service:billing')).toEqual([3]);
    expect(filterSpans(spans, 'http.status_code=500 http')).toEqual([2]);
    expect(filterSpans(spans, 'http.status_code=404')).toEqual([]);
    expect(filterSpans(spans, '')).toEqual([0, 1, 2, 3]);
  });
});
