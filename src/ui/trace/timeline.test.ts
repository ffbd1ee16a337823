import { describe, expect, it } from 'vitest';
import { formatOffset, fraction, tickStep, ticks, zoomWindow } from './timeline.ts';

describe('time axis', () => {
  it('picks 1-2-5 steps that fit the tick budget', () => {
    expect(tickStep(1000, 10)).toBe(100);
    expect(tickStep(1000, 4)).toBe(500);
    expect(tickStep(7, 5)).toBe(2);
    expect(tickStep(0.03, 3)).toBeCloseTo(0.01);
  });

  it('steps long traces in clock units', () => {
    expect(tickStep(1_700_000, 4)).toBe(600_000); // 28 min → 10 min steps
    expect(tickStep(40_000, 4)).toBe(10_000);
    expect(tickStep(30_000, 4)).toBe(10_000);
  });

  it('puts ticks on multiples of the step inside the window', () => {
    expect(ticks({ start: 130, end: 560 }, 5)).toEqual([200, 300, 400, 500]);
    expect(ticks({ start: 0, end: 1000 }, 4)).toEqual([0, 500, 1000]);
  });

  it('labels offsets in the unit that reads best', () => {
    expect(formatOffset(0)).toBe('0');
    expect(formatOffset(0.85)).toBe('850 µs');
    expect(formatOffset(12.5)).toBe('12.5 ms');
    expect(formatOffset(250)).toBe('250 ms');
    expect(formatOffset(1250)).toBe('1.25 s');
    expect(formatOffset(125_000)).toBe('2 min 5 s');
  });

  it('zooms around a point and stays inside the trace', () => {
    expect(zoomWindow({ start: 0, end: 1000 }, 0.5, 1000)).toEqual({ start: 250, end: 750 });
    expect(zoomWindow({ start: 0, end: 1000 }, 0.5, 1000, 0)).toEqual({ start: 0, end: 500 });
    expect(zoomWindow({ start: 800, end: 1000 }, 4, 1000)).toEqual({ start: 200, end: 1000 });
  });

  it('maps a time to its horizontal position', () => {
    expect(fraction(150, { start: 100, end: 200 })).toBe(0.5);
    expect(fraction(50, { start: 100, end: 200 })).toBe(-0.5);
  });
});
