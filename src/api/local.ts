// The built-in receiver of `tpd serve`: recent traces and one trace by id (OTLP/JSON), analysed by
// the same analyze() as a pasted dump.

import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { analyze, type Analysis } from '../core/analyze.ts';
import type { ExpectedContextInput } from '../core/model/context.ts';
import { ApiError, apiGet } from './api-error.ts';
import { queryKeys } from './query-keys.ts';

const Counts = z.object({
  errors: z.number(),
  warnings: z.number(),
  infos: z.number(),
  total: z.number(),
});

const RecentTrace = z.object({
  traceId: z.string(),
  spanCount: z.number(),
  rootName: z.string().nullable(),
  rootParentMissing: z.boolean(),
  serviceName: z.string().nullable(),
  firstSpanName: z.string(),
  firstReceivedMs: z.number(),
  lastReceivedMs: z.number(),
  findings: Counts.nullable(),
});

const RecentList = z.object({
  traces: z.array(RecentTrace),
  stats: z.object({ traces: z.number(), spans: z.number(), bytes: z.number() }),
});

export type RecentTrace = z.infer<typeof RecentTrace>;
export type RecentList = z.infer<typeof RecentList>;

export async function fetchRecentTraces(limit: number, signal?: AbortSignal): Promise<RecentList> {
  const res = await apiGet(`/api/local/traces?limit=${limit}`, signal);
  const parsed = RecentList.safeParse(await res.json());
  if (!parsed.success)
    throw new ApiError(
      'bad-response',
      `Unexpected answer from /api/local/traces: ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

export const recentTracesQueryOptions = (limit = 50) =>
  queryOptions({
    queryKey: queryKeys.recentTraces(limit),
    queryFn: ({ signal }) => fetchRecentTraces(limit, signal),
    // Live updates invalidate it; no polling.
    staleTime: 30_000,
  });

export interface FetchedAnalysis {
  analysis: Analysis;
  /** Shown in the verdict bar: where the trace came from. */
  label: string;
  spanCount: number;
  notes: string[];
}

export async function fetchLocalTrace(
  traceId: string,
  context: ExpectedContextInput,
  signal?: AbortSignal,
): Promise<FetchedAnalysis> {
  const id = traceId.trim().toLowerCase();
  const res = await apiGet(`/api/local/traces/${encodeURIComponent(id)}`, signal);
  const text = await res.text();
  const analysis = analyze(
    { text, fileName: `local-${id}.json`, format: 'otlp-json' },
    { context },
  );
  return {
    analysis,
    label: `local receiver · trace ${id}`,
    spanCount: Number(res.headers.get('x-tpd-span-count') ?? analysis.spans.length),
    notes: [],
  };
}

export const localTraceQueryOptions = (traceId: string, context: ExpectedContextInput = {}) =>
  queryOptions({
    queryKey: queryKeys.localTrace(traceId, context),
    queryFn: ({ signal }) => fetchLocalTrace(traceId, context, signal),
    // Spans may still be arriving: always refetch when asked again.
    staleTime: 0,
    structuralSharing: false,
  });
