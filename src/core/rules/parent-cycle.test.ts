import { describe, expect, it } from 'vitest';
import { parentCycle } from './parent-cycle.ts';
import { check, sid } from './test-spans.test-helper.ts';

describe('parent-cycle', () => {
  it('reports a span that is its own parent', () => {
    const f = check(parentCycle, [{ id: 'a1', parent: 'a1' }]);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('names itself');
  });

  it('reports a two-span loop once, naming both spans', () => {
    const f = check(parentCycle, [
      { id: 'a1', parent: 'b1' },
      { id: 'b1', parent: 'a1' },
    ]);
    expect(f).toHaveLength(1);
    expect([...f[0]!.spanIds].sort()).toEqual([sid('a1'), sid('b1')]);
  });

  it('does not fire for a deep but acyclic chain', () => {
    const spans = Array.from({ length: 50 }, (_, i) => ({
      id: `a${i + 1}`,
      parent: i ? `a${i}` : null,
    }));
    expect(check(parentCycle, spans)).toEqual([]);
  });
});
