// One HTTP call to a trace backend with a timeout, turning network failures into SourceErrors
// that name the host and the likely cause, plus helpers shared by the source clients.

import type { z } from 'zod';
import { SourceError } from './source-error.ts';
import { checkTraceId } from './trace-id.ts';
import type { SourceRequest } from './types.ts';

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

/** What a source client starts from: the checked trace id, then the backend's base URL. */
export interface RequestTarget {
  /** Where API keys are read from. */
  env: Record<string, string | undefined>;
  traceId: string;
  base: string;
  /** e.g. "Jaeger at http://localhost:16686", used in messages. */
  label: string;
  timeoutMs: number;
}

/** Check the trace id (bad-trace-id), then the URL (bad-request) of a request to `name`. */
export function requestTarget(
  req: SourceRequest,
  name: string,
  opts: { allowShort: boolean },
): RequestTarget {
  const env = req.env ?? process.env;
  const traceId = checkTraceId(req.traceId, { allowShort: opts.allowShort, label: name });
  const base = joinUrl(req.url, '', name);
  return {
    env,
    traceId,
    base,
    label: `${name} at ${base}`,
    timeoutMs: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
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

/** Parse a JSON body and check it against `schema`; bad-response names `what` (e.g. the route). */
export function parseBody<T>(
  res: HttpResponse,
  label: string,
  schema: z.ZodType<T>,
  what: string,
): T {
  const parsed = schema.safeParse(parseJsonBody(res, label));
  if (!parsed.success) throw shapeError(label, what, parsed.error.issues[0]);
  return parsed.data;
}

/** Whether `text` is JSON of the given shape (e.g. the backend's own error envelope). */
export function isJsonOf(schema: z.ZodType, text: string): boolean {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: not the envelope */
  }
  return schema.safeParse(body).success;
}

/** One page of a cursor-paged span listing, as read by the source client. */
export interface Page {
  /** The page's body as received. */
  text: string;
  spanCount: number;
  /** Cursor of the next page; null on the last page. */
  next: string | null;
}

/**
 * Read pages until one has no next cursor, at most `maxPages` of them. A cursor that comes back
 * a second time is a bad-response (the backend would loop). `truncated` says pages were left.
 */
export async function followCursor(
  label: string,
  maxPages: number,
  readPage: (cursor: string | null) => Promise<Page>,
): Promise<{ pages: string[]; spanCount: number; truncated: boolean }> {
  const pages: string[] = [];
  let spanCount = 0;
  let cursor: string | null = null;
  const seen = new Set<string>();
  for (let page = 0; page < maxPages; page++) {
    const p = await readPage(cursor);
    pages.push(p.text.trim());
    spanCount += p.spanCount;
    cursor = p.next;
    if (!cursor) break;
    if (seen.has(cursor))
      throw new SourceError(
        'bad-response',
        `${label} returned the same page cursor twice; stopping.`,
      );
    seen.add(cursor);
  }
  return { pages, spanCount, truncated: Boolean(cursor) };
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
