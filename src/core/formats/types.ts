// The contract of an importer module (one file per format, speedscope-style): `sniff` says
// whether the input is this format and why; `parse` returns spans plus diagnostics and never
// throws (analyze() still guards it, turning a crash into an `internal` diagnostic).

import type { InputText } from '../input/input-text.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';

export type FormatId =
  | 'otlp-json'
  | 'collector-file'
  | 'collector-debug'
  | 'python-console'
  | 'js-console'
  | 'jaeger-json'
  | 'zipkin-v2'
  | 'zipkin-v1'
  | 'phoenix-spans'
  | 'phoenix-dataframe'
  | 'phoenix-legacy'
  | 'arize-export'
  | 'langsmith-runs'
  | 'langfuse-trace';

export interface ParseResult {
  spans: Span[];
  diagnostics: Diagnostic[];
  /** Sub-dialect details worth showing, e.g. "Tempo v2 wrapper, base64 ids". */
  dialect?: string;
}

export interface FormatModule {
  id: FormatId;
  /** Human name, e.g. "OTLP/JSON (ExportTraceServiceRequest)". */
  label: string;
  /** Link to the format's spec or defining source. */
  specUrl: string;
  /** Returns a one-line reason when the input is this format, else null. Cheap; never throws. */
  sniff(input: InputText): string | null;
  parse(input: InputText): ParseResult;
}
