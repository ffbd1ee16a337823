// The real OpenTelemetry JS SDK exporters (OTLP/HTTP JSON, OTLP/HTTP protobuf, OTLP/gRPC) send an
// agent trace to the receiver; the app API gives it back by trace id with every span, parent link,
// flag and attribute intact, and the same trace survives a restart.

import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze.ts';
import { fetchTrace } from '../sources/index.ts';
import {
  sdkShape,
  sendAgentTrace,
  spanShape,
  startTempServer,
  tempDir,
  type TempServer,
} from '../sdk-spans.test-helper.ts';

let server: TempServer;
beforeAll(async () => {
  server = await startTempServer();
});
afterAll(async () => {
  await server.dispose();
});

const exporters: [string, () => SpanExporter][] = [
  ['OTLP/HTTP JSON', () => new JsonExporter({ url: `${server.otlpHttpUrl}/v1/traces` })],
  ['OTLP/HTTP protobuf', () => new ProtoExporter({ url: `${server.otlpHttpUrl}/v1/traces` })],
  [
    'OTLP/HTTP protobuf, gzip',
    () =>
      new ProtoExporter({ url: `${server.otlpHttpUrl}/v1/traces`, compression: 'gzip' as never }),
  ],
  ['OTLP/gRPC', () => new GrpcExporter({ url: `http://${server.otlpGrpcAddress}` })],
  [
    'OTLP/gRPC, gzip',
    () =>
      new GrpcExporter({ url: `http://${server.otlpGrpcAddress}`, compression: 'gzip' as never }),
  ],
];

async function getLocal(traceId: string): Promise<Response> {
  return fetch(`${server.appUrl}/api/local/traces/${traceId}`);
}

describe.each(exporters)('%s exporter → receiver → API', (_name, make) => {
  it('gives the trace back by id with every span and parent link', async () => {
    const sent = await sendAgentTrace(make());
    const res = await getLocal(sent.traceId);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(spanShape(text)).toEqual(sdkShape(sent.spans));
    expect(res.headers.get('x-tpd-span-count')).toBe('4');
  });

  it('keeps attributes, events, links, status, flags and the resource', async () => {
    const sent = await sendAgentTrace(make(), { service: 'fidelity-check' });
    const a = analyze({ text: await (await getLocal(sent.traceId)).text() });
    expect(a.format).toBe('otlp-json');
    const by = new Map(a.spans.map(s => [s.name, s]));
    const root = by.get('run_agent')!;
    expect(root.parentIsRemote).toBe(true);
    expect(root.serviceName).toBe('fidelity-check');
    expect(root.scope?.name).toBe('agent-test');
    const llm = by.get('llm call')!;
    expect(llm.attributes['llm.token_count.prompt']).toBe(150);
    expect(llm.attributes['llm.temperature']).toBe(0.25);
    expect(llm.attributes['llm.stream']).toBe(false);
    expect(llm.attributes['llm.stop']).toEqual(['\n', 'END']);
    expect(llm.events.map(e => e.name)).toEqual(['first token']);
    expect(llm.kind).toBe('CLIENT');
    const http = by.get('GET /flights')!;
    expect(http.status).toEqual({ code: 'ERROR', message: 'upstream 503' });
    expect(http.links[0]?.spanId).toBe(llm.spanId);
    expect(http.parentIsRemote).toBe(false);
    const sdkRoot = sent.spans.find(s => s.name === 'run_agent')!;
    expect(root.startNs).toBe(
      BigInt(sdkRoot.startTime[0]) * 1_000_000_000n + BigInt(sdkRoot.startTime[1]),
    );
  });
});

describe('reading back', () => {
  it('lists the trace as recent with span count, root name and service', async () => {
    const sent = await sendAgentTrace(
      new JsonExporter({ url: `${server.otlpHttpUrl}/v1/traces` }),
      { service: 'listed' },
    );
    const list = (await (await fetch(`${server.appUrl}/api/local/traces?limit=5`)).json()) as {
      traces: {
        traceId: string;
        spanCount: number;
        rootName: string;
        serviceName: string;
        findings: unknown;
      }[];
    };
    expect(list.traces[0]).toMatchObject({
      traceId: sent.traceId,
      spanCount: 4,
      rootName: 'run_agent',
      serviceName: 'listed',
    });
    expect(list.traces[0]!.findings).toMatchObject({ total: expect.any(Number) });
  });

  it('the CLI source client fetches it like a backend', async () => {
    const sent = await sendAgentTrace(
      new ProtoExporter({ url: `${server.otlpHttpUrl}/v1/traces` }),
    );
    const fetched = await fetchTrace('local', {
      url: server.appUrl,
      traceId: sent.traceId.toUpperCase(),
    });
    expect(fetched.spanCount).toBe(4);
    expect(spanShape(fetched.text)).toEqual(sdkShape(sent.spans));
  });

  it('answers 404 for an unknown trace and 400 for a malformed id', async () => {
    expect((await getLocal('0123456789abcdef0123456789abcdef')).status).toBe(404);
    const bad = await getLocal('xyz');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/32 hex/);
  });

  it('still has the trace after a restart of the server', async () => {
    const dir = tempDir();
    const first = await startTempServer({}, dir);
    const sent = await sendAgentTrace(new GrpcExporter({ url: `http://${first.otlpGrpcAddress}` }));
    const before = await (await fetch(`${first.appUrl}/api/local/traces/${sent.traceId}`)).text();
    await first.close();
    const second = await startTempServer({ dbFile: first.dbFile }, dir);
    try {
      const after = await fetch(`${second.appUrl}/api/local/traces/${sent.traceId}`);
      expect(after.status).toBe(200);
      expect(await after.text()).toBe(before);
      expect(spanShape(before)).toEqual(sdkShape(sent.spans));
    } finally {
      await second.dispose();
    }
  });
});
