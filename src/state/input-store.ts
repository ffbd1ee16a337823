// What the user pasted or dropped, the chosen format and the file name. Persisted in IndexedDB
// (dumps can be tens of MB — too big for localStorage) so nothing is lost on reload.

import { create } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { del, get, set } from 'idb-keyval';
import type { FormatId } from '../core/formats/types.ts';

export interface InputState {
  text: string;
  fileName: string | null;
  /** Format chosen by hand, or null to auto-detect. */
  format: FormatId | null;
  /** Bumped when the input changes in a way that should re-run the analysis at once. */
  revision: number;
  hydrated: boolean;
}

export const initialInput = (): InputState => ({
  text: '',
  fileName: null,
  format: null,
  revision: 0,
  hydrated: false,
});

const idbStorage: StateStorage = {
  getItem: async name => (await get<string>(name)) ?? null,
  setItem: async (name, value) => set(name, value),
  removeItem: async name => del(name),
};

export const useInputStore = create<InputState>()(
  persist(() => initialInput(), {
    name: 'tpd.input',
    storage: createJSONStorage(() => idbStorage),
    partialize: s => ({ text: s.text, fileName: s.fileName, format: s.format }),
    onRehydrateStorage: () => () => {
      useInputStore.setState(s => ({ hydrated: true, revision: s.revision + 1 }));
    },
  }),
);

export function setInputText(text: string, fileName: string | null = null): void {
  useInputStore.setState(s => ({ text, fileName, revision: s.revision + 1 }));
}

export function setInputFormat(format: FormatId | null): void {
  useInputStore.setState(s => ({ format, revision: s.revision + 1 }));
}

export function clearInput(): void {
  useInputStore.setState(s => ({
    text: '',
    fileName: null,
    format: null,
    revision: s.revision + 1,
  }));
}
