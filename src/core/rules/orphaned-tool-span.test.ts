import { describe, expect, it } from 'vitest';
import { orphanedSpan } from './orphaned-span.ts';
import { orphanedToolSpan } from './orphaned-tool-span.ts';
import {
  check,
  EXPERIMENT_ID,
  healthyRun,
  problems,
  routed,
  sid,
  traceparentFor,
} from './test-spans.test-helper.ts';

// The context= trap: run_agent (a1) was dropped; its children point at it.
const trap = healthyRun().filter(s => s.id !== 'a1');

describe('orphaned-tool-span', () => {
  it('reports tools whose CHAIN parent is absent, naming the missing id and every child', () => {
    const [f, ...rest] = check(orphanedToolSpan, trap);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      rule: 'orphaned-tool-span',
      severity: 'error',
      missingSpanId: sid('a1'),
    });
    expect(f!.spanIds).toEqual([sid('c1'), sid('c2'), sid('b1')]);
    expect(f!.message).toContain('most likely the CHAIN span');
    expect(f!.causes.join(' ')).toContain('context=');
    expect(f!.fix.map(x => x.language)).toContain('python');
    expect(f!.docs.length).toBeGreaterThan(0);
  });

  it('does not fire for the healthy run whose run_agent hangs from the remote experiment span', () => {
    expect(check(orphanedToolSpan, healthyRun())).toEqual([]);
    expect(check(orphanedToolSpan, healthyRun(), { traceparent: traceparentFor() })).toEqual([]);
  });

  it('does not fire for tools directly under the known remote parent (that is missing-chain-span)', () => {
    const tools = [
      { id: 'c1', parent: EXPERIMENT_ID, oi: 'TOOL', attrs: routed() },
      { id: 'c2', parent: EXPERIMENT_ID, oi: 'TOOL', attrs: routed() },
    ];
    expect(check(orphanedToolSpan, tools, { traceparent: traceparentFor() })).toEqual([]);
    expect(
      check(
        orphanedToolSpan,
        tools.map(t => ({ ...t, remote: true })),
      ),
    ).toEqual([]);
  });

  it('trusts a local-parent flag over the shape: a lone tool with flags 0x100 is orphaned', () => {
    const f = check(orphanedToolSpan, [{ id: 'c1', parent: 'a1', oi: 'TOOL', remote: false }]);
    expect(f).toHaveLength(1);
    expect(f[0]!.details).toContain('local');
  });

  it('reports a missing parent other than the traceparent parent as lost', () => {
    const f = check(orphanedToolSpan, [{ id: 'c1', parent: 'a1', oi: 'TOOL' }], {
      traceparent: traceparentFor(),
    });
    expect(f).toHaveLength(1);
  });

  it('leaves groups without a TOOL span to orphaned-span', () => {
    const llmOnly = [
      { id: 'b1', parent: 'a1', oi: 'LLM' },
      { id: 'b2', parent: 'a1', oi: 'LLM' },
    ];
    expect(check(orphanedToolSpan, llmOnly)).toEqual([]);
    expect(problems(check(orphanedSpan, llmOnly))).toEqual([
      `orphaned-span:${sid('b1')},${sid('b2')}`,
    ]);
  });
});
