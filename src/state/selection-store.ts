// Which tree row is selected and which rows are collapsed. A selection is a span (by index into
// the analysis' spans) or, for synthetic rows ("missing parent …"), a tree node id. Reset
// whenever a new analysis arrives.

import { create } from 'zustand';

export interface SelectionState {
  selectedSpanIndex: number | null;
  /** Set when a synthetic row (no span) is selected. */
  selectedNodeId: number | null;
  /** Tree node ids that are collapsed. */
  collapsed: ReadonlySet<number>;
  /** Bumped to ask the tree to scroll the selection into view. */
  scrollRequest: number;
}

export const initialSelection = (): SelectionState => ({
  selectedSpanIndex: null,
  selectedNodeId: null,
  collapsed: new Set(),
  scrollRequest: 0,
});

export const useSelectionStore = create<SelectionState>(() => initialSelection());

/** Select a span; `scroll` asks the tree to reveal and scroll to it. */
export function selectSpan(index: number | null, scroll = false): void {
  useSelectionStore.setState(s => ({
    selectedSpanIndex: index,
    selectedNodeId: null,
    scrollRequest: scroll ? s.scrollRequest + 1 : s.scrollRequest,
  }));
}

/** Select a synthetic tree row. */
export function selectNode(nodeId: number): void {
  useSelectionStore.setState({ selectedSpanIndex: null, selectedNodeId: nodeId });
}

export function setCollapsed(collapsed: ReadonlySet<number>): void {
  useSelectionStore.setState({ collapsed });
}

export function resetSelection(): void {
  useSelectionStore.setState(initialSelection());
}
