// One HTTP call to a trace backend with a timeout, turning network failures into SourceErrors
// that name the host and the likely cause, plus helpers shared by the source clients.

import { SourceError } from './source-error.ts';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** e.g. "Phoenix at http://localhost:6006", used in messages. */
  label: string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  text: string;
  contentType: string;
  headers: Headers;
}

/** Default time a backend gets to answer one request. */
export const DEFAULT_TIMEOUT_MS = 20_000;

function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const c = cur as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof c.code === 'string') return c.code;
    if (Array.isArray(c.errors) && c.errors.length) cur = c.errors[0];
    else cur = c.cause;
  }
  return undefined;
}

const isTimeout = (e: unknown) =>
  e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');

export async function send(req: HttpRequest): Promise<HttpResponse> {
  const seconds = Math.round(req.timeoutMs / 100) / 10;
  try {
    const res = await fetch(req.url, {
      method: req.method ?? 'GET',
      headers: { Accept: 'application/json', ...req.headers },
      body: req.body,
      redirect: 'follow',
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const text = await res.text();
    return {
      status: res.status,
      statusText: res.statusText,
      text,
      contentType: res.headers.get('content-type') ?? '',
      headers: res.headers,
    };
  } catch (e) {
    if (isTimeout(e))
      throw new SourceError(
        'timeout',
        `${req.label} did not answer within ${seconds} s (timeout).`,
      );
    const code = networkCode(e);
    const why =
      code === 'ECONNREFUSED'
        ? 'connection refused: is it running, and is the port right?'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'host name not found'
          : code === 'ECONNRESET'
            ? 'connection reset'
            : code?.startsWith('ERR_TLS') || code?.includes('CERT')
              ? `TLS problem (${code})`
              : (code ??
                (e instanceof Error
                  ? ((e.cause as Error | undefined)?.message ?? e.message)
                  : String(e)));
    throw new SourceError('unreachable', `Cannot reach ${req.label} (${why}).`);
  }
}

/** `base` (may carry a path prefix) + `path`. Throws bad-request for a URL that is not http(s). */
export function joinUrl(base: string, path: string, sourceLabel: string): string {
  let u: URL;
  try {
    u = new URL(base.trim());
  } catch {
    throw new SourceError(
      'bad-request',
      `${sourceLabel} URL "${base}" is not a valid URL (expected e.g. http://localhost:6006).`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new SourceError(
      'bad-request',
      `${sourceLabel} URL must start with http:// or https:// (got "${base}").`,
    );
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '') + path;
}

/** A short, single-line excerpt of a response body for messages. */
export function excerpt(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/** Parse a JSON body or throw bad-response (e.g. an HTML page when the URL is the UI's). */
export function parseJsonBody(res: HttpResponse, label: string): unknown {
  try {
    return JSON.parse(res.text) as unknown;
  } catch {
    const html = /^\s*</.test(res.text);
    throw new SourceError(
      'bad-response',
      `${label} answered ${res.status} with ${html ? 'an HTML page' : 'text that is not JSON'}` +
        ` ("${excerpt(res.text, 80)}")${html ? ': check that the URL is the API base URL' : ''}.`,
      res.status,
    );
  }
}

/** 401/403 → auth error naming the setting to fix; other non-2xx → upstream error. */
export function statusError(res: HttpResponse, label: string, keyHint: string): SourceError {
  const body = excerpt(res.text);
  if (res.status === 401 || res.status === 403)
    return new SourceError(
      'auth',
      `${label} refused the request (${res.status} ${res.statusText || (res.status === 401 ? 'Unauthorized' : 'Forbidden')}): ${keyHint}${body ? ` — "${body}"` : ''}.`,
      res.status,
    );
  return new SourceError(
    'upstream',
    `${label} answered ${res.status} ${res.statusText}${body ? `: "${body}"` : ''}.`,
    res.status,
  );
}

/** Zod-style failure → bad-response with the first issue's path. */
export function shapeError(
  label: string,
  what: string,
  issue: { path: PropertyKey[]; message: string } | undefined,
): SourceError {
  const where = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  return new SourceError(
    'bad-response',
    `${label} answered with an unexpected shape for ${what}${where}: ${issue?.message ?? 'invalid'}. Is the URL the right kind of backend?`,
  );
}
