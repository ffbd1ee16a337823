import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import { detectFormat } from './index.ts';
import { allSamples } from './sample-corpus.test-helper.ts';
import { expectFixtureTrace, readSample, withoutName } from './fixture-trace.test-helper.ts';
import { jaegerJson } from './jaeger-json.ts';

const sample = () => readSample('jaeger-json/basic.json');

type J = Record<string, unknown>;

/** A Jaeger span with defaults; `parent` adds a CHILD_OF reference. */
function jSpan(spanID: string, over: J & { parent?: string } = {}): J {
  const { parent, ...rest } = over;
  return {
    traceID: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
    spanID,
    operationName: `op-${spanID.slice(-2)}`,
    references: parent
      ? [{ refType: 'CHILD_OF', traceID: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718', spanID: parent }]
      : [],
    startTime: 1736937000000000,
    duration: 1000,
    tags: [],
    logs: [],
    processID: 'p1',
    warnings: null,
    ...rest,
  };
}

function jTrace(spans: J[], extra: J = {}): J {
  return {
    traceID: spans[0]?.traceID ?? '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
    spans,
    processes: { p1: { serviceName: 'svc', tags: [] } },
    warnings: null,
    ...extra,
  };
}

const input = (v: unknown) => new InputText(JSON.stringify(v, null, 2));

describe('jaeger-json importer', () => {
  it('imports the fixture trace', () => {
    const result = jaegerJson.parse(sample());
    const spans = expectFixtureTrace(result, { precision: 'us' });
    expect(spans.map(s => s.source.line)).toEqual([6, 70, 160]);
    expect(result.dialect).toMatch(/envelope, 1 trace/);
  });

  it('is detected with and without the file name', () => {
    expect(jaegerJson.sniff(sample())).not.toBeNull();
    expect(jaegerJson.sniff(withoutName(sample()))).not.toBeNull();
    expect(detectFormat(sample()).format?.id).toBe('jaeger-json');
    expect(detectFormat(withoutName(sample())).format?.id).toBe('jaeger-json');
  });

  it('does not claim the other formats samples, OTLP or Phoenix data', () => {
    for (const sample of allSamples()) {
      if (sample.formatId === 'jaeger-json') continue;
      expect(jaegerJson.sniff(sample.input), sample.rel).toBeNull();
    }
    expect(jaegerJson.sniff(input({ resourceSpans: [] }))).toBeNull();
    expect(
      jaegerJson.sniff(
        input({ data: [{ context: { trace_id: 'x', span_id: 'y' } }], next_cursor: null }),
      ),
    ).toBeNull();
  });

  it('reads scope, resource, status, events, the FOLLOWS_FROM link and the warning', () => {
    const byName = new Map(jaegerJson.parse(sample()).spans.map(s => [s.name, s]));
    const run = byName.get('run_agent')!;
    expect(run.scope).toEqual({ name: 'agent-demo', version: '1.0.0' });
    expect(run.resource['service.name']).toBe('weather-agent');
    expect(run.resource['telemetry.sdk.language']).toBe('python');
    expect(run.traceState).toBe('congo=t61rcWkgMzE');
    expect(run.links).toEqual([
      { traceId: 'f0e1d2c3b4a5968778695a4b3c2d1e0f', spanId: '1122334455667788', attributes: {} },
    ]);
    expect(run.parentIsRemote).toBeNull();
    expect(run.flags).toBeUndefined();
    expect(run.notes).toEqual([
      'Jaeger warning: parent span ID=00f067aa0ba902b7 is not in the trace; skipping clock skew adjustment',
    ]);
    const llm = byName.get('chat gpt-4o-mini')!;
    expect(llm.attributes['llm.token_count.prompt']).toBe(42);
    expect(llm.attributes['gen_ai.request.temperature']).toBe(0.2);
    const tool = byName.get('get_weather')!;
    expect(tool.status).toEqual({ code: 'ERROR', message: 'weather API timeout' });
    expect(tool.events).toEqual([
      {
        name: 'exception',
        timeNs: 1736937001401500000n,
        attributes: {
          'exception.message': 'weather API timeout',
          'exception.type': 'TimeoutError',
        },
      },
    ]);
  });

  it('reads several traces, 64-bit trace ids, FOLLOWS_FROM-only parents, children before parents and big int64 tags', () => {
    const result = jaegerJson.parse(readSample('jaeger-json/several-traces-64bit.json'));
    expect(result.diagnostics).toEqual([]);
    expect(result.dialect).toBe('/api/traces envelope, 2 traces, 4 spans, 64-bit trace ids');
    const byId = new Map(result.spans.map(s => [s.spanId, s]));
    const db = byId.get('0000000000000b02')!;
    expect(db.traceId).toBe('0000000000000000a1b2c3d4e5f60718');
    expect(db.notes).toContain('64-bit trace id a1b2c3d4e5f60718 left-padded to 128 bits');
    expect(db.parentSpanId).toBe('0000000000000b01');
    expect(db.serviceName).toBe('orders-db');
    expect(db.kind).toBe('CLIENT');
    expect(db.attributes['db.rows']).toBe('9007199254740993');
    expect(db.attributes['db.cached']).toBe(false);
    expect(db.attributes['db.ratio']).toBe(0.75);
    expect(db.source.line).toBe(6);
    const api = byId.get('0000000000000b01')!;
    expect(api.parentSpanId).toBeNull();
    expect(api.status).toEqual({ code: 'ERROR' });
    expect(api.resource).toEqual({ 'service.name': 'orders-api', 'host.name': 'web-1' });
    expect(api.events).toEqual([
      { name: '', timeNs: 1736937000300000000n, attributes: { message: 'slow query' } },
    ]);
    const receipt = byId.get('0000000000000b03')!;
    expect(receipt.parentSpanId).toBe('0000000000000b01');
    expect(receipt.links).toEqual([]);
    expect(receipt.kind).toBe('UNSPECIFIED');
    expect(receipt.notes).toContain(
      'no CHILD_OF reference: the FOLLOWS_FROM reference to 0000000000000b01 is used as the parent',
    );
    const consumer = byId.get('1122334455667788')!;
    expect(consumer.parentSpanId).toBeNull(); // all-zero parentSpanID = root
    expect(consumer.serviceName).toBe('worker');
    expect(consumer.kind).toBe('CONSUMER');
  });

  it('accepts a bare trace object, an array of traces and JSON Lines', () => {
    const t1 = jTrace([jSpan('0000000000000001')]);
    const t2 = jTrace([jSpan('0000000000000002', { traceID: 'ffffffffffffffffffffffffffffffff' })]);
    expect(jaegerJson.parse(input(t1)).spans).toHaveLength(1);
    expect(jaegerJson.parse(input(t1)).dialect).toMatch(/^trace object/);
    expect(jaegerJson.parse(input([t1, t2])).spans.map(s => s.spanId)).toEqual([
      '0000000000000001',
      '0000000000000002',
    ]);
    const lines = new InputText(`${JSON.stringify(t1)}\n${JSON.stringify(t2)}\n`);
    expect(jaegerJson.sniff(lines)).not.toBeNull();
    const r = jaegerJson.parse(lines);
    expect(r.spans.map(s => s.source.line)).toEqual([1, 2]);
    expect(r.diagnostics).toEqual([]);
  });

  it('uses the deprecated parentSpanID and the embedded process when there are no references', () => {
    const s = jSpan('0000000000000002', {
      parentSpanID: '0000000000000001',
      process: { serviceName: 'embedded', tags: [] },
    });
    delete s.processID;
    const [span] = jaegerJson.parse(input(jTrace([s], { processes: {} }))).spans;
    expect(span!.parentSpanId).toBe('0000000000000001');
    expect(span!.serviceName).toBe('embedded');
  });

  it('notes a parent reference into another trace and turns extra references into links', () => {
    const s = jSpan('0000000000000002', {
      references: [
        {
          refType: 'CHILD_OF',
          traceID: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
          spanID: '0000000000000001',
        },
        {
          refType: 'CHILD_OF',
          traceID: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
          spanID: '0000000000000003',
        },
      ],
    });
    const [span] = jaegerJson.parse(input(jTrace([s]))).spans;
    expect(span!.parentSpanId).toBe('0000000000000001');
    expect(span!.links.map(l => l.spanId)).toEqual(['0000000000000003']);
    expect(span!.notes).toEqual([
      'the parent reference points into another trace (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)',
      'extra CHILD_OF reference to 0000000000000003 kept as a link',
    ]);
  });

  it('warns about a process id missing from processes', () => {
    const r = jaegerJson.parse(input(jTrace([jSpan('0000000000000001', { processID: 'p9' })])));
    expect(r.spans[0]!.serviceName).toBeNull();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'format.jaeger.process-missing', severity: 'warning' }),
    ]);
  });

  it('reports API errors from the envelope', () => {
    const v = {
      data: [],
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 404, msg: 'trace not found' }],
    };
    expect(jaegerJson.sniff(input(v))).toMatch(/envelope/);
    const r = jaegerJson.parse(input(v));
    expect(r.spans).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'format.jaeger.api-error',
        message: 'The Jaeger response reports an error: trace not found (code 404).',
      }),
    ]);
  });

  it('reports truncated input with its line and salvages the complete spans before the cut', () => {
    const text = sample().text;
    const cut = text.slice(0, text.indexOf('"operationName": "run_agent"') + 40);
    const damaged = new InputText(cut);
    expect(jaegerJson.sniff(damaged)).not.toBeNull();
    const r = jaegerJson.parse(damaged);
    expect(r.spans.map(s => s.name)).toEqual(['chat gpt-4o-mini', 'get_weather']);
    expect(r.spans[0]!.notes).toEqual([
      'salvaged from a damaged document: its process (service) is unknown',
    ]);
    const err = r.diagnostics.find(d => d.severity === 'error');
    expect(err).toMatchObject({
      code: 'parse.json.invalid',
      location: { line: cut.split('\n').length },
    });
    expect(err!.message).toMatch(/2 complete spans were recovered/);
  });

  it('parses 20,000 spans with every line located (no quadratic work)', () => {
    const n = 20_000;
    const hex = (i: number) => i.toString(16).padStart(16, '0');
    const spans = [];
    for (let i = 1; i <= n; i++) {
      spans.push(
        jSpan(hex(i), {
          parent: i > 1 ? hex(i >> 1) : undefined,
          startTime: 1736937000105000 + i,
          tags: [{ key: 'n', type: 'int64', value: i }],
        }),
      );
    }
    const text = `{"data":[{"traceID":"7d3a1f2c9b8e4d6fa1c2b3d4e5f60718","spans":[\n${spans.map(s => JSON.stringify(s)).join(',\n')}\n],"processes":{"p1":{"serviceName":"svc","tags":[]}}}]}`;
    const r = jaegerJson.parse(new InputText(text));
    expect(r.spans).toHaveLength(n);
    expect(r.diagnostics).toEqual([]);
    expect(r.spans[12345]!.source.line).toBe(12347);
  });

  it('never throws on any truncation of the sample and always locates what it imports', () => {
    const text = sample().text;
    for (let cut = 0; cut <= text.length; cut += 5) {
      const r = jaegerJson.parse(new InputText(text.slice(0, cut)));
      for (const s of r.spans) expect(s.source.line).toBeGreaterThan(0);
      if (cut < text.trimEnd().length)
        expect(r.diagnostics.some(d => d.severity !== 'info')).toBe(true);
    }
  });
});
