// Zipkin: `GET /api/v2/trace/{id}` → a JSON array of v2 spans; 404 when the trace is unknown.
// Docs: https://zipkin.io/zipkin-api/#/default/get_trace__traceId_
// Optional: TPD_ZIPKIN_AUTHORIZATION (full Authorization header value).

import { z } from 'zod';
import { parseBody, requestTarget, send, statusError } from './http-client.ts';
import { SourceError } from './source-error.ts';
import type { FetchedTrace, SourceRequest } from './types.ts';

export const ZIPKIN_AUTH_ENV = 'TPD_ZIPKIN_AUTHORIZATION';

const Trace = z.array(z.looseObject({ traceId: z.string(), id: z.string() }));

export async function fetchZipkinTrace(req: SourceRequest): Promise<FetchedTrace> {
  const { env, traceId, base, label, timeoutMs } = requestTarget(req, 'Zipkin', {
    allowShort: true,
  });
  const auth = env[ZIPKIN_AUTH_ENV];
  const res = await send({
    url: `${base}/api/v2/trace/${traceId}`,
    headers: auth ? { Authorization: auth } : {},
    timeoutMs,
    label,
  });
  if (res.status === 404)
    throw new SourceError(
      'not-found',
      `Trace ${traceId} was not found in ${label} (check the id and Zipkin's storage retention).`,
      404,
    );
  if (res.status !== 200)
    throw statusError(
      res,
      label,
      `set ${ZIPKIN_AUTH_ENV} to the Authorization header your Zipkin proxy expects`,
    );
  const spans = parseBody(res, label, Trace, 'GET /api/v2/trace');
  if (spans.length === 0)
    throw new SourceError('not-found', `Trace ${traceId} was not found in ${label}.`, 404);
  return {
    text: res.text,
    fileName: `zipkin-${traceId}.json`,
    format: 'zipkin-v2',
    spanCount: spans.length,
    notes: [],
  };
}
