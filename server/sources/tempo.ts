// Grafana Tempo: `GET /api/v2/traces/{id}` → `{"trace": {"resourceSpans": […]}, "status"?:
// "PARTIAL"}` (Tempo ≥ 2.5), falling back to `GET /api/traces/{id}` → `{"batches": […]}` when
// the v2 route is missing. Not found is a 404 "trace not found".
// Docs: https://grafana.com/docs/tempo/latest/api_docs/#query-v2
// Optional: TPD_TEMPO_AUTHORIZATION (full Authorization header value, e.g. "Basic …" for Grafana
// Cloud) and TPD_TEMPO_ORG_ID (X-Scope-OrgID for multi-tenant Tempo).

import { z } from 'zod';
import { parseBody, requestTarget, send, statusError } from './http-client.ts';
import { SourceError } from './source-error.ts';
import type { FetchedTrace, SourceRequest } from './types.ts';

export const TEMPO_AUTH_ENV = 'TPD_TEMPO_AUTHORIZATION';
export const TEMPO_ORG_ENV = 'TPD_TEMPO_ORG_ID';

const ResourceSpansList = z.array(
  z.looseObject({
    scopeSpans: z.array(z.looseObject({ spans: z.array(z.looseObject({})).nullish() })).nullish(),
    instrumentationLibrarySpans: z
      .array(z.looseObject({ spans: z.array(z.looseObject({})).nullish() }))
      .nullish(),
  }),
);
const V2 = z.looseObject({
  trace: z.looseObject({ resourceSpans: ResourceSpansList.nullish() }).nullish(),
  status: z.string().nullish(),
  message: z.string().nullish(),
});
const V1 = z.looseObject({ batches: ResourceSpansList.nullish() });

function count(list: z.infer<typeof ResourceSpansList> | null | undefined): number {
  let n = 0;
  for (const rs of list ?? [])
    for (const ss of [...(rs.scopeSpans ?? []), ...(rs.instrumentationLibrarySpans ?? [])])
      n += ss.spans?.length ?? 0;
  return n;
}

export async function fetchTempoTrace(req: SourceRequest): Promise<FetchedTrace> {
  const { env, traceId, label, base, timeoutMs } = requestTarget(req, 'Tempo', {
    allowShort: true,
  });
  const headers: Record<string, string> = {};
  if (env[TEMPO_AUTH_ENV]) headers.Authorization = env[TEMPO_AUTH_ENV]!;
  if (env[TEMPO_ORG_ENV]) headers['X-Scope-OrgID'] = env[TEMPO_ORG_ENV]!;
  const keyHint = `set ${TEMPO_AUTH_ENV} (and ${TEMPO_ORG_ENV} for a multi-tenant Tempo)`;
  const notFound = () =>
    new SourceError(
      'not-found',
      `Trace ${traceId} was not found in ${label} (check the id, the tenant and Tempo's retention; recent spans can take a few seconds to become searchable).`,
      404,
    );

  const v2 = await send({ url: `${base}/api/v2/traces/${traceId}`, headers, timeoutMs, label });
  if (v2.status === 200) {
    const data = parseBody(v2, label, V2, 'GET /api/v2/traces');
    const spanCount = count(data.trace?.resourceSpans);
    if (spanCount === 0) throw notFound();
    const notes = ['Tempo API v2.'];
    if (data.status === 'PARTIAL')
      notes.push(
        `Tempo says the result is PARTIAL${data.message ? `: ${data.message}` : ''}; some spans may be missing.`,
      );
    return {
      text: v2.text,
      fileName: `tempo-${traceId}.json`,
      format: 'otlp-json',
      spanCount,
      notes,
    };
  }
  if (v2.status === 404 && /trace not found/i.test(v2.text)) throw notFound();
  if (v2.status !== 404) throw statusError(v2, label, keyHint);

  // An older Tempo without the v2 route.
  const v1 = await send({ url: `${base}/api/traces/${traceId}`, headers, timeoutMs, label });
  if (v1.status === 404) {
    if (/trace not found/i.test(v1.text)) throw notFound();
    throw new SourceError(
      'not-found',
      `${label} has no /api/v2/traces or /api/traces route (404): is the URL Tempo's HTTP port (3200)?`,
      404,
    );
  }
  if (v1.status !== 200) throw statusError(v1, label, keyHint);
  const spanCount = count(parseBody(v1, label, V1, 'GET /api/traces').batches);
  if (spanCount === 0) throw notFound();
  return {
    text: v1.text,
    fileName: `tempo-${traceId}.json`,
    format: 'otlp-json',
    spanCount,
    notes: ['Tempo API v1.'],
  };
}
