import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHeaders } from './decode.ts';
import { childOfSpan, generateHeaders, newSpanId, newTraceId, randomHexId } from './generate.ts';
import { valuesToFields } from './header-block.ts';

const decode = (g: { traceparent: string; tracestate?: string; baggage?: string }) =>
  decodeHeaders(valuesToFields(g));

describe('random ids', () => {
  it('are lowercase hex of the right length and differ', () => {
    expect(newTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newSpanId()).toMatch(/^[0-9a-f]{16}$/);
    expect(newTraceId()).not.toBe(newTraceId());
  });

  it('are never all zero, even from a source that yields zeros first', () => {
    let calls = 0;
    const rand = (n: number) => {
      calls++;
      const b = new Uint8Array(n);
      if (calls > 2) b[n - 1] = 7;
      return b;
    };
    expect(randomHexId(8, rand)).toBe('0000000000000007');
    expect(randomHexId(16, () => new Uint8Array(16))).toBe('0'.repeat(31) + '1');
  });
});

describe('generateHeaders', () => {
  it('makes a valid version-00 traceparent with the random flag and optional sampled flag', () => {
    const g = generateHeaders();
    expect(g.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-02$/);
    expect(generateHeaders({ sampled: true }).traceparent.endsWith('-03')).toBe(true);
    expect(generateHeaders({ sampled: true, random: false }).traceparent.endsWith('-01')).toBe(
      true,
    );
    expect(g.baggage).toBeUndefined();
    expect(g.tracestate).toBeUndefined();
  });

  it('puts the Arize routing entries first, percent-encoded', () => {
    const g = generateHeaders({
      spaceId: 'U3BhY2U6MTIz',
      projectName: 'travel agent é',
      baggage: [{ key: 'user.id', value: 'a,b;c' }],
    });
    expect(g.baggage).toBe(
      'arize.space_id=U3BhY2U6MTIz,arize.project_name=travel%20agent%20%C3%A9,user.id=a%2Cb%3Bc',
    );
    const d = decode(g);
    expect(d.valid).toBe(true);
    expect(d.routing).toMatchObject({
      spaceId: 'U3BhY2U6MTIz',
      projectName: 'travel agent é',
      complete: true,
    });
  });

  it('leaves out invalid builder input and says why', () => {
    const g = generateHeaders({
      baggage: [
        { key: 'my key', value: 'x' },
        { key: 'ok', value: 'y', properties: [{ key: 'bad prop' }, { key: 'p', value: '1' }] },
      ],
      tracestate: [
        { key: 'Vendor', value: 'x' },
        { key: 'vendor', value: 'a=b' },
        { key: 'vendor', value: 'ok' },
        { key: 'vendor', value: 'again' },
      ],
      traceId: '0'.repeat(32),
    });
    expect(g.baggage).toBe('ok=y;p=1');
    expect(g.tracestate).toBe('vendor=ok');
    expect(g.problems.map(p => p.code)).toEqual([
      'generate.trace-id',
      'generate.baggage.key',
      'generate.baggage.property-key',
      'generate.tracestate',
      'generate.tracestate',
      'generate.tracestate.duplicate',
    ]);
    expect(decode(g).valid).toBe(true);
  });

  it('leaves out baggage values with a lone surrogate instead of sending U+FFFD', () => {
    const g = generateHeaders({
      projectName: 'proj\uD800',
      baggage: [
        { key: 'a', value: 'x\uDC00y' },
        { key: 'b', value: 'ok', properties: [{ key: 'p', value: '\uD83D' }, { key: 'q' }] },
        { key: 'c', value: '\uD83D\uDE00' }, // a whole pair is fine
      ],
    });
    expect(g.baggage).toBe('b=ok;q,c=%F0%9F%98%80');
    expect(g.problems.map(p => [p.code, p.message])).toEqual([
      ['generate.baggage.value', expect.stringContaining('U+D800 at position 5')],
      ['generate.baggage.value', expect.stringContaining('"a"')],
      ['generate.baggage.value', expect.stringContaining('Property "p" of "b"')],
    ]);
    expect(decode(g).valid).toBe(true);
  });

  it('round-trips: generate → decode gives the same ids, flags and baggage values', () => {
    const tchar = fc.constantFrom(
      ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~",
    );
    const entry = fc.record({
      key: fc
        .string({ unit: tchar, minLength: 1, maxLength: 10 })
        .filter(k => !k.startsWith('arize.')),
      value: fc.string({ unit: 'grapheme', maxLength: 16 }),
    });
    const tsEntry = fc.record({
      key: fc.stringMatching(/^[a-z0-9][a-z0-9_\-*/@]{0,10}$/),
      value: fc.stringMatching(/^[!-+\--<>-~]{1,10}$/),
    });
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
        fc.array(entry, { maxLength: 5 }),
        fc.uniqueArray(tsEntry, { selector: m => m.key, maxLength: 5 }),
        (sampled, random, project, baggage, tracestate) => {
          const g = generateHeaders({
            sampled,
            random,
            projectName: project,
            spaceId: 'S',
            baggage,
            tracestate,
          });
          expect(g.problems).toEqual([]);
          const d = decode(g);
          expect(d.valid).toBe(true);
          expect(d.traceparent).toMatchObject({
            traceId: g.value.traceId,
            parentId: g.value.parentId,
            sampled,
            random,
          });
          expect(d.baggage.entries.map(e => [e.key, e.value])).toEqual([
            ['arize.space_id', 'S'],
            ['arize.project_name', project],
            ...baggage.map(e => [e.key, e.value]),
          ]);
          expect(d.tracestate.members.map(m => ({ key: m.key, value: m.value }))).toEqual(
            tracestate,
          );
        },
      ),
    );
  });
});

describe('childOfSpan', () => {
  const span = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) };

  it('continues the span trace with the span as parent, sampled by default', () => {
    const g = childOfSpan(span);
    expect(g.traceparent).toBe(`00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`);
  });

  it('takes sampled and random from the span flags when known', () => {
    expect(childOfSpan({ ...span, flags: 0x300 }).traceparent.endsWith('-00')).toBe(true);
    expect(childOfSpan({ ...span, flags: 0x103 }).traceparent.endsWith('-03')).toBe(true);
  });

  it('reports an invalid span id instead of emitting it', () => {
    const g = childOfSpan({ traceId: 'a'.repeat(32), spanId: 'xyz' });
    expect(g.problems.map(p => p.code)).toEqual(['generate.parent-id']);
    expect(decode(g).traceparent.valid).toBe(true);
  });
});
