// Parsing, tree building and rules run here, off the main thread.

import { analyze, type AnalyzeInput, type AnalyzeOptions } from '../../core/analyze.ts';

export interface WorkerRequest {
  id: number;
  input: AnalyzeInput;
  options: Omit<AnalyzeOptions, 'onProgress'>;
}

export type WorkerResponse =
  | { id: number; type: 'progress'; stage: string; fraction: number }
  | { id: number; type: 'done'; analysis: ReturnType<typeof analyze>; elapsedMs: number };

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const { id, input, options } = e.data;
  const t0 = performance.now();
  const analysis = analyze(input, {
    ...options,
    onProgress: (stage, fraction) => {
      (self as unknown as Worker).postMessage({ id, type: 'progress', stage, fraction } satisfies WorkerResponse);
    },
  });
  (self as unknown as Worker).postMessage({
    id,
    type: 'done',
    analysis,
    elapsedMs: performance.now() - t0,
  } satisfies WorkerResponse);
};
