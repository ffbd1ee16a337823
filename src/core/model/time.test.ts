import { describe, expect, it } from 'vitest';
import {
  epochToNanos,
  formatDuration,
  hrTimeToNanos,
  isoToNanos,
  nanosToIso,
  toNanos,
} from './time.ts';

describe('time conversion', () => {
  it('keeps 19-digit nanosecond strings exact', () => {
    expect(toNanos('1736937000012345000', 'ns')).toBe(1736937000012345000n);
    expect(toNanos('1736937000012345001', 'ns')).toBe(1736937000012345001n);
  });
  it('converts fractional microseconds exactly', () => {
    expect(toNanos(1736937000012345, 'us')).toBe(1736937000012345000n);
    expect(toNanos(165.256, 'us')).toBe(165256n);
    expect(toNanos('1.5e3', 'ms')).toBe(1_500_000_000n);
  });
  it('guesses epoch units by magnitude', () => {
    expect(epochToNanos(1736937000012)).toBe(1736937000012000000n);
    expect(epochToNanos(1736937000012345)).toBe(1736937000012345000n);
    expect(epochToNanos('1736937000012345000')).toBe(1736937000012345000n);
    expect(epochToNanos('soon')).toBeNull();
  });
  it('parses ISO and Go time strings with offsets', () => {
    expect(isoToNanos('2025-01-15T10:30:00.012345Z')).toBe(1736937000012345000n);
    expect(isoToNanos('2025-01-15T10:30:00.012345+00:00')).toBe(1736937000012345000n);
    expect(isoToNanos('2025-01-15T10:30:00.012345')).toBe(1736937000012345000n);
    expect(isoToNanos('2025-01-15 10:30:00.90525 +0000 UTC')).toBe(1736937000905250000n);
    expect(isoToNanos('2025-01-15T11:30:00.000000001+01:00')).toBe(1736937000000000001n);
    expect(isoToNanos('yesterday')).toBeNull();
  });
  it('treats absurd magnitudes as unreadable instead of building huge numbers', () => {
    expect(toNanos('1736937000950100000e9999999999', 'ns')).toBeNull(); // was RangeError
    expect(toNanos('1e999999999', 'us')).toBeNull();
    expect(toNanos('9'.repeat(1_000_000), 'ns')).toBeNull();
    expect(toNanos('0'.repeat(100) + '17', 'ns')).toBe(17n);
    expect(toNanos('1e-999999999', 'ns')).toBe(0n);
    expect(toNanos(1e300, 'ns')).toBeNull();
  });
  it('reads no time from a non-finite HrTime', () => {
    expect(hrTimeToNanos([Infinity, 0])).toBeNull(); // was RangeError from BigInt
    expect(hrTimeToNanos([1, NaN])).toBeNull();
  });
  it('formats a time beyond the date range without throwing', () => {
    expect(nanosToIso(10n ** 30n)).toBe(`${10n ** 30n} ns (outside the date range)`);
    expect(nanosToIso(-(10n ** 30n))).toContain('outside the date range');
  });
  it('reads HrTime and formats', () => {
    expect(hrTimeToNanos([1736937001, 401500000])).toBe(1736937001401500000n);
    expect(nanosToIso(1736937000012345678n)).toBe('2025-01-15T10:30:00.012345678Z');
    expect(formatDuration(1_511_111_000n)).toBe('1.51 s');
    expect(formatDuration(451_600_000n)).toBe('452 ms');
    expect(formatDuration(null)).toBe('—');
  });
});
