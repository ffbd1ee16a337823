import { describe, expect, it } from 'vitest';
import { paintMinimap, rgba32 } from './minimap-paint.ts';
import type { TreeLayout } from './useTreeLayout.ts';

function layout(bars: [number, number, number?, number?][], total: number): TreeLayout {
  const n = bars.length;
  const l: TreeLayout = {
    origin: 0n,
    total,
    start: new Float64Array(bars.map(b => b[0])),
    end: new Float64Array(bars.map(b => b[1])),
    hullStart: new Float64Array(bars.map(b => b[0])),
    hullEnd: new Float64Array(bars.map(b => b[1])),
    descendants: new Int32Array(n),
    color: new Uint8Array(bars.map(b => b[2] ?? 0)),
    error: new Uint8Array(bars.map(b => b[3] ?? 0)),
  };
  return l;
}

const colors = new Uint32Array([1, 2, 3]);
const opts = (width: number, height: number) => ({ width, height, colors, errorColor: 9 });

describe('paintMinimap', () => {
  it('draws each row at its time, one pixel row per row when there is room', () => {
    const buf = new Uint32Array(10 * 2);
    paintMinimap(
      buf,
      [0, 1],
      layout(
        [
          [0, 100, 1],
          [50, 70, 2],
        ],
        100,
      ),
      opts(10, 2),
    );
    expect([...buf.subarray(0, 10)]).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect([...buf.subarray(10, 20)]).toEqual([0, 0, 0, 0, 0, 3, 3, 0, 0, 0]);
  });

  it('keeps a tiny span visible as one pixel, marks errors and skips trace headers', () => {
    const buf = new Uint32Array(10 * 3);
    paintMinimap(
      buf,
      [-1, 0, 1],
      layout(
        [
          [0.01, 0.02, 1],
          [10, 20, 1, 1],
        ],
        100,
      ),
      opts(10, 3),
    );
    expect([...buf.subarray(0, 10)].every(v => v === 0)).toBe(true);
    expect(buf[10]).toBe(2);
    expect(buf[11]).toBe(0);
    expect([...buf.subarray(20, 30)]).toEqual([0, 9, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('folds many rows into few pixel rows', () => {
    const bars: [number, number][] = Array.from({ length: 1000 }, (_, i) => [i / 10, i / 10 + 0.1]);
    const buf = new Uint32Array(100 * 4);
    paintMinimap(
      buf,
      Array.from({ length: 1000 }, (_, i) => i),
      layout(bars, 100),
      opts(100, 4),
    );
    expect(buf[0]).toBe(1);
    expect(buf[3 * 100 + 99]).toBe(1);
  });

  it('converts #rrggbb to little-endian RGBA', () => {
    expect(rgba32('#102030')).toBe(0xff302010);
  });
});
