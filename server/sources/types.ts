// What every trace source client takes and returns.

import type { FormatId } from '../../src/core/formats/types.ts';

export type SourceId = 'local' | 'phoenix' | 'arize' | 'jaeger' | 'tempo' | 'zipkin';

export const SOURCE_IDS: readonly SourceId[] = [
  'local',
  'phoenix',
  'arize',
  'jaeger',
  'tempo',
  'zipkin',
];

export interface SourceRequest {
  /** Base URL of the backend (or of `tpd serve` for `local`). */
  url: string;
  traceId: string;
  /** Phoenix project name or id; Arize AX project id. */
  project?: string;
  /** Arize AX: how many days back to search (default 30). */
  days?: number;
  timeoutMs?: number;
  /** Where API keys are read from (default process.env). Keys never leave the server. */
  env?: Record<string, string | undefined>;
}

export interface FetchedTrace {
  /** The backend's response text (pages joined by newlines), ready for analyze(). */
  text: string;
  fileName: string;
  /** The importer this text is for. */
  format: FormatId;
  spanCount: number;
  /** Things worth telling the user (which project, which API, partial results). */
  notes: string[];
}
