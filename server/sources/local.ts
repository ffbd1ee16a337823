// The built-in receiver of a running `tpd serve`: `GET /api/local/traces/{id}` on its app port.

import { joinUrl, send, statusError, DEFAULT_TIMEOUT_MS } from './http-client.ts';
import { SourceError } from './source-error.ts';
import { checkTraceId } from './trace-id.ts';
import type { FetchedTrace, SourceRequest } from './types.ts';

export const LOCAL_DEFAULT_URL = 'http://127.0.0.1:5317';
/** Header of `GET /api/local/traces/{id}` with the number of stored spans. */
export const SPAN_COUNT_HEADER = 'x-tpd-span-count';

export async function fetchLocalTrace(req: SourceRequest): Promise<FetchedTrace> {
  const traceId = checkTraceId(req.traceId, { allowShort: false, label: 'the local receiver' });
  const base = joinUrl(req.url?.trim() || LOCAL_DEFAULT_URL, '', 'tpd serve');
  const label = `tpd serve at ${base}`;
  const res = await send({
    url: `${base}/api/local/traces/${traceId}`,
    timeoutMs: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    label,
  });
  if (res.status === 404)
    throw new SourceError(
      'not-found',
      `Trace ${traceId} is not in the local receiver at ${base}: no span with this trace id has arrived (or retention dropped it).`,
      404,
    );
  if (res.status !== 200) throw statusError(res, label, 'the local receiver needs no key');
  const spanCount = Number(res.headers.get(SPAN_COUNT_HEADER) ?? NaN);
  return {
    text: res.text,
    fileName: `local-${traceId}.json`,
    format: 'otlp-json',
    spanCount,
    notes: [],
  };
}
