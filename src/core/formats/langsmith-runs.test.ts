import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import { readSample, withoutName } from './fixture-trace.test-helper.ts';
import { dottedOrderChain, langsmithRuns } from './langsmith-runs.ts';
import { expectNoOtherSampleClaimed } from './sample-corpus.test-helper.ts';

// The sample's UUIDs and the ids they map to (first 16 hex digits; trace = all 32).
const ROOT = '01946983-4c41-768a-b3c4-d5e6f708192a'; // remote parent, not in the dump
const AGENT = '01946983-4c4c-7acf-84d5-e6f708192a3b';
const TRACE_ID = '019469834c41768ab3c4d5e6f708192a';

/** A run with a dotted_order built from its ancestry (root first). */
function run(id: string, ancestors: string[], extra: Record<string, unknown> = {}) {
  const chain = [...ancestors, id];
  return {
    id,
    name: `run-${id.slice(-4)}`,
    run_type: 'chain',
    start_time: '2025-01-15T10:30:00.012345',
    end_time: '2025-01-15T10:30:01.523456',
    status: 'success',
    error: null,
    parent_run_id: ancestors.at(-1) ?? null,
    trace_id: chain[0],
    dotted_order: chain.map(u => `20250115T103000012345Z${u}`).join('.'),
    ...extra,
  };
}

const uuid = (n: number) => `01946983-4c4c-7acf-84d5-${n.toString(16).padStart(12, '0')}`;

describe('langsmith-runs', () => {
  it('reads the runs/query sample with hex ids derived from the run UUIDs', () => {
    const result = langsmithRuns.parse(readSample('langsmith-runs/basic.json'));
    expect(result.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
    expect(
      result.spans.map(s => [
        s.name,
        s.traceId,
        s.spanId,
        s.parentSpanId,
        s.oiKind,
        s.status.code,
        s.source.line,
      ]),
    ).toEqual([
      ['run_agent', TRACE_ID, '019469834c4c7acf', '019469834c41768a', 'CHAIN', 'OK', 3],
      ['chat gpt-4o-mini', TRACE_ID, '019469834ca97f13', '019469834c4c7acf', 'LLM', 'OK', 22],
      ['get_weather', TRACE_ID, '019469834ff67357', '019469834c4c7acf', 'TOOL', 'ERROR', 43],
    ]);
    const [agent, llm, tool] = result.spans;
    expect(agent?.attributes['langsmith.run_id']).toBe(AGENT);
    expect(agent?.attributes['langsmith.parent_run_id']).toBe(ROOT);
    expect(tool?.status.message).toBe("TimeoutError('weather API timeout')");
    expect([agent?.startNs, agent?.endNs]).toEqual([1736937000012345000n, 1736937001523456000n]);
    expect(llm?.attributes['langsmith.prompt_tokens']).toBe(42);
    expect(llm?.attributes['langsmith.inputs.messages.0.role']).toBe('user');
    expect(result.spans.every(s => s.kind === null && s.serviceName === null)).toBe(true);
    expect(result.diagnostics.map(d => d.code)).toEqual(['format.langsmith.uuid-ids']);
  });

  it('marks a parent named by dotted_order but absent from the dump as remote', () => {
    const [agent, llm] = langsmithRuns.parse(readSample('langsmith-runs/basic.json')).spans;
    expect(agent?.parentIsRemote).toBe(true);
    expect(llm?.parentIsRemote).toBeNull();
  });

  it('warns when dotted_order and parent_run_id disagree, and then says nothing about remoteness', () => {
    const r = run(uuid(2), [uuid(1)], { parent_run_id: uuid(9) });
    const result = langsmithRuns.parse(new InputText(JSON.stringify([r])));
    expect(result.spans[0]?.parentIsRemote).toBeNull();
    expect(
      result.diagnostics.find(d => d.code === 'format.langsmith.dotted-order')?.message,
    ).toContain(uuid(9));
  });

  it('reads the span id back from a UUID that wraps an OpenTelemetry span id', () => {
    const otel = run('00000000-0000-0000-3c5d-7e9f1a2b4c6d', [], {
      trace_id: '7d3a1f2c-9b8e-4d6f-a1c2-b3d4e5f60718',
    });
    otel.dotted_order = `20250115T103000012345Z${otel.id}`;
    const [span] = langsmithRuns.parse(new InputText(JSON.stringify({ runs: [otel] }))).spans;
    expect(span?.spanId).toBe('3c5d7e9f1a2b4c6d');
    expect(span?.traceId).toBe('7d3a1f2c9b8e4d6fa1c2b3d4e5f60718');
  });

  it('keeps span ids distinct when two run UUIDs share their first 16 hex digits', () => {
    const root = run(uuid(1), []);
    const a = run(uuid(2), [uuid(1)]);
    const b = run(uuid(3), [uuid(1), uuid(2)]);
    const result = langsmithRuns.parse(new InputText(JSON.stringify([root, a, b])));
    const ids = result.spans.map(s => s.spanId);
    expect(new Set(ids).size).toBe(3);
    expect(result.spans[2]?.parentSpanId).toBe(ids[1]);
    expect(result.diagnostics.filter(d => d.code === 'format.langsmith.id-collision')).toHaveLength(
      2,
    );
  });

  it('reads nested child_runs (read_run with load_child_runs) with their lines', () => {
    const child = run(uuid(2), [uuid(1)]);
    const root = { ...run(uuid(1), []), child_runs: [child] };
    const text = JSON.stringify(root, null, 2);
    const result = langsmithRuns.parse(new InputText(text));
    expect(result.spans.map(s => s.name)).toEqual(['run-0001', 'run-0002']);
    const lines = text.split('\n');
    expect(lines[(result.spans[1]?.source.line ?? 0) - 1]?.trim()).toBe('{');
    expect(lines[result.spans[1]?.source.line ?? 0]).toContain(uuid(2));
  });

  it('reads JSON Lines of runs and says when a runs/query page is not the last', () => {
    const lines = [run(uuid(2), [uuid(1)]), run(uuid(1), [])]
      .map(r => JSON.stringify(r))
      .join('\n');
    expect(langsmithRuns.parse(new InputText(lines)).spans.map(s => s.source.line)).toEqual([1, 2]);
    const page = JSON.stringify({ runs: [run(uuid(1), [])], cursors: { next: 'abc' } });
    const result = langsmithRuns.parse(new InputText(page));
    expect(result.diagnostics.map(d => d.code)).toContain('format.langsmith.more-pages');
  });

  it('sniffs its sample with and without the file name', () => {
    const input = readSample('langsmith-runs/basic.json');
    expect(langsmithRuns.sniff(input)).toMatch(/run_type/);
    expect(langsmithRuns.sniff(withoutName(input))).toMatch(/run_type/);
  });

  it('claims no other format’s sample', () => {
    expectNoOtherSampleClaimed(langsmithRuns);
  });

  it('reports a cut-off runs page at its line and keeps the complete runs', () => {
    const text = readSample('langsmith-runs/basic.json').text;
    const cut = new InputText(text.slice(0, text.indexOf('"run_type": "tool"')));
    const result = langsmithRuns.parse(cut);
    expect(result.spans.map(s => s.name)).toEqual(['run_agent', 'chat gpt-4o-mini']);
    expect(result.diagnostics.find(d => d.code === 'parse.json.invalid')?.location?.line).toBe(
      cut.lineCount,
    );
  });

  it('splits a dotted_order into run UUIDs, whatever the timestamp precision', () => {
    expect(dottedOrderChain(`20230914T223155647Z${ROOT}.20230914T223155649001Z${AGENT}`)).toEqual([
      ROOT,
      AGENT,
    ]);
    expect(dottedOrderChain('not-a-dotted-order')).toBeNull();
  });
});
