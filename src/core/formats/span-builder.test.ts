import { describe, expect, it } from 'vitest';
import { MAX_NESTING, takeDepthCuts, TOO_DEEP } from '../input/depth-limit.ts';
import type { AttrValue } from '../model/span.ts';
import {
  flatten,
  newAttributes,
  serviceNameFrom,
  setAttr,
  textOf,
  toAttributes,
  toAttrValue,
} from './span-builder.ts';

/** An array nested `n` levels around 'bottom', built without recursion. */
function nested(n: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

describe('textOf', () => {
  it('writes any value as text, also maps without prototype and objects whose toString is data', () => {
    const map = Object.create(null) as Record<string, AttrValue>;
    map['k'] = 1;
    expect(textOf(map)).toBe('{"k":1}'); // String(map) throws "Cannot convert object to primitive"
    expect(textOf(JSON.parse('{"toString": 1}'))).toBe('{"toString":1}');
    expect(textOf('s')).toBe('s');
    expect(textOf(12)).toBe('12');
    expect(textOf(null)).toBe('null');
    expect(textOf(10n)).toBe('10');
  });

  it('gives the service name of a resource whose service.name is a map', () => {
    const resource = newAttributes();
    setAttr(resource, 'service.name', toAttrValue({ a: 1 }));
    expect(serviceNameFrom(resource)).toBe('{"a":1}'); // threw in the Langfuse importer
  });
});

describe('nesting limit in attribute values', () => {
  it('toAttrValue cuts below MAX_NESTING levels instead of overflowing the stack', () => {
    takeDepthCuts();
    let v = toAttrValue(nested(100_000)); // "Maximum call stack size exceeded" before
    for (let i = 0; i < MAX_NESTING; i++) v = (v as AttrValue[])[0]!;
    expect(v).toBe(TOO_DEEP);
    expect(takeDepthCuts().count).toBe(1);
    let w = toAttrValue(nested(MAX_NESTING - 1));
    for (let i = 0; i < MAX_NESTING - 1; i++) w = (w as AttrValue[])[0]!;
    expect(w).toBe('bottom');
    expect(takeDepthCuts().count).toBe(0);
  });

  it('flatten cuts deep objects and keeps the rest', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const attrs = flatten({ ok: 1, deep });
    expect(attrs['ok']).toBe(1);
    const [key, value] = Object.entries(attrs).find(([k]) => k.startsWith('deep'))!;
    expect(value).toBe(TOO_DEEP);
    expect(key.split('.')).toHaveLength(MAX_NESTING);
    expect(takeDepthCuts().count).toBe(1);
  });

  it('toAttributes keeps __proto__ and constructor as plain keys', () => {
    const attrs = toAttributes(JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 2}'));
    expect(Object.getPrototypeOf(attrs)).toBeNull();
    expect(Object.keys(attrs)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
