// Types for gen-big-trace.mjs (imported by the big-trace e2e test).

export interface GeneratedTrace {
  text: string;
  traceId: string;
  spanCount: number;
  droppedChains: number;
  maxDepth: number;
}

export function generateTrace(opts: {
  spans: number;
  format?: 'otlp' | 'jaeger';
  seed?: number;
  pretty?: boolean;
}): GeneratedTrace;
