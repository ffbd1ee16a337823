import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BaggageEntry,
  decodeBaggageValue,
  encodeBaggageValue,
  formatBaggage,
  isValidBaggageEntry,
  loneSurrogateAt,
  parseBaggage,
} from './baggage.ts';

const entries = (text: string) => parseBaggage(text).entries;
const firstError = (text: string) => parseBaggage(text).problems.find(p => p.severity === 'error');
const e = (
  key: string,
  value: string,
  properties: BaggageEntry['properties'] = [],
): BaggageEntry => ({
  key,
  value,
  properties,
});

describe('parseBaggage: W3C reference cases', () => {
  it('parses a simple member', () => {
    expect(parseBaggage('SomeKey=SomeValue')).toMatchObject({
      present: true,
      valid: true,
      entries: [e('SomeKey', 'SomeValue')],
    });
  });

  it('parses members with key-only and key=value properties', () => {
    expect(entries('SomeKey=SomeValue;SomeProp,SomeKey2=SomeValue2;ValueProp=PropVal')).toEqual([
      e('SomeKey', 'SomeValue', [{ key: 'SomeProp' }]),
      e('SomeKey2', 'SomeValue2', [{ key: 'ValueProp', value: 'PropVal' }]),
    ]);
    expect(entries('SomeKey=SomeValue;SomeProp;SecondProp=PropValue')).toEqual([
      e('SomeKey', 'SomeValue', [{ key: 'SomeProp' }, { key: 'SecondProp', value: 'PropValue' }]),
    ]);
  });

  it('trims OWS around keys, values, properties and commas', () => {
    expect(
      entries(
        'SomeKey \t = \t SomeValue \t ; \t SomeProp \t , \t SomeKey2 \t = \t SomeValue2 \t ; \t ValueProp \t = \t PropVal',
      ),
    ).toEqual([
      e('SomeKey', 'SomeValue', [{ key: 'SomeProp' }]),
      e('SomeKey2', 'SomeValue2', [{ key: 'ValueProp', value: 'PropVal' }]),
    ]);
    expect(entries('SomeKey \t = \t SomeValue \t ')).toEqual([e('SomeKey', 'SomeValue')]);
  });

  it('splits only at the first "=" (values may contain "=")', () => {
    expect(entries('SomeKey=SomeValue=equals')).toEqual([e('SomeKey', 'SomeValue=equals')]);
  });

  it('percent-decodes values (urllib.parse.quote output)', () => {
    const value = '\t "\';=asdf!@#$%^&*()';
    const quoted = '%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29';
    expect(entries(`SomeKey=${quoted}`)).toEqual([e('SomeKey', value)]);
    expect(entries(`SomeKey \t = \t ${quoted} \t `)).toEqual([e('SomeKey', value)]);
    expect(decodeBaggageValue(encodeBaggageValue(value)).value).toBe(value);
  });

  it('reads the spec example (86 bytes, 3 members)', () => {
    const text =
      'key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue';
    const r = parseBaggage(text);
    expect(r.valid).toBe(true);
    expect(r.bytes).toBe(86);
    expect(r.entries.map(x => x.key)).toEqual(['key1', 'key2', 'key3']);
  });

  it('accepts one 8192-byte member (test_serialize_long_entry) without a warning', () => {
    const text = `a=${'0123456789'.repeat(819)}`;
    expect(text.length).toBe(8192);
    expect(parseBaggage(text)).toMatchObject({ valid: true, problems: [] });
  });

  it('accepts 64 members without a warning', () => {
    const text = Array.from({ length: 64 }, (_, i) => `key${i}=value`).join(',');
    expect(parseBaggage(text)).toMatchObject({ valid: true, problems: [] });
  });
});

describe('parseBaggage: values, keys and properties', () => {
  it.each([
    ['k=', ''],
    ['k=%c3%a9', 'é'],
    ['k=%C3%A9', 'é'],
    ['k=a+b', 'a+b'],
    ['k=%FF', '\ufffd'],
    ['k=%E2%82', '\ufffd'],
    ['k=%C0%AF', '\ufffd\ufffd'],
    ['k=%EF%BB%BFx', '\ufeffx'],
    ['k=%F0%9F%98%80', '😀'],
  ])('decodes %s as %j', (text, value) => {
    expect(parseBaggage(text)).toMatchObject({ valid: true, entries: [{ key: 'k', value }] });
  });

  it('warns when invalid UTF-8 became U+FFFD', () => {
    expect(parseBaggage('k=%FF').problems).toEqual([
      expect.objectContaining({
        code: 'header.baggage.value.utf8',
        severity: 'warning',
        position: 2,
      }),
    ]);
  });

  it('never decodes keys', () => {
    expect(entries('k%20=v')).toEqual([e('k%20', 'v')]);
    expect(entries('caf%C3%A9=v')).toEqual([e('caf%C3%A9', 'v')]);
  });

  it('keys are case-sensitive and duplicates are kept in order, with a warning', () => {
    const r = parseBaggage('Key=1,key=2,key=3');
    expect(r.entries.map(x => [x.key, x.value])).toEqual([
      ['Key', '1'],
      ['key', '2'],
      ['key', '3'],
    ]);
    expect(r.valid).toBe(true);
    expect(r.problems.map(p => [p.code, p.position])).toEqual([
      ['header.baggage.duplicate-key', 12],
    ]);
  });

  it('keeps a percent-encoded "=" inside a key-only property literally', () => {
    expect(entries('k=v;ValueProp%20%3D%20PropVal')).toEqual([
      e('k', 'v', [{ key: 'ValueProp%20%3D%20PropVal' }]),
    ]);
  });

  it('decodes property values and allows empty ones and repeated names', () => {
    expect(entries('k=v;p=%C3%A9;p=;q')).toEqual([
      e('k', 'v', [{ key: 'p', value: 'é' }, { key: 'p', value: '' }, { key: 'q' }]),
    ]);
  });

  it('treats undefined as absent', () => {
    expect(parseBaggage(undefined)).toMatchObject({ present: false, entries: [] });
  });
});

describe('parseBaggage: invalid members name the reason and position', () => {
  it.each<[string, string, string, number]>([
    ['an empty header', '', 'header.baggage.empty', 0],
    ['a space in the key', 'my key=v', 'header.baggage.key.character', 2],
    ['"@" in the key', 'user@id=x', 'header.baggage.key.character', 4],
    ['":" in the key', 'a:b=x', 'header.baggage.key.character', 1],
    ['a non-ASCII key', 'ключ=v', 'header.baggage.key.character', 0],
    ['an empty key', '=v', 'header.baggage.key.empty', 0],
    ['a raw space in the value', 'k=a b', 'header.baggage.value.character', 3],
    ['a raw quote in the value', 'k=a"b', 'header.baggage.value.character', 3],
    ['a raw backslash in the value', 'k=a\\b', 'header.baggage.value.character', 3],
    ['a raw é in the value', 'k=café', 'header.baggage.value.character', 5],
    ['a bare "%"', 'k=%', 'header.baggage.value.percent', 2],
    ['"%zz"', 'k=%zz', 'header.baggage.value.percent', 2],
    ['"100%"', 'k=100%', 'header.baggage.value.percent', 5],
    ['"%4" at the end', 'k=%4', 'header.baggage.value.percent', 2],
    ['no "="', 'k', 'header.baggage.member.no-equals', 0],
    ['an empty member', 'a=1,,b=2', 'header.baggage.member.empty', 4],
    ['a trailing comma', 'a=1,', 'header.baggage.member.empty', 3],
    ['a leading comma', ',a=1', 'header.baggage.member.empty', 0],
    ['an empty property', 'k=v;', 'header.baggage.property.empty', 3],
    ['two empty properties', 'k=v;;p', 'header.baggage.property.empty', 3],
    ['a property without key', 'k=v;=x', 'header.baggage.property.key.empty', 4],
    ['a property value with a space', 'k=v;p=a b', 'header.baggage.property.value.character', 7],
    ['a tab inside a value', 'k=a\tb', 'header.baggage.value.character', 3],
  ])('%s', (_name, text, code, position) => {
    const r = parseBaggage(text);
    expect(r.valid).toBe(false);
    expect(firstError(text)).toMatchObject({ code, position });
  });

  it('suggests the percent-encoding of a raw character', () => {
    expect(firstError('k=café')?.message).toMatch(/%C3%A9/);
    expect(firstError('k=a b')?.message).toMatch(/%20/);
  });

  it('keeps the valid members when one is invalid', () => {
    const r = parseBaggage('a=1,my key=2,b=3');
    expect(r.valid).toBe(false);
    expect(r.entries.map(x => x.key)).toEqual(['a', 'b']);
    expect(r.members.map(m => m.valid)).toEqual([true, false, true]);
  });
});

describe('parseBaggage: limits', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(',');

  it('warns from member 65 on (a receiver must keep 64)', () => {
    const text = many(65);
    const r = parseBaggage(text);
    expect(r.valid).toBe(true);
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'header.baggage.over-64-members',
        position: text.indexOf('k64='),
      }),
    ]);
  });

  it('accepts 180 members and rejects 181 (the grammar limit)', () => {
    expect(parseBaggage(many(180)).valid).toBe(true);
    const text = many(181);
    expect(parseBaggage(text).valid).toBe(false);
    expect(firstError(text)).toMatchObject({
      code: 'header.baggage.too-many-members',
      position: text.indexOf('k180='),
    });
  });

  it('warns past 8192 bytes at the member that crosses the limit', () => {
    const text = `a=${'x'.repeat(8000)},b=${'y'.repeat(300)}`;
    const r = parseBaggage(text);
    expect(r.valid).toBe(true);
    expect(r.bytes).toBe(text.length);
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'header.baggage.over-8192-bytes',
        position: text.indexOf('b='),
      }),
    ]);
  });

  it('counts bytes as UTF-8', () => {
    expect(parseBaggage('k=%C3%A9').bytes).toBe(8);
  });
});

describe('encodeBaggageValue / formatBaggage', () => {
  it('encodes exactly the characters outside baggage-octet, and "%"', () => {
    expect(encodeBaggageValue('a b,c;d\\e"f%g')).toBe('a%20b%2Cc%3Bd%5Ce%22f%25g');
    expect(encodeBaggageValue('é')).toBe('%C3%A9');
    expect(encodeBaggageValue("a=b!#$&'()*+-./:<>?@[]^_`{|}~")).toBe(
      "a=b!#$&'()*+-./:<>?@[]^_`{|}~",
    );
  });

  const tchar = fc.constantFrom(
    ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~",
  );
  const token = fc.string({ unit: tchar, minLength: 1, maxLength: 12 });
  const text = fc.string({ unit: 'grapheme', maxLength: 20 });
  const entry = fc.record({
    key: token,
    value: text,
    properties: fc.array(
      fc.oneof(fc.record({ key: token }), fc.record({ key: token, value: text })),
      { maxLength: 3 },
    ),
  });

  it('round-trips: format → parse gives the same entries', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), es => {
        expect(es.every(isValidBaggageEntry)).toBe(true);
        const r = parseBaggage(formatBaggage(es));
        expect(r.valid).toBe(true);
        expect(r.entries).toEqual(es);
      }),
    );
  });

  it('finds lone surrogates, which encoding would turn into U+FFFD', () => {
    expect(loneSurrogateAt('plain 😀 text')).toBe(-1);
    expect(loneSurrogateAt('a\uD800b')).toBe(1);
    expect(loneSurrogateAt('\uDC00')).toBe(0);
    expect(loneSurrogateAt('ok\uD83D')).toBe(2);
    expect(decodeBaggageValue(encodeBaggageValue('a\uD800b')).value).toBe('a\uFFFDb');
  });

  it('round-trips: encode → decode gives the same string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), s => {
        expect(decodeBaggageValue(encodeBaggageValue(s))).toEqual({ value: s, invalidUtf8: false });
      }),
    );
  });
});
