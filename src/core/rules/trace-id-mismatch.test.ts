import { describe, expect, it } from 'vitest';
import { traceIdMismatch } from './trace-id-mismatch.ts';
import {
  check,
  EXPERIMENT_ID,
  healthyRun,
  sid,
  TRACE_A,
  TRACE_B,
  TRACE_C,
  traceparentFor,
} from './test-spans.test-helper.ts';
import type { SpanSpec } from './test-spans.test-helper.ts';

const inTrace = (specs: SpanSpec[], trace: string) => specs.map(s => ({ ...s, trace }));

describe('trace-id-mismatch with an expected trace id', () => {
  it('reports every span of a run that started its own trace (no extraction)', () => {
    const run = inTrace(healthyRun({ agent: { parent: null } }), TRACE_B);
    const f = check(traceIdMismatch, run, { traceparent: traceparentFor(TRACE_A) });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'trace-id-mismatch', severity: 'error', traceId: TRACE_B });
    expect(f[0]!.spanIds[0]).toBe(sid('a1'));
    expect(f[0]!.spanIds).toHaveLength(4);
    expect(f[0]!.fix[0]!.code).toContain('extract(');
  });

  it('does not fire when the run continues the expected trace', () => {
    expect(check(traceIdMismatch, healthyRun(), { traceparent: traceparentFor(TRACE_A) })).toEqual(
      [],
    );
    expect(check(traceIdMismatch, healthyRun(), { traceId: TRACE_A })).toEqual([]);
  });

  it('reports a fragment of the run that runs at the same time in a new trace', () => {
    const run = [...healthyRun({ tool2: { trace: TRACE_B, parent: null } })];
    const f = check(traceIdMismatch, run, { traceId: TRACE_A });
    expect(f.map(x => x.spanIds)).toEqual([[sid('c2')]]);
    expect(f[0]!.causes[0]).toContain('thread');
  });

  it('ignores other requests in the dump: later in time, or continuing a caller of their own', () => {
    const later = inTrace(healthyRun(), TRACE_B).map(s => ({
      ...s,
      start: (s.start ?? 0) + 5000,
      end: (s.end ?? 0) + 5000,
    }));
    const concurrentOther = inTrace(healthyRun(), TRACE_C).map(s => ({
      ...s,
      id: `f${s.id}`,
      parent: s.parent === EXPERIMENT_ID ? '00f067aa0ba90299' : s.parent ? `f${s.parent}` : null,
    }));
    expect(
      check(traceIdMismatch, [...healthyRun(), ...later, ...concurrentOther], { traceId: TRACE_A }),
    ).toEqual([]);
  });
});

describe('trace-id-mismatch without an expected trace id', () => {
  const experiment: SpanSpec = {
    id: 'e1',
    trace: TRACE_A,
    name: 'experiment run',
    service: 'arize',
    start: -50,
    end: 1100,
  };

  it('reports an agent run that starts a new trace inside a childless experiment span', () => {
    const run = inTrace(healthyRun({ agent: { parent: null } }), TRACE_B);
    const f = check(traceIdMismatch, [experiment, ...run]);
    expect(f).toHaveLength(1);
    expect(f[0]!.traceId).toBe(TRACE_B);
    expect(f[0]!.message).toContain('experiment run');
  });

  it('does not fire when the experiment span has the agent as its child', () => {
    const run = healthyRun({ agent: { parent: 'e1' } });
    expect(check(traceIdMismatch, [experiment, ...run])).toEqual([]);
  });

  it('does not fire for an agent run that starts outside the lone span', () => {
    const run = inTrace(healthyRun({ agent: { parent: null } }), TRACE_B).map(s => ({
      ...s,
      start: (s.start ?? 0) + 2000,
      end: (s.end ?? 0) + 2000,
    }));
    expect(check(traceIdMismatch, [experiment, ...run])).toEqual([]);
  });

  const client: SpanSpec[] = [
    { id: 'a1', oi: 'CHAIN', service: 'agent', start: 0, end: 1000 },
    { id: 'c1', parent: 'a1', oi: 'TOOL', service: 'agent', start: 100, end: 900 },
    {
      id: 'h1',
      parent: 'c1',
      name: 'POST /search',
      kind: 'CLIENT',
      service: 'agent',
      start: 110,
      end: 890,
    },
  ];

  it('reports a server in another service that starts a new trace inside a childless CLIENT span', () => {
    const server: SpanSpec[] = [
      {
        id: 's1',
        trace: TRACE_B,
        name: 'POST /search',
        kind: 'SERVER',
        service: 'flights',
        start: 120,
        end: 880,
      },
      {
        id: 's2',
        trace: TRACE_B,
        parent: 's1',
        name: 'query',
        service: 'flights',
        start: 130,
        end: 870,
      },
    ];
    const f = check(traceIdMismatch, [...client, ...server]);
    expect(f.map(x => x.spanIds)).toEqual([[sid('s1'), sid('s2')]]);
    expect(f[0]!.message).toContain('did not continue');
    expect(f[0]!.fix[0]!.code).toContain('inject(');
  });

  it('does not fire when the server continues the client span', () => {
    const server: SpanSpec[] = [
      {
        id: 's1',
        parent: 'h1',
        name: 'POST /search',
        kind: 'SERVER',
        service: 'flights',
        start: 120,
        end: 880,
      },
    ];
    expect(check(traceIdMismatch, [...client, ...server])).toEqual([]);
  });

  it('does not pair a CLIENT span with a server of the same service (concurrent requests)', () => {
    const other: SpanSpec[] = [
      { id: 's1', trace: TRACE_B, kind: 'SERVER', service: 'agent', start: 120, end: 880 },
    ];
    expect(check(traceIdMismatch, [...client, ...other])).toEqual([]);
  });

  it('does not pair an LLM provider call with a concurrent request', () => {
    const llm: SpanSpec[] = [
      { id: 'b1', kind: 'CLIENT', oi: 'LLM', service: 'agent', start: 0, end: 1000 },
    ];
    const other: SpanSpec[] = [
      { id: 's1', trace: TRACE_B, kind: 'SERVER', service: 'web', start: 100, end: 200 },
    ];
    expect(check(traceIdMismatch, [...llm, ...other])).toEqual([]);
  });

  it('reports a tool that lost its context in a worker thread (new trace inside the CHAIN)', () => {
    const run = healthyRun({
      tool1: { trace: TRACE_B, parent: null },
      tool2: { trace: TRACE_C, parent: null },
    });
    const f = check(traceIdMismatch, run);
    expect(f.map(x => x.spanIds).sort()).toEqual([[sid('c1')], [sid('c2')]]);
    expect(f[0]!.fix[0]!.code).toContain('copy_context');
  });

  it('does not fire for an LLM root in another service or outside any CHAIN', () => {
    const run = healthyRun();
    const other: SpanSpec[] = [
      { id: 'x1', trace: TRACE_B, oi: 'LLM', service: 'other', start: 100, end: 200 },
      { id: 'x2', trace: TRACE_C, oi: 'LLM', start: 2000, end: 2100 },
    ];
    expect(check(traceIdMismatch, [...run, ...other])).toEqual([]);
  });
});

describe('trace-id-mismatch: look-alikes of a lost thread context', () => {
  it('does not pair a single LLM-call request with a concurrent agent CHAIN of the same service', () => {
    const other: SpanSpec[] = [{ id: 'x1', trace: TRACE_B, oi: 'LLM', start: 100, end: 200 }];
    expect(check(traceIdMismatch, [...healthyRun(), ...other])).toEqual([]);
  });

  it('reports two parallel LLM calls that each started a new trace inside the CHAIN', () => {
    const spans: SpanSpec[] = [
      ...healthyRun(),
      { id: 'x1', trace: TRACE_B, oi: 'LLM', start: 100, end: 200 },
      { id: 'x2', trace: TRACE_C, oi: 'LLM', start: 101, end: 210 },
    ];
    expect(check(traceIdMismatch, spans).map(f => f.spanIds)).toEqual([[sid('x1')], [sid('x2')]]);
  });

  it('does not pair two concurrent SDK experiment tasks (CHAIN roots) of the same service', () => {
    const spans: SpanSpec[] = [
      { id: 't1', trace: TRACE_A, name: 'Task: run', oi: 'CHAIN', start: 0, end: 5000 },
      { id: 't2', trace: TRACE_B, name: 'Task: run', oi: 'CHAIN', start: 100, end: 900 },
      { id: 'b2', trace: TRACE_B, parent: 't2', oi: 'LLM', start: 110, end: 800 },
    ];
    expect(check(traceIdMismatch, spans)).toEqual([]);
  });
});

describe('trace-id-mismatch: unrelated requests during a long call', () => {
  it('does not pair a short request of another service in the middle of a long CLIENT call', () => {
    const spans: SpanSpec[] = [
      { id: 'a1', oi: 'CHAIN', service: 'agent', start: 0, end: 10_000 },
      { id: 'h1', parent: 'a1', kind: 'CLIENT', service: 'agent', start: 10, end: 9990 },
      { id: 's1', trace: TRACE_B, kind: 'SERVER', service: 'web', start: 4000, end: 4100 },
    ];
    expect(check(traceIdMismatch, spans)).toEqual([]);
  });
});

describe('trace-id-mismatch: concurrent requests beside the expected trace', () => {
  it('ignores a concurrent health-check request with no agent spans', () => {
    const spans: SpanSpec[] = [
      ...healthyRun(),
      { id: 'h9', trace: TRACE_B, name: 'GET /health', kind: 'SERVER', start: 100, end: 101 },
    ];
    expect(check(traceIdMismatch, spans, { traceparent: traceparentFor() })).toEqual([]);
  });
});
