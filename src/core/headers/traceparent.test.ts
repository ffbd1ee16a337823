import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  forwardTraceparent,
  formatTraceparent,
  isValidTraceparentValue,
  parseTraceparent,
  type Traceparent,
} from './traceparent.ts';

const TID = '12345678901234567890123456789012';
const PID = '1234567890123456';
const tp = (v = '00', t = TID, p = PID, f = '01') => `${v}-${t}-${p}-${f}`;
const firstError = (text: string) =>
  parseTraceparent(text).problems.find(p => p.severity === 'error');

describe('parseTraceparent: valid headers', () => {
  it('decodes the four fields of a version 00 header', () => {
    const r = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(r).toMatchObject({
      present: true,
      valid: true,
      version: '00',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      flags: 1,
      flagsHex: '01',
      sampled: true,
      random: false,
      action: 'continue',
    });
    expect(r.problems).toEqual([]);
  });

  it.each([
    ['00', false, false],
    ['01', true, false],
    ['02', false, true],
    ['03', true, true],
    ['fe', false, true],
  ])('names the flag bits of %s (sampled %s, random %s)', (f, sampled, random) => {
    expect(parseTraceparent(tp('00', TID, PID, f))).toMatchObject({ valid: true, sampled, random });
  });

  it('accepts reserved flag bits (ff) with a warning, as the reference parser does', () => {
    const r = parseTraceparent(tp('00', TID, PID, 'ff'));
    expect(r.valid).toBe(true);
    expect(r.flags).toBe(255);
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'header.traceparent.flags.reserved',
        severity: 'warning',
        position: 53,
      }),
    ]);
  });

  it.each([' ', '\t', ' \t', '\t \t'])(
    'ignores leading and trailing OWS %j (W3C ows_handling)',
    ws => {
      expect(parseTraceparent(ws + tp()).valid).toBe(true);
      expect(parseTraceparent(tp() + ws).valid).toBe(true);
      const r = parseTraceparent(ws + tp() + ws);
      expect(r.valid).toBe(true);
      expect(r.segments.version?.start).toBe(ws.length);
      expect(r.notes.map(n => n.code)).toContain('header.traceparent.ows');
    },
  );

  it.each(['01', '02', 'cc', 'fe'])('accepts future version %s with the 00 layout', v => {
    const r = parseTraceparent(tp(v, TID, PID, '00'));
    expect(r.valid).toBe(true);
    expect(r.notes.map(n => n.code)).toContain('header.traceparent.version.future');
  });

  it('accepts a future version with extra "-" fields and keeps them aside', () => {
    const r = parseTraceparent(`${tp('cc')}-what-the-future-will-be-like`);
    expect(r.valid).toBe(true);
    expect(r.value).toEqual({
      version: 'cc',
      traceId: TID,
      parentId: PID,
      flags: 1,
      extra: 'what-the-future-will-be-like',
    });
  });

  it('accepts all-f ids and the all-ones trace id', () => {
    expect(parseTraceparent(tp('00', 'f'.repeat(32), 'f'.repeat(16))).valid).toBe(true);
  });

  it('treats undefined as absent (start a new trace) and "" as present but empty', () => {
    expect(parseTraceparent(undefined)).toMatchObject({
      present: false,
      valid: false,
      action: 'start',
    });
    expect(parseTraceparent(null).present).toBe(false);
    expect(parseTraceparent('')).toMatchObject({ present: true, valid: false, action: 'restart' });
    expect(firstError('')?.code).toBe('header.traceparent.empty');
    expect(firstError(' \t ')?.code).toBe('header.traceparent.empty');
  });

  it('leaves id fields unset when the header is invalid', () => {
    const r = parseTraceparent(tp('00', '0'.repeat(32)));
    expect(r.valid).toBe(false);
    expect(r.traceId).toBeUndefined();
    expect(r.sampled).toBeUndefined();
    expect(r.segments.traceId?.text).toBe('0'.repeat(32));
  });
});

describe('parseTraceparent: invalid headers give the first error with its position', () => {
  // Cases from the W3C test suite (test/test.py, test/tracecontext/test_traceparent.py).
  it.each<[string, string, string, number]>([
    ['version 00 with a trailing "."', `${tp()}.`, 'header.traceparent.trailing-data', 55],
    [
      'version 00 with extra fields',
      `${tp()}-what-the-future-will-be-like`,
      'header.traceparent.trailing-data',
      55,
    ],
    ['version 00 with a lone trailing "-"', `${tp()}-`, 'header.traceparent.trailing-data', 55],
    [
      'future version followed by "."',
      `${tp('cc')}.what-the-future-will-be-like`,
      'header.traceparent.trailing-data',
      55,
    ],
    ['version ff', tp('ff'), 'header.traceparent.version.ff', 0],
    ['version ".0"', tp('.0'), 'header.traceparent.version.character', 0],
    ['version "0."', tp('0.'), 'header.traceparent.version.character', 1],
    ['version "000"', tp('000'), 'header.traceparent.version.length', 2],
    ['version "0000"', tp('0000'), 'header.traceparent.version.length', 2],
    ['version "0"', tp('0'), 'header.traceparent.version.length', 1],
    ['uppercase version', tp('CC'), 'header.traceparent.version.uppercase', 0],
    ['all-zero trace id', tp('00', '0'.repeat(32)), 'header.traceparent.trace-id.zero', 3],
    [
      '"." first in trace id',
      tp('00', `.${TID.slice(1)}`),
      'header.traceparent.trace-id.character',
      3,
    ],
    [
      '"." last in trace id',
      tp('00', `${TID.slice(0, 31)}.`),
      'header.traceparent.trace-id.character',
      34,
    ],
    ['33-digit trace id', tp('00', `${TID}3`), 'header.traceparent.trace-id.length', 35],
    ['31-digit trace id', tp('00', TID.slice(0, 31)), 'header.traceparent.trace-id.length', 34],
    [
      'uppercase trace id',
      tp('00', '4BF92F3577B34DA6A3CE929D0E0E4736'),
      'header.traceparent.trace-id.uppercase',
      4,
    ],
    ['all-zero parent id', tp('00', TID, '0'.repeat(16)), 'header.traceparent.parent-id.zero', 36],
    [
      '"." first in parent id',
      tp('00', TID, `.${PID.slice(1)}`),
      'header.traceparent.parent-id.character',
      36,
    ],
    [
      '"." last in parent id',
      tp('00', TID, `${PID.slice(0, 15)}.`),
      'header.traceparent.parent-id.character',
      51,
    ],
    ['17-digit parent id', tp('00', TID, `${PID}7`), 'header.traceparent.parent-id.length', 52],
    [
      '15-digit parent id',
      tp('00', TID, PID.slice(0, 15)),
      'header.traceparent.parent-id.length',
      51,
    ],
    [
      'uppercase parent id',
      tp('00', TID, '00F067AA0BA902B7'),
      'header.traceparent.parent-id.uppercase',
      38,
    ],
    ['flags ".0"', tp('00', TID, PID, '.0'), 'header.traceparent.flags.character', 53],
    ['flags "0."', tp('00', TID, PID, '0.'), 'header.traceparent.flags.character', 54],
    ['flags "001"', tp('00', TID, PID, '001'), 'header.traceparent.flags.length', 55],
    ['flags "1"', tp('00', TID, PID, '1'), 'header.traceparent.flags.length', 54],
    ['uppercase flags', tp('00', TID, PID, '0A'), 'header.traceparent.flags.uppercase', 54],
    ['missing flags', `00-${TID}-${PID}`, 'header.traceparent.missing-field', 52],
    ['missing flags after "-"', `00-${TID}-${PID}-`, 'header.traceparent.missing-field', 53],
    ['missing parent id', `00-${TID}`, 'header.traceparent.missing-field', 35],
    ['no separators', 'garbage', 'header.traceparent.version.character', 0],
    ['"_" separators', `00_${TID}_${PID}_01`, 'header.traceparent.separator', 2],
    ['"." after the trace id', `00-${TID}.${PID}-01`, 'header.traceparent.separator', 35],
    ['space inside', `00- ${TID}-${PID}-01`, 'header.traceparent.trace-id.character', 3],
    ['a line feed after the value', `${tp()}\n`, 'header.traceparent.trailing-data', 55],
    ['a CRLF after the value', `${tp()}\r\n`, 'header.traceparent.trailing-data', 55],
    [
      'a no-break space before the value',
      `\u00a0${tp()}`,
      'header.traceparent.version.character',
      0,
    ],
    [
      'a future version with uppercase later',
      `cc-${TID.toUpperCase().replace('1', 'A')}-${PID}-01`,
      'header.traceparent.trace-id.uppercase',
      3,
    ],
    [
      'an all-zero id in a future version',
      tp('cc', '0'.repeat(32)),
      'header.traceparent.trace-id.zero',
      3,
    ],
  ])('%s', (_name, text, code, position) => {
    const r = parseTraceparent(text);
    expect(r.valid).toBe(false);
    expect(r.action).toBe('restart');
    const e = r.problems.find(p => p.severity === 'error')!;
    expect(e.code).toBe(code);
    expect(e.position).toBe(position);
    expect(e.message.length).toBeGreaterThan(10);
  });

  it('names non-OWS whitespace in the message', () => {
    expect(firstError(`${tp()}\n`)?.message).toMatch(/line feed/);
    expect(firstError(`\u00a0${tp()}`)?.message).toMatch(/no-break space/);
  });

  it('reports two values joined with "," as duplicated fields', () => {
    const r = parseTraceparent(`${tp()}, ${tp('00', TID.replace('1', '9'))}`);
    expect(r.valid).toBe(false);
    expect(r.problems[0]).toMatchObject({ code: 'header.traceparent.duplicate', position: 55 });
    expect(r.problems.filter(p => p.severity === 'error')).toHaveLength(1);
  });

  it('says the version must be 2 digits with the column in the message', () => {
    expect(firstError(tp('0'))?.message).toMatch(
      /1 hex digit; it must have exactly 2 \(column 2\)/,
    );
  });

  it('reports the position in the original text when OWS precedes', () => {
    expect(firstError(`  ${tp('00', 'A' + TID.slice(1))}`)?.position).toBe(2 + 3);
  });
});

describe('formatTraceparent', () => {
  const hex = (n: number) =>
    fc
      .uint8Array({ minLength: n, maxLength: n })
      .filter(b => b.some(x => x !== 0))
      .map(b => Array.from(b, x => x.toString(16).padStart(2, '0')).join(''));
  const version = fc.integer({ min: 0, max: 254 }).map(n => n.toString(16).padStart(2, '0'));
  const extra = fc.option(
    fc.string({ maxLength: 20 }).filter(s => !/[ \t]$/.test(s)),
    { nil: undefined },
  );
  const value: fc.Arbitrary<Traceparent> = fc
    .record({
      version,
      traceId: hex(16),
      parentId: hex(8),
      flags: fc.integer({ min: 0, max: 255 }),
      extra,
    })
    .map(v => {
      const out: Traceparent = {
        version: v.version,
        traceId: v.traceId,
        parentId: v.parentId,
        flags: v.flags,
      };
      if (v.extra !== undefined && v.version !== '00') out.extra = v.extra;
      return out;
    });

  it('round-trips: format → parse gives the same value', () => {
    fc.assert(
      fc.property(value, v => {
        expect(isValidTraceparentValue(v)).toBe(true);
        const r = parseTraceparent(formatTraceparent(v));
        expect(r.valid).toBe(true);
        expect(r.value).toEqual(v);
      }),
    );
  });

  it('round-trips: parse → format gives the same text for canonical headers', () => {
    fc.assert(
      fc.property(value, v => {
        const text = formatTraceparent(v);
        expect(formatTraceparent(parseTraceparent(text).value!)).toBe(text);
      }),
    );
  });

  it('writes flags as two lowercase hex digits', () => {
    expect(formatTraceparent({ version: '00', traceId: TID, parentId: PID, flags: 0xfe })).toBe(
      tp('00', TID, PID, 'fe'),
    );
    expect(formatTraceparent({ version: '00', traceId: TID, parentId: PID, flags: 1 })).toBe(tp());
  });

  it('forwards as version 00 with reserved bits cleared and extra fields dropped', () => {
    const v = parseTraceparent(`${tp('cc', TID, PID, 'ff')}-x`).value!;
    expect(forwardTraceparent(v)).toBe(tp('00', TID, PID, '03'));
  });

  it('rejects values it cannot format faithfully', () => {
    const base = { version: '00', traceId: TID, parentId: PID, flags: 1 };
    expect(isValidTraceparentValue({ ...base, version: 'ff' })).toBe(false);
    expect(isValidTraceparentValue({ ...base, traceId: 'A' + TID.slice(1) })).toBe(false);
    expect(isValidTraceparentValue({ ...base, parentId: '0'.repeat(16) })).toBe(false);
    expect(isValidTraceparentValue({ ...base, flags: 256 })).toBe(false);
    expect(isValidTraceparentValue({ ...base, extra: 'x' })).toBe(false);
  });
});
