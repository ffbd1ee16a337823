// Limits: values nested 100,000 levels deep in every place a format keeps values, whole
// documents that deep (complete and cut off), absurd numbers where times go, and span trees
// 12,000 levels deep or wide. Each is read or refused with a clear diagnostic — never a stack
// overflow, an `internal` error or a hang. (`npm run fuzz` adds the same shapes at 100,000 spans;
// the 1,000,000-span input is in big-input.test.ts.)

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.ts';
import { MAX_NESTING, TOO_DEEP } from '../input/depth-limit.ts';
import type { AttrValue } from '../model/span.ts';
import { visibleRows } from '../tree/visible-rows.ts';
import { checkAnalysis, FUZZ_LARGE, polluted } from './arbitraries.test-helper.ts';

const N = 100_000;
const T = '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718';
const deepArray = '['.repeat(N) + '"x"' + ']'.repeat(N);
const deepObject = '{"a":'.repeat(N) + '"x"' + '}'.repeat(N);
const deepAnyValue =
  '{"arrayValue":{"values":['.repeat(N / 4) + '{"stringValue":"x"}' + ']}}'.repeat(N / 4);

const otlp = (attrValue: string) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 's' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: T,
                spanId: '3c5d7e9f1a2b4c6d',
                name: 'op',
                startTimeUnixNano: '1736937000012345000',
                endTimeUnixNano: '1736937000112345000',
                attributes: [
                  { key: 'deep', value: '@@DEEP@@' },
                  { key: 'ok', value: { stringValue: 'fine' } },
                ],
              },
            ],
          },
        ],
      },
    ],
  }).replace('"@@DEEP@@"', attrValue);

/** One span per format with a 100,000-level value where that format keeps attribute values. */
const DEEP_DUMPS: Record<string, string> = {
  'otlp-json (plain JSON value)': otlp(deepArray),
  'otlp-json (AnyValue arrays)': otlp(deepAnyValue),
  'otlp-json (with an integer beyond 2^53)': otlp(deepObject).replace(
    '"1736937000012345000"',
    '1736937000012345001',
  ),
  'collector-file': otlp(deepObject).replace(/\n/g, '') + '\n' + otlp('{"stringValue":"x"}') + '\n',
  'jaeger-json': JSON.stringify({
    data: [
      {
        traceID: T,
        spans: [
          {
            traceID: T,
            spanID: '3c5d7e9f1a2b4c6d',
            operationName: 'op',
            references: [],
            startTime: 1736937000012345,
            duration: 5,
            tags: [
              { key: 'deep', type: 'string', value: '@@DEEP@@' },
              { key: 'ok', value: 'fine' },
            ],
            processID: 'p1',
          },
        ],
        processes: { p1: { serviceName: 's', tags: [] } },
      },
    ],
  }).replace('"@@DEEP@@"', deepObject),
  'zipkin-v2': `[{"traceId":"${T}","id":"3c5d7e9f1a2b4c6d","name":"op","timestamp":1736937000012345,"duration":5,"localEndpoint":{"serviceName":"s"},"tags":{"deep":${deepArray},"ok":"fine"}}]`,
  'phoenix (nested attributes)': `[{"name":"op","context":{"trace_id":"${T}","span_id":"3c5d7e9f1a2b4c6d"},"span_kind":"CHAIN","start_time":"2025-01-15T10:30:00.012345Z","end_time":"2025-01-15T10:30:01Z","status_code":"OK","attributes":{"deep":${deepObject},"ok":"fine"},"events":[]}]`,
  'phoenix (events as a JSON string)': `{"data":[{"name":"op","context":{"trace_id":"${T}","span_id":"3c5d7e9f1a2b4c6d"},"span_kind":"CHAIN","start_time":"2025-01-15T10:30:00.012345Z","end_time":"2025-01-15T10:30:01Z","status_code":"OK","attributes":{"ok":"fine"},"events":${JSON.stringify(`[{"name":"e","attributes":{"deep":${deepObject}}}]`)}}],"next_cursor":null}`,
  'langsmith-runs': `{"runs":[{"id":"01946983-4c4c-7acf-84d5-e6f708192a3b","name":"op","run_type":"chain","start_time":"2025-01-15T10:30:00.012345","end_time":"2025-01-15T10:30:01.523456","status":"success","inputs":{"deep":${deepObject}},"outputs":{"ok":"fine"},"trace_id":"01946983-4c4c-7acf-84d5-e6f708192a3b","dotted_order":"20250115T103000012345Z01946983-4c4c-7acf-84d5-e6f708192a3b"}]}`,
  'python-console': JSON.stringify(
    {
      name: 'op',
      context: { trace_id: `0x${T}`, span_id: '0x3c5d7e9f1a2b4c6d', trace_state: '[]' },
      kind: 'SpanKind.INTERNAL',
      parent_id: null,
      start_time: '2025-01-15T10:30:00.012345Z',
      end_time: '2025-01-15T10:30:01.523456Z',
      status: { status_code: 'UNSET' },
      attributes: { deep: '@@DEEP@@', ok: 'fine' },
      events: [],
      links: [],
      resource: { attributes: { 'service.name': 's' }, schema_url: '' },
    },
    null,
    4,
  ).replace('"@@DEEP@@"', deepObject),
  'js-console': `{\n  traceId: '${T}',\n  parentSpanContext: undefined,\n  name: 'op',\n  id: '3c5d7e9f1a2b4c6d',\n  kind: 0,\n  timestamp: 1736937000012345,\n  duration: 5,\n  attributes: { deep: ${'{ a: '.repeat(N)}'x'${' }'.repeat(N)}, ok: 'fine' },\n  status: { code: 0 },\n  events: [],\n  links: []\n}\n`,
  'collector-debug (Map value)': [
    'ResourceSpans #0',
    'Resource attributes:',
    '     -> service.name: Str(s)',
    'ScopeSpans #0',
    'InstrumentationScope lib',
    'Span #0',
    `    Trace ID       : ${T}`,
    '    Parent ID      : ',
    '    ID             : 3c5d7e9f1a2b4c6d',
    '    Name           : op',
    '    Kind           : Internal',
    '    Start time     : 2025-01-15 10:30:00.012345 +0000 UTC',
    '    End time       : 2025-01-15 10:30:01.523456 +0000 UTC',
    '    Status code    : Unset',
    '    Status message : ',
    'Attributes:',
    `     -> deep: Map(${deepObject})`,
    '     -> ok: Str(fine)',
    '',
  ].join('\n'),
};

/** The value at the bottom of the first path of nested containers, and how deep it is. */
function bottom(v: AttrValue | undefined): { depth: number; value: unknown } {
  let depth = 0;
  let x: unknown = v;
  while (x !== null && typeof x === 'object') {
    x = Array.isArray(x) ? x[0] : Object.values(x)[0];
    depth++;
  }
  return { depth, value: x };
}

describe('limits: values nested 100,000 levels deep', () => {
  for (const [name, text] of Object.entries(DEEP_DUMPS)) {
    it(`${name}: cut at ${MAX_NESTING} levels with a warning; the span and its other values are read`, () => {
      const a = analyze({ text });
      checkAnalysis(a, text);
      expect(a.spans.length).toBeGreaterThanOrEqual(1);
      const warning = a.diagnostics.find(d => d.code === 'format.value.too-deep');
      expect(warning?.severity).toBe('warning');
      expect(warning?.message).toContain(TOO_DEEP);
      const s = a.spans[0]!;
      const all = JSON.stringify([s.attributes, s.events.map(e => e.attributes)]);
      expect(all).toContain(TOO_DEEP);
      if (!name.includes('events') && !name.includes('langsmith'))
        expect(s.attributes['ok']).toBe('fine');
      for (const v of Object.values(s.attributes))
        expect(bottom(v).depth).toBeLessThanOrEqual(MAX_NESTING);
      expect(polluted()).toBe(false);
    });
  }

  it('a JS console value nested deeper than the limit is reported by the JS reader too', () => {
    const a = analyze({ text: DEEP_DUMPS['js-console']! });
    expect(a.format).toBe('js-console');
    expect(a.diagnostics.map(d => d.code)).toContain('format.value.too-deep');
  });

  it('a whole document 100,000 levels deep is refused with a clear diagnostic', () => {
    for (const text of [deepArray, deepObject, `{"resourceSpans": ${deepArray}}`]) {
      const a = analyze({ text });
      checkAnalysis(a, text);
      expect(a.unreadable).toBe(true);
      expect(a.diagnostics.map(d => d.code)).toContain('format.value.too-deep');
      expect(a.diagnostics.some(d => d.severity === 'error')).toBe(true);
    }
  });

  it('a document cut off 100,000 levels deep is reported quickly', () => {
    const t0 = performance.now();
    for (const text of [
      '['.repeat(N),
      '{"a":'.repeat(N),
      '['.repeat(N) + ']'.repeat(N / 2) + ',[',
    ]) {
      const a = analyze({ text });
      checkAnalysis(a, text);
      expect(a.diagnostics.some(d => d.severity === 'error')).toBe(true);
    }
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('a long run of util.inspect `<ref *1>` labels is read', () => {
    const text = DEEP_DUMPS['js-console']!.replace(
      /deep: [^\n]*, ok/,
      `deep: ${'<ref *1> '.repeat(N)}'x', ok`,
    );
    const a = analyze({ text });
    checkAnalysis(a, text);
    expect(a.spans[0]!.attributes['deep']).toBe('x');
    expect(inspect(a.spans[0]!.attributes['ok'])).toBe("'fine'");
  });
});

describe('limits: absurd numbers where times and ids go', () => {
  it('reads no time from 1e999999999 or a million digits, and says so', () => {
    for (const t of [
      '"1e999999999"',
      '1e400',
      `"${'9'.repeat(1_000_000)}"`,
      '"-1e308"',
      '1e-400',
    ]) {
      const text = otlp('{"stringValue":"x"}').replace('"1736937000012345000"', t);
      const t0 = performance.now();
      const a = analyze({ text });
      checkAnalysis(a, text);
      expect(performance.now() - t0).toBeLessThan(5_000);
      const s = a.spans[0]!;
      if (s.startNs === null) {
        expect(a.diagnostics.some(d => d.code.startsWith('format.') && d.severity !== 'info')).toBe(
          true,
        );
      } else expect(s.startNs < 10n ** 40n && s.startNs > -(10n ** 40n)).toBe(true);
    }
  });

  it('keeps a million-digit id as an invalid id, reported', () => {
    const text = otlp('{"stringValue":"x"}').replace(
      '"3c5d7e9f1a2b4c6d"',
      `"${'7'.repeat(1_000_000)}"`,
    );
    const a = analyze({ text });
    checkAnalysis(a, text);
    expect(a.findings.some(f => f.rule === 'invalid-id') || a.diagnostics.length > 0).toBe(true);
  });
});

/** OTLP/JSON with `n` spans of one trace; `parent(i)` gives span i's parent index (or null). */
function traceOf(n: number, parent: (i: number) => number | null): string {
  const hex = (i: number) => (i + 1).toString(16).padStart(16, '0');
  const spans: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = parent(i);
    spans.push(
      `{"traceId":"${T}","spanId":"${hex(i)}",${p === null ? '' : `"parentSpanId":"${hex(p)}",`}"name":"s${i}","startTimeUnixNano":"${1736937000000000000 + i * 1000}","endTimeUnixNano":"${1736937000000000000 + i * 1000 + 500}"}`,
    );
  }
  return `{"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[\n${spans.join(',\n')}\n]}]}]}`;
}

describe('limits: tree shapes', () => {
  // 12,000 levels is past what a recursive walk survives on a default stack; wide shapes only
  // need to be wide (5,000). The large run uses 100,000 for all.
  const deep = FUZZ_LARGE ? 100_000 : 12_000;
  const wide = FUZZ_LARGE ? 100_000 : 5_000;
  const shapes: [string, number, (i: number, n: number) => number | null][] = [
    [`a parent chain ${deep} levels deep`, deep, i => (i === 0 ? null : i - 1)],
    [`a parent cycle through ${deep} spans`, deep, (i, n) => (i + 1) % n],
    [`${wide} children of one span`, wide, i => (i === 0 ? null : 0)],
    [`${wide} spans whose parents are all missing`, wide, (i, n) => n + i],
  ];
  for (const [name, n, parent] of shapes) {
    it(`${name}: analysed, laid out and reported without recursion`, () => {
      const text = traceOf(n, i => parent(i, n));
      const a = analyze({ text });
      checkAnalysis(a, text);
      expect(a.spans).toHaveLength(n);
      const rows = visibleRows(a.forest, { traceOrder: a.traceOrder, collapsed: new Set() });
      expect(rows.length).toBeGreaterThanOrEqual(n);
    }, 60_000);
  }
});
