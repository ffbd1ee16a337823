// Send one small agent trace with the real OpenTelemetry JS SDK to any OTLP endpoint (the local
// receiver, Phoenix, Jaeger, Tempo, a collector), as an experiment would start it: under a remote
// experiment span (a traceparent). Prints the trace id and the traceparent, for the manual checks
// in the README.
//
//   node --import tsx scripts/send-demo-trace.ts [--endpoint URL] [--protocol http/protobuf|http/json|grpc]
//        [--service NAME] [--header k=v …]
// Defaults: http://127.0.0.1:4318/v1/traces, http/protobuf. For grpc give host:port URLs
// (http://127.0.0.1:4317).

import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    protocol: { type: 'string', default: 'http/protobuf' },
    service: { type: 'string', default: 'tpd-demo-agent' },
    header: { type: 'string', multiple: true, default: [] },
  },
});

const headers = Object.fromEntries(
  values.header.map(h => [h.slice(0, h.indexOf('=')), h.slice(h.indexOf('=') + 1)]),
);
const protocol = values.protocol;
const endpoint =
  values.endpoint ??
  (protocol === 'grpc' ? 'http://127.0.0.1:4317' : 'http://127.0.0.1:4318/v1/traces');
let exporter: SpanExporter;
if (protocol === 'grpc') exporter = new GrpcExporter({ url: endpoint });
else if (protocol === 'http/json') exporter = new JsonExporter({ url: endpoint, headers });
else if (protocol === 'http/protobuf') exporter = new ProtoExporter({ url: endpoint, headers });
else throw new Error(`--protocol must be http/protobuf, http/json or grpc (got ${protocol})`);

const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({
    'service.name': values.service,
    'openinference.project.name': values.service,
  }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const tracer = provider.getTracer('tpd-demo');
const traceId = randomBytes(16).toString('hex');
const experimentSpanId = randomBytes(8).toString('hex');
const remote = trace.setSpanContext(ROOT_CONTEXT, {
  traceId,
  spanId: experimentSpanId,
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
});
const run = tracer.startSpan(
  'run_agent',
  {
    kind: SpanKind.SERVER,
    attributes: { 'openinference.span.kind': 'CHAIN', 'input.value': '{"to":"NRT"}' },
  },
  remote,
);
const inRun = trace.setSpan(ROOT_CONTEXT, run);
tracer
  .startSpan(
    'chat gpt-4o-mini',
    { kind: SpanKind.CLIENT, attributes: { 'openinference.span.kind': 'LLM' } },
    inRun,
  )
  .end();
tracer
  .startSpan(
    'search_flights',
    { attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'search_flights' } },
    inRun,
  )
  .end();
run.end();
await provider.forceFlush();
await provider.shutdown();
process.stdout.write(
  `sent 3 spans to ${endpoint} (${protocol})\ntrace id     ${traceId}\ntraceparent  00-${traceId}-${experimentSpanId}-01\n`,
);
