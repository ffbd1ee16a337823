// Re-run the analysis whenever the input, the chosen format or the expected context changes
// (debounced while typing). Fetched traces (validate page, recent traces) are loaded directly and
// are only replaced when the user edits the input again.

import { useContextStore } from '../../state/context-store.ts';
import { useInputStore } from '../../state/input-store.ts';
import { clearAnalysis } from '../../state/analysis-store.ts';
import { runAnalysis } from '../worker/analyze-client.ts';

let timer: ReturnType<typeof setTimeout> | undefined;

function schedule(delay: number): void {
  clearTimeout(timer);
  timer = setTimeout(run, delay);
}

function run(): void {
  const { text, fileName, format } = useInputStore.getState();
  if (text.trim() === '') {
    clearAnalysis();
    return;
  }
  const ctx = useContextStore.getState();
  runAnalysis(
    { text, fileName: fileName ?? undefined, format: format ?? undefined },
    {
      context: {
        traceId: ctx.traceId.trim() || undefined,
        traceparent: ctx.traceparent.trim() || undefined,
        baggage: ctx.baggage.trim() || undefined,
      },
    },
    fileName ?? 'pasted input',
  );
}

export function startAutoAnalyze(): () => void {
  const unsubInput = useInputStore.subscribe((s, prev) => {
    if (s.revision === prev.revision) return;
    schedule(s.text.length > 2_000_000 || !prev.hydrated ? 0 : 250);
  });
  const unsubCtx = useContextStore.subscribe(() => {
    if (useInputStore.getState().text.trim()) schedule(300);
  });
  return () => {
    unsubInput();
    unsubCtx();
  };
}
