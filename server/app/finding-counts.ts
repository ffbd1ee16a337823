// Finding counts for the recent-traces list: each trace is run through the same analyze() as the
// app, and the counts are cached until the trace receives more spans.

import { analyze } from '../../src/core/analyze.ts';
import type { SpanStore } from '../store/span-store.ts';

export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
  total: number;
}

/** Traces above this size are not analysed for the list (the app analyses them when opened). */
export const MAX_SPANS_FOR_LIST = 5000;

export class FindingCountCache {
  private readonly cache = new Map<string, { spanCount: number; counts: FindingCounts }>();

  constructor(private readonly store: SpanStore) {}

  get(traceId: string, spanCount: number): FindingCounts | null {
    const hit = this.cache.get(traceId);
    if (hit && hit.spanCount === spanCount) return hit.counts;
    if (spanCount > MAX_SPANS_FOR_LIST) return null;
    const trace = this.store.getTrace(traceId);
    if (!trace) return null;
    const a = analyze({ text: trace.text, format: 'otlp-json' });
    const counts: FindingCounts = { errors: 0, warnings: 0, infos: 0, total: a.findings.length };
    for (const f of a.findings) {
      if (f.severity === 'error') counts.errors++;
      else if (f.severity === 'warning') counts.warnings++;
      else counts.infos++;
    }
    this.cache.delete(traceId);
    this.cache.set(traceId, { spanCount: trace.spanCount, counts });
    // Keep the cache bounded (oldest insertions go first).
    if (this.cache.size > 2000) this.cache.delete(this.cache.keys().next().value!);
    return counts;
  }
}
