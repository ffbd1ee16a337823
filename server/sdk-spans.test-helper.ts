// Test helpers: a throw-away server (temp database, free ports) and a small agent-like trace made
// with the real OpenTelemetry JS SDK, exported through any SpanExporter.

import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Span,
} from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServeOptions } from './start-server.ts';

export interface TempServer extends RunningServer {
  dir: string;
  dbFile: string;
  /** Close the server and delete its files. */
  dispose: () => Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tpd-test-'));
}

export async function startTempServer(
  options: Partial<ServeOptions> = {},
  dir = tempDir(),
): Promise<TempServer> {
  const staticDir = join(dir, 'dist');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(
    join(staticDir, 'index.html'),
    '<!doctype html><title>tpd test</title><div id="root"></div>',
  );
  const dbFile = options.dbFile ?? join(dir, 'spans.db');
  const server = await startServer({
    port: 0,
    otlpHttpPort: 0,
    otlpGrpcPort: 0,
    staticDir,
    ...options,
    dbFile,
  });
  return {
    ...server,
    dir,
    dbFile,
    dispose: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SentTrace {
  traceId: string;
  /** What the SDK produced, for comparison with what is read back. */
  spans: ReadableSpan[];
}

const hexId = (n: number, len: number) => n.toString(16).padStart(len, '0');

/**
 * An agent run as an experiment would start it: a remote parent (the experiment span, from a
 * traceparent), a CHAIN root, an LLM call and a tool with a nested HTTP client span.
 */
export async function sendAgentTrace(
  exporter: SpanExporter,
  opts: { seed?: number; service?: string } = {},
): Promise<SentTrace> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': opts.service ?? 'travel-agent',
      'deployment.environment': 'test',
    }),
    spanProcessors: [
      new SimpleSpanProcessor(memory),
      new BatchSpanProcessor(exporter, { scheduledDelayMillis: 10 }),
    ],
  });
  const tracer = provider.getTracer('agent-test', '1.2.3');
  const seed = opts.seed ?? Math.floor(Math.random() * 1e9);
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: hexId(seed, 16) + hexId(Date.now() % 1e12, 16),
    spanId: hexId(seed + 1, 16),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
  const root = tracer.startSpan(
    'run_agent',
    {
      kind: SpanKind.SERVER,
      attributes: { 'openinference.span.kind': 'CHAIN', 'input.value': '{"to":"NRT"}' },
    },
    remote,
  );
  const inRoot = trace.setSpan(ROOT_CONTEXT, root);
  const llm = tracer.startSpan(
    'llm call',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.token_count.prompt': 150,
        'llm.temperature': 0.25,
        'llm.stream': false,
        'llm.stop': ['\n', 'END'],
      },
    },
    inRoot,
  );
  llm.addEvent('first token', { 'token.index': 0 });
  llm.end();
  const tool: Span = tracer.startSpan(
    'search_flights',
    { attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'search_flights' } },
    inRoot,
  );
  const http = tracer.startSpan(
    'GET /flights',
    {
      kind: SpanKind.CLIENT,
      links: [{ context: llm.spanContext(), attributes: { why: 'caused by' } }],
    },
    trace.setSpan(ROOT_CONTEXT, tool),
  );
  http.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream 503' });
  http.end();
  tool.end();
  root.end();
  await provider.forceFlush();
  // Shutting down clears the in-memory exporter: copy first.
  const spans = [...memory.getFinishedSpans()];
  await provider.shutdown();
  return { traceId: root.spanContext().traceId, spans };
}

/** Spans of an OTLP/JSON request text: id, parent and name, sorted by span id. */
export function spanShape(
  otlpJson: string,
): { spanId: string; parentSpanId: string; name: string; traceId: string }[] {
  const req = JSON.parse(otlpJson) as {
    resourceSpans: {
      scopeSpans: {
        spans: { traceId: string; spanId: string; parentSpanId?: string; name: string }[];
      }[];
    }[];
  };
  return req.resourceSpans
    .flatMap(rs => rs.scopeSpans.flatMap(ss => ss.spans))
    .map(s => ({
      traceId: s.traceId,
      spanId: s.spanId,
      parentSpanId: s.parentSpanId ?? '',
      name: s.name,
    }))
    .sort((a, b) => a.spanId.localeCompare(b.spanId));
}

export function sdkShape(spans: ReadableSpan[]) {
  return spans
    .map(s => ({
      traceId: s.spanContext().traceId,
      spanId: s.spanContext().spanId,
      parentSpanId: s.parentSpanContext?.spanId ?? '',
      name: s.name,
    }))
    .sort((a, b) => a.spanId.localeCompare(b.spanId));
}
