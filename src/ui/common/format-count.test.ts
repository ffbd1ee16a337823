import { describe, expect, it } from 'vitest';
import { formatCount } from './format-count.ts';

describe('formatCount', () => {
  it('formats like toLocaleString in the same locale', () => {
    for (const n of [0, 7, 1234, 100000, 1234567]) expect(formatCount(n)).toBe(n.toLocaleString());
  });
});
