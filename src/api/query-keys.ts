// Query keys, from one factory so invalidation can target a family ('local', 'trace' …).

import type { ExpectedContextInput } from '../core/model/context.ts';

export interface TraceQuery {
  source: string;
  traceId: string;
  /** Backend base URL (ignored for `local`). */
  url: string;
  project: string;
  /** Arize AX search window in days. */
  days: number;
  context: ExpectedContextInput;
}

export const queryKeys = {
  config: () => ['config'] as const,
  local: () => ['local'] as const,
  recentTraces: (limit: number) => ['local', 'recent', limit] as const,
  localTrace: (traceId: string, context: ExpectedContextInput) =>
    ['local', 'trace', traceId, context] as const,
  trace: (q: TraceQuery) =>
    q.source === 'local'
      ? queryKeys.localTrace(q.traceId, q.context)
      : (['trace', q.source, q.url, q.project, q.days, q.traceId, q.context] as const),
};
