// Tiny span builder for tree and rule tests.

import type { Span } from '../model/span.ts';

let counter = 0;

export function makeSpan(p: Partial<Span> & { spanId: string }, index = counter++): Span {
  return {
    index,
    traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    parentSpanId: null,
    name: p.spanId,
    kind: 'INTERNAL',
    oiKind: null,
    serviceName: 'svc',
    resource: {},
    scope: null,
    attributes: {},
    startNs: 1_000n,
    endNs: 2_000n,
    status: { code: 'UNSET' },
    events: [],
    links: [],
    parentIsRemote: null,
    source: { line: 1 },
    ...p,
  };
}

/** Build spans with indexes 0..n-1 from short specs `id` / `id<parent`. */
export function spansFrom(...specs: (Partial<Span> & { spanId: string })[]): Span[] {
  return specs.map((s, i) => makeSpan(s, i));
}
