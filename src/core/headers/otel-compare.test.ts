import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeHeaders } from './decode.ts';
import type { HeaderFields } from './header-block.ts';
import { OTEL_API_VERSION, OTEL_CORE_VERSION, runOtel } from './otel-compare.ts';
import { TraceState } from '@opentelemetry/core';

const TID = '12345678901234567890123456789012';
const PID = '1234567890123456';
const TP = `00-${TID}-${PID}-01`;
const run = (f: Partial<HeaderFields>) => {
  const fields: HeaderFields = { traceparent: [], tracestate: [], baggage: [], ...f };
  return runOtel(fields, decodeHeaders(fields));
};
const diffCodes = (f: Partial<HeaderFields>) => run(f).differences.map(d => d.code);

describe('installed versions', () => {
  it('match the constants shown in the UI', () => {
    const require = createRequire(import.meta.url);
    const version = (name: string) => {
      const dir = require.resolve(`${name}`).replace(/build[\\/].*$/, '');
      return (JSON.parse(readFileSync(`${dir}package.json`, 'utf8')) as { version: string })
        .version;
    };
    expect(version('@opentelemetry/core')).toBe(OTEL_CORE_VERSION);
    expect(version('@opentelemetry/api')).toBe(OTEL_API_VERSION);
  });
});

describe('runOtel: traceparent', () => {
  it('extracts a valid header like the spec, with no difference', () => {
    const r = run({ traceparent: [TP], tracestate: ['foo=1'], baggage: ['k=v'] });
    expect(r.spanContext).toEqual({ traceId: TID, spanId: PID, traceFlags: 1, isRemote: true });
    expect(r.injected).toEqual({ traceparent: TP, tracestate: 'foo=1', baggage: 'k=v' });
    expect(r.differences).toEqual([]);
  });

  it('rejects more than one OWS character on a side (spec allows any)', () => {
    const r = run({ traceparent: [` \t${TP}`] });
    expect(r.spanContext).toBeNull();
    expect(r.differences.map(d => d.code)).toEqual(['otel.traceparent.ows']);
  });

  it('accepts a line feed or no-break space that is not HTTP whitespace', () => {
    expect(diffCodes({ traceparent: [`${TP}\n`] })).toEqual(['otel.traceparent.whitespace']);
    expect(diffCodes({ traceparent: [`\u00a0${TP}`] })).toEqual(['otel.traceparent.whitespace']);
  });

  it('uses the first of two traceparent fields', () => {
    const r = run({ traceparent: [TP, TP.replace('12-', '11-')] });
    expect(r.spanContext?.traceId).toBe(TID);
    expect(r.differences.map(d => d.code)).toEqual(['otel.traceparent.duplicate']);
  });

  it.each([
    ['ff', '0ff'],
    ['10', '010'],
    ['80', '080'],
    ['fe', '0fe'],
  ])('re-injects flags %s as the invalid 3-digit %s', (flags, injected) => {
    const r = run({ traceparent: [`00-${TID}-${PID}-${flags}`] });
    expect(r.injected.traceparent).toBe(`00-${TID}-${PID}-${injected}`);
    expect(r.differences.map(d => d.code)).toEqual(['otel.traceparent.inject-invalid']);
  });

  it('forwards reserved flag bits below 0x10 unchanged', () => {
    const r = run({ traceparent: [`00-${TID}-${PID}-05`] });
    expect(r.injected.traceparent).toBe(`00-${TID}-${PID}-05`);
    expect(r.differences.map(d => d.code)).toEqual(['otel.traceparent.inject-reserved']);
  });

  it('keeps the random flag and re-emits a future version as 00 without extra fields', () => {
    const r = run({ traceparent: [`cc-${TID}-${PID}-02-what-the-future`] });
    expect(r.injected.traceparent).toBe(`00-${TID}-${PID}-02`);
    expect(r.differences).toEqual([]);
  });

  it.each(['ff', 'FF'])('agrees on invalid versions/uppercase (%s)', v => {
    expect(run({ traceparent: [`${v}-${TID}-${PID}-01`] }).spanContext).toBeNull();
    expect(diffCodes({ traceparent: [`${v}-${TID}-${PID}-01`] })).toEqual([]);
  });

  it('notes that its getter is case-sensitive when names were not lowercase', () => {
    expect(diffCodes({ traceparent: [TP], nonLowercaseNames: ['TraceParent'] })).toEqual([
      'otel.traceparent.header-name-case',
    ]);
  });
});

describe('runOtel: tracestate', () => {
  it('drops Level 2 keys that Level 1 rejects', () => {
    const r = run({ traceparent: [TP], tracestate: ['1abc=1,foo@=2,bar=3'] });
    expect(r.traceState).toEqual([{ key: 'bar', value: '3' }]);
    expect(r.differences.map(d => d.code)).toEqual([
      'otel.tracestate.level1-key',
      'otel.tracestate.level1-key',
    ]);
  });

  it('keeps one entry per duplicated key, with the last value', () => {
    const r = run({ traceparent: [TP], tracestate: ['foo=1,foo=2'] });
    expect(r.traceState).toEqual([{ key: 'foo', value: '2' }]);
    expect(r.differences).toEqual([
      expect.objectContaining({ code: 'otel.tracestate.duplicate', allowedBySpec: true }),
    ]);
  });

  it('drops only invalid members where a strict receiver drops the header', () => {
    const r = run({ traceparent: [TP], tracestate: ['foo=1,BAR=2'] });
    expect(r.traceState).toEqual([{ key: 'foo', value: '1' }]);
    expect(r.differences.map(d => d.code)).toEqual(['otel.tracestate.partial']);
  });

  it('silently keeps 32 of 33 members', () => {
    const text = Array.from({ length: 33 }, (_, i) => `k${i}=${i}`).join(',');
    const r = run({ traceparent: [TP], tracestate: [text] });
    expect(r.traceState).toHaveLength(32);
    expect(r.differences.map(d => d.code)).toEqual([
      'otel.tracestate.too-many',
      'otel.tracestate.partial',
    ]);
  });

  it('skips members past 512 characters but keeps later small ones', () => {
    const r = run({
      traceparent: [TP],
      tracestate: [`a=1,b=${'x'.repeat(250)},c=${'y'.repeat(256)},d=4`],
    });
    expect(r.traceState?.map(m => m.key)).toEqual(['a', 'b', 'd']);
    expect(r.differences.map(d => d.code)).toEqual(['otel.tracestate.length']);
  });

  it('creates no tracestate for an empty header, like the spec', () => {
    const r = run({ traceparent: [TP], tracestate: [''] });
    expect(r.traceState).toBeNull();
    expect(r.differences).toEqual([]);
  });
});

describe('runOtel: baggage', () => {
  it.each<[string, string]>([
    ['k=', 'otel.baggage.empty-value'],
    ['k=%FF', 'otel.baggage.invalid-utf8'],
    ['k=%E2%82', 'otel.baggage.invalid-utf8'],
    [`a=${'0123456789'.repeat(819)}`, 'otel.baggage.member-4096'],
  ])('drops the valid member %s', (text, code) => {
    const r = run({ baggage: [text] });
    expect(r.baggage).toBeNull();
    expect(r.differences.map(d => d.code)).toEqual([code]);
  });

  it.each(['my key=v', 'user@id=x', 'k=a b', 'k=café'])('accepts the invalid member %s', text => {
    expect(diffCodes({ baggage: [text] })).toContain('otel.baggage.accepted-invalid');
  });

  it('percent-decodes keys and re-encodes them on inject', () => {
    const r = run({ baggage: ['k%20=v'] });
    expect(r.baggage).toEqual([{ key: 'k ', value: 'v' }]);
    expect(r.injected.baggage).toBe('k%20=v');
    expect(r.differences.map(d => d.code)).toEqual([
      'otel.baggage.key-decoded',
      'otel.baggage.inject-key-encoded',
    ]);
  });

  it('keeps only the last of duplicated keys', () => {
    const r = run({ baggage: ['k=1,k=2'] });
    expect(r.baggage).toEqual([{ key: 'k', value: '2' }]);
    expect(r.differences.map(d => d.code)).toEqual(['otel.baggage.duplicate']);
  });

  it('keeps properties as raw metadata and injects them raw', () => {
    const r = run({ baggage: ['k=v; p = 1 ;q'] });
    expect(r.baggage).toEqual([{ key: 'k', value: 'v', metadata: ' p = 1 ;q' }]);
    expect(r.injected.baggage).toBe('k=v; p = 1 ;q');
    expect(r.differences.map(d => d.code)).toEqual(['otel.baggage.properties']);
  });

  it('re-sends a malformed property as it came, making an invalid header', () => {
    const r = run({ baggage: ['k=v;p=a b'] });
    expect(r.injected.baggage).toBe('k=v;p=a b');
    expect(r.differences.map(d => d.code)).toEqual([
      'otel.baggage.accepted-invalid',
      'otel.baggage.inject-invalid',
    ]);
  });

  it('skips empty members silently', () => {
    expect(diffCodes({ baggage: ['a=1,,b=2'] })).toEqual(['otel.baggage.empty-member']);
  });

  it('agrees on a plain routing baggage', () => {
    const r = run({ baggage: ['arize.space_id=U3BhY2U6MTIz,arize.project_name=travel%20agent'] });
    expect(r.baggage).toEqual([
      { key: 'arize.space_id', value: 'U3BhY2U6MTIz' },
      { key: 'arize.project_name', value: 'travel agent' },
    ]);
    expect(r.differences).toEqual([]);
  });

  it('stops at 180 members', () => {
    const text = Array.from({ length: 185 }, (_, i) => `k${i}=v`).join(',');
    const r = run({ baggage: [text] });
    expect(r.baggage).toHaveLength(180);
    expect(r.differences.map(d => d.code)).toEqual(['otel.baggage.limits']);
  });
});

describe('installed @opentelemetry/core behaviour outside extract/inject (pinned)', () => {
  it('TraceState.set adds a 33rd member to a full list instead of evicting the right-most', () => {
    const full = new TraceState(Array.from({ length: 32 }, (_, i) => `k${i}=v`).join(','));
    const s = full.set('new', 'x').serialize().split(',');
    expect(s).toHaveLength(33);
    expect(s[0]).toBe('new=x');
  });

  it('TraceState.set silently ignores invalid keys and additions past 512 characters', () => {
    expect(new TraceState('a=1').set('A', '1').serialize()).toBe('a=1');
    const long = new TraceState(`a=${'x'.repeat(255)},b=${'y'.repeat(250)}`);
    expect(long.set('c', '1').serialize()).not.toContain('c=1');
  });
});
