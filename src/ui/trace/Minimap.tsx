// Overview of the whole trace above the waterfall: every visible row as a thin line (canvas), the
// rows on screen as a band and the zoomed time window as a frame. Click to jump to that part of
// the tree; drag across it to zoom to a time range.

import { useEffect, useRef } from 'react';
import { whenIdle } from '../common/useWhenIdle.ts';
import { paintMinimap, rgba32 } from './minimap-paint.ts';
import { useDragRange } from './useDragRange.ts';
import { useElementWidth } from './useBoxSize.ts';
import type { TimeWindow } from './timeline.ts';
import { PALETTE, type TreeLayout } from './useTreeLayout.ts';
import { formatCount } from '../common/format-count.ts';

const HEIGHT = 48;

interface Props {
  rows: Int32Array;
  layout: TreeLayout;
  view: TimeWindow;
  /** First and last row index on screen. */
  firstRow: number;
  lastRow: number;
  onJump: (rowIndex: number) => void;
  onZoom: (w: TimeWindow) => void;
}

function paletteOf(el: Element): { colors: Uint32Array; errorColor: number } {
  const css = getComputedStyle(el);
  const colors = new Uint32Array(PALETTE.length);
  PALETTE.forEach((p, i) => (colors[i] = rgba32(css.getPropertyValue(`--wf-${p}`), 200)));
  return { colors, errorColor: rgba32(css.getPropertyValue('--error')) };
}

export function Minimap({ rows, layout, view, firstRow, lastRow, onJump, onZoom }: Props) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(boxRef);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0) return;
    // A task of its own once the page is idle: painting 100k rows should not lengthen the render
    // that showed them, nor hold up the frames right after it.
    return whenIdle(() => {
      const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
      const W = Math.round(width * dpr);
      const H = Math.round(HEIGHT * dpr);
      canvas.width = W;
      canvas.height = H;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const img = ctx.createImageData(W, H);
      paintMinimap(new Uint32Array(img.data.buffer), rows, layout, {
        width: W,
        height: H,
        ...paletteOf(canvas),
      });
      ctx.putImageData(img, 0, 0);
    }, 200);
  }, [rows, layout, width]);

  const { handlers, selection } = useDragRange({
    onRange: r => onZoom({ start: r.from * layout.total, end: r.to * layout.total }),
    onClick: (_x, y) => onJump(Math.min(rows.length - 1, Math.floor(y * rows.length))),
  });

  const n = Math.max(1, rows.length);
  const zoomed = view.start > 0 || view.end < layout.total;
  return (
    <div ref={boxRef} className="wf-minimap" {...handlers}>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Trace overview: ${formatCount(rows.length)} rows over ${layout.total.toFixed(1)} ms`}
        style={{ width: '100%', height: HEIGHT }}
      />
      <div
        className="wf-mm-rows"
        style={{
          top: `${(firstRow / n) * 100}%`,
          height: `max(2px, ${((lastRow - firstRow + 1) / n) * 100}%)`,
        }}
      />
      {zoomed && (
        <div
          className="wf-mm-window"
          style={{
            left: `${(view.start / layout.total) * 100}%`,
            width: `${((view.end - view.start) / layout.total) * 100}%`,
          }}
        />
      )}
      {selection && (
        <div
          className="wf-selection"
          style={{
            left: `${selection.from * 100}%`,
            width: `${(selection.to - selection.from) * 100}%`,
          }}
        />
      )}
    </div>
  );
}
