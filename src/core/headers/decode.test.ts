import { describe, expect, it } from 'vitest';
import { decodeHeaders } from './decode.ts';
import type { HeaderFields } from './header-block.ts';

const TP = '00-12345678901234567890123456789012-1234567890123456-00';
const fields = (f: Partial<HeaderFields>): HeaderFields => ({
  traceparent: [],
  tracestate: [],
  baggage: [],
  ...f,
});

describe('decodeHeaders: traceparent fields', () => {
  it('ignores both of two traceparent fields (test_traceparent_duplicated)', () => {
    const d = decodeHeaders(
      fields({ traceparent: [TP.replace('12-', '11-'), TP.replace('-00', '-01')] }),
    );
    expect(d.traceparent).toMatchObject({
      present: true,
      valid: false,
      fieldCount: 2,
      action: 'restart',
    });
    expect(d.traceparent.traceId).toBeUndefined();
    expect(d.traceparent.problems[0]!.code).toBe('header.traceparent.duplicate');
    expect(d.valid).toBe(false);
  });

  it('reports no headers as nothing to judge', () => {
    const d = decodeHeaders(fields({}));
    expect(d.valid).toBe(true);
    expect(d.traceparent.action).toBe('start');
  });
});

describe('decodeHeaders: tracestate depends on traceparent', () => {
  it('combines repeated tracestate fields in order (multiple_headers_different_keys)', () => {
    const d = decodeHeaders(
      fields({ traceparent: [TP], tracestate: ['foo=1,bar=2', 'rojo=1,congo=2', 'baz=3'] }),
    );
    expect(d.tracestate.members.map(m => m.key)).toEqual(['foo', 'bar', 'rojo', 'congo', 'baz']);
    expect(d.tracestate).toMatchObject({ judged: true, valid: true, action: 'keep' });
  });

  it('accepts an empty tracestate field beside a real one (tracestate_empty_header)', () => {
    for (const ts of [[''], ['foo=1', ''], ['', 'foo=1']]) {
      const d = decodeHeaders(fields({ traceparent: [TP], tracestate: ts }));
      expect(d.tracestate.valid).toBe(true);
      expect(d.valid).toBe(true);
    }
  });

  it('counts members over all fields: 32 kept, 33 discarded (member_count_limit)', () => {
    const m = (a: number, b: number) =>
      Array.from(
        { length: b - a + 1 },
        (_, i) => `bar${String(a + i).padStart(2, '0')}=${a + i}`,
      ).join(',');
    const ok = decodeHeaders(
      fields({ traceparent: [TP], tracestate: [m(1, 10), m(11, 20), m(21, 30), m(31, 32)] }),
    );
    expect(ok.tracestate.valid).toBe(true);
    const bad = decodeHeaders(
      fields({ traceparent: [TP], tracestate: [m(1, 10), m(11, 20), m(21, 30), m(31, 33)] }),
    );
    expect(bad.tracestate).toMatchObject({ valid: false, action: 'discard' });
  });

  it('discards a 257-character key sent in a second field (key_length_limit)', () => {
    const d = decodeHeaders(
      fields({ traceparent: [TP], tracestate: ['foo=1', `${'z'.repeat(257)}=1`] }),
    );
    expect(d.tracestate).toMatchObject({ valid: false, action: 'discard' });
    expect(d.tracestate.problems[0]).toMatchObject({
      code: 'header.tracestate.key.length',
      position: 6 + 256,
    });
  });

  it('does not judge tracestate without a valid traceparent', () => {
    const none = decodeHeaders(fields({ tracestate: ['foo=1'] }));
    expect(none.tracestate).toMatchObject({
      present: true,
      judged: false,
      valid: false,
      grammarValid: true,
      action: 'discard',
    });
    expect(none.tracestate.problems.map(p => p.code)).toEqual(['header.tracestate.not-judged']);
    const bad = decodeHeaders(fields({ traceparent: ['ff' + TP.slice(2)], tracestate: ['FOO=1'] }));
    expect(bad.tracestate.judged).toBe(false);
    expect(bad.tracestate.grammarProblems[0]!.code).toBe('header.tracestate.key.uppercase');
    expect(bad.tracestate.problems.map(p => p.code)).toEqual(['header.tracestate.not-judged']);
  });

  it('keeps an invalid tracestate from affecting traceparent', () => {
    const d = decodeHeaders(fields({ traceparent: [TP], tracestate: ['foo=bar=baz'] }));
    expect(d.traceparent.valid).toBe(true);
    expect(d.tracestate.valid).toBe(false);
    expect(d.valid).toBe(false);
  });
});

describe('decodeHeaders: baggage and Arize routing', () => {
  it('joins baggage fields and reads the routing entries', () => {
    const d = decodeHeaders(
      fields({ baggage: ['arize.space_id=U3BhY2U6MTIz', 'arize.project_name=travel%20agent'] }),
    );
    expect(d.baggage.valid).toBe(true);
    expect(d.routing).toMatchObject({
      spaceId: 'U3BhY2U6MTIz',
      projectName: 'travel agent',
      complete: true,
    });
    expect(d.routing.problems).toEqual([]);
  });

  it('ignores empty baggage fields beside others', () => {
    const d = decodeHeaders(fields({ baggage: ['', 'k=v'] }));
    expect(d.baggage.valid).toBe(true);
  });

  it('warns when one routing entry is missing or misspelled', () => {
    const d = decodeHeaders(fields({ baggage: ['arize.space_id=s,arize.project.name=p'] }));
    expect(d.routing.complete).toBe(false);
    expect(d.routing.problems.map(p => p.code)).toEqual([
      'header.baggage.routing.misspelled',
      'header.baggage.routing.incomplete',
    ]);
    expect(d.routing.problems[0]!.message).toMatch(/span attribute/);
  });

  it('warns about conflicting and malformed routing entries', () => {
    const d = decodeHeaders(
      fields({ baggage: ['arize.space_id=a,arize.space_id=b,arize.project_name=my project'] }),
    );
    expect(d.routing.spaceId).toBe('a');
    expect(d.routing.projectName).toBeUndefined();
    expect(d.routing.problems.map(p => p.code)).toEqual(
      expect.arrayContaining(['header.baggage.routing.conflict', 'header.baggage.routing.invalid']),
    );
  });
});
