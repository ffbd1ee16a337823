// Re-run the analysis whenever the input, the chosen format or the expected context changes
// (debounced while typing), and remember finished analyses of the input in the history.
// Fetched traces (validate page, recent traces) are loaded directly and are only replaced when
// the user edits the input again.

import { useAnalysisStore, clearAnalysis } from '../../state/analysis-store.ts';
import { useContextStore } from '../../state/context-store.ts';
import { loadHistory, recordHistory } from '../../state/history-store.ts';
import { hydrateInput, useInputStore } from '../../state/input-store.ts';
import { verdictText } from '../findings/verdict-text.ts';
import { warmUpFormatting } from '../common/format-count.ts';
import { prepareAnalysisWorker, runAnalysis } from '../worker/analyze-client.ts';

let timer: ReturnType<typeof setTimeout> | undefined;
let historyTimer: ReturnType<typeof setTimeout> | undefined;

export const inputLabel = (fileName: string | null) => fileName ?? 'pasted input';

function schedule(delay: number): void {
  clearTimeout(timer);
  timer = setTimeout(run, delay);
}

function run(): void {
  const { text, blob, fileName, format } = useInputStore.getState();
  if (!blob && text.trim() === '') {
    clearAnalysis();
    return;
  }
  const ctx = useContextStore.getState();
  runAnalysis(
    blob
      ? { fileName: fileName ?? undefined, format: format ?? undefined }
      : { text, fileName: fileName ?? undefined, format: format ?? undefined },
    {
      context: {
        traceId: ctx.traceId.trim() || undefined,
        traceparent: ctx.traceparent.trim() || undefined,
        baggage: ctx.baggage.trim() || undefined,
      },
    },
    inputLabel(fileName),
    blob ?? undefined,
  );
}

function rememberLater(): void {
  clearTimeout(historyTimer);
  historyTimer = setTimeout(() => {
    const { analysis, label, status } = useAnalysisStore.getState();
    const { text, blob, fileName } = useInputStore.getState();
    if (blob) return; // large files are kept as the current input only
    if (status !== 'done' || !analysis || analysis.unreadable || label !== inputLabel(fileName))
      return;
    const { traceId, traceparent, baggage } = useContextStore.getState();
    void recordHistory(text, {
      label,
      fileName,
      format: analysis.format,
      verdict: verdictText(analysis),
      context: { traceId, traceparent, baggage },
    }).catch(() => undefined);
  }, 1500);
}

export function startAutoAnalyze(): () => void {
  // Ready before the first drop: the worker script loaded, the number formatting warmed up.
  prepareAnalysisWorker();
  warmUpFormatting();
  void loadHistory();
  const unsubInput = useInputStore.subscribe((s, prev) => {
    if (s.revision === prev.revision) return;
    schedule(s.immediate ? 0 : 250);
  });
  const unsubCtx = useContextStore.subscribe(() => {
    const { text, blob } = useInputStore.getState();
    if (blob || text.trim()) schedule(300);
  });
  const unsubDone = useAnalysisStore.subscribe((s, prev) => {
    if (s.status === 'done' && s.analysis !== prev.analysis) rememberLater();
  });
  void hydrateInput();
  return () => {
    unsubInput();
    unsubCtx();
    unsubDone();
  };
}
