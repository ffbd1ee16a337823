// `tpd serve`: the app (built SPA + JSON API + proxy), the OTLP/HTTP receiver and the OTLP/gRPC
// receiver, all on one SQLite span store. Everything binds to 127.0.0.1 unless told otherwise.

import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAppHandler } from './app/app-server.ts';
import { EventHub } from './app/event-hub.ts';
import { isLoopbackHost } from './app/security.ts';
import type { ReceivedBatch } from './otlp/export-request.ts';
import { startOtlpGrpc } from './receiver/otlp-grpc.ts';
import { createOtlpHttpHandler } from './receiver/otlp-http.ts';
import { SpanStore, type RetentionOptions } from './store/span-store.ts';

export interface ServeOptions {
  host?: string;
  /** App port (0 = any free port). */
  port?: number;
  /** OTLP/HTTP port; null disables the receiver. */
  otlpHttpPort?: number | null;
  /** OTLP/gRPC port; null disables the receiver. */
  otlpGrpcPort?: number | null;
  dbFile: string;
  retention?: Partial<RetentionOptions>;
  maxBodyBytes?: number;
  staticDir?: string;
  allowedOrigins?: string[];
  env?: Record<string, string | undefined>;
  sourceTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  appUrl: string;
  otlpHttpUrl: string | null;
  otlpGrpcAddress: string | null;
  store: SpanStore;
  /** Spans stored since start. */
  received: () => number;
  close: () => Promise<void>;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 5317,
  otlpHttpPort: 4318,
  otlpGrpcPort: 4317,
  maxBodyBytes: 32 * 1024 * 1024,
  staticDir: fileURLToPath(new URL('../dist', import.meta.url)),
};

function listen(server: Server, host: string, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === 'EADDRINUSE'
            ? `${what} port ${port} on ${host} is already in use (another collector or tpd?); choose another port`
            : `${what} cannot listen on ${host}:${port}: ${e.message}`,
        ),
      );
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as { port: number }).port);
    });
  });
}

const hostForUrl = (h: string) => (h.includes(':') ? `[${h}]` : h === '0.0.0.0' ? '127.0.0.1' : h);

function closeHttp(server: Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULTS.host;
  const log = options.log ?? (() => {});
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const store = new SpanStore(options.dbFile, options.retention);
  const hub = new EventHub();
  let received = 0;
  const ingest = (batch: ReceivedBatch) => {
    if (!batch.spanCount) return;
    const r = store.insert(batch);
    received += r.spanCount;
    hub.tracesUpdated(r.traceIds);
  };
  const retentionTimer = setInterval(() => {
    try {
      const { droppedTraces } = store.enforceRetention();
      if (droppedTraces) log(`retention: dropped ${droppedTraces} trace(s)`);
    } catch (e) {
      log(`retention failed: ${(e as Error).message}`);
    }
  }, 60_000);
  retentionTimer.unref();

  const closers: (() => Promise<void>)[] = [];
  const info = {
    appPort: 0,
    otlpHttpUrl: null as string | null,
    otlpGrpcAddress: null as string | null,
  };
  try {
    const otlpHandler = createOtlpHttpHandler({ ingest, maxBodyBytes, log });
    if (options.otlpHttpPort !== null) {
      const otlpServer = createServer((req, res) => {
        otlpHandler(req, res).catch(e => {
          log(`OTLP/HTTP request failed: ${(e as Error).stack ?? String(e)}`);
          if (!res.headersSent) res.writeHead(500).end();
        });
      });
      const p = await listen(
        otlpServer,
        host,
        options.otlpHttpPort ?? DEFAULTS.otlpHttpPort,
        'OTLP/HTTP',
      );
      closers.push(() => closeHttp(otlpServer));
      info.otlpHttpUrl = `http://${hostForUrl(host)}:${p}`;
    }
    if (options.otlpGrpcPort !== null) {
      const grpc = await startOtlpGrpc(host, options.otlpGrpcPort ?? DEFAULTS.otlpGrpcPort, {
        ingest,
        maxBodyBytes,
        log,
      }).catch((e: Error) => {
        throw new Error(
          /EADDRINUSE|address already in use/i.test(e.message)
            ? `OTLP/gRPC port ${options.otlpGrpcPort ?? DEFAULTS.otlpGrpcPort} on ${host} is already in use (another collector or tpd?); choose another port`
            : `OTLP/gRPC cannot listen: ${e.message}`,
        );
      });
      closers.push(grpc.close);
      info.otlpGrpcAddress = `${hostForUrl(host)}:${grpc.port}`;
    }
    const allowedOrigins = new Set(options.allowedOrigins ?? []);
    const appHandler = createAppHandler({
      store,
      hub,
      staticDir: options.staticDir ?? DEFAULTS.staticDir,
      policy: () => ({ boundHost: host, port: info.appPort, allowedOrigins }),
      receiver: () => ({
        otlpHttpUrl: info.otlpHttpUrl,
        otlpGrpcAddress: info.otlpGrpcAddress,
        database: store.file,
      }),
      env: options.env,
      sourceTimeoutMs: options.sourceTimeoutMs,
      log,
    });
    const appServer = createServer((req, res) => void appHandler(req, res));
    info.appPort = await listen(appServer, host, options.port ?? DEFAULTS.port, 'App');
    closers.push(() => closeHttp(appServer));
    if (!isLoopbackHost(host)) log(`warning: listening on ${host}, reachable from other machines`);
  } catch (e) {
    for (const c of closers.reverse()) await c();
    clearInterval(retentionTimer);
    hub.close();
    store.close();
    throw e;
  }

  let closed = false;
  return {
    appUrl: `http://${hostForUrl(host)}:${info.appPort}`,
    otlpHttpUrl: info.otlpHttpUrl,
    otlpGrpcAddress: info.otlpGrpcAddress,
    store,
    received: () => received,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(retentionTimer);
      hub.close();
      for (const c of closers.reverse()) await c();
      store.close();
    },
  };
}
