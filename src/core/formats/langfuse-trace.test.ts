import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import { expectFixtureTrace, readSample, withoutName } from './fixture-trace.test-helper.ts';
import { langfuseTrace } from './langfuse-trace.ts';
import { expectNoOtherSampleClaimed } from './sample-corpus.test-helper.ts';

const TRACE = '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718';

/** A Langfuse observation. */
function observation(id: string, parent: string | null, extra: Record<string, unknown> = {}) {
  return {
    id,
    traceId: TRACE,
    parentObservationId: parent,
    type: 'SPAN',
    name: `obs-${id.slice(0, 4)}`,
    startTime: '2025-01-15T10:30:00.105Z',
    endTime: '2025-01-15T10:30:00.905Z',
    level: 'DEFAULT',
    statusMessage: null,
    metadata: null,
    ...extra,
  };
}

describe('langfuse-trace', () => {
  it('reads the trace sample as the fixture trace (ms times, no OK level, no OTel kind)', () => {
    const result = langfuseTrace.parse(readSample('langfuse-trace/basic.json'));
    const spans = expectFixtureTrace(result, { precision: 'ms', otelKind: false, okStatus: false });
    expect(spans.map(s => s.source.line)).toEqual([18, 37, 58]);
    expect(spans[0]?.scope).toEqual({ name: 'agent-demo', version: '1.0.0' });
    expect(spans[0]?.resource['deployment.environment.name']).toBe('dev');
    expect(spans[0]?.attributes['tag.tags']).toEqual(['demo', 'weather']);
    expect(spans[1]?.attributes['langfuse.usage.input']).toBe(42);
  });

  it('reads a service.name resource attribute that is an object (threw before)', () => {
    const obs = observation('3c5d7e9f1a2b4c6d', null, {
      metadata: { resourceAttributes: { 'service.name': {} } },
    });
    const r = langfuseTrace.parse(
      new InputText(JSON.stringify({ id: TRACE, observations: [obs] })),
    );
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]!.serviceName).toBe('{}');
  });

  it('sniffs its sample with and without the file name', () => {
    const input = readSample('langfuse-trace/basic.json');
    expect(langfuseTrace.sniff(input)).toMatch(/parentObservationId/);
    expect(langfuseTrace.sniff(withoutName(input))).toMatch(/parentObservationId/);
  });

  it('claims no other format’s sample', () => {
    expectNoOtherSampleClaimed(langfuseTrace);
  });

  it('maps observation types to OpenInference kinds when no span attribute names one', () => {
    const obs = [
      observation('8e1f2a3b4c5d6e7f', null, { type: 'GENERATION' }),
      observation('5a6b7c8d9e0f1a2b', null, { type: 'SPAN' }),
    ];
    const spans = langfuseTrace.parse(new InputText(JSON.stringify(obs))).spans;
    expect(spans.map(s => s.oiKind)).toEqual(['LLM', null]);
  });

  it('gives an EVENT observation without end time zero length, with a note', () => {
    const ev = observation('8e1f2a3b4c5d6e7f', null, { type: 'EVENT', endTime: null });
    const [span] = langfuseTrace.parse(new InputText(JSON.stringify([ev]))).spans;
    expect(span?.endNs).toBe(span?.startNs);
    expect(span?.notes?.[0]).toContain('EVENT');
  });

  it('maps UUID ids like LangSmith’s and keeps the UUID', () => {
    const obs = [
      observation('9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b', 'aa11bb22-cc33-4d44-8e55-66ff77889900', {
        traceId: 'e2b7c1d0-3f4a-4b5c-9d6e-7f8091a2b3c4',
      }),
    ];
    const result = langfuseTrace.parse(
      new InputText(JSON.stringify({ data: obs, meta: { page: 1, totalPages: 1 } })),
    );
    const [span] = result.spans;
    expect([span?.traceId, span?.spanId, span?.parentSpanId]).toEqual([
      'e2b7c1d03f4a4b5c9d6e7f8091a2b3c4',
      '9f1c2b3a4d5e4f60',
      'aa11bb22cc334d44',
    ]);
    expect(span?.attributes['langfuse.observation_id']).toBe(
      '9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b',
    );
    expect(result.diagnostics.map(d => d.code)).toEqual(['format.langfuse.uuid-ids']);
  });

  it('says when an observation list page is not the last', () => {
    const text = JSON.stringify({
      data: [observation('8e1f2a3b4c5d6e7f', null)],
      meta: { page: 1, limit: 1, totalItems: 3, totalPages: 3 },
    });
    const result = langfuseTrace.parse(new InputText(text));
    expect(result.diagnostics.map(d => [d.code, d.severity])).toEqual([
      ['format.langfuse.more-pages', 'info'],
    ]);
    expect(result.diagnostics[0]?.message).toContain('1/3');
  });

  it('explains a trace list whose observations are ids only', () => {
    const text = JSON.stringify({
      data: [{ id: TRACE, observations: ['8e1f2a3b4c5d6e7f'] }],
      meta: { page: 1, totalPages: 1 },
    });
    const result = langfuseTrace.parse(new InputText(text));
    expect(result.spans).toEqual([]);
    expect(result.diagnostics.map(d => d.code)).toEqual(['format.langfuse.ids-only']);
  });

  it('keeps children listed before parents, and several traces', () => {
    const other = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
    const obs = [
      observation('8e1f2a3b4c5d6e7f', '3c5d7e9f1a2b4c6d'),
      observation('1122334455667788', null, { traceId: other }),
      observation('3c5d7e9f1a2b4c6d', null),
    ];
    const spans = langfuseTrace.parse(
      new InputText(obs.map(o => JSON.stringify(o)).join('\n')),
    ).spans;
    expect(spans.map(s => [s.spanId, s.parentSpanId, s.traceId === other, s.source.line])).toEqual([
      ['8e1f2a3b4c5d6e7f', '3c5d7e9f1a2b4c6d', false, 1],
      ['1122334455667788', null, true, 2],
      ['3c5d7e9f1a2b4c6d', null, false, 3],
    ]);
  });

  it('reports a cut-off trace at its line and keeps the complete observations', () => {
    const text = readSample('langfuse-trace/basic.json').text;
    const cut = new InputText(text.slice(0, text.indexOf('"id": "5a6b7c8d9e0f1a2b"')));
    const result = langfuseTrace.parse(cut);
    expect(result.spans.map(s => s.name)).toEqual(['run_agent', 'chat gpt-4o-mini']);
    expect(result.diagnostics.find(d => d.code === 'parse.json.invalid')?.location?.line).toBe(
      cut.lineCount,
    );
  });
});
