import { describe, expect, it } from 'vitest';
import { buildChecklist } from './checklist.ts';
import { runRules } from './index.ts';
import {
  EXPERIMENT_ID,
  healthyRun,
  ruleContext,
  sid,
  TRACE_B,
  traceparentFor,
  makeSpans,
} from './test-spans.test-helper.ts';
import type { SpanSpec } from './test-spans.test-helper.ts';
import type { ExpectedContextInput } from '../model/context.ts';

function checklist(specs: SpanSpec[], context: ExpectedContextInput = {}) {
  const ctx = ruleContext(makeSpans(specs), context);
  const list = buildChecklist(ctx, runRules(ctx));
  return (
    list && {
      ...list,
      status: Object.fromEntries(list.items.map(i => [i.id, i.status])),
      byId: Object.fromEntries(list.items.map(i => [i.id, i])),
    }
  );
}

describe('buildChecklist', () => {
  it('is null when nothing hints at an agent run', () => {
    expect(
      checklist([
        { id: 's1', kind: 'SERVER' },
        { id: 'c1', parent: 's1', kind: 'CLIENT' },
      ]),
    ).toBeNull();
  });

  it('passes every line for a healthy run with the traceparent given', () => {
    const c = checklist(healthyRun(), { traceparent: traceparentFor() })!;
    expect(c.experimentSpanId).toBe(EXPERIMENT_ID);
    expect(c.status).toEqual({
      'experiment-span': 'pass',
      'entry-child': 'pass',
      'tools-under-chain': 'pass',
      routed: 'pass',
      'no-orphans': 'pass',
    });
  });

  it('says "unknown" for the experiment span when only the shape suggests a remote caller', () => {
    const c = checklist(healthyRun())!;
    expect(c.status['experiment-span']).toBe('unknown');
    expect(c.status['entry-child']).toBe('unknown');
    expect(c.status['no-orphans']).toBe('pass');
  });

  it("passes on the exporter's remote flag", () => {
    const c = checklist(healthyRun({ agent: { remote: true } }))!;
    expect(c.status['experiment-span']).toBe('pass');
    expect(c.status['entry-child']).toBe('pass');
  });

  it('fails the trace lines with the spans of a run that started its own trace', () => {
    const run = healthyRun({ agent: { parent: null } }).map(s => ({ ...s, trace: TRACE_B }));
    const c = checklist(run, { traceparent: traceparentFor() })!;
    expect(c.status['experiment-span']).toBe('fail');
    expect(c.status['entry-child']).toBe('fail');
    expect(c.byId['entry-child']!.spanIndexes).toContain(0);
    expect(c.byId['entry-child']!.fix?.code).toContain('extract(');
  });

  it('fails the CHAIN and orphan lines for the context= trap, naming the spans', () => {
    const c = checklist(
      healthyRun().filter(s => s.id !== 'a1'),
      { traceparent: traceparentFor() },
    )!;
    expect(c.status['entry-child']).toBe('fail');
    expect(c.status['tools-under-chain']).toBe('fail');
    expect(c.status['no-orphans']).toBe('fail');
    expect(c.byId['no-orphans']!.spanIndexes.sort()).toEqual([0, 1, 2]);
  });

  it('fails the routing line for unrouted spans and is unknown when routing is not used', () => {
    const c = checklist(healthyRun({ tool1: { attrs: {} } }))!;
    expect(c.status.routed).toBe('fail');
    expect(c.byId.routed!.spanIndexes).toEqual([2]);
    const plain = checklist(healthyRun().map(s => ({ ...s, attrs: {} })))!;
    expect(plain.status.routed).toBe('unknown');
  });

  it('passes the experiment line when the experiment span is in the dump', () => {
    const spans: SpanSpec[] = [
      { id: 'e1', service: 'runner', start: -10, end: 1100 },
      ...healthyRun({ agent: { parent: 'e1' } }),
    ];
    const c = checklist(spans)!;
    expect(c.status['experiment-span']).toBe('pass');
    expect(c.byId['experiment-span']!.spanIndexes).toEqual([0]);
    expect(c.status['entry-child']).toBe('pass');
    expect(sid('e1')).toBe(c.byId['experiment-span'] && makeSpans(spans)[0]!.spanId);
  });
});
