import { describe, expect, it } from 'vitest';
import { childOutsideParent } from './child-outside-parent.ts';
import { check, sid } from './test-spans.test-helper.ts';

describe('child-outside-parent', () => {
  it('does not fire for children inside their parent, or within 1 ms of its edges', () => {
    expect(
      check(childOutsideParent, [
        { id: 'a1', start: 0, end: 100 },
        { id: 'b1', parent: 'a1', start: 0, end: 100 },
      ]),
    ).toEqual([]);
    expect(
      check(childOutsideParent, [
        { id: 'a1', start: 0, end: 100 },
        { id: 'b1', parent: 'a1', start: -0.9, end: 100.9 },
      ]),
    ).toEqual([]);
  });

  it('reports a child of the same process that ends after its parent as async work', () => {
    const f = check(childOutsideParent, [
      { id: 'a1', start: 0, end: 100 },
      { id: 'b1', parent: 'a1', start: 50, end: 180 },
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', spanIds: [sid('b1'), sid('a1')] });
    expect(f[0]!.message).toContain('ends 80 ms after');
    expect(f[0]!.message).toContain('async work');
  });

  it('reports a child that starts before its parent as clock skew', () => {
    const f = check(childOutsideParent, [
      { id: 'a1', start: 10, end: 100 },
      { id: 'b1', parent: 'a1', start: 2, end: 50 },
    ]);
    expect(f[0]!.message).toContain('starts 8 ms before');
    expect(f[0]!.message).toContain('clock skew');
  });

  it('allows 10 ms of skew across services, and calls more clock skew', () => {
    const parent = { id: 'a1', kind: 'CLIENT' as const, service: 'web', start: 0, end: 100 };
    expect(
      check(childOutsideParent, [
        parent,
        { id: 'b1', parent: 'a1', kind: 'SERVER' as const, service: 'api', start: -5, end: 105 },
      ]),
    ).toEqual([]);
    const f = check(childOutsideParent, [
      parent,
      { id: 'b1', parent: 'a1', kind: 'SERVER' as const, service: 'api', start: 5, end: 130 },
    ]);
    expect(f[0]!.message).toContain('clock skew');
  });

  it('lets consumers and FOLLOWS_FROM children outlive their parent', () => {
    expect(
      check(childOutsideParent, [
        { id: 'a1', kind: 'PRODUCER', start: 0, end: 10 },
        { id: 'b1', parent: 'a1', kind: 'CONSUMER', start: 20, end: 90 },
      ]),
    ).toEqual([]);
    expect(
      check(childOutsideParent, [
        { id: 'a1', start: 0, end: 10 },
        {
          id: 'b1',
          parent: 'a1',
          start: 20,
          end: 90,
          notes: ['no CHILD_OF reference: the FOLLOWS_FROM reference to a1 is used as the parent'],
        },
      ]),
    ).toEqual([]);
  });
});

describe('child-outside-parent grouping', () => {
  it('reports all escaping children of one parent in one finding', () => {
    const f = check(childOutsideParent, [
      { id: 'a1', start: 0, end: 100 },
      { id: 'b1', parent: 'a1', start: 50, end: 130 },
      { id: 'b2', parent: 'a1', start: 60, end: 180 },
      { id: 'b3', parent: 'a1', start: 70, end: 90 },
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]!.spanIds).toEqual([sid('b1'), sid('b2'), sid('a1')]);
    expect(f[0]!.message).toContain('2 children');
    expect(f[0]!.message).toContain('end up to 80 ms after');
  });
});
