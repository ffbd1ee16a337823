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

describe('paintMinimap with many rows per pixel line', () => {
  // The plain way: every row in order, later rows over earlier ones.
  function paintPlainly(rows: number[], l: TreeLayout, w: number, h: number): Uint32Array {
    const buf = new Uint32Array(w * h);
    const scale = w / l.total;
    rows.forEach((id, r) => {
      if (id < 0) return;
      let s = l.start[id]!;
      let e = l.end[id]!;
      if (Number.isNaN(s)) {
        s = l.hullStart[id]!;
        e = l.hullEnd[id]!;
        if (Number.isNaN(s)) return;
      }
      const x0 = Math.min(Math.max(Math.floor(s * scale), 0), w - 1);
      const x1 = Math.min(Math.max(Math.ceil(e * scale), x0 + 1), w);
      const y0 = Math.floor((r * h) / rows.length);
      const y1 = Math.max(y0 + 1, Math.floor(((r + 1) * h) / rows.length));
      for (let y = y0; y < y1 && y < h; y++)
        buf.fill(l.error[id] ? 9 : colors[l.color[id]!]!, y * w + x0, y * w + x1);
    });
    return buf;
  }

  it('gives the picture of painting every row in order', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 1;
    const bars: [number, number, number, number][] = [];
    for (let i = 0; i < 3000; i++) {
      const a = rand() * 1000;
      bars.push([a, a + rand() * rand() * 1000, Math.floor(rand() * 3), rand() < 0.05 ? 1 : 0]);
    }
    bars[10] = [NaN, NaN, 0, 0];
    const l = layout(bars, 1000);
    l.hullStart[10] = 100;
    l.hullEnd[10] = 900;
    const rows = bars.map((_, i) => (i % 97 === 5 ? -1 : i));
    for (const [w, h] of [
      [37, 5],
      [200, 48],
      [64, 4000],
    ] as const) {
      const buf = new Uint32Array(w * h);
      paintMinimap(buf, rows, l, opts(w, h));
      expect(buf).toEqual(paintPlainly(rows, l, w, h));
    }
  });
});
