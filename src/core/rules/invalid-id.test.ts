import { describe, expect, it } from 'vitest';
import { makeSpans, check } from './test-spans.test-helper.ts';
import { invalidId } from './invalid-id.ts';

describe('invalid-id', () => {
  it('does not fire for valid lowercase ids', () => {
    expect(check(invalidId, [{ id: 'a1' }, { id: 'b1', parent: 'a1' }])).toEqual([]);
  });

  it('groups spans by the kind of problem', () => {
    const spans = makeSpans([{ id: 'a1' }, { id: 'b1' }, { id: 'c1' }]);
    spans[0]!.spanId = '12345';
    spans[1]!.spanId = '67890';
    spans[2]!.traceId = '0'.repeat(32);
    const f = check(invalidId, spans);
    expect(f.map(x => [x.severity, x.spanIndexes])).toEqual([
      ['error', [0, 1]],
      ['error', [2]],
    ]);
    expect(f[0]!.message).toContain('5 hex digits instead of 16');
    expect(f[1]!.message).toContain('all zeros');
  });

  it('reports a parent id that is not hex', () => {
    const spans = makeSpans([{ id: 'a1' }]);
    spans[0]!.parentSpanId = 'not-a-span-id!';
    expect(check(invalidId, spans)[0]!.message).toContain('parent span id (not hex)');
  });
});
