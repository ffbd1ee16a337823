// Runs analyze() in a Web Worker. One request at a time: a newer request supersedes (and
// terminates) an older one, so typing in the paste box never queues stale work. A crashed
// worker is reported and replaced; the input is untouched.

import type { AnalyzeInput, AnalyzeOptions } from '../../core/analyze.ts';
import { failAnalysis, loadAnalysis, setAnalysisProgress, startAnalysis } from '../../state/analysis-store.ts';
import type { WorkerRequest, WorkerResponse } from './analyze.worker.ts';

/** Inputs above this many characters are refused in the browser with a clear message. */
export const MAX_INPUT_CHARS = 400_000_000;

let worker: Worker | null = null;
let busy = false;
let nextId = 1;
let currentId = 0;

function spawn(): Worker {
  const w = new Worker(new URL('./analyze.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<WorkerResponse>) => {
    const msg = e.data;
    if (msg.id !== currentId) return;
    if (msg.type === 'progress') setAnalysisProgress(msg.stage, msg.fraction);
    else {
      busy = false;
      loadAnalysis(msg.analysis, { label: labelOf, elapsedMs: msg.elapsedMs });
    }
  };
  w.onerror = e => {
    e.preventDefault();
    busy = false;
    worker?.terminate();
    worker = null;
    failAnalysis(
      `The analysis crashed (${e.message || 'worker error'}). Your input is kept; try again, or choose the format by hand.`,
    );
  };
  return w;
}

let labelOf = '';

export function runAnalysis(input: AnalyzeInput, options: Omit<AnalyzeOptions, 'onProgress'>, label: string): void {
  if (busy && worker) {
    worker.terminate();
    worker = null;
  }
  worker ??= spawn();
  currentId = nextId++;
  labelOf = label;
  busy = true;
  startAnalysis(label);
  const req: WorkerRequest = { id: currentId, input, options: { ...options, maxChars: MAX_INPUT_CHARS } };
  worker.postMessage(req);
}
