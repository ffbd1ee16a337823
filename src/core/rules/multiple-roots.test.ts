import { describe, expect, it } from 'vitest';
import { multipleRoots } from './multiple-roots.ts';
import { check, healthyRun, sid } from './test-spans.test-helper.ts';

describe('multiple-roots', () => {
  it('does not fire for one root, or for a run whose root is the remote parent', () => {
    expect(check(multipleRoots, healthyRun())).toEqual([]);
    expect(check(multipleRoots, [{ id: 'a1' }, { id: 'b1', parent: 'a1' }])).toEqual([]);
  });

  it('reports every parentless span of a trace, earliest first', () => {
    const f = check(multipleRoots, [
      { id: 'a2', start: 50 },
      { id: 'a1', start: 0 },
      { id: 'b1', parent: 'a1', start: 10 },
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', spanIds: [sid('a1'), sid('a2')] });
  });

  it('counts copies of one span id once (duplicate-span-id reports those)', () => {
    expect(check(multipleRoots, [{ id: 'a1' }, { id: 'a1' }])).toEqual([]);
  });

  it('says parent ids were probably dropped when no span has a parent', () => {
    const f = check(multipleRoots, [{ id: 'a1' }, { id: 'a2' }]);
    expect(f[0]!.details).toContain('dropped parent ids');
  });
});
