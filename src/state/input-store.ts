// What the user pasted or dropped, the chosen format and the file name. Saved to IndexedDB
// (dumps can be hundreds of MB — far too big for localStorage) so nothing is lost on reload:
// the text is stored as it is (no JSON.stringify of 90 MB on the main thread), writes are
// debounced while typing, and a large dropped file is kept as the File itself (a Blob, which
// IndexedDB stores without the page reading it) and analysed by the worker. The file is stored
// as soon as the worker has read it: copying 100 MB into IndexedDB while the worker reads the
// same file slows the read down (the copy runs in the browser, on the same few cores).

import { create } from 'zustand';
import { get, setMany } from 'idb-keyval';
import type { FormatId } from '../core/formats/types.ts';
import { useAnalysisStore } from './analysis-store.ts';

export interface InputState {
  text: string;
  /** A large dropped/opened file, analysed straight from the Blob (then `text` is ''). */
  blob: Blob | null;
  fileName: string | null;
  /** Format chosen by hand, or null to auto-detect. */
  format: FormatId | null;
  /** Bumped when the input changes; the analysis re-runs. */
  revision: number;
  /** True when the last change was a load (file, sample, link), not typing: analyse at once. */
  immediate: boolean;
  hydrated: boolean;
}

export const initialInput = (): InputState => ({
  text: '',
  blob: null,
  fileName: null,
  format: null,
  revision: 0,
  immediate: true,
  hydrated: false,
});

export const useInputStore = create<InputState>(() => initialInput());

const TEXT_KEY = 'tpd.input.text';
const BLOB_KEY = 'tpd.input.blob';
const META_KEY = 'tpd.input.meta';

interface SavedMeta {
  fileName: string | null;
  format: FormatId | null;
}

/** Typed text; analysed after a short pause. */
export function setInputText(
  text: string,
  fileName: string | null = null,
  immediate = false,
): void {
  useInputStore.setState(s => ({
    text,
    blob: null,
    fileName,
    immediate,
    revision: s.revision + 1,
  }));
}

/** A whole dump loaded at once (file, sample, history, share link). */
export function loadInputText(text: string, fileName: string | null): void {
  setInputText(text, fileName, true);
}

/** A large file, analysed from the Blob by the worker without decoding it on the page. */
export function loadInputBlob(blob: Blob, fileName: string): void {
  useInputStore.setState(s => ({
    text: '',
    blob,
    fileName,
    immediate: true,
    revision: s.revision + 1,
  }));
}

export function setInputFormat(format: FormatId | null): void {
  useInputStore.setState(s => ({ format, immediate: true, revision: s.revision + 1 }));
}

export function clearInput(): void {
  useInputStore.setState(s => ({
    text: '',
    blob: null,
    fileName: null,
    format: null,
    immediate: true,
    revision: s.revision + 1,
  }));
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Stops waiting for the analysis before saving a file (see saveAfterAnalysis). */
let stopWaiting: (() => void) | undefined;
/** The longest a file's save waits for the worker to have read it. */
const FILE_SAVE_MAX_WAIT_MS = 10_000;

const PENDING_KEY = 'tpd.input.pending';
const PENDING_MAX_CHARS = 1_000_000;

/** The edit saved synchronously when the page was hidden mid-pause, if any (read once). */
function takePending(): (SavedMeta & { text: string }) | null {
  if (typeof localStorage === 'undefined') return null;
  const raw = localStorage.getItem(PENDING_KEY);
  if (raw === null) return null;
  localStorage.removeItem(PENDING_KEY);
  try {
    const v = JSON.parse(raw) as Partial<SavedMeta & { text: string }>;
    if (typeof v.text !== 'string') return null;
    return { text: v.text, fileName: v.fileName ?? null, format: v.format ?? null };
  } catch {
    return null;
  }
}

function save(): void {
  const { text, blob, fileName, format } = useInputStore.getState();
  const meta: SavedMeta = { fileName, format };
  void setMany([
    [META_KEY, meta],
    [TEXT_KEY, text],
    [BLOB_KEY, blob],
  ]).catch(() => undefined);
}

/** Restore the last input, then keep saving it. Call once at start-up. */
export async function hydrateInput(): Promise<void> {
  try {
    const [meta, text, blob] = await Promise.all([
      get<SavedMeta>(META_KEY),
      get<string>(TEXT_KEY),
      get<Blob | null>(BLOB_KEY),
    ]);
    const pending = takePending();
    if (pending) {
      useInputStore.setState(s => ({
        ...pending,
        blob: null,
        immediate: true,
        hydrated: true,
        revision: s.revision + 1,
      }));
      save();
    } else
      useInputStore.setState(s => ({
        text: typeof text === 'string' ? text : '',
        blob: blob instanceof Blob ? blob : null,
        fileName: meta?.fileName ?? null,
        format: meta?.format ?? null,
        immediate: true,
        hydrated: true,
        revision: s.revision + 1,
      }));
  } catch {
    useInputStore.setState({ hydrated: true });
  }
  useInputStore.subscribe((s, prev) => {
    if (s.revision === prev.revision) return;
    cancelSave();
    if (s.blob) saveAfterAnalysis();
    else saveTimer = setTimeout(flush, s.immediate ? 0 : 400);
  });
  // A reload or tab close during the typing pause still saves the last keystrokes.
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', () => {
      if (saveTimer === undefined && stopWaiting === undefined) return;
      // IndexedDB writes may not finish while the page unloads; localStorage writes are
      // synchronous. Keep a small pending edit there; hydrateInput() prefers it once.
      const { text, blob, fileName, format } = useInputStore.getState();
      if (!blob && text.length <= PENDING_MAX_CHARS) {
        try {
          localStorage.setItem(PENDING_KEY, JSON.stringify({ text, fileName, format }));
        } catch {
          // quota: the IndexedDB write below is the fallback
        }
      }
      flush();
    });
  }
}

function cancelSave(): void {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  stopWaiting?.();
  stopWaiting = undefined;
}

/**
 * Save a dropped file as soon as the worker has read it (its first progress report comes after
 * the read), or when the analysis ends, whichever is first: copying 100 MB into IndexedDB while
 * the worker reads the same file slowed the read ~1.7× on two cores, and waiting any longer than
 * the read would widen the moment in which a reload loses the drop.
 */
function saveAfterAnalysis(): void {
  const unsubscribe = useAnalysisStore.subscribe((s, prev) => {
    // 'reading' is set when the analysis starts; the worker's own stages follow its read.
    const read =
      s.status === 'running' && s.stage !== prev.stage && s.stage !== '' && s.stage !== 'reading';
    const ended = prev.status === 'running' && s.status !== 'running';
    if (!read && !ended) return;
    unsubscribe();
    stopWaiting = undefined;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(flush, 0);
  });
  stopWaiting = unsubscribe;
  saveTimer = setTimeout(flush, FILE_SAVE_MAX_WAIT_MS);
}

function flush(): void {
  cancelSave();
  save();
}
