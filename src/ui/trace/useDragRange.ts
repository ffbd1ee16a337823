// Pointer drag across an element → a horizontal range (0..1 of its width). A press without a drag
// is a click (with its position). Used by the time axis and the minimap to zoom.

import { useState, type PointerEvent } from 'react';

export interface DragRange {
  from: number;
  to: number;
}

interface Handlers {
  onRange: (r: DragRange) => void;
  onClick?: (x: number, y: number) => void;
}

const MIN_DRAG_PX = 4;

function rel(e: PointerEvent<HTMLElement>) {
  const box = e.currentTarget.getBoundingClientRect();
  return {
    x: Math.min(1, Math.max(0, (e.clientX - box.left) / Math.max(1, box.width))),
    y: Math.min(1, Math.max(0, (e.clientY - box.top) / Math.max(1, box.height))),
    px: e.clientX,
  };
}

export function useDragRange({ onRange, onClick }: Handlers) {
  const [drag, setDrag] = useState<{ x0: number; px0: number; x1: number; moved: boolean } | null>(
    null,
  );
  const handlers = {
    onPointerDown(e: PointerEvent<HTMLElement>) {
      if (e.button !== 0) return;
      e.currentTarget.setPointerCapture(e.pointerId);
      const p = rel(e);
      setDrag({ x0: p.x, px0: p.px, x1: p.x, moved: false });
    },
    onPointerMove(e: PointerEvent<HTMLElement>) {
      if (!drag) return;
      const p = rel(e);
      setDrag({ ...drag, x1: p.x, moved: drag.moved || Math.abs(p.px - drag.px0) >= MIN_DRAG_PX });
    },
    onPointerUp(e: PointerEvent<HTMLElement>) {
      if (!drag) return;
      const p = rel(e);
      setDrag(null);
      if (drag.moved) onRange({ from: Math.min(drag.x0, p.x), to: Math.max(drag.x0, p.x) });
      else onClick?.(p.x, p.y);
    },
    onPointerCancel() {
      setDrag(null);
    },
  };
  const selection = drag?.moved
    ? { from: Math.min(drag.x0, drag.x1), to: Math.max(drag.x0, drag.x1) }
    : null;
  return { handlers, selection };
}
