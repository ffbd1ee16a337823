// `tpd check --source …`: fetch one trace from a backend (or a running `tpd serve`) so check.ts
// can analyse it exactly like a file. Failures are Errors with a one-line message (exit code 2).
// API keys come from the environment (PHOENIX_API_KEY, ARIZE_API_KEY, TPD_*_AUTHORIZATION).

import { fetchTrace, SOURCES, isSourceId } from '../../server/sources/index.ts';
import type { FormatId } from '../core/formats/types.ts';

export interface CheckSourceOptions {
  source: string;
  /** Backend base URL; each source has a default (e.g. http://localhost:6006 for Phoenix). */
  url?: string;
  traceId: string;
  project?: string;
}

export interface FetchedForCheck {
  text: string;
  fileName?: string;
  /** The importer the text is for (check.ts may pass it as the format). */
  format?: FormatId;
  /** e.g. "Project "x" found by trace id"; worth printing to stderr. */
  notes?: string[];
}

export async function fetchTraceForCheck(opts: CheckSourceOptions): Promise<FetchedForCheck> {
  if (!isSourceId(opts.source))
    throw new Error(
      `unknown source "${opts.source}" (use one of ${Object.keys(SOURCES).join(', ')})`,
    );
  const t = await fetchTrace(opts.source, {
    url: opts.url ?? '',
    traceId: opts.traceId,
    project: opts.project,
  });
  return { text: t.text, fileName: t.fileName, format: t.format, notes: t.notes };
}
