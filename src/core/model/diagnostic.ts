// Every problem — unreadable input, a tree defect, a propagation finding — is a Diagnostic with a
// severity, a stable code and a location. Nothing in the core throws at the UI.

export type Severity = 'error' | 'warning' | 'info';

export interface SourceLocation {
  line?: number;
  column?: number;
  jsonPath?: string;
  spanId?: string;
}

export interface Diagnostic {
  /** Stable dotted code, e.g. `parse.json.invalid`, `format.otlp.bad-id`. */
  code: string;
  severity: Severity;
  message: string;
  location?: SourceLocation;
  /** What the user can do about it. */
  hint?: string;
}

export interface DocLink {
  title: string;
  url: string;
}

export interface FixSnippet {
  /** e.g. 'python', 'javascript', 'text' */
  language: string;
  title: string;
  code: string;
}

/** A finding from a tree check or a propagation rule. Rule ids are part of the CLI contract. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** Span ids involved (the first ones are the primary spans). */
  spanIds: string[];
  /** Indexes into `ParseResult.spans` of the same spans (span ids can repeat). */
  spanIndexes: number[];
  traceId?: string;
  /** One-sentence summary. */
  message: string;
  /** Longer explanation, plain words. */
  details?: string;
  causes: string[];
  fix: FixSnippet[];
  docs: DocLink[];
  /** A missing (absent) span id the finding is about, e.g. the lost CHAIN span. */
  missingSpanId?: string;
  location?: SourceLocation;
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
