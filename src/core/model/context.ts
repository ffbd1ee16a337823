// The expected context a dump is judged against (all optional): from an experiment row's
// trace id, and the traceparent / baggage the agent received.

import type { Diagnostic } from './diagnostic.ts';

export interface ExpectedContextInput {
  /** Expected trace id (32 hex), e.g. copied from an experiment row. */
  traceId?: string;
  /** The incoming request's `traceparent` header. */
  traceparent?: string;
  /** The incoming request's `baggage` header. */
  baggage?: string;
}

export interface ResolvedContext {
  /** Expected trace id (from --trace-id, else from traceparent), lowercase; null if unknown. */
  traceId: string | null;
  /** Parent span id of the incoming traceparent: the remote caller / experiment span. */
  remoteParentSpanId: string | null;
  /** Expected routing from baggage (`arize.space_id`, `arize.project_name`). */
  routing: { spaceId: string | null; projectName: string | null };
  /** Problems reading the given context (bad header, conflicting ids). */
  diagnostics: Diagnostic[];
}

export const emptyContext = (): ResolvedContext => ({
  traceId: null,
  remoteParentSpanId: null,
  routing: { spaceId: null, projectName: null },
  diagnostics: [],
});
