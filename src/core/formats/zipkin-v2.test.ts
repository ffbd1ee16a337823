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
import { fnv1a64 } from './zipkin-common.ts';
import { zipkinV2 } from './zipkin-v2.ts';

const sample = () => readSample('zipkin-v2/basic.json');
const input = (v: unknown) => new InputText(JSON.stringify(v, null, 2));

type Z = Record<string, unknown>;

function zSpan(id: string, over: Z = {}): Z {
  return {
    traceId: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
    id,
    name: `op-${id.slice(-2)}`,
    timestamp: 1736937000000000,
    duration: 1000,
    localEndpoint: { serviceName: 'svc' },
    ...over,
  };
}

describe('zipkin-v2 importer', () => {
  it('imports the fixture trace', () => {
    const result = zipkinV2.parse(sample());
    const spans = expectFixtureTrace(result, { precision: 'us' });
    expect(spans.map(s => [s.source.line, s.source.endLine])).toEqual([
      [2, 22],
      [23, 48],
      [49, 70],
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(result.dialect).toBe('Zipkin v2 list of spans, 3 spans');
  });

  it('is detected with and without the file name', () => {
    expect(zipkinV2.sniff(sample())).not.toBeNull();
    expect(zipkinV2.sniff(withoutName(sample()))).not.toBeNull();
    expect(detectFormat(sample()).format?.id).toBe('zipkin-v2');
    expect(detectFormat(withoutName(sample())).format?.id).toBe('zipkin-v2');
    const traces = readSample('zipkin-v2/traces-shared-64bit.json');
    expect(detectFormat(withoutName(traces)).format?.id).toBe('zipkin-v2');
  });

  it('does not claim the other formats samples', () => {
    expectNoOtherSampleClaimed(zipkinV2);
    expect(
      zipkinV2.sniff(input([{ traceId: 'x', id: 'y', type: 'SPAN', parentObservationId: null }])),
    ).toBeNull();
    expect(zipkinV2.sniff(input({ resourceSpans: [] }))).toBeNull();
  });

  it('keeps string tags as written and maps the kind, status and events', () => {
    const byName = new Map(zipkinV2.parse(sample()).spans.map(s => [s.name, s]));
    const llm = byName.get('chat gpt-4o-mini')!;
    expect(llm.attributes['llm.token_count.prompt']).toBe('42');
    expect(llm.resource).toEqual({ 'service.name': 'weather-agent' });
    expect(llm.scope).toBeNull();
    expect(llm.parentIsRemote).toBeNull();
    const tool = byName.get('get_weather')!;
    expect(tool.kind).toBe('INTERNAL');
    expect(tool.notes).toBeUndefined();
    expect(tool.events).toEqual([
      { name: 'exception', timeNs: 1736937001401500000n, attributes: {} },
    ]);
    expect(byName.get('run_agent')!.attributes['tag.tags']).toBe('demo,weather');
  });

  it('reads a list of traces with 64-bit trace ids and collector-style tags', () => {
    const result = zipkinV2.parse(readSample('zipkin-v2/traces-shared-64bit.json'));
    expect(result.dialect).toBe(
      'Zipkin v2 list of traces, 5 spans, 64-bit trace ids, 1 shared server spans re-identified',
    );
    const root = result.spans.find(s => s.spanId === '0000000000000a01')!;
    expect(root.traceId).toBe('0000000000000000463ac35c9f6413ad');
    expect(root.notes).toEqual(['64-bit trace id 463ac35c9f6413ad left-padded to 128 bits']);
    expect(root.source.line).toBe(37);
    const consumer = result.spans.find(s => s.name === 'consume order')!;
    expect(consumer).toMatchObject({
      kind: 'CONSUMER',
      status: { code: 'ERROR', message: 'deserialization failed' },
      scope: { name: 'kafka-instrumentation', version: '0.40.0' },
      traceState: 'congo=t61rcWkgMzE',
      links: [
        {
          traceId: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
          spanId: '3c5d7e9f1a2b4c6d',
          traceState: 'congo=t61rcWkgMzE',
          attributes: { source: 'queue' },
        },
      ],
      events: [
        {
          name: 'exception',
          timeNs: 1736937000060000000n,
          attributes: { 'exception.type': 'ValueError', 'exception.message': 'bad json' },
        },
      ],
    });
  });

  it('gives a shared server half its own id under the client half and moves its children', () => {
    const result = zipkinV2.parse(readSample('zipkin-v2/traces-shared-64bit.json'));
    const trace = result.spans.filter(s => s.traceId.endsWith('463ac35c9f6413ad'));
    const client = trace.find(s => s.kind === 'CLIENT')!;
    const server = trace.find(s => s.kind === 'SERVER' && s.name === 'get /profile')!;
    const child = trace.find(s => s.name === 'load profile')!;
    const newId = fnv1a64('0000000000000000463ac35c9f6413ad/0000000000000a02/shared/0');
    expect(client.spanId).toBe('0000000000000a02');
    expect(client.parentSpanId).toBe('0000000000000a01');
    expect(server.spanId).toBe(newId);
    expect(server.parentSpanId).toBe('0000000000000a02');
    expect(server.parentIsRemote).toBe(true);
    expect(server.notes).toContain(
      `Zipkin shared span: this server half reused its client's span id 0000000000000a02; it was given the id ${newId} and placed under the client half`,
    );
    expect(server.attributes['network.local.address']).toBe('10.0.0.2');
    expect(server.attributes['network.peer.address']).toBe('10.0.0.1');
    expect(client.attributes['peer.service']).toBe('backend');
    expect(child.parentSpanId).toBe(newId);
    expect(child.notes).toEqual([
      '64-bit trace id 463ac35c9f6413ad left-padded to 128 bits',
      `parent 0000000000000a02 is a Zipkin shared span id: moved under its server half ${newId}`,
    ]);
    expect(new Set(result.spans.map(s => s.spanId)).size).toBe(result.spans.length);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'format.zipkin.shared-span', severity: 'info' }),
    ]);
  });

  it('derives synthetic ids with standard FNV-1a 64', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('keeps a client-side child of a shared id under the client half', () => {
    const spans = [
      zSpan('00000000000000c1', {
        parentId: '00000000000000b1',
        kind: 'CLIENT',
        localEndpoint: { serviceName: 'web' },
      }),
      zSpan('00000000000000c1', {
        parentId: '00000000000000b1',
        kind: 'SERVER',
        shared: true,
        localEndpoint: { serviceName: 'api' },
      }),
      zSpan('00000000000000d1', {
        parentId: '00000000000000c1',
        localEndpoint: { serviceName: 'web' },
      }),
      zSpan('00000000000000d2', {
        parentId: '00000000000000c1',
        localEndpoint: { serviceName: 'api' },
      }),
    ];
    const r = zipkinV2.parse(input(spans));
    const server = r.spans[1]!;
    expect(r.spans[2]!.parentSpanId).toBe('00000000000000c1');
    expect(r.spans[3]!.parentSpanId).toBe(server.spanId);
  });

  it('treats a SERVER span sharing its id with a CLIENT span as shared even without the flag', () => {
    const spans = [
      zSpan('00000000000000c1', { kind: 'CLIENT', localEndpoint: { serviceName: 'web' } }),
      zSpan('00000000000000c1', { kind: 'SERVER', localEndpoint: { serviceName: 'api' } }),
    ];
    const r = zipkinV2.parse(input(spans));
    expect(r.spans[1]!.spanId).not.toBe('00000000000000c1');
    expect(r.spans[1]!.parentSpanId).toBe('00000000000000c1');
  });

  it('leaves true duplicates alone for the tree to report, and notes a lone shared half', () => {
    const dup = zipkinV2.parse(input([zSpan('00000000000000c1'), zSpan('00000000000000c1')]));
    expect(dup.spans.map(s => s.spanId)).toEqual(['00000000000000c1', '00000000000000c1']);
    const lone = zipkinV2.parse(
      input([
        zSpan('00000000000000c1', { kind: 'SERVER', shared: true, parentId: '00000000000000b1' }),
      ]),
    );
    expect(lone.spans[0]!.spanId).toBe('00000000000000c1');
    expect(lone.spans[0]!.notes).toEqual([
      "Zipkin shared server half whose client half is not in the dump (its parent is the client span's parent)",
    ]);
  });

  it('reports truncated input with its line and keeps the complete spans', () => {
    const text = sample().text;
    const cut = new InputText(text.slice(0, text.indexOf('"name": "run_agent"')));
    expect(zipkinV2.sniff(cut)).not.toBeNull();
    const r = zipkinV2.parse(cut);
    expect(r.spans.map(s => s.name)).toEqual(['chat gpt-4o-mini', 'get_weather']);
    expect(r.spans.map(s => s.source.line)).toEqual([2, 23]);
    const err = r.diagnostics.find(d => d.severity === 'error');
    expect(err).toMatchObject({ code: 'parse.json.invalid', location: { line: 52 } });
    expect(err!.message).toMatch(/2 complete spans were recovered/);
  });

  it('reads JSON Lines of spans', () => {
    const text = `${JSON.stringify(zSpan('0000000000000001'))}\n${JSON.stringify(zSpan('0000000000000002'))}\n`;
    // One object per line is not an array: not claimed by sniff on its own, but parse copes.
    const r = zipkinV2.parse(new InputText(text));
    expect(r.spans.map(s => [s.spanId, s.source.line])).toEqual([
      ['0000000000000001', 1],
      ['0000000000000002', 2],
    ]);
  });

  it('parses 20,000 spans with every line located (no quadratic work)', () => {
    const n = 20_000;
    const hex = (i: number) => i.toString(16).padStart(16, '0');
    const spans = [];
    for (let i = 1; i <= n; i++) {
      spans.push(
        zSpan(hex(i), {
          parentId: i > 1 ? hex(i >> 1) : undefined,
          timestamp: 1736937000105000 + i,
          tags: { n: String(i) },
        }),
      );
    }
    const text = `[\n${spans.map(s => JSON.stringify(s)).join(',\n')}\n]`;
    const r = zipkinV2.parse(new InputText(text));
    expect(r.spans).toHaveLength(n);
    expect(r.diagnostics).toEqual([]);
    expect(r.spans[12345]!.source.line).toBe(12347);
  });

  it('never throws on any truncation of the sample and always locates what it imports', () => {
    const text = sample().text;
    expectTruncationsReported(zipkinV2, text, cut => cut < text.trimEnd().length);
  });
});
