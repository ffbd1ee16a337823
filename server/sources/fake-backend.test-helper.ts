// A local HTTP server standing in for a trace backend in tests: routes answer with canned
// responses shaped as the real API documents them, and every request is recorded.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  body?: string | object;
  headers?: Record<string, string>;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
}

export type Route = (req: Recorded) => Reply | undefined;

export interface FakeBackend {
  url: string;
  requests: Recorded[];
  close: () => Promise<void>;
}

export async function startFakeBackend(route: Route): Promise<FakeBackend> {
  const requests: Recorded[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', 'http://fake');
    const rec: Recorded = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: u.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(rec);
    const reply = route(rec) ?? {
      status: 404,
      body: '404 page not found\n',
      headers: { 'Content-Type': 'text/plain' },
    };
    if (reply.delayMs) await new Promise(r => setTimeout(r, reply.delayMs));
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
    res.writeHead(reply.status ?? 200, {
      'Content-Type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
      ...reply.headers,
    });
    res.end(body);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(r => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** A sample from public/samples (the one corpus), parsed. */
export function sample(path: string): unknown {
  return JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../public/samples/${path}`, import.meta.url)), 'utf8'),
  );
}

/** The trace id every sample of the fixture trace carries. */
export const SAMPLE_TRACE_ID = '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718';
