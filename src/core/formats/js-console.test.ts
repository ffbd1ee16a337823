import { inspect } from 'node:util';
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
import { jsConsole } from './js-console.ts';

const sample = () => readSample('js-console/basic.txt');

function sampleSpans(): string[] {
  return sample()
    .text.split(/\n(?=\{)/)
    .map(s => s.trimEnd());
}

/** A span as SDK 1.x printed it: parentId, instrumentationLibrary, no resource. */
function v1Span(
  over: { parentId?: string; timestamp?: string; duration?: string; extra?: string } = {},
): string {
  return [
    '{',
    `  instrumentationLibrary: { name: 'legacy-lib', version: '0.9.0', schemaUrl: undefined },`,
    `  traceId: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',`,
    `  parentId: ${over.parentId ?? 'undefined'},`,
    `  traceState: undefined,`,
    `  name: 'GET /weather',`,
    `  id: '2222222222222222',`,
    `  kind: 1,`,
    `  timestamp: ${over.timestamp ?? '1736937000012345'},`,
    `  duration: ${over.duration ?? '1511111'},`,
    `  attributes: { 'http.method': 'GET'${over.extra ?? ''} },`,
    `  status: { code: 0 },`,
    `  events: [],`,
    `  links: []`,
    '}',
  ].join('\n');
}

describe('js-console importer', () => {
  it('imports the fixture trace', () => {
    const spans = expectFixtureTrace(jsConsole.parse(sample()), { precision: 'us' });
    expect(spans.map(s => [s.source.line, s.source.endLine])).toEqual([
      [1, 34],
      [35, 76],
      [77, 121],
    ]);
  });

  it('is detected with and without the file name', () => {
    expect(jsConsole.sniff(sample())).not.toBeNull();
    expect(jsConsole.sniff(withoutName(sample()))).not.toBeNull();
    expect(detectFormat(sample()).format?.id).toBe('js-console');
    expect(detectFormat(withoutName(sample())).format?.id).toBe('js-console');
  });

  it('does not claim the other formats samples', () => {
    expectNoOtherSampleClaimed(jsConsole);
  });

  it('reads 2.x parentSpanContext: isRemote marks a remote parent, its absence a local one', () => {
    const result = jsConsole.parse(sample());
    const byName = new Map(result.spans.map(s => [s.name, s]));
    expect(byName.get('run_agent')!.parentIsRemote).toBe(true);
    expect(byName.get('get_weather')!.parentIsRemote).toBe(false);
    expect(result.dialect).toMatch(/2\.x/);
  });

  it('reads scope, trace state, links, event HrTime and the 0-based kind', () => {
    const byName = new Map(jsConsole.parse(sample()).spans.map(s => [s.name, s]));
    const run = byName.get('run_agent')!;
    expect(run.kind).toBe('SERVER');
    expect(run.scope).toEqual({ name: 'agent-demo', version: '1.0.0' });
    expect(run.traceState).toBe('congo=t61rcWkgMzE');
    expect(run.attributes['tag.tags']).toEqual(['demo', 'weather']);
    expect(run.links).toEqual([
      {
        traceId: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
        spanId: '1122334455667788',
        attributes: { source: 'queue' },
      },
    ]);
    expect(run.notes).toBeUndefined();
    const tool = byName.get('get_weather')!;
    expect(tool.kind).toBe('INTERNAL');
    expect(tool.events[0]).toEqual({
      name: 'exception',
      timeNs: 1736937001401500000n,
      attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'weather API timeout' },
    });
    expect(tool.resource).toEqual({
      'service.name': 'weather-agent',
      'deployment.environment.name': 'dev',
    });
  });

  it('reads 1.x field names: parentId without a remote flag, instrumentationLibrary, no resource', () => {
    const result = jsConsole.parse(
      new InputText(`${v1Span({ parentId: "'00f067aa0ba902b7'" })}\n${v1Span()}\n`),
    );
    const [child, root] = result.spans;
    expect(child).toMatchObject({
      parentSpanId: '00f067aa0ba902b7',
      parentIsRemote: null,
      kind: 'SERVER',
      scope: { name: 'legacy-lib', version: '0.9.0' },
      serviceName: null,
      startNs: 1736937000012345000n,
      endNs: 1736937001523456000n,
    });
    expect(root!.parentSpanId).toBeNull();
    expect(root!.source.line).toBe(16);
    expect(result.dialect).toMatch(/1\.x/);
    expect(jsConsole.sniff(new InputText(v1Span()))).not.toBeNull();
  });

  it('converts fractional microseconds exactly as printed', () => {
    // Node prints the shortest text that round-trips the double, so the printed digits are the data.
    const [span] = jsConsole.parse(
      new InputText(v1Span({ timestamp: '1736937000950100.2', duration: '165.256' })),
    ).spans;
    expect(span!.startNs).toBe(1736937000950100200n);
    expect(span!.endNs! - span!.startNs!).toBe(165256n);
  });

  it('keeps placeholders and truncation markers as text and notes them on the span', () => {
    const extra = `,\n    nested: [Object],\n    long: 'aaa'... 20000 more characters,\n    list: [\n      1, 2,\n      ... 98 more items\n    ]`;
    const [span] = jsConsole.parse(new InputText(v1Span({ extra }))).spans;
    expect(span!.attributes.nested).toBe('[Object]');
    expect(span!.attributes.long).toBe('aaa');
    expect(span!.attributes.list).toEqual([1, 2]);
    expect(span!.notes).toEqual([
      'line 12: [Object] printed instead of the value',
      'line 13: string truncated by the console output (20000 more characters not shown)',
      'line 16: 98 more items not shown by the console output',
    ]);
  });

  it('reads spans between log lines, with ANSI colours and CRLF line ends', () => {
    const [a, b, c] = sampleSpans();
    const coloured = b!
      .replace(/'([^']*)'/g, "\x1b[32m'$1'\x1b[39m")
      .replace(/(\d+)(,?)$/gm, '\x1b[33m$1\x1b[39m$2');
    const text = ['server listening on :8080', a, 'GET /weather 200', coloured, c, '']
      .join('\n')
      .replace(/\n/g, '\r\n');
    const result = jsConsole.parse(new InputText(text));
    const spans = expectFixtureTrace(result, { precision: 'us' });
    expect(result.diagnostics).toEqual([]);
    expect(spans.map(s => s.source.line)).toEqual([2, 37, 79]);
    expect(jsConsole.sniff(new InputText(text))).not.toBeNull();
  });

  it('reports a span cut off in the middle with its line and still imports the others', () => {
    const [a, b, c] = sampleSpans();
    const cut = b!.split('\n').slice(0, 20).join('\n'); // ends inside `attributes`
    const result = jsConsole.parse(new InputText([a, cut, c].join('\n')));
    expect(result.spans.map(s => s.name)).toEqual(['chat gpt-4o-mini', 'run_agent']);
    const errors = result.diagnostics.filter(d => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'parse.js-literal.invalid', location: { line: 55 } });
    expect(errors[0]!.message).toMatch(/line 35/);
  });

  it('reports truncated input at the end with its line', () => {
    const text = sample().text.split('\n').slice(0, 100).join('\n');
    const result = jsConsole.parse(new InputText(text));
    expect(result.spans).toHaveLength(2);
    const err = result.diagnostics.find(d => d.severity === 'error');
    expect(err?.location?.line).toBe(100);
  });

  it('skips printed objects that are not spans', () => {
    const result = jsConsole.parse(new InputText(`{ config: { port: 8080 } }\n${v1Span()}`));
    expect(result.spans).toHaveLength(1);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'format.js-console.not-a-span',
        severity: 'info',
        location: { line: 1 },
      }),
    ]);
  });

  it('parses 10,000 printed spans (no quadratic work)', () => {
    const n = 10_000;
    const hex = (i: number) => i.toString(16).padStart(16, '0');
    const objs = [];
    for (let i = 1; i <= n; i++) {
      objs.push({
        resource: { attributes: { 'service.name': 'svc' } },
        instrumentationScope: { name: 'x', version: '1', schemaUrl: undefined },
        traceId: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
        parentSpanContext:
          i > 1
            ? { traceId: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718', spanId: hex(i >> 1), traceFlags: 1 }
            : undefined,
        traceState: undefined,
        name: `op ${i}`,
        id: hex(i),
        kind: i % 5,
        timestamp: 1736937000105000 + i + 0.5, // exactly representable: printed as .5
        duration: 800.256,
        attributes: { 'http.method': 'GET', n: i, tags: ['a', 'b'] },
        status: { code: 0 },
        // Nested deeper than depth 3: printed as [Object], reported as a note on every span.
        events: [{ name: 'e', attributes: { deep: { x: 1 } }, time: [1736937001, 401500000] }],
        links: [],
      });
    }
    const text = objs.map(o => inspect(o, { depth: 3 })).join('\n') + '\n';
    const r = jsConsole.parse(new InputText(text));
    expect(r.spans).toHaveLength(n);
    expect(r.diagnostics).toEqual([]);
    expect(r.spans[n - 1]!.startNs).toBe(1736937000105000n * 1000n + BigInt(n) * 1000n + 500n);
    expect(r.spans[n - 1]!.endNs! - r.spans[n - 1]!.startNs!).toBe(800256n);
    expect(r.spans[n - 1]!.events[0]!.attributes.deep).toBe('[Object]');
    expect(r.spans[n - 1]!.notes?.[0]).toMatch(
      /^line \d+: \[Object\] printed instead of the value$/,
    );
  });

  it('never throws on any truncation of the sample and always locates what it imports', () => {
    const text = sample().text;
    // A cut right after a span's closing brace leaves a complete, shorter dump.
    expectTruncationsReported(jsConsole, text, cut => !text.slice(0, cut).trimEnd().endsWith('}'));
  });
});
