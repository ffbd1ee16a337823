import { describe, expect, it } from 'vitest';
import { orphanedSpan } from './orphaned-span.ts';
import { remoteParent } from './remote-parent.ts';
import { check, EXPERIMENT_ID, healthyRun, sid, traceparentFor } from './test-spans.test-helper.ts';

describe('orphaned-span', () => {
  it('warns when the traceparent names another parent than the one run_agent points at', () => {
    // The HTTP server span (not in the dump) was dropped: run_agent points at it.
    const run = healthyRun({ agent: { parent: 'd1' } });
    const f = check(orphanedSpan, run, { traceparent: traceparentFor() });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      severity: 'warning',
      missingSpanId: sid('d1'),
      spanIds: [sid('a1')],
    });
  });

  it('warns when the trace root is in the dump but a parent inside it is missing', () => {
    const f = check(orphanedSpan, [
      { id: 'e1', name: 'experiment', start: 0, end: 2000 },
      { id: 'a1', parent: 'd1', oi: 'CHAIN', start: 10, end: 1000 },
    ]);
    expect(f.map(x => x.spanIds)).toEqual([[sid('a1')]]);
  });

  it('treats a single entry span under an absent parent as the probable caller (info only)', () => {
    const run = healthyRun();
    expect(check(orphanedSpan, run)).toEqual([]);
    const info = check(remoteParent, run);
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ severity: 'info', missingSpanId: EXPERIMENT_ID });
    expect(info[0]!.message).toContain('most likely the remote parent');
  });

  it('treats SERVER spans called by one absent client span as probable callers', () => {
    const spans = [
      { id: 's1', parent: 'c9', kind: 'SERVER' as const, start: 0, end: 10 },
      { id: 's2', parent: 'c9', kind: 'SERVER' as const, start: 20, end: 30 },
    ];
    expect(check(orphanedSpan, spans)).toEqual([]);
  });

  it('marks a parent flagged remote by the exporter as remote, with the reason', () => {
    const info = check(remoteParent, healthyRun({ agent: { remote: true } }));
    expect(info[0]!.message).toContain('span flags');
  });

  it('names the traceparent as the reason when the parent is the known remote parent', () => {
    const info = check(remoteParent, healthyRun(), { traceparent: traceparentFor() });
    expect(info[0]!.message).toContain('traceparent');
  });

  it('does not report a span whose parent is in the dump', () => {
    expect(
      check(orphanedSpan, [
        { id: 'a1', oi: 'CHAIN' },
        { id: 'b1', parent: 'a1', oi: 'LLM' },
      ]),
    ).toEqual([]);
  });
});

describe('markRemoteParentNodes', () => {
  it('relabels probable-caller and flagged parents as remote-parent nodes, not lost ones', async () => {
    const { markRemoteParentNodes } = await import('./missing-parents.ts');
    const { ruleContext, makeSpans } = await import('./test-spans.test-helper.ts');
    const ctx = ruleContext(
      makeSpans([
        ...healthyRun(),
        { id: 'z1', parent: 'd9', oi: 'TOOL', trace: '0af7651916cd43dd8448eb211c80319c' },
        { id: 'z2', parent: 'd9', oi: 'TOOL', trace: '0af7651916cd43dd8448eb211c80319c' },
      ]),
    );
    markRemoteParentNodes(ctx);
    const synthetic = ctx.forest.nodes
      .filter(n => n.spanIndex === -1)
      .map(n => [n.missingSpanId, n.kind]);
    expect(synthetic).toEqual([
      [EXPERIMENT_ID, 'remote-parent'],
      [sid('d9'), 'missing-parent'],
    ]);
  });
});
