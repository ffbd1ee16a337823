// Format registry and detection (formats.md §11). Order matters: structural JSON dialects with
// unambiguous keys first, then JSON Lines / concatenated JSON, then the lenient text parsers.
// Detection: the user's choice, else the first module whose `sniff` gives a reason.

import type { InputText } from '../input/input-text.ts';
import type { FormatId, FormatModule } from './types.ts';
import { otlpJson } from './otlp-json.ts';
import { collectorFile } from './collector-file.ts';
import { collectorDebug } from './collector-debug.ts';
import { pythonConsole } from './python-console.ts';
import { jsConsole } from './js-console.ts';
import { jaegerJson } from './jaeger-json.ts';
import { zipkinV2 } from './zipkin-v2.ts';
import { zipkinV1 } from './zipkin-v1.ts';
import { phoenixSpans } from './phoenix-spans.ts';
import { phoenixDataframe } from './phoenix-dataframe.ts';
import { phoenixLegacy } from './phoenix-legacy.ts';
import { arizeExport } from './arize-export.ts';
import { langsmithRuns } from './langsmith-runs.ts';
import { langfuseTrace } from './langfuse-trace.ts';

export const FORMATS: readonly FormatModule[] = [
  otlpJson,
  jaegerJson,
  zipkinV1,
  zipkinV2,
  phoenixSpans,
  arizeExport,
  phoenixDataframe,
  langsmithRuns,
  langfuseTrace,
  collectorFile,
  phoenixLegacy,
  pythonConsole,
  jsConsole,
  collectorDebug,
];

export function formatById(id: string): FormatModule | undefined {
  return FORMATS.find(f => f.id === id);
}

export function isFormatId(id: string): id is FormatId {
  return FORMATS.some(f => f.id === id);
}

export interface Detection {
  format: FormatModule | null;
  /** Why this format was chosen (or why none was). */
  reason: string;
}

/** Pick the format: the first module whose sniff recognises the input. Never throws. */
export function detectFormat(input: InputText): Detection {
  for (const f of FORMATS) {
    let reason: string | null = null;
    try {
      reason = f.sniff(input);
    } catch {
      reason = null;
    }
    if (reason) return { format: f, reason };
  }
  return { format: null, reason: 'no known format matched' };
}
