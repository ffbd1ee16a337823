// The waterfall geometry of an analysis for rendering: computed once per analysis, or, for a dump
// analysed in the worker, null until the worker's layout arrives (the findings are shown
// meanwhile; the tree waits for it).

import { useSyncExternalStore } from 'react';
import type { Analysis } from '../../core/analyze.ts';
import { subscribeTreeLayouts, treeLayoutOf, type TreeLayout } from './useTreeLayout.ts';

export function useWaterfallLayout(a: Analysis): TreeLayout | null {
  return useSyncExternalStore(subscribeTreeLayouts, () => treeLayoutOf(a));
}
