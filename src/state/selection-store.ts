// Which span row is selected (by index into the analysis' spans) and which tree rows are
// collapsed. Reset whenever a new analysis arrives.

import { create } from 'zustand';

export interface SelectionState {
  selectedSpanIndex: number | null;
  /** Tree node ids that are collapsed. */
  collapsed: ReadonlySet<number>;
  /** Bumped to ask the tree to scroll the selection into view. */
  scrollRequest: number;
}

export const initialSelection = (): SelectionState => ({
  selectedSpanIndex: null,
  collapsed: new Set(),
  scrollRequest: 0,
});

export const useSelectionStore = create<SelectionState>(() => initialSelection());

export function selectSpan(index: number | null, scroll = false): void {
  useSelectionStore.setState(s => ({
    selectedSpanIndex: index,
    scrollRequest: scroll ? s.scrollRequest + 1 : s.scrollRequest,
  }));
}

export function setCollapsed(collapsed: ReadonlySet<number>): void {
  useSelectionStore.setState({ collapsed });
}

export function resetSelection(): void {
  useSelectionStore.setState(initialSelection());
}
