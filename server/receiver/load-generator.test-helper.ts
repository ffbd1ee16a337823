// Load generator for load.test.ts, run in a child process so the exporters' serialization does not
// share the receiver's CPU: real SDK exporters (OTLP/HTTP JSON, OTLP/HTTP protobuf, OTLP/gRPC)
// export concurrently; prints a JSON report on stdout.
// Usage: node --import tsx load-generator.test-helper.ts <otlpHttpUrl> <grpcAddress> <json config>

import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

export interface LoadConfig {
  exportersPerKind: number;
  batchesPerExporter: number;
  tracesPerBatch: number;
  spansPerTrace: number;
  inFlightPerExporter: number;
}

export interface LoadReport {
  exporters: number;
  requests: number;
  sent: number;
  failedExports: number;
  failures: string[];
  seconds: number;
  spansPerTrace: Record<string, number>;
}

function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(spans, r =>
      r.code === 0 ? resolve() : reject(r.error ?? new Error('export failed')),
    ),
  );
}

async function run(otlpHttpUrl: string, grpcAddress: string, cfg: LoadConfig): Promise<LoadReport> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'load' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('load');
  const exporterCount = cfg.exportersPerKind * 3;
  const traceCount = exporterCount * cfg.batchesPerExporter * cfg.tracesPerBatch;
  const traces: ReadableSpan[][] = [];
  for (let t = 0; t < traceCount; t++) {
    const root = tracer.startSpan('load root');
    let parent = root;
    for (let i = 1; i < cfg.spansPerTrace; i++) {
      const child = tracer.startSpan(
        `step ${i}`,
        { attributes: { i, 'load.payload': 'x'.repeat(64) } },
        trace.setSpan(ROOT_CONTEXT, parent),
      );
      if (i % 4 === 0) parent = child;
      child.end();
    }
    root.end();
    traces.push([...memory.getFinishedSpans()]);
    memory.reset();
  }
  await provider.shutdown();

  const batches: ReadableSpan[][] = [];
  for (let i = 0; i < traces.length; i += cfg.tracesPerBatch)
    batches.push(traces.slice(i, i + cfg.tracesPerBatch).flat());
  const url = `${otlpHttpUrl}/v1/traces`;
  const exporters: SpanExporter[] = [];
  for (let i = 0; i < cfg.exportersPerKind; i++)
    exporters.push(
      new JsonExporter({ url }),
      new ProtoExporter({ url }),
      new GrpcExporter({ url: `http://${grpcAddress}` }),
    );
  const queues = exporters.map((_, i) => batches.filter((_, b) => b % exporters.length === i));

  const failures: string[] = [];
  const t0 = performance.now();
  await Promise.all(
    exporters.map(async (exporter, i) => {
      const queue = queues[i]!;
      await Promise.all(
        Array.from({ length: cfg.inFlightPerExporter }, async (_, w) => {
          for (let b = w; b < queue.length; b += cfg.inFlightPerExporter)
            await exportOnce(exporter, queue[b]!).catch((e: Error) => failures.push(e.message));
        }),
      );
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(exporters.map(e => e.shutdown()));
  const spansPerTrace: Record<string, number> = {};
  for (const t of traces) spansPerTrace[t[0]!.spanContext().traceId] = t.length;
  return {
    exporters: exporterCount,
    requests: batches.length,
    sent: traces.reduce((n, t) => n + t.length, 0),
    failedExports: failures.length,
    failures: failures.slice(0, 5),
    seconds,
    spansPerTrace,
  };
}

const [otlpHttpUrl, grpcAddress, config] = process.argv.slice(2);
if (otlpHttpUrl && grpcAddress && config) {
  const report = await run(otlpHttpUrl, grpcAddress, JSON.parse(config) as LoadConfig);
  process.stdout.write(JSON.stringify(report));
}
