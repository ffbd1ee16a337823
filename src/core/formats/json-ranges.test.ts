import { describe, expect, it } from 'vitest';
import { findObjectRanges } from './json-ranges.ts';

const spansKey = (key: string | null) => key === 'spans';

describe('findObjectRanges', () => {
  it('finds the objects of arrays under a key, in document order', () => {
    const text = `{"data":[{"spans":[{"a":1},{"b":{"spans":"x"}}],"processes":{"p1":{}}}]}`;
    const r = findObjectRanges(text, spansKey);
    expect(r.map(x => text.slice(x.start, x.end))).toEqual(['{"a":1}', '{"b":{"spans":"x"}}']);
  });

  it('ignores brackets and quotes inside strings', () => {
    const text = `[{"k":"a \\" { [ ] } ,"},{"k":"\\\\"}]`;
    const r = findObjectRanges(text, (key, depth) => key === null && depth === 1);
    expect(r.map(x => text.slice(x.start, x.end))).toEqual([
      `{"k":"a \\" { [ ] } ,"}`,
      `{"k":"\\\\"}`,
    ]);
  });

  it('selects by depth for arrays of arrays', () => {
    const text = `[[{"id":1},{"id":2}],[{"id":3,"annotations":[{"v":1}]}]]`;
    const r = findObjectRanges(text, (key, depth) => key === null && depth <= 2);
    expect(r.map(x => JSON.parse(text.slice(x.start, x.end)).id)).toEqual([1, 2, 3]);
  });

  it('marks an object cut off by the end of the text', () => {
    const text = `{"spans":[{"a":1},{"b":[1,2`;
    expect(findObjectRanges(text, spansKey)).toEqual([
      { start: 10, end: 17 },
      { start: 18, end: -1 },
    ]);
  });

  it('does not take a string value for a key', () => {
    const text = `{"x":"spans","y":[{"a":1}]}`;
    expect(findObjectRanges(text, spansKey)).toEqual([]);
  });
});
