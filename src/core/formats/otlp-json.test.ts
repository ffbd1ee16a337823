import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import { collectorDebug } from './collector-debug.ts';
import { collectorFile } from './collector-file.ts';
import { expectFixtureTrace, readSample, withoutName } from './fixture-trace.test-helper.ts';
import { otlpJson } from './otlp-json.ts';
import { detectFormat } from './index.ts';
import { allSamples } from './sample-corpus.test-helper.ts';
import type { ParseResult } from './types.ts';

// ---- tiny builders ------------------------------------------------------------------------------

const TRACE = '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718';

type J = Record<string, unknown>;

function span(spanId: string, extra: J = {}): J {
  return {
    traceId: TRACE,
    spanId,
    name: `op-${spanId.slice(0, 4)}`,
    kind: 1,
    startTimeUnixNano: '1736937000000000000',
    endTimeUnixNano: '1736937001000000000',
    ...extra,
  };
}

function request(spans: J[], service = 'svc'): J {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'lib', version: '1.2' }, spans }],
      },
    ],
  };
}

const pretty = (v: unknown): string => JSON.stringify(v, null, 2);
const parse = (text: string, name?: string) => otlpJson.parse(new InputText(text, name));
const errors = (r: ParseResult) => r.diagnostics.filter(d => d.severity === 'error');

// ---- samples ------------------------------------------------------------------------------------

describe('otlp-json samples', () => {
  const cases: [string, Parameters<typeof expectFixtureTrace>[1], RegExp][] = [
    ['otlp-json/basic.json', {}, /^hex ids$/],
    ['otlp-json/base64-ids.json', {}, /base64 ids, enum names/],
    ['otlp-json/jaeger-api-v3.json', {}, /^Jaeger api\/v3 wrapper/],
    ['otlp-json/legacy-instrumentation-library.json', {}, /legacy instrumentationLibrarySpans/],
    ['otlp-json/tempo-batches.json', {}, /^Tempo v1 wrapper \(batches\), base64 ids, enum names/],
    ['otlp-json/tempo-v2.json', {}, /^Tempo v2 wrapper \(trace\), base64 ids, enum names/],
    ['otlp-json/grafana-download.json', { precision: 'ms' }, /^Grafana trace download/],
    [
      'otlp-json/phoenix-otlpv1.json',
      { precision: 'us', otelKind: false, serviceName: false },
      /^Phoenix \/spans\/otlpv1 page.*snake_case keys/,
    ],
  ];
  for (const [file, opts, dialect] of cases) {
    it(`reads ${file} as the fixture trace`, () => {
      const result = otlpJson.parse(readSample(file));
      expectFixtureTrace(result, opts);
      expect(result.dialect).toMatch(dialect);
    });
    it(`detects ${file} with and without its file name`, () => {
      const input = readSample(file);
      expect(otlpJson.sniff(input)).toBeTruthy();
      expect(otlpJson.sniff(withoutName(input))).toBeTruthy();
      expect(collectorFile.sniff(input)).toBeNull();
      expect(collectorDebug.sniff(input)).toBeNull();
    });
  }

  it('keeps scope, events, links with flags, traceState and remote-parent flags', () => {
    const spans = otlpJson.parse(readSample('otlp-json/basic.json')).spans;
    const root = spans.find(s => s.name === 'run_agent')!;
    expect(root.parentIsRemote).toBe(true);
    expect(root.flags).toBe(769);
    expect(root.traceState).toBe('congo=t61rcWkgMzE');
    expect(root.scope).toEqual({ name: 'agent-demo', version: '1.0.0' });
    expect(root.links).toEqual([
      {
        traceId: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
        spanId: '1122334455667788',
        attributes: { source: 'queue' },
        flags: 769,
      },
    ]);
    expect(root.attributes['tag.tags']).toEqual(['demo', 'weather']);
    const tool = spans.find(s => s.name === 'get_weather')!;
    expect(tool.parentIsRemote).toBe(false);
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
    expect(
      spans.find(s => s.name === 'chat gpt-4o-mini')!.attributes['llm.token_count.prompt'],
    ).toBe(42);
  });

  it('points each span at the line of its opening brace', () => {
    const input = readSample('otlp-json/basic.json');
    for (const s of otlpJson.parse(input).spans) {
      expect(input.lineText(s.source.line).trim()).toBe('{');
      expect(input.lineText(s.source.line + 2)).toContain(`"spanId": "${s.spanId}"`);
    }
  });

  it('reads the Grafana download quirks: numeric times, intValue numbers, stringified arrays', () => {
    const spans = otlpJson.parse(readSample('otlp-json/grafana-download.json')).spans;
    const tool = spans.find(s => s.name === 'get_weather')!;
    expect(tool.endNs).toBe(1736937001401699800n); // float ms × 1e6, read digit for digit
    const root = spans.find(s => s.name === 'run_agent')!;
    expect(root.attributes['tag.tags']).toBe('["demo","weather"]');
    expect(
      spans.find(s => s.name === 'chat gpt-4o-mini')!.attributes['llm.token_count.prompt'],
    ).toBe(42);
  });

  it('rounds Phoenix otlpv1 float-noise times back to microseconds and reports it', () => {
    const result = otlpJson.parse(readSample('otlp-json/phoenix-otlpv1.json'));
    const root = result.spans.find(s => s.name === 'run_agent')!;
    expect(root.startNs).toBe(1736937000012345000n); // written as …012345088
    expect(root.kind).toBeNull();
    expect(root.resource).toEqual({});
    expect(result.diagnostics.map(d => d.code)).toEqual(['format.otlp.phoenix-times-rounded']);
  });
});

// ---- detection ----------------------------------------------------------------------------------

describe('otlp-json sniff', () => {
  it('does not claim look-alikes: Jaeger data, Zipkin arrays, Phoenix context spans', () => {
    const jaeger = {
      data: [{ traceID: TRACE, spans: [{ traceID: TRACE, spanID: 'a', operationName: 'x' }] }],
    };
    const zipkin = [
      { traceId: TRACE, id: '3c5d7e9f1a2b4c6d', name: 'x', timestamp: 1, duration: 2 },
    ];
    const phoenix = {
      data: [{ context: { trace_id: TRACE, span_id: '3c5d7e9f1a2b4c6d' }, span_kind: 'LLM' }],
      next_cursor: null,
    };
    for (const v of [jaeger, zipkin, phoenix, { data: [] }, [], {}]) {
      expect(otlpJson.sniff(new InputText(pretty(v)))).toBeNull();
    }
  });

  it('names the wrapper in its reason', () => {
    expect(otlpJson.sniff(new InputText(pretty(request([]))))).toBe(
      'top-level resourceSpans (OTLP/JSON)',
    );
    expect(otlpJson.sniff(new InputText(pretty([request([]), request([])])))).toBe(
      'array of OTLP/JSON requests',
    );
  });

  it('claims a truncated OTLP document so the JSON error is shown', () => {
    const text = pretty(request([span('3c5d7e9f1a2b4c6d')])).slice(0, 200);
    expect(otlpJson.sniff(new InputText(text))).toMatch(/does not parse/);
    expect(collectorFile.sniff(new InputText(text))).toBeNull();
  });

  it('leaves JSON Lines to collector-file, even a single line named .jsonl', () => {
    const line = JSON.stringify(request([span('3c5d7e9f1a2b4c6d')]));
    expect(otlpJson.sniff(new InputText(`${line}\n${line}\n`))).toBeNull();
    expect(otlpJson.sniff(new InputText(`${line}\n`, 'traces.jsonl'))).toBeNull();
    expect(otlpJson.sniff(new InputText(`${line}\n`))).toBeTruthy();
  });
});

// ---- encodings ----------------------------------------------------------------------------------

describe('otlp-json encodings', () => {
  it('lower-cases UPPERCASE hex ids and says so in the dialect', () => {
    const r = parse(
      pretty(
        request([
          span('3C5D7E9F1A2B4C6D', {
            traceId: TRACE.toUpperCase(),
            parentSpanId: '00F067AA0BA902B7',
          }),
        ]),
      ),
    );
    expect(r.spans[0]).toMatchObject({
      traceId: TRACE,
      spanId: '3c5d7e9f1a2b4c6d',
      parentSpanId: '00f067aa0ba902b7',
    });
    expect(r.dialect).toContain('uppercase hex ids');
  });

  it('decodes base64 ids (span, parent and link)', () => {
    const r = parse(
      pretty(
        request([
          span('PF1+nxorTG0=', {
            traceId: 'fTofLJuOTW+hwrPU5fYHGA==',
            parentSpanId: 'APBnqgupArc=',
            links: [{ traceId: 'fTofLJuOTW+hwrPU5fYHGA==', spanId: 'ESIzRFVmd4g=' }],
          }),
        ]),
      ),
    );
    expect(r.spans[0]).toMatchObject({
      traceId: TRACE,
      spanId: '3c5d7e9f1a2b4c6d',
      parentSpanId: '00f067aa0ba902b7',
    });
    expect(r.spans[0]!.links[0]).toMatchObject({ traceId: TRACE, spanId: '1122334455667788' });
    expect(r.dialect).toContain('base64 ids');
  });

  it('pads a 64-bit (16-hex) trace id and notes it on the span', () => {
    const r = parse(pretty(request([span('3c5d7e9f1a2b4c6d', { traceId: 'a1c2b3d4e5f60718' })])));
    expect(r.spans[0]!.traceId).toBe('0000000000000000a1c2b3d4e5f60718');
    expect(r.spans[0]!.notes?.join(' ')).toMatch(/64-bit trace id .* left-padded/);
    expect(r.dialect).toContain('64-bit trace ids');
  });

  it('keeps nanosecond times written as JSON numbers beyond 2^53 exact', () => {
    const text = pretty(request([span('3c5d7e9f1a2b4c6d')]))
      .replace('"1736937000000000000"', '1736937000012345678')
      .replace('"1736937001000000000"', '1736937001999999999');
    const s = parse(text).spans[0]!;
    expect(s.startNs).toBe(1736937000012345678n);
    expect(s.endNs).toBe(1736937001999999999n);
  });

  it('reads snake_case keys throughout (MessageToDict preserving_proto_field_name)', () => {
    const doc = {
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
          scope_spans: [
            {
              scope: { name: 'lib' },
              spans: [
                {
                  trace_id: TRACE,
                  span_id: '3c5d7e9f1a2b4c6d',
                  parent_span_id: '00f067aa0ba902b7',
                  trace_state: 'k=v',
                  name: 'snake-span',
                  kind: 'SPAN_KIND_SERVER',
                  start_time_unix_nano: '1736937000012345000',
                  end_time_unix_nano: '1736937001523456000',
                  attributes: [
                    { key: 'n', value: { int_value: '7' } },
                    { key: 'a', value: { array_value: { values: [{ bool_value: true }] } } },
                  ],
                  events: [{ time_unix_nano: '1736937000500000000', name: 'e' }],
                  status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
                  flags: 768,
                },
              ],
            },
          ],
        },
      ],
    };
    const input = new InputText(pretty(doc));
    expect(otlpJson.sniff(input)).toBeTruthy();
    const r = otlpJson.parse(input);
    expect(r.spans[0]).toMatchObject({
      traceId: TRACE,
      spanId: '3c5d7e9f1a2b4c6d',
      parentSpanId: '00f067aa0ba902b7',
      traceState: 'k=v',
      kind: 'SERVER',
      serviceName: 'snake',
      startNs: 1736937000012345000n,
      status: { code: 'ERROR', message: 'boom' },
      parentIsRemote: true,
      attributes: { n: 7, a: [true] },
    });
    expect(r.spans[0]!.events[0]!.timeNs).toBe(1736937000500000000n);
    expect(r.dialect).toContain('snake_case keys');
    expect(r.dialect).toContain('enum names');
  });

  it('maps flags 768/769/256/0/absent to parentIsRemote true/true/false/null/null', () => {
    const ids = [
      '1000000000000001',
      '1000000000000002',
      '1000000000000003',
      '1000000000000004',
      '1000000000000005',
    ];
    const flags = [768, 769, 256, 0, undefined];
    const r = parse(pretty(request(ids.map((id, i) => span(id, { flags: flags[i] })))));
    expect(r.spans.map(s => s.parentIsRemote)).toEqual([true, true, false, null, null]);
    expect(r.spans.map(s => s.flags)).toEqual([768, 769, 256, 0, undefined]);
  });

  it('reads enum names and ints for kind and status, ignoring deprecatedCode', () => {
    const r = parse(
      pretty(
        request([
          span('1000000000000001', {
            kind: 'SPAN_KIND_PRODUCER',
            status: { code: 'STATUS_CODE_OK' },
          }),
          span('1000000000000002', { kind: 5, status: { deprecatedCode: 0, code: 2 } }),
          span('1000000000000003', { kind: undefined, status: { deprecatedCode: 2 } }),
        ]),
      ),
    );
    expect(r.spans.map(s => s.kind)).toEqual(['PRODUCER', 'CONSUMER', 'UNSPECIFIED']);
    expect(r.spans.map(s => s.status.code)).toEqual(['OK', 'ERROR', 'UNSET']);
  });

  it('converts every AnyValue kind', () => {
    const attrs = [
      { key: 's', value: { stringValue: 'x' } },
      { key: 'b', value: { boolValue: false } },
      { key: 'i', value: { intValue: '42' } },
      { key: 'inum', value: { intValue: 42 } },
      { key: 'ibig', value: { intValue: '9223372036854775807' } },
      { key: 'd', value: { doubleValue: 0.5 } },
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'inf', value: { doubleValue: '-Infinity' } },
      { key: 'bytes', value: { bytesValue: 'AQID' } },
      {
        key: 'arr',
        value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, {}] } },
      },
      {
        key: 'kv',
        value: { kvlistValue: { values: [{ key: 'inner', value: { doubleValue: 1.5 } }] } },
      },
      { key: 'empty', value: {} },
      { key: 'allNull', value: { string_value: null, int_value: null } },
      { key: 'plain', value: 'bare' },
    ];
    const a = parse(pretty(request([span('1000000000000001', { attributes: attrs })]))).spans[0]!
      .attributes;
    expect(a).toEqual({
      s: 'x',
      b: false,
      i: 42,
      inum: 42,
      ibig: '9223372036854775807',
      d: 0.5,
      nan: 'NaN',
      inf: '-Infinity',
      bytes: 'AQID',
      arr: ['a', 1, null],
      kv: { inner: 1.5 },
      empty: null,
      allNull: null,
      plain: 'bare',
    });
  });

  it('keeps the last value of a repeated attribute key and reports it', () => {
    const r = parse(
      pretty(
        request([
          span('1000000000000001', {
            attributes: [
              { key: 'dup', value: { stringValue: 'first' } },
              { key: 'dup', value: { stringValue: 'last' } },
            ],
          }),
        ]),
      ),
    );
    expect(r.spans[0]!.attributes['dup']).toBe('last');
    const d = r.diagnostics.find(x => x.code === 'format.otlp.duplicate-key')!;
    expect(d.location).toMatchObject({
      jsonPath: '$.resourceSpans[0].scopeSpans[0].spans[0].attributes[1]',
      spanId: '1000000000000001',
    });
    expect(d.location?.line).toBeGreaterThan(1);
  });

  it('prefers scopeSpans when legacy instrumentationLibrarySpans is published too', () => {
    const doc = request([span('1000000000000001')]);
    const rs = (doc['resourceSpans'] as J[])[0]!;
    rs['instrumentationLibrarySpans'] = [{ spans: [span('2000000000000002')] }];
    const r = parse(pretty(doc));
    expect(r.spans.map(s => s.spanId)).toEqual(['1000000000000001']);
    expect(r.dialect).toMatch(/both present/);
  });

  it('reads legacy instrumentationLibrary as the scope', () => {
    const doc = {
      resourceSpans: [
        {
          instrumentationLibrarySpans: [
            {
              instrumentationLibrary: { name: 'old', version: '0.1' },
              spans: [span('1000000000000001')],
            },
          ],
        },
      ],
    };
    const s = parse(pretty(doc)).spans[0]!;
    expect(s.scope).toEqual({ name: 'old', version: '0.1' });
    expect(s.serviceName).toBeNull();
  });
});

// ---- layout, wrappers, robustness ---------------------------------------------------------------

describe('otlp-json documents', () => {
  it('reads CRLF line endings and a byte order mark, with correct lines', () => {
    const text =
      '\ufeff' +
      pretty(request([span('1000000000000001'), span('2000000000000002')])).replace(/\n/g, '\r\n');
    const input = new InputText(text, 'crlf.json');
    expect(otlpJson.sniff(input)).toBeTruthy();
    const r = otlpJson.parse(input);
    expect(errors(r)).toEqual([]);
    expect(r.spans).toHaveLength(2);
    for (const s of r.spans) {
      expect(input.lineText(s.source.line).trim()).toBe('{');
      expect(input.lineText(s.source.line + 2)).toContain(s.spanId);
    }
  });

  it('keeps children that come before their parents, and locates each by its own id', () => {
    // The child's parentSpanId text equals the parent's spanId: the locator must skip it.
    const r = parse(
      pretty(
        request([
          span('2000000000000002', { parentSpanId: '1000000000000001' }),
          span('3000000000000003', { parentSpanId: '1000000000000001' }),
          span('1000000000000001'),
        ]),
      ),
    );
    expect(r.spans.map(s => [s.spanId, s.parentSpanId])).toEqual([
      ['2000000000000002', '1000000000000001'],
      ['3000000000000003', '1000000000000001'],
      ['1000000000000001', null],
    ]);
    const lines = r.spans.map(s => s.source.line);
    expect(lines[0]).toBeLessThan(lines[1]!);
    expect(lines[1]).toBeLessThan(lines[2]!);
  });

  it('reads several traces and several resources in one dump', () => {
    const other = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
    const doc = request(
      [span('1000000000000001'), span('2000000000000002', { traceId: other })],
      'a',
    );
    (doc['resourceSpans'] as J[]).push(
      (request([span('3000000000000003', { traceId: other })], 'b')['resourceSpans'] as J[])[0]!,
    );
    const r = parse(pretty(doc));
    expect(r.spans.map(s => [s.traceId, s.serviceName])).toEqual([
      [TRACE, 'a'],
      [other, 'a'],
      [other, 'b'],
    ]);
    expect(r.spans.map(s => s.index)).toEqual([0, 1, 2]);
  });

  it('reads an array of requests', () => {
    const r = parse(
      pretty([request([span('1000000000000001')]), request([span('2000000000000002')])]),
    );
    expect(r.spans.map(s => s.spanId)).toEqual(['1000000000000001', '2000000000000002']);
    expect(r.dialect).toMatch(/^array of 2 requests/);
  });

  it('reports truncated JSON with line and column and no spans', () => {
    const text = pretty(request([span('1000000000000001')]));
    const cut = text.slice(0, text.indexOf('"kind"') + 3);
    const r = parse(cut);
    expect(r.spans).toEqual([]);
    const [d] = errors(r);
    expect(d!.code).toBe('parse.json.invalid');
    expect(d!.location?.line).toBe(cut.split('\n').length);
    expect(d!.location?.column).toBeGreaterThan(0);
    expect(d!.message).toMatch(/ends too early/);
  });

  it('imports the rest when one span lacks ids, one scope list is not an array, one span is not an object', () => {
    const doc = {
      resourceSpans: [
        { scopeSpans: { spans: [] } },
        {
          resource: {},
          scopeSpans: [
            {
              spans: [
                span('1000000000000001'),
                { name: 'no-ids', startTimeUnixNano: '1736937000000000000' },
                42,
                span('2000000000000002', { startTimeUnixNano: 'soon' }),
              ],
            },
          ],
        },
      ],
    };
    const text = pretty(doc);
    const r = parse(text);
    expect(r.spans.map(s => s.name)).toEqual(['op-1000', 'no-ids', 'op-2000']);
    const byCode = (c: string) => r.diagnostics.filter(d => d.code === c);
    expect(byCode('format.otlp.not-array')[0]!.location).toMatchObject({
      jsonPath: '$.resourceSpans[0].scopeSpans',
      line: text.split('\n').findIndex(l => l.includes('"scopeSpans"')) + 1,
    });
    expect(byCode('format.otlp.missing-id').map(d => d.location?.jsonPath)).toEqual([
      '$.resourceSpans[1].scopeSpans[0].spans[1].traceId',
      '$.resourceSpans[1].scopeSpans[0].spans[1].spanId',
    ]);
    expect(byCode('format.otlp.not-object')[0]!.location?.jsonPath).toBe(
      '$.resourceSpans[1].scopeSpans[0].spans[2]',
    );
    expect(byCode('format.otlp.bad-time')[0]!.location?.jsonPath).toBe(
      '$.resourceSpans[1].scopeSpans[0].spans[3].startTimeUnixNano',
    );
    expect(r.spans[2]!.startNs).toBeNull();
  });

  it('caps repeated diagnostics and counts the rest', () => {
    const spans = Array.from({ length: 30 }, (_, i) =>
      span(String(1000000000000000 + i), { flags: 'x' }),
    );
    const r = parse(pretty(request(spans)));
    const flags = r.diagnostics.filter(d => d.code === 'format.otlp.bad-flags');
    expect(flags).toHaveLength(21);
    expect(flags.at(-1)!.message).toMatch(/^10 more/);
  });

  it('warns when Tempo marks the trace partial, and when a Phoenix page has more pages', () => {
    const tempo = {
      trace: request([span('1000000000000001')]),
      status: 'PARTIAL',
      message: 'limit hit',
    };
    expect(parse(pretty(tempo)).diagnostics.map(d => d.code)).toContain(
      'format.otlp.tempo-partial',
    );
    const phoenix = {
      data: [
        { trace_id: TRACE, span_id: '1000000000000001', start_time_unix_nano: 1736937000000000000 },
      ],
      next_cursor: 'U3Bhbjox',
    };
    expect(parse(pretty(phoenix)).diagnostics.map(d => d.code)).toContain(
      'format.otlp.partial-page',
    );
  });

  it('says so when the JSON is not OTLP (format forced by the user)', () => {
    const r = parse('{"hello": "world"}');
    expect(errors(r).map(d => d.code)).toEqual(['format.otlp.unrecognized']);
  });

  it('parses a 20,000-span document with every line located (speed is measured by npm run bench)', () => {
    const n = 20_000;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const sid = (i + 1).toString(16).padStart(16, '0');
      const pid =
        i === 0
          ? ''
          : Math.floor(i / 2 + 1)
              .toString(16)
              .padStart(16, '0');
      parts.push(
        `{"traceId":"${TRACE}","spanId":"${sid}","parentSpanId":"${pid}","name":"op ${i}","kind":${(i % 5) + 1},` +
          `"startTimeUnixNano":"${1736937000000000000n + BigInt(i) * 1000n}","endTimeUnixNano":"${1736937000000000000n + BigInt(i) * 1000n + 500n}",` +
          `"attributes":[{"key":"i","value":{"intValue":"${i}"}},{"key":"s","value":{"stringValue":"v${i}"}}],` +
          `"status":{"code":${i % 3}},"flags":${i % 2 ? 769 : 257}}`,
      );
    }
    const text =
      '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"big"}}]},' +
      `"scopeSpans":[{"scope":{"name":"s"},"spans":[\n${parts.join(',\n')}\n]}]}]}`;
    const r = parse(text);
    expect(r.spans).toHaveLength(n);
    expect(errors(r)).toEqual([]);
    expect(r.spans[n - 1]!.source.line).toBe(n + 1);
    expect(r.spans[12345]!.source).toEqual({ line: 12347, column: 1 }); // line 1 is the header
  });
});

describe('otlp-json detection across the sample corpus', () => {
  for (const sample of allSamples()) {
    const mine = sample.formatId === 'otlp-json';
    it(`${mine ? 'claims' : 'does not claim'} ${sample.rel}, with and without its name`, () => {
      expect(Boolean(otlpJson.sniff(sample.input))).toBe(mine);
      expect(Boolean(otlpJson.sniff(withoutName(sample.input)))).toBe(mine);
      if (mine) {
        expect(detectFormat(sample.input).format?.id).toBe('otlp-json');
        expect(detectFormat(withoutName(sample.input)).format?.id).toBe('otlp-json');
      }
    });
  }
});
