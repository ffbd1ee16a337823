// Tree view choices: the filter query and "only spans with findings". Persisted (tiny).

import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export interface TreeViewState {
  filter: string;
  onlyFindings: boolean;
}

export const initialTreeView = (): TreeViewState => ({ filter: '', onlyFindings: false });

export const useTreeViewStore = create<TreeViewState>()(
  persist(() => initialTreeView(), { name: 'tpd.tree-view' }),
);

export function setTreeFilter(filter: string): void {
  useTreeViewStore.setState({ filter });
}

export function setOnlyFindings(onlyFindings: boolean): void {
  useTreeViewStore.setState({ onlyFindings });
}
