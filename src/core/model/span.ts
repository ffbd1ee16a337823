// The one normalised span model every importer produces (see ../shared/reference/formats.md §1).
// Importers convert ids, times, kinds and attributes once; nothing downstream re-interprets a
// format. Ids are lowercase hex when they were valid in the input; otherwise they keep the
// importer's best normalisation of the raw text so that `invalid-id` can name them.

/** OpenTelemetry span kind (OTLP numbering is converted by the importer). */
export type OtelKind = 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER' | 'UNSPECIFIED';

/** OpenInference semantic kind, upper-case (`openinference.span.kind`). Unknown values are kept. */
export type OiKind =
  | 'CHAIN'
  | 'LLM'
  | 'TOOL'
  | 'AGENT'
  | 'RETRIEVER'
  | 'EMBEDDING'
  | 'RERANKER'
  | 'GUARDRAIL'
  | 'EVALUATOR'
  | 'PROMPT'
  | 'UNKNOWN'
  | (string & {});

/** An attribute value. Integers outside ±(2^53−1) are kept as decimal strings, never rounded. */
export type AttrValue =
  string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };

/** Flat attribute map with dotted keys (`llm.token_count.prompt`). Built with a null prototype. */
export type Attributes = Record<string, AttrValue>;

export type StatusCode = 'UNSET' | 'OK' | 'ERROR';

export interface SpanStatus {
  code: StatusCode;
  message?: string;
}

export interface SpanEvent {
  name: string;
  /** Unix nanoseconds, exact. */
  timeNs: bigint | null;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Attributes;
  /** OTLP link flags as exported (same bits as `Span.flags`), when the format carries them. */
  flags?: number;
}

export interface InstrumentationScope {
  name: string;
  version?: string;
  attributes?: Attributes;
}

/** Where in the pasted input a span (or a problem) came from. Lines and columns are 1-based. */
export interface SourceRef {
  line: number;
  column?: number;
  /** Last line of the span's text, when the importer knows it. */
  endLine?: number;
}

export interface Span {
  /** Position in `ParseResult.spans` (stable id inside one analysis; span ids may repeat). */
  index: number;
  /** 32 lowercase hex when valid (a 64-bit id is left-padded and a note says so). */
  traceId: string;
  /** 16 lowercase hex when valid. */
  spanId: string;
  /** Parent span id, or null when the format says there is none (absent, "", all zeros). */
  parentSpanId: string | null;
  name: string;
  /** OTel span kind, or null when the format does not carry one. */
  kind: OtelKind | null;
  /** OpenInference kind from `openinference.span.kind` / `span_kind` / `kind`, upper-cased. */
  oiKind: OiKind | null;
  serviceName: string | null;
  resource: Attributes;
  scope: InstrumentationScope | null;
  attributes: Attributes;
  /** Unix nanoseconds, exact (never via float). null when missing or unreadable. */
  startNs: bigint | null;
  endNs: bigint | null;
  status: SpanStatus;
  events: SpanEvent[];
  links: SpanLink[];
  traceState?: string;
  /** OTLP span flags as exported (bits 0-7 trace flags, 0x100 has-is-remote, 0x200 is-remote). */
  flags?: number;
  /** true/false when the format marks the parent as remote or local; null when it cannot say. */
  parentIsRemote: boolean | null;
  source: SourceRef;
  /** Repairs and normalisations the importer applied to this span, in plain words. */
  notes?: string[];
}
