// Size of an element on screen, kept current with a ResizeObserver.

import { useEffect, useState, type RefObject } from 'react';

export interface BoxSize {
  /** Inner width (CSS px) without a vertical scrollbar. */
  width: number;
  height: number;
  /** Width of the vertical scrollbar, when the element scrolls. */
  scrollbar: number;
}

const EMPTY: BoxSize = { width: 0, height: 0, scrollbar: 0 };

export function useBoxSize(ref: RefObject<HTMLElement | null>): BoxSize {
  const [size, setSize] = useState<BoxSize>(EMPTY);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const next = {
        width: el.clientWidth,
        height: el.clientHeight,
        scrollbar: el.offsetWidth - el.clientWidth,
      };
      setSize(s =>
        s.width === next.width && s.height === next.height && s.scrollbar === next.scrollbar
          ? s
          : next,
      );
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  return useBoxSize(ref).width;
}
