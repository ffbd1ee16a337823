// The waterfall geometry of an analysis for rendering: computed once per analysis, or, for a dump
// analysed in the worker, null until the worker's layout arrives (the findings are shown
// meanwhile; the tree waits for it).

import { useStore } from 'zustand';
import type { Analysis } from '../../core/analyze.ts';
import { layoutArrivals, treeLayoutOf, type TreeLayout } from './useTreeLayout.ts';

export function useWaterfallLayout(a: Analysis): TreeLayout | null {
  useStore(layoutArrivals, s => s.arrived); // render again when a layout arrives
  return treeLayoutOf(a);
}
