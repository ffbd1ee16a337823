// A ParseResult as comparable text, for the tests that check a fast path against the general one:
// bigints as digits, key order kept, and whether each attribute map has a null prototype.

import type { ParseResult } from './types.ts';

export function dumpParseResult(r: ParseResult): string {
  const protos: string[] = [];
  const text = JSON.stringify(r, function (this: unknown, key, v: unknown) {
    if (typeof v === 'bigint') return `${v}n`;
    if ((key === 'attributes' || key === 'resource') && v && typeof v === 'object') {
      protos.push(Object.getPrototypeOf(v) === null ? 'null' : 'OBJECT');
    }
    return v;
  });
  return `${text}\n${protos.join(',')}`;
}
