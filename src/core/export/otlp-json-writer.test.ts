import { describe, expect, it } from 'vitest';
import { expectFixtureTrace, readSample } from '../formats/fixture-trace.test-helper.ts';
import { formatById } from '../formats/index.ts';
import { otlpJson } from '../formats/otlp-json.ts';
import { InputText } from '../input/input-text.ts';
import { makeSpan } from '../rules/test-spans.test-helper.ts';
import type { AttrValue } from '../model/span.ts';
import { spansToOtlpJson, spansToOtlpJsonText, toAnyValue } from './otlp-json-writer.ts';

describe('otlp-json-writer', () => {
  it('writes the fixture trace so the OTLP importer reads back the same spans', () => {
    for (const sample of [
      'otlp-json/basic.json',
      'python-console/basic.txt',
      'js-console/basic.txt',
    ]) {
      const first = formatById(sample.split('/')[0]!)!.parse(readSample(sample));
      const again = otlpJson.parse(new InputText(spansToOtlpJsonText(first.spans), 'out.json'));
      expectFixtureTrace(again);
      for (const s of again.spans) {
        const orig = first.spans.find(o => o.spanId === s.spanId)!;
        expect(s.attributes).toEqual(orig.attributes);
        expect(s.resource).toEqual(orig.resource);
        expect(s.parentIsRemote).toBe(orig.parentIsRemote);
        expect(s.events).toEqual(orig.events);
        expect(s.links.map(l => [l.traceId, l.spanId])).toEqual(
          orig.links.map(l => [l.traceId, l.spanId]),
        );
      }
    }
  });

  it('groups spans by resource and scope in first-seen order', () => {
    const a = makeSpan({ id: 'a1', service: 'one' }, 0);
    const b = makeSpan({ id: 'b1', service: 'two' }, 1);
    const c = makeSpan({ id: 'c1', service: 'one' }, 2);
    const req = spansToOtlpJson([a, b, c]);
    expect(req.resourceSpans).toHaveLength(2);
    expect(req.resourceSpans[0]!.scopeSpans[0]!.spans.map(s => s.spanId)).toEqual([
      a.spanId,
      c.spanId,
    ]);
  });

  it('keeps nanoseconds exact as strings, omits the parent of a root, and rebuilds remote flags', () => {
    const s = makeSpan({ id: 'a1', parent: 'e1', remote: true }, 0);
    s.startNs = 1736937000012345678n;
    const root = makeSpan({ id: 'r1', remote: null }, 1);
    const [o, r] = spansToOtlpJson([s, root]).resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(o!.startTimeUnixNano).toBe('1736937000012345678');
    expect(o!.flags).toBe(0x300);
    expect(r!.parentSpanId).toBeUndefined();
    expect(r!.flags).toBeUndefined();
    expect(JSON.parse(JSON.stringify(spansToOtlpJson([s])))).toEqual(spansToOtlpJson([s]));
  });

  it('maps attribute values to AnyValue (ints as strings, doubles, arrays, maps, null)', () => {
    expect(toAnyValue(42)).toEqual({ intValue: '42' });
    expect(toAnyValue(0.2)).toEqual({ doubleValue: 0.2 });
    expect(toAnyValue(Number.NaN)).toEqual({ doubleValue: 'NaN' });
    expect(toAnyValue(['a', true])).toEqual({
      arrayValue: { values: [{ stringValue: 'a' }, { boolValue: true }] },
    });
    expect(toAnyValue({ k: 1 })).toEqual({
      kvlistValue: { values: [{ key: 'k', value: { intValue: '1' } }] },
    });
    expect(toAnyValue(null)).toEqual({});
  });

  it('writes integers beyond int64 as doubles, not as "1e+300"', () => {
    expect(toAnyValue(1e300)).toEqual({ doubleValue: 1e300 });
    expect(toAnyValue(2 ** 53)).toEqual({ doubleValue: 2 ** 53 });
  });

  it('cuts values nested too deep to stay within the readable JSON depth', () => {
    let v: AttrValue = 'bottom';
    for (let i = 0; i < 1000; i++) v = [v];
    const text = JSON.stringify(toAnyValue(v)); // threw "Maximum call stack size exceeded"
    expect(text).toContain('"stringValue":"[nested too deep]"');
    expect(text).not.toContain('bottom');
    let shallow: AttrValue = 'bottom';
    for (let i = 0; i < 300; i++) shallow = [shallow];
    expect(JSON.stringify(toAnyValue(shallow))).toContain('bottom');
  });
});
