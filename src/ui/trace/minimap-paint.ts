// Paints the minimap: every visible row as a 1-device-pixel line (x = time over the whole trace,
// y = row position), straight into an RGBA pixel buffer. 100,000 rows cost one typed-array fill
// each, not one canvas call each. Pure, so it is tested without a browser.

import type { TreeLayout } from './useTreeLayout.ts';

/** RGBA colour as the little-endian Uint32 a canvas ImageData buffer holds (0xAABBGGRR). */
export function rgba32(hex: string, alpha = 255): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  const v = m ? parseInt(m[1]!, 16) : 0x7b8394;
  const r = (v >> 16) & 255;
  const g = (v >> 8) & 255;
  const b = v & 255;
  return ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export interface PaintOptions {
  width: number;
  height: number;
  /** Per PALETTE slot. */
  colors: Uint32Array;
  /** Drawn over the bar of a failed span. */
  errorColor: number;
}

/**
 * Paint `rows` (node ids; negative = trace header, skipped) into `buf` (width × height pixels,
 * cleared first). Synthetic rows paint their sub-tree's extent. Later rows are drawn over
 * earlier ones.
 *
 * With 100,000 rows on a few dozen pixel lines, thousands of rows share each line and would
 * paint its pixels over and over. So the rows are painted last to first, each pixel only by the
 * first row to reach it (the one that would have been drawn last): per line, painted pixels
 * point past themselves (a union-find skip list), so each row finds the unpainted pixels of its
 * bar in near constant time and the work is one step per row plus one per pixel.
 */
export function paintMinimap(
  buf: Uint32Array,
  rows: ArrayLike<number>,
  layout: TreeLayout,
  o: PaintOptions,
): void {
  const { width: W, height: H } = o;
  buf.fill(0);
  const n = rows.length;
  if (n === 0 || W <= 0 || H <= 0) return;
  const scale = W / layout.total;
  const stride = W + 1;
  // next[y * stride + x]: x itself while pixel (x, y) is unpainted, else a pixel further right
  // on the line to look at instead (W: none left).
  const next = new Int32Array(H * stride);
  for (let y = 0; y < H; y++) for (let x = 0; x <= W; x++) next[y * stride + x] = x;
  const { start, end, hullStart, hullEnd, error, color: colorOf } = layout;
  for (let r = n - 1; r >= 0; r--) {
    const id = rows[r]!;
    if (id < 0) continue;
    let s = start[id]!;
    let e = end[id]!;
    if (Number.isNaN(s)) {
      s = hullStart[id]!;
      e = hullEnd[id]!;
      if (Number.isNaN(s)) continue;
    }
    let x0 = Math.floor(s * scale);
    let x1 = Math.ceil(e * scale);
    if (x0 < 0) x0 = 0;
    if (x0 > W - 1) x0 = W - 1;
    if (x1 <= x0) x1 = x0 + 1;
    if (x1 > W) x1 = W;
    const color = error[id] ? o.errorColor : o.colors[colorOf[id]!]!;
    const y0 = Math.floor((r * H) / n);
    const y1 = Math.max(y0 + 1, Math.floor(((r + 1) * H) / n));
    for (let y = y0; y < y1 && y < H; y++) {
      const line = y * stride;
      // The first unpainted pixel at or after x0 (halving the paths it walks).
      let x = x0;
      while (next[line + x] !== x) {
        const skip = next[line + next[line + x]!]!;
        next[line + x] = skip;
        x = skip;
      }
      while (x < x1) {
        buf[y * W + x] = color;
        // Painted: point past it, then on to the next unpainted pixel.
        let after = x + 1;
        while (next[line + after] !== after) after = next[line + after]!;
        next[line + x] = after;
        x = after;
      }
    }
  }
}
