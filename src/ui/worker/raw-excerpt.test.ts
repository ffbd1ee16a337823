import { describe, expect, it } from 'vitest';
import { InputText } from '../../core/input/input-text.ts';
import { rawExcerpt } from './raw-excerpt.ts';

describe('rawExcerpt', () => {
  it('gives exactly the span object when the whole dump is one line', () => {
    const text = '{"spans":[{"id":"a","name":"x}"},{"id":"b","n":[1,2]}]}';
    const input = new InputText(text);
    const column = text.indexOf('{"id":"b"') + 1;
    expect(rawExcerpt(input, { line: 1, column })).toEqual({
      line: 1,
      text: '{"id":"b","n":[1,2]}',
      truncated: false,
    });
  });

  it('gives the object of a pretty-printed span from its line and column', () => {
    const text = '[\n  {\n    "id": "a"\n  },\n  {\n    "id": "b"\n  }\n]';
    const r = rawExcerpt(new InputText(text), { line: 5, column: 3 });
    expect(r?.text).toBe('{\n    "id": "b"\n  }');
  });

  it('falls back to lines and caps very long lines', () => {
    const text = `first\n${'x'.repeat(5000)}\nthird\nfourth`;
    const r = rawExcerpt(new InputText(text), { line: 2, endLine: 3 });
    expect(r?.text.split('\n')).toHaveLength(2);
    expect(r?.text.length).toBeLessThan(2100);
    expect(r?.truncated).toBe(true);
  });

  it('says nothing for a line outside the input', () => {
    expect(rawExcerpt(new InputText('a'), { line: 7 })).toBeNull();
  });
});

describe('rawExcerpt on a long line without columns', () => {
  it('finds the object whose span-id key holds the id, not a reference to it', () => {
    const pad = 'x'.repeat(3000);
    const text = `{"data":[{"spans":[{"spanID":"bb","references":[{"spanID":"aa","refType":"CHILD_OF"}],"p":"${pad}"},{"traceID":"t","spanID":"aa","operationName":"root"}]}]}`;
    const r = rawExcerpt(new InputText(text), { line: 1 }, 'aa');
    expect(r?.text).toBe('{"traceID":"t","spanID":"aa","operationName":"root"}');
  });
});
