// Jaeger query service: `GET /api/v3/traces/{id}` (OTLP/JSON in `{"result": …}`, which keeps span
// flags, links and scopes) and, when that API is not there, the UI's `GET /api/traces/{id}`
// (`{"data": [trace]}`). Not found is `{"error": {"httpCode": 404}}` (v3) or
// `{"errors": [{"code": 404, "msg": "trace not found"}]}` (v1).
// Docs: https://www.jaegertracing.io/docs/latest/apis/
// Optional: TPD_JAEGER_AUTHORIZATION = full Authorization header value (for a proxy in front).

import { z } from 'zod';
import { isJsonOf, parseBody, requestTarget, send, statusError } from './http-client.ts';
import { SourceError } from './source-error.ts';
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
  const { env, traceId, base, label, timeoutMs } = requestTarget(req, 'Jaeger', {
    allowShort: true,
  });
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
    const spanCount = countV3(parseBody(v3, label, V3, 'GET /api/v3/traces').result);
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
    // Without the v3 error envelope, the API is missing.
    if (isJsonOf(V3Error, v3.text)) throw notFound();
  } else if (v3.status < 500 && v3.status !== 405 && v3.status !== 501) {
    throw statusError(v3, label, keyHint);
  }

  // API v3 is not served here: fall back to the UI's API.
  const v1 = await send({ url: `${base}/api/traces/${traceId}`, headers, timeoutMs, label });
  if (v1.status === 404) {
    if (isJsonOf(V1, v1.text)) throw notFound();
    throw new SourceError(
      'not-found',
      `${label} has neither /api/v3/traces nor /api/traces (404): is the URL the Jaeger query service (port 16686)?`,
      404,
    );
  }
  if (v1.status !== 200) throw statusError(v1, label, keyHint);
  const traces = parseBody(v1, label, V1, 'GET /api/traces').data ?? [];
  const spanCount = traces.reduce((n, t) => n + t.spans.length, 0);
  if (spanCount === 0) throw notFound();
  return {
    text: v1.text,
    fileName: `jaeger-${traceId}.json`,
    format: 'jaeger-json',
    spanCount,
    notes: ['Jaeger UI API (/api/traces).'],
  };
}
