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
import { pythonConsole, pythonTraceState } from './python-console.ts';

const sample = () => readSample('python-console/basic.txt');

/** One span the way `ReadableSpan.to_json()` prints it (indent 4). */
function pySpan(over: Record<string, unknown> = {}): string {
  const span = {
    name: 'op',
    context: {
      trace_id: '0x7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
      span_id: '0x1111111111111111',
      trace_state: '[]',
    },
    kind: 'SpanKind.INTERNAL',
    parent_id: null,
    start_time: '2025-01-15T10:30:00.000001Z',
    end_time: '2025-01-15T10:30:00.500000Z',
    status: { status_code: 'UNSET' },
    attributes: {},
    events: [],
    links: [],
    resource: { attributes: { 'service.name': 'svc' }, schema_url: '' },
    ...over,
  };
  return JSON.stringify(span, null, 4);
}

/** The sample's three span texts, split at each `{` in column 1. */
function sampleSpans(): string[] {
  return sample()
    .text.split(/\n(?=\{)/)
    .map(s => s.trimEnd());
}

describe('python-console importer', () => {
  it('imports the fixture trace', () => {
    const spans = expectFixtureTrace(pythonConsole.parse(sample()));
    expect(spans.map(s => s.source.line)).toEqual([1, 36, 79]);
    expect(spans[0]!.source.endLine).toBe(35);
  });

  it('is detected when the first span has a name far longer than the sniffing window', () => {
    const name = '<b>'.repeat(400_000); // 1.2 MB: "kind" comes after the name
    const input = new InputText(`${pySpan({ name })}\n${pySpan()}\n`);
    expect(pythonConsole.sniff(input)).toMatch(/SpanKind/);
    expect(detectFormat(input).format?.id).toBe('python-console');
    expect(pythonConsole.parse(input).spans[0]!.name).toBe(name);
  });

  it('splits 40,000 broken pieces in linear time (each scan stops at the next piece)', () => {
    const input = new InputText(`${pySpan()}\n` + '{"a": [\n'.repeat(40_000));
    const t0 = performance.now();
    const r = pythonConsole.parse(input);
    expect(performance.now() - t0).toBeLessThan(10_000); // minutes when every scan ran to the end
    expect(r.spans).toHaveLength(1);
    expect(r.diagnostics.filter(d => d.code === 'parse.json.invalid')).toHaveLength(40_000);
  });

  it('is detected with and without the file name', () => {
    expect(pythonConsole.sniff(sample())).toMatch(/SpanKind/);
    expect(pythonConsole.sniff(withoutName(sample()))).toMatch(/SpanKind/);
    expect(detectFormat(sample()).format?.id).toBe('python-console');
    expect(detectFormat(withoutName(sample())).format?.id).toBe('python-console');
  });

  it('does not claim the other formats samples', () => {
    expectNoOtherSampleClaimed(pythonConsole);
  });

  it('turns the repr trace_state into W3C text and strips 0x from link ids', () => {
    const run = pythonConsole.parse(sample()).spans.find(s => s.name === 'run_agent')!;
    expect(run.traceState).toBe('congo=t61rcWkgMzE');
    expect(run.links).toEqual([
      {
        traceId: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
        spanId: '1122334455667788',
        attributes: { source: 'queue' },
      },
    ]);
    expect(run.attributes['tag.tags']).toEqual(['demo', 'weather']);
    expect(run.resource['telemetry.sdk.language']).toBe('python');
    expect(run.scope).toBeNull();
    expect(run.parentIsRemote).toBeNull();
    const tool = pythonConsole.parse(sample()).spans.find(s => s.name === 'get_weather')!;
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

  it('reads spans with log lines in between and CRLF line ends', () => {
    const [a, b, c] = sampleSpans();
    const text = [
      'INFO:agent:starting run',
      a,
      '[2025-01-15 10:30:00,950] WARNING tool retry [1/3',
      'DEBUG {not json}',
      b,
      '[INFO] done',
      c,
      '',
    ]
      .join('\n')
      .replace(/\n/g, '\r\n');
    const result = pythonConsole.parse(new InputText(text));
    const spans = expectFixtureTrace(result);
    expect(result.diagnostics).toEqual([]);
    expect(spans.map(s => s.source.line)).toEqual([2, 39, 83]);
    expect(pythonConsole.sniff(new InputText(text))).not.toBeNull();
  });

  it('reports a span cut off in the middle with its line and still imports the others', () => {
    const [a, b, c] = sampleSpans();
    const cut = b!.split('\n').slice(0, 12).join('\n'); // ends inside "status"
    const text = [a, cut, c].join('\n');
    const result = pythonConsole.parse(new InputText(text));
    expect(result.spans.map(s => s.name)).toEqual(['chat gpt-4o-mini', 'run_agent']);
    expect(result.spans[1]!.source.line).toBe(48);
    const errors = result.diagnostics.filter(d => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'parse.json.invalid', location: { line: 47 } });
    expect(errors[0]!.message).toMatch(/line 36/);
  });

  it('reports truncated input at the end with its line', () => {
    const lines = sample().text.split('\n');
    const text = lines.slice(0, 90).join('\n');
    const result = pythonConsole.parse(new InputText(text));
    expect(result.spans).toHaveLength(2);
    const err = result.diagnostics.find(d => d.code === 'parse.json.invalid');
    expect(err?.location?.line).toBe(90);
    expect(err?.message).toMatch(/ends too early/);
  });

  it('skips JSON values that are not spans and says so', () => {
    const text = `{"level": "info", "msg": "hello"}\n${pySpan()}\n`;
    const result = pythonConsole.parse(new InputText(text));
    expect(result.spans).toHaveLength(1);
    expect(result.spans[0]!.source.line).toBe(2);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'format.python-console.not-a-span',
        severity: 'info',
        location: { line: 1 },
      }),
    ]);
  });

  it('reads one-line spans (to_json(indent=None)) and a JSON array of spans', () => {
    const one = JSON.stringify(JSON.parse(pySpan()));
    const two = JSON.stringify(JSON.parse(pySpan({ name: 'b' })));
    const lines = pythonConsole.parse(new InputText(`${one}\n${two}\n`));
    expect(lines.spans.map(s => [s.name, s.source.line])).toEqual([
      ['op', 1],
      ['b', 2],
    ]);
    const arr = pythonConsole.parse(new InputText(`[\n${pySpan()},\n${pySpan({ name: 'b' })}\n]`));
    expect(arr.spans.map(s => [s.name, s.source.line])).toEqual([
      ['op', 2],
      ['b', 2 + pySpan().split('\n').length],
    ]);
    expect(arr.dialect).toMatch(/array/);
  });

  it('accepts the pre-1.12 flat resource and a null context, noting both', () => {
    const text = pySpan({
      context: null,
      resource: { 'service.name': 'old', 'telemetry.sdk.version': '1.11.0' },
    });
    const [span] = pythonConsole.parse(new InputText(text)).spans;
    expect(span!.serviceName).toBe('old');
    expect(span!.traceId).toBe('');
    expect(span!.notes).toEqual([
      '"context" is null: the span has no trace or span id',
      'resource printed as a flat attribute map (SDK before 1.12)',
    ]);
  });

  it('keeps integers beyond 2^53 in attributes exact', () => {
    const text = pySpan().replace(
      '"attributes": {}',
      '"attributes": {\n        "big": 12345678901234567890\n    }',
    );
    const [span] = pythonConsole.parse(new InputText(text)).spans;
    expect(span!.attributes.big).toBe('12345678901234567890');
  });

  it('parses Python trace_state reprs', () => {
    expect(pythonTraceState("['{key=a, value=1}', '{key=b, value=x y}']")).toBe('a=1,b=x y');
    expect(pythonTraceState('[]')).toBe('');
    expect(pythonTraceState('a=1')).toBeNull();
  });

  it('parses 20,000 spans between log lines (no quadratic work)', () => {
    const n = 20_000;
    const hex = (i: number) => '0x' + i.toString(16).padStart(16, '0');
    const texts: string[] = [];
    for (let i = 1; i <= n; i++) {
      const ctx = {
        trace_id: '0x7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
        span_id: hex(i),
        trace_state: '[]',
      };
      texts.push(
        pySpan({
          context: ctx,
          parent_id: i > 1 ? hex(i >> 1) : null,
          attributes: { i, s: `v${i}` },
        }),
      );
    }
    const text = texts.map((t, i) => (i % 100 === 0 ? `INFO step ${i}\n${t}` : t)).join('\n');
    const r = pythonConsole.parse(new InputText(text));
    expect(r.spans).toHaveLength(n);
    expect(r.diagnostics).toEqual([]);
    expect(r.spans[n - 1]!.source.line).toBe(
      text.split('\n').length - pySpan().split('\n').length - 2,
    );
  });

  it('never throws on any truncation of the sample and always locates what it imports', () => {
    const text = sample().text;
    // A cut right after a span's closing brace leaves a complete, shorter dump.
    expectTruncationsReported(
      pythonConsole,
      text,
      cut => !text.slice(0, cut).trimEnd().endsWith('}'),
    );
  });
});
