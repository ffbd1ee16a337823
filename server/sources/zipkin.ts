// Zipkin: `GET /api/v2/trace/{id}` → a JSON array of v2 spans; 404 when the trace is unknown.
// Docs: https://zipkin.io/zipkin-api/#/default/get_trace__traceId_
// Optional: TPD_ZIPKIN_AUTHORIZATION (full Authorization header value).

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

export const ZIPKIN_AUTH_ENV = 'TPD_ZIPKIN_AUTHORIZATION';

const Trace = z.array(z.looseObject({ traceId: z.string(), id: z.string() }));

export async function fetchZipkinTrace(req: SourceRequest): Promise<FetchedTrace> {
  const env = req.env ?? process.env;
  const traceId = checkTraceId(req.traceId, { allowShort: true, label: 'Zipkin' });
  const base = joinUrl(req.url, '', 'Zipkin');
  const label = `Zipkin at ${base}`;
  const auth = env[ZIPKIN_AUTH_ENV];
  const res = await send({
    url: `${base}/api/v2/trace/${traceId}`,
    headers: auth ? { Authorization: auth } : {},
    timeoutMs: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
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
  const parsed = Trace.safeParse(parseJsonBody(res, label));
  if (!parsed.success) throw shapeError(label, 'GET /api/v2/trace', parsed.error.issues[0]);
  if (parsed.data.length === 0)
    throw new SourceError('not-found', `Trace ${traceId} was not found in ${label}.`, 404);
  return {
    text: res.text,
    fileName: `zipkin-${traceId}.json`,
    format: 'zipkin-v2',
    spanCount: parsed.data.length,
    notes: [],
  };
}
