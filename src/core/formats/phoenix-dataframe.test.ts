import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import { expectFixtureTrace, readSample, withoutName } from './fixture-trace.test-helper.ts';
import { phoenixDataframe } from './phoenix-dataframe.ts';
import { expectNoOtherSampleClaimed } from './sample-corpus.test-helper.ts';

type Row = Record<string, unknown>;

/** The sample's rows (orient="records", epoch ms), to re-write in pandas' other orients. */
const sampleRows = (): Row[] =>
  JSON.parse(readSample('phoenix-dataframe/records-epoch-ms.json').text) as Row[];

/** What `df.set_index("context.span_id", drop=False).to_json(orient=…)` writes (compact). */
function orient(kind: 'columns' | 'index' | 'split' | 'table', rows: Row[]): string {
  const cols = Object.keys(rows[0]!);
  const ids = rows.map(r => String(r['context.span_id']));
  switch (kind) {
    case 'columns':
      return JSON.stringify(
        Object.fromEntries(
          cols.map(c => [c, Object.fromEntries(rows.map((r, i) => [ids[i], r[c]]))]),
        ),
      );
    case 'index':
      return JSON.stringify(Object.fromEntries(rows.map((r, i) => [ids[i], r])));
    case 'split':
      return JSON.stringify({
        columns: cols,
        index: ids,
        data: rows.map(r => cols.map(c => r[c])),
      });
    case 'table':
      return JSON.stringify({
        schema: {
          fields: cols.map(name => ({ name, type: 'string' })),
          primaryKey: ['context.span_id'],
          pandas_version: '1.4.0',
        },
        data: rows,
      });
  }
}

/** A minimal dataframe row. */
function row(spanId: string, extra: Row = {}): Row {
  return {
    name: 'n',
    span_kind: 'LLM',
    parent_id: null,
    start_time: 1736937000105,
    end_time: 1736937000905,
    status_code: 'UNSET',
    status_message: '',
    events: [],
    'context.span_id': spanId,
    'context.trace_id': '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
    ...extra,
  };
}

describe('phoenix-dataframe', () => {
  it('reads the orient="records" sample (epoch ms) as the fixture trace', () => {
    const result = phoenixDataframe.parse(readSample('phoenix-dataframe/records-epoch-ms.json'));
    const spans = expectFixtureTrace(result, {
      precision: 'ms',
      otelKind: false,
      serviceName: false,
    });
    expect(spans.map(s => s.source.line)).toEqual([2, 37, 65]);
    expect(result.dialect).toContain('epoch-ms');
  });

  it('reads the lines=True ISO sample as the fixture trace, µs exact', () => {
    const result = phoenixDataframe.parse(readSample('phoenix-dataframe/records-iso.jsonl'));
    const spans = expectFixtureTrace(result, { otelKind: false, serviceName: false });
    expect(spans.map(s => s.source.line)).toEqual([1, 2, 3]);
  });

  it('skips null columns, keeps 42.0 as the number 42 and re-flattens nested columns', () => {
    const spans = phoenixDataframe.parse(
      readSample('phoenix-dataframe/records-epoch-ms.json'),
    ).spans;
    const llm = spans.find(s => s.name === 'chat gpt-4o-mini');
    expect({ ...llm?.attributes }).toEqual({
      'openinference.span.kind': 'LLM',
      'llm.token_count.prompt': 42,
      'gen_ai.request.temperature': 0.2,
      'llm.model_name': 'gpt-4o-mini',
      'llm.token_count.completion': 12,
      'llm.invocation_parameters': '{"temperature": 0.2}',
    });
    const tool = spans.find(s => s.name === 'get_weather');
    expect(tool?.attributes['tool.parameters.city']).toBe('Paris');
    expect(tool?.events[0]?.timeNs).toBe(1736937001401500000n);
    expect(spans.find(s => s.name === 'run_agent')?.attributes['tag.tags']).toEqual([
      'demo',
      'weather',
    ]);
  });

  for (const kind of ['columns', 'index', 'split', 'table'] as const) {
    it(`reads orient="${kind}" as the fixture trace`, () => {
      const input = new InputText(orient(kind, sampleRows()));
      expect(phoenixDataframe.sniff(input)).toContain(`orient="${kind}"`);
      const result = phoenixDataframe.parse(input);
      expectFixtureTrace(result, { precision: 'ms', otelKind: false, serviceName: false });
      expect(result.dialect).toContain(`orient=${kind}`);
    });
  }

  it('points each row of a dict orient at the line where its index label is written', () => {
    const rows = sampleRows();
    const text = JSON.stringify(
      Object.fromEntries(rows.map(r => [r['context.span_id'], r])),
      null,
      1,
    );
    const spans = phoenixDataframe.parse(new InputText(text)).spans;
    const lines = text.split('\n');
    for (const s of spans) expect(lines[s.source.line - 1]).toContain(`"${s.spanId}": {`);
  });

  it('takes the span id from the index when the column was dropped', () => {
    const { 'context.span_id': _drop, ...rest } = row('8e1f2a3b4c5d6e7f');
    const span = phoenixDataframe.parse(
      new InputText(JSON.stringify({ '8e1f2a3b4c5d6e7f': rest, x: rest })),
    ).spans[0];
    expect(span?.spanId).toBe('8e1f2a3b4c5d6e7f');
    expect(span?.notes?.[0]).toContain('index');
  });

  it('sniffs its samples with and without the file name', () => {
    for (const rel of [
      'phoenix-dataframe/records-epoch-ms.json',
      'phoenix-dataframe/records-iso.jsonl',
    ]) {
      const input = readSample(rel);
      expect(phoenixDataframe.sniff(input), rel).toMatch(/context\.span_id/);
      expect(phoenixDataframe.sniff(withoutName(input)), rel).toMatch(/context\.span_id/);
    }
  });

  it('claims no other format’s sample, the Arize AX exports included', () => {
    expectNoOtherSampleClaimed(phoenixDataframe);
  });

  it('leaves rows with Arize export keys to arize-export', () => {
    const arizeLike = [row('8e1f2a3b4c5d6e7f', { 'eval.correctness.label': 'correct' })];
    expect(phoenixDataframe.sniff(new InputText(JSON.stringify(arizeLike)))).toBeNull();
  });

  it('keeps rows whose parents come later, and rows of several traces', () => {
    const rows = [
      row('8e1f2a3b4c5d6e7f', { parent_id: '3c5d7e9f1a2b4c6d' }),
      row('1122334455667788', { 'context.trace_id': 'f0e1d2c3b4a5968778695a4b3c2d1e0f' }),
      row('3c5d7e9f1a2b4c6d'),
    ];
    const spans = phoenixDataframe.parse(new InputText(JSON.stringify(rows))).spans;
    expect(spans.map(s => [s.spanId, s.parentSpanId, s.traceId.slice(0, 4)])).toEqual([
      ['8e1f2a3b4c5d6e7f', '3c5d7e9f1a2b4c6d', '7d3a'],
      ['1122334455667788', null, 'f0e1'],
      ['3c5d7e9f1a2b4c6d', null, '7d3a'],
    ]);
  });

  it('reports a cut-off records array at its line and keeps the complete rows', () => {
    const text = readSample('phoenix-dataframe/records-epoch-ms.json').text;
    const cut = new InputText(text.slice(0, text.indexOf('"run_agent"')));
    const result = phoenixDataframe.parse(cut);
    expect(result.spans).toHaveLength(2);
    const err = result.diagnostics.find(d => d.code === 'parse.json.invalid');
    expect(err?.location?.line).toBe(cut.lineCount);
  });
});
