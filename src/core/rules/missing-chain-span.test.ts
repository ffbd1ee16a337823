import { describe, expect, it } from 'vitest';
import { missingChainSpan } from './missing-chain-span.ts';
import {
  check,
  EXPERIMENT_ID,
  healthyRun,
  problems,
  sid,
  TRACE_B,
  traceparentFor,
} from './test-spans.test-helper.ts';
import type { SpanSpec } from './test-spans.test-helper.ts';

describe('missing-chain-span', () => {
  it('does not fire when LLM and TOOL spans sit under the CHAIN span', () => {
    expect(check(missingChainSpan, healthyRun())).toEqual([]);
    expect(check(missingChainSpan, healthyRun(), { traceparent: traceparentFor() })).toEqual([]);
  });

  it('accepts an AGENT span or a deeper CHAIN as the grouping span', () => {
    const run = healthyRun({ agent: { oi: 'AGENT' } });
    expect(check(missingChainSpan, run)).toEqual([]);
    const nested: SpanSpec[] = [
      { id: 's1', kind: 'SERVER', start: 0, end: 1000 },
      { id: 'a1', parent: 's1', oi: 'CHAIN', start: 1, end: 999 },
      { id: 'c1', parent: 'a1', oi: 'TOOL', start: 2, end: 10 },
    ];
    expect(check(missingChainSpan, nested)).toEqual([]);
  });

  it('reports tools and LLM calls directly under the experiment span (in the dump)', () => {
    const spans: SpanSpec[] = [
      { id: EXPERIMENT_ID, name: 'experiment run', service: 'arize', start: 0, end: 1000 },
      { id: 'b1', parent: EXPERIMENT_ID, oi: 'LLM', start: 10, end: 100 },
      { id: 'c1', parent: EXPERIMENT_ID, oi: 'TOOL', start: 110, end: 200 },
    ];
    expect(problems(check(missingChainSpan, spans))).toEqual([
      `missing-chain-span:${sid('b1')},${sid('c1')}`,
    ]);
  });

  it('does not count the experiment span itself as the CHAIN, even if it is CHAIN-kinded', () => {
    const spans: SpanSpec[] = [
      { id: EXPERIMENT_ID, oi: 'CHAIN', service: 'arize', start: 0, end: 1000 },
      { id: 'c1', parent: EXPERIMENT_ID, oi: 'TOOL', start: 110, end: 200 },
    ];
    expect(check(missingChainSpan, spans)).toEqual([]); // without context it is just a CHAIN
    const f = check(missingChainSpan, spans, { traceparent: traceparentFor() });
    expect(f.map(x => x.spanIds)).toEqual([[sid('c1')]]);
    expect(f[0]!.message).toContain('experiment span');
  });

  it('reports tools directly under the remote parent', () => {
    const spans: SpanSpec[] = [
      { id: 'c1', parent: EXPERIMENT_ID, oi: 'TOOL', start: 0, end: 100 },
      { id: 'c2', parent: EXPERIMENT_ID, oi: 'TOOL', start: 110, end: 200 },
    ];
    const f = check(missingChainSpan, spans, { traceparent: traceparentFor() });
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('remote parent');
  });

  it('reports tools under a lost parent (the dropped CHAIN) with the context= fix first', () => {
    const f = check(
      missingChainSpan,
      healthyRun().filter(s => s.id !== 'a1'),
    );
    expect(problems(f)).toEqual([`missing-chain-span:${sid('b1')},${sid('c1')},${sid('c2')}`]);
    expect(f[0]!.fix[0]!.code).toContain('context=parent_ctx');
  });

  it('reports a tool at the root of its own trace (lost thread context)', () => {
    const f = check(missingChainSpan, healthyRun({ tool1: { trace: TRACE_B, parent: null } }));
    expect(f.map(x => x.spanIds)).toEqual([[sid('c1')]]);
    expect(f[0]!.fix[0]!.code).toContain('copy_context');
  });

  it('reports LLM/TOOL spans under a server span when the run has no CHAIN at all', () => {
    const spans: SpanSpec[] = [
      { id: 's1', kind: 'SERVER', start: 0, end: 1000 },
      { id: 'b1', parent: 's1', oi: 'LLM', start: 1, end: 100 },
      { id: 'c1', parent: 's1', oi: 'TOOL', start: 101, end: 200 },
    ];
    expect(problems(check(missingChainSpan, spans))).toEqual([
      `missing-chain-span:${sid('b1')},${sid('c1')}`,
    ]);
  });

  it('does not flag a plain LLM-call trace (no agent run evident)', () => {
    expect(check(missingChainSpan, [{ id: 'b1', oi: 'LLM' }])).toEqual([]);
    expect(
      check(missingChainSpan, [
        { id: 's1', kind: 'SERVER' },
        { id: 'b1', parent: 's1', oi: 'LLM' },
      ]),
    ).toEqual([]);
  });
});
