// A trace from a backend through the app's proxy (`/api/proxy/{source}/trace/{id}`), so the
// browser needs no CORS and never holds an API key; or from the local receiver. The response is
// checked (zod) and then analysed by the same analyze() as a pasted dump.

import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { analyze } from '../core/analyze.ts';
import { isFormatId } from '../core/formats/index.ts';
import { ApiError, apiGet } from './api-error.ts';
import { fetchLocalTrace, type FetchedAnalysis } from './local.ts';
import { queryKeys, type TraceQuery } from './query-keys.ts';

export type SourceId = 'local' | 'phoenix' | 'arize' | 'jaeger' | 'tempo' | 'zipkin';

export interface SourceDescription {
  id: SourceId;
  label: string;
  defaultUrl: string;
  /** What the project field means for this source, or null when it has none. */
  project: { required: boolean; label: string } | null;
}

export const SOURCES: readonly SourceDescription[] = [
  { id: 'local', label: 'Local receiver', defaultUrl: '', project: null },
  {
    id: 'phoenix',
    label: 'Phoenix',
    defaultUrl: 'http://localhost:6006',
    project: { required: false, label: 'Phoenix project name (empty: look it up)' },
  },
  {
    id: 'arize',
    label: 'Arize AX',
    defaultUrl: 'https://api.arize.com',
    project: { required: true, label: 'Arize AX project id' },
  },
  { id: 'jaeger', label: 'Jaeger', defaultUrl: 'http://localhost:16686', project: null },
  { id: 'tempo', label: 'Tempo', defaultUrl: 'http://localhost:3200', project: null },
  { id: 'zipkin', label: 'Zipkin', defaultUrl: 'http://localhost:9411', project: null },
];

export const sourceById = (id: string): SourceDescription | undefined =>
  SOURCES.find(s => s.id === id);

const ProxyAnswer = z.object({
  source: z.string(),
  traceId: z.string(),
  text: z.string(),
  fileName: z.string(),
  format: z.string(),
  spanCount: z.number(),
  notes: z.array(z.string()),
});

export async function fetchRemoteTrace(
  q: TraceQuery,
  signal?: AbortSignal,
): Promise<FetchedAnalysis> {
  const params = new URLSearchParams();
  if (q.url) params.set('url', q.url);
  if (q.project) params.set('project', q.project);
  if (q.source === 'arize' && q.days) params.set('days', String(q.days));
  const res = await apiGet(
    `/api/proxy/${encodeURIComponent(q.source)}/trace/${encodeURIComponent(q.traceId.trim())}?${params}`,
    signal,
  );
  const parsed = ProxyAnswer.safeParse(await res.json());
  if (!parsed.success)
    throw new ApiError(
      'bad-response',
      `Unexpected answer from the proxy: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
    );
  const got = parsed.data;
  const analysis = analyze(
    {
      text: got.text,
      fileName: got.fileName,
      format: isFormatId(got.format) ? got.format : undefined,
    },
    { context: q.context },
  );
  const label = `${sourceById(q.source)?.label ?? q.source}${q.project ? ` · ${q.project}` : ''} · trace ${got.traceId}`;
  return { analysis, label, spanCount: got.spanCount, notes: got.notes };
}

/** A trace from any source (local receiver or a backend), analysed. */
export const traceQueryOptions = (q: TraceQuery) =>
  queryOptions({
    queryKey: queryKeys.trace(q),
    queryFn: ({ signal }) =>
      q.source === 'local'
        ? fetchLocalTrace(q.traceId, q.context, signal)
        : fetchRemoteTrace(q, signal),
    enabled: q.traceId.trim() !== '',
    structuralSharing: false,
    staleTime: q.source === 'local' ? 0 : 60_000,
  });
