import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import { detectFormat } from './index.ts';
import { expectNoOtherSampleClaimed } from './sample-corpus.test-helper.ts';
import {
  expectFixtureTrace,
  expectTruncationsReported,
  readSample,
  withoutName,
} from './fixture-trace.test-helper.ts';
import { v1ToV2, zipkinV1 } from './zipkin-v1.ts';
import { zipkinV2 } from './zipkin-v2.ts';

const sample = () => readSample('zipkin-v1/basic.json');
const input = (v: unknown) => new InputText(JSON.stringify(v, null, 2));

const web = { serviceName: 'web', ipv4: '10.0.0.1' };
const api = { serviceName: 'api', ipv4: '10.0.0.2', port: 8080 };
const ann = (timestamp: number, value: string, endpoint: object) => ({
  timestamp,
  value,
  endpoint,
});

/** A v1 RPC span recorded by both sides (client and server annotations in one span). */
function rpcSpan(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: '463ac35c9f6413ad',
    id: '00000000000000c1',
    parentId: '00000000000000b1',
    name: 'get /users',
    timestamp: 1736937000000000,
    duration: 100000,
    annotations: [
      ann(1736937000000000, 'cs', web),
      ann(1736937000010000, 'sr', api),
      ann(1736937000020000, 'cache miss', api),
      ann(1736937000090000, 'ss', api),
      ann(1736937000100000, 'cr', web),
    ],
    binaryAnnotations: [
      { key: 'http.path', value: '/users', endpoint: api },
      { key: 'http.status_code', value: 200, type: 'I32', endpoint: web },
      { key: 'sa', value: true, endpoint: api },
      { key: 'ca', value: true, endpoint: web },
    ],
    ...over,
  };
}

describe('zipkin-v1 importer', () => {
  it('imports the fixture trace', () => {
    const result = zipkinV1.parse(sample());
    const spans = expectFixtureTrace(result, { precision: 'us' });
    expect(result.diagnostics).toEqual([]);
    expect(spans.map(s => s.source.line)).toEqual([2, 77, 152]);
    const tool = spans.find(s => s.name === 'get_weather')!;
    expect(tool.kind).toBe('INTERNAL');
    expect('lc' in tool.attributes).toBe(false);
    expect(tool.events).toEqual([
      { name: 'exception', timeNs: 1736937001401500000n, attributes: {} },
    ]);
    expect(spans.find(s => s.name === 'chat gpt-4o-mini')!.events).toEqual([]); // cs/cr are not events
  });

  it('is detected with and without the file name, ahead of Zipkin v2', () => {
    expect(zipkinV1.sniff(sample())).not.toBeNull();
    expect(zipkinV1.sniff(withoutName(sample()))).not.toBeNull();
    expect(zipkinV2.sniff(sample())).toBeNull();
    expect(detectFormat(sample()).format?.id).toBe('zipkin-v1');
    expect(detectFormat(withoutName(sample())).format?.id).toBe('zipkin-v1');
  });

  it('does not claim the other formats samples', () => {
    expectNoOtherSampleClaimed(zipkinV1);
  });

  it('keeps a binary annotation keyed __proto__ as a tag (it vanished before)', () => {
    const span = rpcSpan({
      binaryAnnotations: [
        { key: '__proto__', value: 'p', endpoint: web },
        { key: 'constructor', value: 'c', endpoint: web },
      ],
    });
    const [client] = zipkinV1.parse(input([span])).spans;
    expect(Object.prototype.hasOwnProperty.call(client!.attributes, '__proto__')).toBe(true);
    expect(client!.attributes['__proto__']).toBe('p');
    expect(client!.attributes['constructor']).toBe('c');
  });

  it('splits a span holding both RPC sides into a client span and a server span under it', () => {
    const result = zipkinV1.parse(input([rpcSpan()]));
    const [client, server] = result.spans;
    expect(client).toMatchObject({
      kind: 'CLIENT',
      serviceName: 'web',
      spanId: '00000000000000c1',
      parentSpanId: '00000000000000b1',
      startNs: 1736937000000000000n,
      endNs: 1736937000100000000n,
      traceId: '0000000000000000463ac35c9f6413ad',
    });
    expect(client!.attributes).toMatchObject({
      'http.status_code': '200',
      'peer.service': 'api',
      'network.peer.port': 8080,
    });
    expect(server).toMatchObject({
      kind: 'SERVER',
      serviceName: 'api',
      parentSpanId: '00000000000000c1',
      parentIsRemote: true,
      startNs: 1736937000010000000n,
      endNs: 1736937000090000000n,
    });
    expect(server!.spanId).not.toBe('00000000000000c1');
    expect(server!.attributes).toMatchObject({ 'http.path': '/users', 'peer.service': 'web' });
    expect(server!.events.map(e => e.name)).toEqual(['cache miss']);
    expect(server!.notes?.[0]).toBe(
      'Zipkin v1 span with annotations from more than one service: split into one span per service',
    );
    expect(result.dialect).toBe(
      'Zipkin v1 list of spans, 2 spans, 1 shared server spans re-identified',
    );
  });

  it('nests RPC spans correctly whatever order they come in', () => {
    const db = { serviceName: 'db' };
    const outer = rpcSpan();
    const inner = rpcSpan({
      id: '00000000000000c2',
      parentId: '00000000000000c1',
      annotations: [
        ann(1736937000030000, 'cs', api),
        ann(1736937000031000, 'sr', db),
        ann(1736937000039000, 'ss', db),
        ann(1736937000040000, 'cr', api),
      ],
      binaryAnnotations: [],
    });
    for (const order of [
      [inner, outer],
      [outer, inner],
    ]) {
      const spans = zipkinV1.parse(input(order)).spans;
      const find = (id: string, svc: string) =>
        spans.find(
          s =>
            s.serviceName === svc && (s.spanId === id || s.notes?.some(n => n.includes(` ${id};`))),
        )!;
      const outerServer = find('00000000000000c1', 'api');
      const innerClient = find('00000000000000c2', 'api');
      const innerServer = find('00000000000000c2', 'db');
      expect(innerClient.spanId).toBe('00000000000000c2');
      expect(innerClient.parentSpanId).toBe(outerServer.spanId);
      expect(innerServer.parentSpanId).toBe('00000000000000c2');
      expect(outerServer.parentSpanId).toBe('00000000000000c1');
    }
  });

  it('treats a server-only span without timestamp as the shared half of its client', () => {
    const client = {
      traceId: '463ac35c9f6413ad',
      id: '00000000000000c1',
      name: 'call',
      timestamp: 1,
      duration: 10,
      annotations: [ann(1, 'cs', web), ann(11, 'cr', web)],
    };
    const server = {
      traceId: '463ac35c9f6413ad',
      id: '00000000000000c1',
      name: 'call',
      annotations: [ann(3, 'sr', api), ann(8, 'ss', api)],
    };
    const child = {
      traceId: '463ac35c9f6413ad',
      id: '00000000000000d1',
      parentId: '00000000000000c1',
      name: 'db',
      timestamp: 4,
      duration: 2,
      binaryAnnotations: [{ key: 'lc', value: '', endpoint: api }],
    };
    expect(v1ToV2(server).shared).toEqual([true]);
    const spans = zipkinV1.parse(input([client, server, child])).spans;
    expect(spans[1]!.parentSpanId).toBe('00000000000000c1');
    expect(spans[1]!.startNs).toBe(3000n);
    expect(spans[1]!.endNs).toBe(8000n);
    expect(spans[2]!.parentSpanId).toBe(spans[1]!.spanId);
    expect(spans[2]!.kind).toBe('INTERNAL');
    expect(spans[2]!.serviceName).toBe('api');
  });

  it('takes timing from the core annotations when the span has none', () => {
    const [s] = v1ToV2({
      traceId: 'a',
      id: 'b',
      annotations: [ann(100, 'cs', web), ann(250, 'cr', web)],
    }).spans;
    expect(s).toMatchObject({ kind: 'CLIENT', timestamp: 100, duration: 150, localEndpoint: web });
  });

  it('reads messaging spans', () => {
    const [p] = v1ToV2({ traceId: 'a', id: 'b', annotations: [ann(100, 'ms', web)] }).spans;
    expect(p).toMatchObject({ kind: 'PRODUCER', timestamp: 100 });
    const [c] = v1ToV2({
      traceId: 'a',
      id: 'b',
      annotations: [ann(200, 'wr', api), ann(300, 'mr', api)],
    }).spans;
    expect(c).toMatchObject({ kind: 'CONSUMER', timestamp: 200, duration: 100 });
  });

  it('reports truncated input with its line and keeps the complete spans', () => {
    const text = sample().text;
    const cut = new InputText(text.slice(0, text.indexOf('"name": "run_agent"')));
    expect(zipkinV1.sniff(cut)).not.toBeNull();
    const r = zipkinV1.parse(cut);
    expect(r.spans.map(s => s.name)).toEqual(['chat gpt-4o-mini', 'get_weather']);
    const err = r.diagnostics.find(d => d.severity === 'error');
    expect(err?.code).toBe('parse.json.invalid');
    expect(err?.location?.line).toBe(cut.text.split('\n').length);
  });

  it('parses 10,000 RPC spans (no quadratic work)', () => {
    const n = 10_000;
    const hex = (i: number) => i.toString(16).padStart(16, '0');
    const spans = [];
    for (let i = 1; i <= n; i++) {
      spans.push(rpcSpan({ id: hex(i), parentId: i > 1 ? hex(i >> 1) : undefined }));
    }
    const text = `[\n${spans.map(s => JSON.stringify(s)).join(',\n')}\n]`;
    const r = zipkinV1.parse(new InputText(text));
    expect(r.spans).toHaveLength(2 * n); // each RPC span splits into client + server
    expect(r.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
    expect(new Set(r.spans.map(s => s.spanId)).size).toBe(2 * n);
  });

  it('never throws on any truncation of the sample and always locates what it imports', () => {
    const text = sample().text;
    expectTruncationsReported(zipkinV1, text, cut => cut < text.trimEnd().length);
  });
});
