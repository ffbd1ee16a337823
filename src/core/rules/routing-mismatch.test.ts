import { describe, expect, it } from 'vitest';
import { routingMismatch } from './routing-mismatch.ts';
import { check, healthyRun, problems, routed, sid, TRACE_B } from './test-spans.test-helper.ts';

describe('routing-mismatch', () => {
  it('does not fire when the whole trace goes to one space and project', () => {
    expect(check(routingMismatch, healthyRun())).toEqual([]);
    expect(
      check(routingMismatch, healthyRun(), {
        baggage: 'arize.space_id=U3BhY2U6MTIz,arize.project_name=travel-agent',
      }),
    ).toEqual([]);
  });

  it('does not compare different traces with each other', () => {
    const other = healthyRun().map(s => ({
      ...s,
      id: `f${s.id}`,
      parent: s.parent === 'a1' ? 'fa1' : s.parent,
      trace: TRACE_B,
      attrs: routed('U3BhY2U6MTIz', 'other'),
    }));
    expect(check(routingMismatch, [...healthyRun(), ...other])).toEqual([]);
  });

  it('reports the minority project inside one trace', () => {
    const run = healthyRun({ tool2: { attrs: routed('U3BhY2U6MTIz', 'travel-agent-dev') } });
    const f = check(routingMismatch, run);
    expect(problems(f)).toEqual([`routing-mismatch:${sid('c2')}`]);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.message).toContain('"travel-agent-dev"');
    expect(f[0]!.message).toContain('"travel-agent"');
  });

  it('reports a different space separately from a different project', () => {
    const run = healthyRun({ tool1: { attrs: routed('OTHER', 'travel-agent') } });
    expect(check(routingMismatch, run).map(f => f.message)).toEqual([
      expect.stringContaining('space "OTHER"'),
    ]);
  });

  it('compares against the baggage when it is given', () => {
    const f = check(routingMismatch, healthyRun(), {
      baggage: 'arize.space_id=U3BhY2U6MTIz,arize.project_name=prod',
    });
    expect(f).toHaveLength(1);
    expect(f[0]!.spanIds).toHaveLength(4);
    expect(f[0]!.message).toContain('baggage names project "prod"');
  });
});
