import { describe, expect, it } from 'vitest';
import { duplicateSpanId } from './duplicate-span-id.ts';
import { check, sid, TRACE_B } from './test-spans.test-helper.ts';

describe('duplicate-span-id', () => {
  it('reports identical copies as a re-sent batch', () => {
    const f = check(duplicateSpanId, [
      { id: 'a1' },
      { id: 'b1', parent: 'a1' },
      { id: 'b1', parent: 'a1' },
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      severity: 'warning',
      spanIds: [sid('b1'), sid('b1')],
      spanIndexes: [1, 2],
    });
    expect(f[0]!.message).toContain('identical copies');
  });

  it('reports different spans sharing an id as an id generator problem', () => {
    const f = check(duplicateSpanId, [
      { id: 'a1', name: 'x' },
      { id: 'a1', name: 'y', start: 5 },
    ]);
    expect(f[0]!.causes[0]).toContain('id generator');
  });

  it('does not fire for the same span id in two different traces', () => {
    expect(check(duplicateSpanId, [{ id: 'a1' }, { id: 'a1', trace: TRACE_B }])).toEqual([]);
  });
});
