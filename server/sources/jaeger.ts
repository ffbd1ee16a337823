// Jaeger query service: `GET /api/v3/traces/{id}` (OTLP/JSON in `{"result": …}`, which keeps span
// flags, links and scopes) and, when that API is not there, the UI's `GET /api/traces/{id}`
// (`{"data": [trace]}`). Not found is `{"error": {"httpCode": 404}}` (v3) or
// `{"errors": [{"code": 404, "msg": "trace not found"}]}` (v1).
// Docs: https://www.jaegertracing.io/docs/latest/apis/
// Optional: TPD_JAEGER_AUTHORIZATION = full Authorization header value (for a proxy in front).

import { z } from 'zod';
import {
  joinUrl,
  parseJsonBody,
  send,
  shapeError,
  statusError,
  DEFAULT_TIMEOUT_MS,
} from './http-client.ts';
import { SourceError } from './source-error.ts';
import { checkTraceId } from './trace-id.ts';
import type { FetchedTrace, SourceRequest } from './types.ts';

export const JAEGER_AUTH_ENV = 'TPD_JAEGER_AUTHORIZATION';

const V3 = z.looseObject({
  result: z.looseObject({ resourceSpans: z.array(z.looseObject({})).nullish() }),
});
const V3Error = z.looseObject({
  error: z.looseObject({ httpCode: z.number().optional(), message: z.string().optional() }),
});
const V1 = z.looseObject({
  data: z
    .array(
      z.looseObject({ traceID: z.string(), spans: z.array(z.looseObject({ spanID: z.string() })) }),
    )
    .nullable(),
  errors: z
    .array(z.looseObject({ code: z.number().optional(), msg: z.string().optional() }))
    .nullish(),
});

function countV3(result: { resourceSpans?: unknown[] | null }): number {
  let n = 0;
  for (const rs of result.resourceSpans ?? []) {
    const scopes = (rs as { scopeSpans?: { spans?: unknown[] }[] }).scopeSpans ?? [];
    for (const ss of scopes) n += ss.spans?.length ?? 0;
  }
  return n;
}

export async function fetchJaegerTrace(req: SourceRequest): Promise<FetchedTrace> {
  const env = req.env ?? process.env;
  const traceId = checkTraceId(req.traceId, { allowShort: true, label: 'Jaeger' });
  const base = joinUrl(req.url, '', 'Jaeger');
  const label = `Jaeger at ${base}`;
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const auth = env[JAEGER_AUTH_ENV];
  const headers: Record<string, string> = auth ? { Authorization: auth } : {};
  const keyHint = `set ${JAEGER_AUTH_ENV} to the Authorization header your Jaeger proxy expects`;
  const notFound = () =>
    new SourceError(
      'not-found',
      `Trace ${traceId} was not found in ${label} (check the id and Jaeger's retention).`,
      404,
    );

  const v3 = await send({ url: `${base}/api/v3/traces/${traceId}`, headers, timeoutMs, label });
  if (v3.status === 200) {
    const parsed = V3.safeParse(parseJsonBody(v3, label));
    if (!parsed.success) throw shapeError(label, 'GET /api/v3/traces', parsed.error.issues[0]);
    const spanCount = countV3(parsed.data.result);
    if (spanCount === 0) throw notFound();
    return {
      text: v3.text,
      fileName: `jaeger-${traceId}.json`,
      format: 'otlp-json',
      spanCount,
      notes: ['Jaeger API v3 (OTLP).'],
    };
  }
  if (v3.status === 401 || v3.status === 403) throw statusError(v3, label, keyHint);
  if (v3.status === 404) {
    let body: unknown = null;
    try {
      body = JSON.parse(v3.text);
    } catch {
      /* not the v3 error envelope: the API is missing */
    }
    if (V3Error.safeParse(body).success) throw notFound();
  } else if (v3.status < 500 && v3.status !== 405 && v3.status !== 501) {
    throw statusError(v3, label, keyHint);
  }

  // API v3 is not served here: fall back to the UI's API.
  const v1 = await send({ url: `${base}/api/traces/${traceId}`, headers, timeoutMs, label });
  if (v1.status === 404) {
    let body: unknown = null;
    try {
      body = JSON.parse(v1.text);
    } catch {
      /* not Jaeger's envelope */
    }
    if (V1.safeParse(body).success) throw notFound();
    throw new SourceError(
      'not-found',
      `${label} has neither /api/v3/traces nor /api/traces (404): is the URL the Jaeger query service (port 16686)?`,
      404,
    );
  }
  if (v1.status !== 200) throw statusError(v1, label, keyHint);
  const parsed = V1.safeParse(parseJsonBody(v1, label));
  if (!parsed.success) throw shapeError(label, 'GET /api/traces', parsed.error.issues[0]);
  const spanCount = (parsed.data.data ?? []).reduce((n, t) => n + t.spans.length, 0);
  if (spanCount === 0) throw notFound();
  return {
    text: v1.text,
    fileName: `jaeger-${traceId}.json`,
    format: 'jaeger-json',
    spanCount,
    notes: ['Jaeger UI API (/api/traces).'],
  };
}
