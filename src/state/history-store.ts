// A short history of recent analyses (input text, format, expected context, verdict) kept in
// IndexedDB, so the user can go back to what they looked at before. Texts are stored under
// their own keys; the index is small. "Clear history" is explicit.

import { create } from 'zustand';
import { del, get, set } from 'idb-keyval';
import type { ExpectedContextState } from './context-store.ts';

export interface HistoryEntry {
  id: string;
  savedAt: number;
  label: string;
  fileName: string | null;
  format: string | null;
  chars: number;
  verdict: string;
  context: ExpectedContextState;
  /** Cheap fingerprint to skip saving the same input twice in a row. */
  fingerprint: string;
}

const INDEX_KEY = 'tpd.history';
const textKey = (id: string) => `tpd.history.text.${id}`;
export const HISTORY_LIMIT = 10;
/** Inputs larger than this are not kept in history (the current input is still persisted). */
export const HISTORY_MAX_CHARS = 50_000_000;

export interface HistoryState {
  entries: HistoryEntry[];
  loaded: boolean;
}

export const useHistoryStore = create<HistoryState>(() => ({ entries: [], loaded: false }));

export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  const step = Math.max(1, Math.floor(text.length / 4096));
  for (let i = 0; i < text.length; i += step) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(16)}`;
}

let loading: Promise<void> | null = null;

/** Read the index once; later calls (and recordHistory) wait for that read. */
export function loadHistory(): Promise<void> {
  loading ??= get<HistoryEntry[]>(INDEX_KEY)
    .catch(() => undefined)
    .then(entries => useHistoryStore.setState({ entries: entries ?? [], loaded: true }));
  return loading;
}

export async function recordHistory(
  text: string,
  meta: Omit<HistoryEntry, 'id' | 'savedAt' | 'chars' | 'fingerprint'>,
): Promise<void> {
  if (!text.trim() || text.length > HISTORY_MAX_CHARS) return;
  await loadHistory();
  const fp = fingerprint(text);
  const entries = useHistoryStore.getState().entries;
  if (entries[0]?.fingerprint === fp && entries[0].format === meta.format) {
    // Same input: refresh the verdict/context only.
    const updated = [{ ...entries[0], ...meta, savedAt: Date.now() }, ...entries.slice(1)];
    useHistoryStore.setState({ entries: updated });
    await set(INDEX_KEY, updated);
    return;
  }
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const entry: HistoryEntry = {
    ...meta,
    id,
    savedAt: Date.now(),
    chars: text.length,
    fingerprint: fp,
  };
  const next = [entry, ...entries.filter(e => e.fingerprint !== fp)];
  const dropped = next.splice(HISTORY_LIMIT);
  await set(textKey(id), text);
  await Promise.all(dropped.map(e => del(textKey(e.id))));
  for (const e of entries) if (e.fingerprint === fp) await del(textKey(e.id));
  useHistoryStore.setState({ entries: next });
  await set(INDEX_KEY, next);
}

export async function historyText(id: string): Promise<string | undefined> {
  return get<string>(textKey(id));
}

export async function clearHistory(): Promise<void> {
  const entries = useHistoryStore.getState().entries;
  await Promise.all(entries.map(e => del(textKey(e.id))));
  await del(INDEX_KEY);
  useHistoryStore.setState({ entries: [] });
}
