import { describe, expect, it } from 'vitest';
import { unroutedSpan } from './unrouted-span.ts';
import {
  check,
  EXPERIMENT_ID,
  healthyRun,
  problems,
  routed,
  sid,
  TRACE_B,
  traceparentFor,
} from './test-spans.test-helper.ts';
import type { SpanSpec } from './test-spans.test-helper.ts';

const BAGGAGE = 'arize.space_id=U3BhY2U6MTIz,arize.project_name=travel-agent';

describe('unrouted-span', () => {
  it('does not fire when every span is routed', () => {
    expect(check(unroutedSpan, healthyRun())).toEqual([]);
    expect(
      check(unroutedSpan, healthyRun(), { baggage: BAGGAGE, traceparent: traceparentFor() }),
    ).toEqual([]);
  });

  it('does not fire when routing is not in use at all', () => {
    const plain = healthyRun().map(s => ({ ...s, attrs: {} }));
    expect(check(unroutedSpan, plain)).toEqual([]);
  });

  it('names the missing project when spans carry only the space id', () => {
    const run = healthyRun().map(s => ({ ...s, attrs: { 'arize.space_id': 'S' } }));
    const f = check(unroutedSpan, run);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('no arize.project.name');
    expect(f[0]!.message).not.toContain('arize.space_id and');
    expect(f[0]!.spanIds).toHaveLength(4);
  });

  it('reports spans under routed spans that lack both attributes (another TracerProvider)', () => {
    const run = healthyRun({
      llm: { attrs: {}, resource: { 'openinference.project.name': 'default' } },
    });
    const f = check(unroutedSpan, run);
    expect(problems(f)).toEqual([`unrouted-span:${sid('b1')}`]);
    expect(f[0]!.message).toContain('arize.space_id and arize.project.name');
    expect(f[0]!.causes.join(' ')).toContain('openinference.project.name');
  });

  it('reports the span started with context= above routed children (seen in a console dump)', () => {
    const run = healthyRun({ agent: { attrs: {} } });
    const f = check(unroutedSpan, run);
    expect(problems(f)).toEqual([`unrouted-span:${sid('a1')}`]);
    expect(f[0]!.fix[0]!.code).toContain('context=parent_ctx');
  });

  it('skips the experiment span and caller-side spans above the routed agent', () => {
    const caller: SpanSpec[] = [
      { id: EXPERIMENT_ID, name: 'experiment', start: -10, end: 1100 },
      {
        id: 'h1',
        parent: EXPERIMENT_ID,
        name: 'POST /invoke',
        kind: 'CLIENT',
        start: -5,
        end: 1050,
      },
    ];
    const run = healthyRun({ agent: { parent: 'h1' } });
    expect(check(unroutedSpan, [...caller, ...run])).toEqual([]);
    expect(check(unroutedSpan, [...caller, ...run], { traceparent: traceparentFor() })).toEqual([]);
  });

  it('reports an unrouted SERVER span of the agent (started before set_routing_context)', () => {
    const spans: SpanSpec[] = [
      {
        id: 's1',
        parent: EXPERIMENT_ID,
        kind: 'SERVER',
        name: 'POST /invoke',
        start: -5,
        end: 1050,
      },
      ...healthyRun({ agent: { parent: 's1' } }),
    ];
    const f = check(unroutedSpan, spans);
    expect(problems(f)).toEqual([`unrouted-span:${sid('s1')}`]);
    expect(f[0]!.causes[0]).toContain('server span');
  });

  it('skips services that route nothing (a downstream service with its own exporter)', () => {
    const spans: SpanSpec[] = [
      ...healthyRun(),
      { id: 's9', parent: 'c1', kind: 'SERVER', service: 'flights-api', start: 320, end: 590 },
    ];
    expect(check(unroutedSpan, spans)).toEqual([]);
  });

  it('reports thread-lost tool spans (new trace, no routing) of the routed service', () => {
    const run = healthyRun({ tool1: { trace: TRACE_B, parent: null, attrs: {} } });
    expect(problems(check(unroutedSpan, run))).toEqual([`unrouted-span:${sid('c1')}`]);
  });

  it('reports every agent span when the baggage names routing but nothing is routed', () => {
    const plain = healthyRun().map(s => ({ ...s, attrs: {} }));
    const f = check(unroutedSpan, plain, { baggage: BAGGAGE });
    expect(f.flatMap(x => x.spanIds).sort()).toEqual([sid('a1'), sid('b1'), sid('c1'), sid('c2')]);
    expect(f[0]!.message).toContain('baggage names space U3BhY2U6MTIz and project travel-agent');
  });

  it('ignores a lone non-agent span of the caller with no routing', () => {
    const spans: SpanSpec[] = [
      { id: 'x1', trace: TRACE_B, name: 'experiment', start: 0, end: 2000 },
      ...healthyRun(),
    ];
    expect(check(unroutedSpan, spans)).toEqual([]);
  });

  it('treats empty strings as missing values', () => {
    const run = healthyRun({ tool2: { attrs: { ...routed(), 'arize.project.name': ' ' } } });
    expect(problems(check(unroutedSpan, run))).toEqual([`unrouted-span:${sid('c2')}`]);
  });
});

describe('unrouted-span: backend exports and caller roots', () => {
  it('never fires on an Arize AX export (everything in it reached Arize)', async () => {
    const { ruleContext, makeSpans } = await import('./test-spans.test-helper.ts');
    const ctx = ruleContext(makeSpans(healthyRun({ tool1: { attrs: {} } })));
    expect(unroutedSpan.check({ ...ctx, format: 'arize-export' })).toEqual([]);
    expect(unroutedSpan.check({ ...ctx, format: 'otlp-json' })).toHaveLength(1);
  });

  it('skips a CHAIN-kinded caller root whose routed descendants hang from a dropped span', () => {
    const spans: SpanSpec[] = [
      { id: EXPERIMENT_ID, oi: 'CHAIN', name: 'experiment', start: -10, end: 1100 },
      ...healthyRun().filter(s => s.id !== 'a1'),
    ];
    expect(check(unroutedSpan, spans)).toEqual([]);
  });
});
