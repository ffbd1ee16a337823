// The app's HTTP server: the built SPA (with a strict CSP) and the JSON API the browser uses.
//   GET /api/config                         sources (key set or not, never the key) + receiver
//   GET /api/local/traces?limit=&offset=    recent local traces, newest first
//   GET /api/local/traces/{id}              that trace as one OTLP/JSON request
//   GET /api/local/events                   Server-Sent Events: `traces` when spans arrive
//   GET /api/proxy/{source}/trace/{id}?url=&project=&days=
//                                           fetch from a remote backend, keys added here

import type { IncomingMessage, ServerResponse } from 'node:http';
import { SOURCES, fetchTrace, SourceError } from '../sources/index.ts';
import { SPAN_COUNT_HEADER } from '../sources/local.ts';
import { SOURCE_IDS } from '../sources/types.ts';
import type { SpanStore } from '../store/span-store.ts';
import type { EventHub } from './event-hub.ts';
import { FindingCountCache } from './finding-counts.ts';
import { refuseReason, SECURITY_HEADERS, type OriginPolicy } from './security.ts';
import { serveStatic } from './static-files.ts';

export interface ReceiverInfo {
  otlpHttpUrl: string | null;
  otlpGrpcAddress: string | null;
  database: string;
}

export interface AppServerOptions {
  store: SpanStore;
  hub: EventHub;
  staticDir: string;
  /** Filled in once the port is known. */
  policy: () => OriginPolicy;
  receiver: () => ReceiverInfo;
  env?: Record<string, string | undefined>;
  /** Per-request timeout for remote sources (ms). */
  sourceTimeoutMs?: number;
  log?: (line: string) => void;
}

const API_HEADERS = { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' };

function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  extra: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...API_HEADERS,
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

const apiError = (res: ServerResponse, status: number, kind: string, message: string) =>
  sendJson(res, status, { error: { kind, message } });

const TRACE_ID = /^[0-9a-f]{32}$/;

/** A path segment, percent-decoded; a malformed escape is kept as typed (and then rejected). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function createAppHandler(opts: AppServerOptions) {
  const env = opts.env ?? process.env;
  const counts = new FindingCountCache(opts.store);

  function listTraces(url: URL, res: ServerResponse): void {
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 50) || 50, 1), 500);
    const offset = Math.max(Number(url.searchParams.get('offset') ?? 0) || 0, 0);
    const traces = opts.store.listRecent(limit, offset).map(t => ({
      traceId: t.traceId,
      spanCount: t.spanCount,
      rootName: t.rootName,
      rootParentMissing: t.rootParentMissing,
      serviceName: t.serviceName,
      firstSpanName: t.firstSpanName,
      firstReceivedMs: t.firstReceivedMs,
      lastReceivedMs: t.lastReceivedMs,
      findings: counts.get(t.traceId, t.spanCount),
    }));
    sendJson(res, 200, { traces, stats: opts.store.stats() });
  }

  function getTrace(id: string, res: ServerResponse): void {
    const traceId = id.toLowerCase();
    if (!TRACE_ID.test(traceId))
      return apiError(
        res,
        400,
        'bad-trace-id',
        `Bad trace id format: expected 32 hex characters, got "${id.slice(0, 60)}".`,
      );
    const trace = opts.store.getTrace(traceId);
    if (!trace)
      return apiError(
        res,
        404,
        'not-found',
        `Trace ${traceId} is not in the local receiver: no span with this trace id has arrived (or retention dropped it).`,
      );
    res.writeHead(200, {
      ...API_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(trace.text)),
      'Content-Disposition': `inline; filename="local-${traceId}.json"`,
      [SPAN_COUNT_HEADER]: String(trace.spanCount),
    });
    res.end(trace.text);
  }

  async function proxy(source: string, id: string, url: URL, res: ServerResponse): Promise<void> {
    if (source === 'local') {
      // The browser reads the local store directly; answer in the proxy's shape anyway.
      const traceId = id.trim().toLowerCase();
      if (!TRACE_ID.test(traceId)) return getTrace(id, res);
      const trace = opts.store.getTrace(traceId);
      if (!trace) return getTrace(traceId, res);
      return sendJson(res, 200, {
        source,
        traceId,
        text: trace.text,
        fileName: `local-${traceId}.json`,
        format: 'otlp-json',
        spanCount: trace.spanCount,
        notes: [],
      });
    }
    try {
      const days = Number(url.searchParams.get('days') ?? '');
      const fetched = await fetchTrace(source, {
        url: url.searchParams.get('url') ?? '',
        traceId: id,
        project: url.searchParams.get('project') ?? undefined,
        days: Number.isFinite(days) && days > 0 ? days : undefined,
        timeoutMs: opts.sourceTimeoutMs,
        env,
      });
      sendJson(res, 200, { source, traceId: id.toLowerCase(), ...fetched });
    } catch (e) {
      if (e instanceof SourceError) return apiError(res, e.proxyStatus, e.kind, e.message);
      throw e;
    }
  }

  function config(res: ServerResponse): void {
    sendJson(res, 200, {
      sources: SOURCE_IDS.map(id => {
        const s = SOURCES[id];
        return {
          id,
          label: s.label,
          defaultUrl: id === 'local' ? '' : s.defaultUrl,
          project: s.project,
          env: s.env.map(name => ({ name, set: !!env[name] })),
        };
      }),
      receiver: opts.receiver(),
    });
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://app.invalid');
    const path = url.pathname;
    try {
      if (!path.startsWith('/api/'))
        return await serveStatic(req, res, opts.staticDir, SECURITY_HEADERS);
      const refused = refuseReason(req, opts.policy());
      if (refused) return apiError(res, 403, 'forbidden', refused);
      if (req.method !== 'GET') return apiError(res, 405, 'method', `${path} accepts GET only`);
      if (path === '/api/config') return config(res);
      if (path === '/api/local/traces') return listTraces(url, res);
      if (path === '/api/local/events') return opts.hub.add(res, API_HEADERS);
      let m = /^\/api\/local\/traces\/([^/]+)$/.exec(path);
      if (m) return getTrace(safeDecode(m[1]!), res);
      m = /^\/api\/proxy\/([^/]+)\/trace\/([^/]+)$/.exec(path);
      if (m) return await proxy(safeDecode(m[1]!), safeDecode(m[2]!), url, res);
      return apiError(res, 404, 'not-found', `no API at ${path}`);
    } catch (e) {
      opts.log?.(`${req.method} ${path} failed: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent)
        apiError(res, 500, 'internal', `internal error: ${(e as Error).message}`);
      else res.end();
    }
  };
}
