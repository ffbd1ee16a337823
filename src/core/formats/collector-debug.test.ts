import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import { collectorDebug } from './collector-debug.ts';
import { collectorFile } from './collector-file.ts';
import { expectFixtureTrace, readSample, withoutName } from './fixture-trace.test-helper.ts';
import { otlpJson } from './otlp-json.ts';
import { describeCorpusDetection } from './sample-corpus.test-helper.ts';

const TRACE = '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718';

/** A debug-exporter span block as `otlptext` prints it (`"    %-15s: %s"`). */
function spanBlock(index: number, id: string, parent: string, extra: string[] = []): string[] {
  const f = (k: string, v: string) => `    ${k.padEnd(15)}: ${v}`;
  return [
    `Span #${index}`,
    f('Trace ID', TRACE),
    f('Parent ID', parent),
    f('ID', id),
    f('Name', `op ${id.slice(0, 4)}`),
    f('Kind', 'Server'),
    f('Start time', '2025-01-15 10:30:00.000000001 +0000 UTC'),
    f('End time', '2025-01-15 10:30:01 +0000 UTC'),
    f('Status code', 'Unset'),
    f('Status message', ''),
    ...extra,
  ];
}

function batch(...spans: string[][]): string[] {
  return [
    '2025-01-15T10:30:01.405Z\tinfo\tTraces\t{"otelcol.component.id": "debug", "resource spans": 1}',
    '2025-01-15T10:30:01.405Z\tinfo\tResourceSpans #0',
    'Resource SchemaURL: ',
    'Resource attributes:',
    '     -> service.name: Str(svc)',
    'ScopeSpans #0',
    'ScopeSpans SchemaURL: ',
    'InstrumentationScope lib 1.2',
    ...spans.flat(),
    '\t{"otelcol.component.id": "debug", "otelcol.component.kind": "exporter"}',
  ];
}

const parse = (lines: string[]) => collectorDebug.parse(new InputText(lines.join('\n')));

describe('collector-debug samples', () => {
  for (const file of ['collector-debug/basic.txt', 'collector-debug/legacy-logging-exporter.txt']) {
    it(`reads ${file} as the fixture trace`, () => {
      expectFixtureTrace(collectorDebug.parse(readSample(file)));
    });
    it(`detects ${file} with and without its file name, and no JSON module claims it`, () => {
      const input = readSample(file);
      for (const i of [input, withoutName(input)]) {
        expect(collectorDebug.sniff(i)).toBeTruthy();
        expect(otlpJson.sniff(i)).toBeNull();
        expect(collectorFile.sniff(i)).toBeNull();
      }
    });
  }

  it('reads resource, scope, typed attributes, events and links', () => {
    const result = collectorDebug.parse(readSample('collector-debug/basic.txt'));
    expect(result.dialect).toBe('detailed verbosity, zap log prefixes');
    const byName = new Map(result.spans.map(s => [s.name, s]));
    const root = byName.get('run_agent')!;
    expect(root.resource['service.instance.id']).toBe('c07a9ea2-cf6c-40d4-a68d-982837efd4ce');
    expect(root.scope).toEqual({ name: 'agent-demo', version: '1.0.0' });
    expect(root.traceState).toBe('congo=t61rcWkgMzE');
    expect(root.attributes['tag.tags']).toEqual(['demo', 'weather']);
    expect(root.links).toEqual([
      {
        traceId: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
        spanId: '1122334455667788',
        attributes: { source: 'queue' },
      },
    ]);
    expect(root.parentIsRemote).toBeNull(); // the text carries no span flags
    const llm = byName.get('chat gpt-4o-mini')!;
    expect(llm.attributes).toEqual({
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o-mini',
      'llm.token_count.prompt': 42,
      'llm.token_count.completion': 12,
      'gen_ai.request.temperature': 0.2,
    });
    const tool = byName.get('get_weather')!;
    expect(tool.attributes['tool.parameters']).toBe('{"city": "Paris"}');
    expect(tool.events).toEqual([
      {
        name: 'exception',
        timeNs: 1736937001401500000n,
        attributes: {
          'exception.type': 'TimeoutError',
          'exception.message': 'weather API timeout',
        },
      },
    ]);
  });

  it('points each span at its "Span #" line and the last line of its block', () => {
    const input = readSample('collector-debug/basic.txt');
    for (const s of collectorDebug.parse(input).spans) {
      expect(input.lineText(s.source.line)).toMatch(/^Span #\d$/);
      expect(s.source.endLine).toBeGreaterThan(s.source.line);
      expect(input.lineText(s.source.endLine!)).toMatch(/^\s+-> /);
    }
  });

  it('reads the legacy logging exporter names and unquoted ARRAY values', () => {
    const result = collectorDebug.parse(readSample('collector-debug/legacy-logging-exporter.txt'));
    expect(result.dialect).toMatch(/zap log prefixes, legacy logging exporter/);
    const root = result.spans.find(s => s.name === 'run_agent')!;
    expect(root.attributes['tag.tags']).toEqual(['demo', 'weather']);
    expect(root.links[0]!.attributes).toEqual({ source: 'queue' });
  });
});

describe('collector-debug text variants', () => {
  it('reads the text without zap prefixes (use_internal_logger: false) and with CRLF', () => {
    const input = readSample('collector-debug/basic.txt');
    const plain = input.text
      .split('\n')
      .filter(l => !l.startsWith('\t{'))
      .map(l => l.replace(/^\S+\tinfo\t/, ''))
      .filter(l => !l.startsWith('Traces\t'))
      .join('\r\n');
    const crlf = new InputText(plain);
    expect(collectorDebug.sniff(crlf)).toBeTruthy();
    expectFixtureTrace(collectorDebug.parse(crlf));
  });

  it('reads docker compose prefixes and zap prefixes whose tabs became spaces', () => {
    const lines = batch(spanBlock(0, '1000000000000001', '')).map(
      l => `otel-collector-1  | ${l.replace(/\t(info)\t/, '        INFO    ')}`,
    );
    const input = new InputText(lines.join('\n'));
    expect(collectorDebug.sniff(input)).toBeTruthy();
    const r = collectorDebug.parse(input);
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]).toMatchObject({
      spanId: '1000000000000001',
      serviceName: 'svc',
      kind: 'SERVER',
    });
    expect(r.dialect).toContain('docker compose prefixes');
  });

  it('reads debug text inside JSON-encoded collector logs', () => {
    const text = batch(spanBlock(0, '1000000000000001', '00f067aa0ba902b7'))
      .slice(2, -1)
      .join('\n');
    const logLine = JSON.stringify({
      level: 'info',
      ts: 1736937001.405,
      msg: `ResourceSpans #0\n${text}`,
    });
    const r = collectorDebug.parse(
      new InputText(`{"level":"info","msg":"Everything is ready."}\n${logLine}\n`),
    );
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]).toMatchObject({
      parentSpanId: '00f067aa0ba902b7',
      serviceName: 'svc',
      source: { line: 2 },
    });
    expect(r.dialect).toContain('JSON-encoded collector logs');
  });

  it('skips unrelated log lines between and inside batches', () => {
    const lines = [
      '2025-01-15T10:29:59.000Z\tinfo\tservice@v0.120.0/service.go:275\tEverything is ready. Begin running and processing data.',
      'some unrelated stdout line',
      ...batch(spanBlock(0, '1000000000000001', '')),
      '2025-01-15T10:30:02.000Z\twarn\tbatchprocessor@v0.120.0/batch.go:100\tSender failed',
      ...batch(spanBlock(0, '2000000000000002', '1000000000000001')),
    ];
    const r = parse(lines);
    expect(r.diagnostics).toEqual([]);
    expect(r.spans.map(s => [s.spanId, s.parentSpanId])).toEqual([
      ['1000000000000001', null],
      ['2000000000000002', '1000000000000001'],
    ]);
    expect(r.spans[0]!.startNs).toBe(1736937000000000001n);
    expect(r.spans[0]!.endNs).toBe(1736937001000000000n);
  });

  it('reads multi-line string values and every value type', () => {
    const r = parse(
      batch(
        spanBlock(0, '1000000000000001', '', [
          'Attributes:',
          '     -> input.value: Str(first line',
          'second line)',
          '     -> ok: Bool(true)',
          '     -> big: Int(9223372036854775807)',
          '     -> neg: Double(-1.5)',
          '     -> nan: Double(NaN)',
          '     -> m: Map({"a":1,"b":[true]})',
          '     -> raw: Bytes(AQID)',
          '     -> nothing: Empty()',
          '     -> weird key: with colon: Str(v)',
        ]),
      ),
    );
    expect(r.spans[0]!.attributes).toEqual({
      'input.value': 'first line\nsecond line',
      ok: true,
      big: '9223372036854775807',
      neg: -1.5,
      nan: 'NaN',
      m: { a: 1, b: [true] },
      raw: 'AQID',
      nothing: null,
      'weird key: with colon': 'v',
    });
  });

  it('keeps a line break that ends a string value, but not blank lines after the value', () => {
    const lines = batch(
      spanBlock(0, '1000000000000001', '', [
        'Attributes:',
        '     -> a: Str(ends with newline',
        ')',
        '     -> b: Str(last)',
      ]),
    );
    // No zap trailer: the input ends with blank lines right after the last value.
    const r = parse([...lines.slice(0, -1), '', '']);
    expect(r.spans[0]!.attributes['a']).toBe('ends with newline\n');
    expect(r.spans[0]!.attributes['b']).toBe('last');
  });

  it('reads scope attributes and skips resource entity refs', () => {
    const lines = batch(spanBlock(0, '1000000000000001', ''));
    lines.splice(
      5,
      0,
      'Resource entity refs:',
      '     -> Entity ref #0:',
      '          -> Type: service',
    );
    lines.splice(
      lines.indexOf('InstrumentationScope lib 1.2') + 1,
      0,
      'InstrumentationScope attributes:',
      '     -> scope.attr: Str(x)',
    );
    const s = parse(lines).spans[0]!;
    expect(s.resource).toEqual({ 'service.name': 'svc' });
    expect(s.scope).toEqual({ name: 'lib', version: '1.2', attributes: { 'scope.attr': 'x' } });
  });

  it('keeps a span with missing id lines and reports it', () => {
    const block = spanBlock(0, '1000000000000001', '').filter(l => !l.startsWith('    ID '));
    const r = parse(batch(block));
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]!.spanId).toBe('');
    expect(r.diagnostics.map(d => [d.code, d.location?.line])).toEqual([
      ['format.collector-debug.incomplete-span', 9],
    ]);
  });

  it('reports an unreadable time and an unknown kind', () => {
    const block = spanBlock(0, '1000000000000001', '').map(l =>
      l.startsWith('    Start time')
        ? '    Start time     : yesterday'
        : l.startsWith('    Kind')
          ? '    Kind           : Sideways'
          : l,
    );
    const r = parse(batch(block));
    expect(r.spans[0]!.startNs).toBeNull();
    expect(r.diagnostics.map(d => d.code)).toEqual(
      expect.arrayContaining([
        'format.collector-debug.bad-time',
        'format.collector-debug.bad-kind',
      ]),
    );
  });

  it('reports a span block cut off before its "Status code" line', () => {
    const block = spanBlock(0, '1000000000000001', '').slice(0, 6); // up to "Kind"
    const r = parse(batch(block).slice(0, -1));
    expect(r.spans).toHaveLength(1);
    expect(r.diagnostics.map(d => d.code)).toContain('format.collector-debug.incomplete-span');
    expect(r.diagnostics.find(d => d.message.includes('Status code'))?.message).toMatch(/cut off/);
  });

  it('reports an unreadable status code, a value without ")" and a malformed attribute line', () => {
    const block = spanBlock(0, '1000000000000001', '', [
      'Attributes:',
      '     -> ok: Str(fine)',
      '     -> broken.key',
      '     -> cut: Str(half a val',
    ]).map(l => (l.startsWith('    Status code') ? '    Status code    : STATUS_CO' : l));
    const r = parse(batch(block).slice(0, -1));
    expect(r.spans[0]!.attributes).toEqual({ ok: 'fine', cut: 'half a val' });
    expect(r.diagnostics.map(d => d.code)).toEqual([
      'format.collector-debug.bad-attribute',
      'format.collector-debug.unclosed-value',
      'format.collector-debug.bad-status',
    ]);
  });

  it('explains that normal verbosity has no span blocks', () => {
    const text = [
      '2025-01-15T10:30:01.405Z\tinfo\tTraces\t{"resource spans": 1, "spans": 1}',
      '2025-01-15T10:30:01.405Z\tinfo\tResourceSpans #0',
      'run_agent 7d3a1f2c9b8e4d6fa1c2b3d4e5f60718 3c5d7e9f1a2b4c6d',
    ].join('\n');
    const input = new InputText(text);
    expect(collectorDebug.sniff(input)).toBeTruthy();
    const r = collectorDebug.parse(input);
    expect(r.spans).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({
      code: 'format.collector-debug.no-spans',
      severity: 'warning',
    });
    expect(r.diagnostics[0]!.hint).toMatch(/verbosity: detailed/);
  });
});

describeCorpusDetection(collectorDebug);
