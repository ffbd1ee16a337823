import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import { expectFixtureTrace, readSample, withoutName } from './fixture-trace.test-helper.ts';
import { phoenixSpans } from './phoenix-spans.ts';
import { expectNoOtherSampleClaimed } from './sample-corpus.test-helper.ts';

const TRACE = '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718';

/** A Phoenix REST span with the given ids; other fields are plain defaults. */
function restSpan(spanId: string, parentId: string | null, extra: Record<string, unknown> = {}) {
  return {
    name: `span-${spanId.slice(0, 4)}`,
    context: { trace_id: TRACE, span_id: spanId },
    span_kind: 'CHAIN',
    parent_id: parentId,
    start_time: '2025-01-15T10:30:00.000001Z',
    end_time: '2025-01-15T10:30:00.500000Z',
    status_code: 'OK',
    status_message: '',
    attributes: {},
    events: [],
    ...extra,
  };
}

const page = (data: unknown[], nextCursor: string | null = null) =>
  JSON.stringify({ data, next_cursor: nextCursor }, null, 2);

describe('phoenix-spans', () => {
  it('reads the REST sample as the fixture trace, without OTel kind or service name', () => {
    const result = phoenixSpans.parse(readSample('phoenix-spans/basic.json'));
    const spans = expectFixtureTrace(result, { otelKind: false, serviceName: false });
    expect(spans.map(s => s.kind)).toEqual([null, null, null]);
    expect(spans.map(s => s.serviceName)).toEqual([null, null, null]);
    expect(spans.map(s => s.source.line)).toEqual([3, 27, 55]);
    expect(result.dialect).toContain('REST');
  });

  it('keeps attribute values as given, lists included', () => {
    const [root, tool, llm] = phoenixSpans.parse(readSample('phoenix-spans/basic.json')).spans;
    expect(root?.attributes['tag.tags']).toEqual(['demo', 'weather']);
    expect(tool?.attributes['tool.parameters.city']).toBe('Paris');
    expect(llm?.attributes['llm.token_count.prompt']).toBe(42);
    expect(tool?.events).toEqual([
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

  it('reads a page whose spans all carry an object under a plain attribute key', () => {
    // `{"__proto__": {…}}` looks like legacy nested attributes: the page used to go unrecognised.
    const attrs = JSON.parse('{"__proto__": {"polluted": 1}, "a.b": 1}') as Record<string, unknown>;
    const input = new InputText(
      page([
        restSpan('3c5d7e9f1a2b4c6d', null, { attributes: attrs }),
        restSpan('5a6b7c8d9e0f1a2b', '3c5d7e9f1a2b4c6d', { attributes: attrs }),
      ]),
    );
    expect(phoenixSpans.sniff(input)).toMatch(/Phoenix REST spans page/);
    const { spans, diagnostics } = phoenixSpans.parse(input);
    expect(diagnostics).toEqual([]);
    expect(spans).toHaveLength(2);
    expect(Object.prototype.hasOwnProperty.call(spans[0]!.attributes, '__proto__')).toBe(true);
    expect({ ...(spans[0]!.attributes['__proto__'] as object) }).toEqual({ polluted: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps attribute keys such as __proto__ as plain data', () => {
    const attrs = JSON.parse('{"__proto__": "p", "constructor": 1}') as Record<string, unknown>;
    const [span] = phoenixSpans.parse(
      new InputText(page([restSpan('3c5d7e9f1a2b4c6d', null, { attributes: attrs })])),
    ).spans;
    expect(Object.keys(span?.attributes ?? {})).toEqual(['__proto__', 'constructor']);
    expect(span?.attributes['__proto__']).toBe('p');
    expect(Object.getPrototypeOf(span?.attributes)).toBeNull();
  });

  it('sniffs its sample with and without the file name', () => {
    const input = readSample('phoenix-spans/basic.json');
    expect(phoenixSpans.sniff(input)).toMatch(/next_cursor/);
    expect(phoenixSpans.sniff(withoutName(input))).toMatch(/next_cursor/);
  });

  it('claims no other format’s sample', () => {
    expectNoOtherSampleClaimed(phoenixSpans);
  });

  it('says when the page is one of several (next_cursor set)', () => {
    const result = phoenixSpans.parse(
      new InputText(page([restSpan('3c5d7e9f1a2b4c6d', null)], 'U3Bhbjo0')),
    );
    expect(result.spans).toHaveLength(1);
    const note = result.diagnostics.find(d => d.code === 'format.phoenix.more-pages');
    expect(note?.severity).toBe('info');
    expect(note?.message).toContain('U3Bhbjo0');
  });

  it('reads pages pasted together and stays quiet when the last page is among them', () => {
    const text = `[${page([restSpan('5a6b7c8d9e0f1a2b', '3c5d7e9f1a2b4c6d')], 'U3Bhbjox')},\n${page([restSpan('3c5d7e9f1a2b4c6d', null)])}]`;
    const result = phoenixSpans.parse(new InputText(text));
    expect(result.spans.map(s => s.spanId)).toEqual(['5a6b7c8d9e0f1a2b', '3c5d7e9f1a2b4c6d']);
    expect(result.diagnostics).toEqual([]);
    // The span's `{` is on the line before its first key.
    const nameLine = text.split('\n').findIndex(l => l.includes('"name": "span-3c5d"'));
    expect(result.spans[1]?.source.line).toBe(nameLine);
  });

  it('reads JSON Lines, one span per line, with their line numbers', () => {
    const text = [
      JSON.stringify(restSpan('5a6b7c8d9e0f1a2b', '3c5d7e9f1a2b4c6d')),
      '',
      JSON.stringify(restSpan('3c5d7e9f1a2b4c6d', null)),
    ].join('\r\n');
    const input = new InputText(text);
    expect(phoenixSpans.sniff(input)).toMatch(/JSON Lines/);
    const result = phoenixSpans.parse(input);
    expect(result.spans.map(s => [s.spanId, s.source.line])).toEqual([
      ['5a6b7c8d9e0f1a2b', 1],
      ['3c5d7e9f1a2b4c6d', 3],
    ]);
    expect(result.dialect).toContain('JSON Lines');
  });

  it('keeps children listed before their parents, and several traces', () => {
    const other = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
    const spans = [
      restSpan('8e1f2a3b4c5d6e7f', '3c5d7e9f1a2b4c6d'),
      restSpan('1122334455667788', null, {
        context: { trace_id: other, span_id: '1122334455667788' },
      }),
      restSpan('3c5d7e9f1a2b4c6d', null),
    ];
    const result = phoenixSpans.parse(new InputText(page(spans)));
    expect(result.spans.map(s => [s.traceId, s.spanId, s.parentSpanId])).toEqual([
      [TRACE, '8e1f2a3b4c5d6e7f', '3c5d7e9f1a2b4c6d'],
      [other, '1122334455667788', null],
      [TRACE, '3c5d7e9f1a2b4c6d', null],
    ]);
  });

  it('reports a cut-off page at its line and keeps the complete spans before it', () => {
    const text = readSample('phoenix-spans/basic.json').text;
    const cut = new InputText(text.slice(0, text.indexOf('"chat gpt-4o-mini"')));
    expect(phoenixSpans.sniff(cut)).toMatch(/cut off/);
    const result = phoenixSpans.parse(cut);
    expect(result.spans.map(s => s.name)).toEqual(['run_agent', 'get_weather']);
    const err = result.diagnostics.find(d => d.code === 'parse.json.invalid');
    expect(err?.severity).toBe('error');
    expect(err?.location?.line).toBe(cut.lineCount);
    expect(err?.message).toContain('2 complete Phoenix span(s)');
  });

  it('reports a broken JSON line and reads the others', () => {
    const text = [
      JSON.stringify(restSpan('5a6b7c8d9e0f1a2b', '3c5d7e9f1a2b4c6d')),
      '{"name": "oops", "context": {',
      JSON.stringify(restSpan('3c5d7e9f1a2b4c6d', null)),
    ].join('\n');
    const result = phoenixSpans.parse(new InputText(text));
    expect(result.spans).toHaveLength(2);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'parse.json.invalid',
        severity: 'error',
        location: expect.objectContaining({ line: 2 }),
      }),
    ]);
  });

  it('takes a service name only from a service.name attribute', () => {
    const span = restSpan('3c5d7e9f1a2b4c6d', null, {
      attributes: { 'service.name': 'weather-agent' },
    });
    expect(phoenixSpans.parse(new InputText(page([span]))).spans[0]?.serviceName).toBe(
      'weather-agent',
    );
  });

  it('warns about a time it cannot read and keeps the span', () => {
    const span = restSpan('3c5d7e9f1a2b4c6d', null, { start_time: 'yesterday' });
    const result = phoenixSpans.parse(new InputText(page([span])));
    expect(result.spans[0]?.startNs).toBeNull();
    expect(result.diagnostics.map(d => d.code)).toContain('format.time.unreadable');
  });

  it('warns about values that are not spans', () => {
    const result = phoenixSpans.parse(
      new InputText(page([restSpan('3c5d7e9f1a2b4c6d', null), 42, { foo: 1 }])),
    );
    expect(result.spans).toHaveLength(1);
    expect(result.diagnostics.filter(d => d.code === 'format.records.not-a-record')).toHaveLength(
      2,
    );
  });

  it('leaves legacy lines (conversation key) and Arize AX spans (kind) to their importers', () => {
    const legacy = JSON.stringify({ ...restSpan('3c5d7e9f1a2b4c6d', null), conversation: null });
    expect(phoenixSpans.sniff(new InputText(`${legacy}\n${legacy}`))).toBeNull();
    const { span_kind: _kind, ...ax } = restSpan('3c5d7e9f1a2b4c6d', null);
    expect(
      phoenixSpans.sniff(new InputText(JSON.stringify({ data: [{ ...ax, kind: 'CHAIN' }] }))),
    ).toBeNull();
  });
});
