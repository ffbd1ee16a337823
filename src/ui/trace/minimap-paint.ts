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
 * cleared first). Synthetic rows paint their sub-tree's extent.
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
  for (let r = 0; r < n; r++) {
    const id = rows[r]!;
    if (id < 0) continue;
    let s = layout.start[id]!;
    let e = layout.end[id]!;
    if (Number.isNaN(s)) {
      s = layout.hullStart[id]!;
      e = layout.hullEnd[id]!;
      if (Number.isNaN(s)) continue;
    }
    let x0 = Math.floor(s * scale);
    let x1 = Math.ceil(e * scale);
    if (x0 < 0) x0 = 0;
    if (x0 > W - 1) x0 = W - 1;
    if (x1 <= x0) x1 = x0 + 1;
    if (x1 > W) x1 = W;
    const color = layout.error[id] ? o.errorColor : o.colors[layout.color[id]!]!;
    const y0 = Math.floor((r * H) / n);
    const y1 = Math.max(y0 + 1, Math.floor(((r + 1) * H) / n));
    for (let y = y0; y < y1 && y < H; y++) buf.fill(color, y * W + x0, y * W + x1);
  }
}
