// Errors of the app's own API (local receiver and backend proxy), kept as thrown Errors for
// react-query, with the server's kind and message and a hint of what to do.

import { z } from 'zod';
import type { SourceErrorKind } from '../../server/sources/source-error.ts';

/** A source's error kind (passed on by the proxy), the server's own, or the client's `server-down`. */
export type ApiErrorKind = SourceErrorKind | 'forbidden' | 'internal' | 'server-down';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth one more try (a flaky network or backend), not a bad id, key or missing trace. */
  get retryable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout' || this.kind === 'upstream';
  }
}

const ErrorBody = z.object({ error: z.object({ kind: z.string(), message: z.string() }) });

/** The kinds the server sends; the type keeps this in step with the server's SourceErrorKind. */
const SERVER_KINDS: Record<Exclude<ApiErrorKind, 'server-down'>, true> = {
  'bad-trace-id': true,
  'bad-request': true,
  auth: true,
  'not-found': true,
  unreachable: true,
  timeout: true,
  'bad-response': true,
  upstream: true,
  forbidden: true,
  internal: true,
};
const isServerKind = (k: string): k is keyof typeof SERVER_KINDS => Object.hasOwn(SERVER_KINDS, k);

/** The error of a non-2xx answer from the app's API. */
export async function apiErrorFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not our JSON: a proxy or another server answered */
  }
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) {
    const kind = isServerKind(parsed.data.error.kind) ? parsed.data.error.kind : 'internal';
    return new ApiError(kind, parsed.data.error.message, res.status);
  }
  if (res.status === 404)
    return new ApiError(
      'server-down',
      'This page is not served by `node bin/tpd.js serve`, so the local receiver and the backend proxy are not available. Start the app with that command.',
      404,
    );
  return new ApiError(
    'internal',
    `The app's server answered ${res.status} ${res.statusText}.`,
    res.status,
  );
}

/** fetch() itself failed: the app's server is not running, or the browser blocked the call. */
export function networkError(e: unknown): ApiError {
  if (e instanceof DOMException && e.name === 'AbortError') throw e;
  return new ApiError(
    'server-down',
    `Cannot reach the app's server (${e instanceof Error ? e.message : String(e)}): is \`node bin/tpd.js serve\` still running? (A page served from another origin is also blocked by CORS.)`,
  );
}

/** GET from the app's API; non-2xx answers become ApiErrors. */
export async function apiGet(path: string, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    throw networkError(e);
  }
  if (!res.ok) throw await apiErrorFrom(res);
  return res;
}

/** One-line advice for an error kind, shown under the message. */
export function errorHint(e: ApiError, source?: string): string | null {
  switch (e.kind) {
    case 'bad-trace-id':
      return 'A trace id is 32 hex characters (W3C); copy it from the experiment row, the log line or the traceparent header.';
    case 'auth':
      return 'API keys are read by the server from environment variables (never entered here): see the source settings.';
    case 'not-found':
      return source === 'local'
        ? 'Point the agent at the local receiver (OTEL_EXPORTER_OTLP_ENDPOINT) and run it again, or pick another source.'
        : 'Check the source, project and time window; a trace can take a few seconds to become visible after export.';
    case 'unreachable':
      return 'Check the source URL in the settings (the API base URL, not the UI page).';
    case 'timeout':
      return 'The backend is slow or unreachable; try again, or narrow the search (project, window).';
    case 'server-down':
      return null;
    default:
      return null;
  }
}
