import { describe, expect, it } from 'vitest';
import type { Span } from '../model/span.ts';
import { matchDump } from './dump-match.ts';

const T = 'a'.repeat(32);
const span = (spanId: string, parentSpanId: string | null, traceId = T, name = spanId): Span =>
  ({ traceId, spanId, parentSpanId, name }) as Span;

describe('matchDump', () => {
  it('finds the parent span in the dump (the experiment span)', () => {
    const m = matchDump({ traceId: T, parentId: '1'.repeat(16) }, [
      span('1'.repeat(16), null, T, 'experiment'),
      span('2'.repeat(16), '1'.repeat(16)),
    ]);
    expect(m.traceIdInDump).toBe(true);
    expect(m.parentSpan?.name).toBe('experiment');
    expect(m.children).toHaveLength(1);
    expect(m.summary).toMatch(/is the dump's span "experiment"/);
  });

  it('calls a parent id that is not in the dump remote', () => {
    const m = matchDump({ traceId: T, parentId: '9'.repeat(16) }, [
      span('2'.repeat(16), '9'.repeat(16)),
    ]);
    expect(m.parentSpan).toBeNull();
    expect(m.children).toHaveLength(1);
    expect(m.summary).toMatch(/remote/);
  });

  it('says when the trace id does not match', () => {
    const m = matchDump({ traceId: 'b'.repeat(32), parentId: '1'.repeat(16) }, [
      span('1'.repeat(16), null),
    ]);
    expect(m.traceIdInDump).toBe(false);
    expect(m.dumpTraceIds).toEqual([T]);
    expect(m.summary).toMatch(/did not continue/);
  });
});
