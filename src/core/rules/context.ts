// Resolve the optional expected context (an experiment row's trace id, the incoming request's
// `traceparent` and `baggage`) into what the rules compare against: the expected trace id, the
// remote parent span id (the caller / experiment span) and the expected Arize routing. Header
// text is read by the shared parsers in ../headers; every problem with what the user gave becomes
// a `context.*` diagnostic, never an exception.

import { parseBaggage, type BaggageEntry } from '../headers/baggage.ts';
import { parseTraceparent } from '../headers/traceparent.ts';
import type { ExpectedContextInput, ResolvedContext } from '../model/context.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { normalizeId } from '../model/ids.ts';

/** Baggage keys Arize sends (arize.md §2), and the span-attribute spelling users also type. */
export const BAGGAGE_SPACE_KEYS = ['arize.space_id'] as const;
export const BAGGAGE_PROJECT_KEYS = ['arize.project_name', 'arize.project.name'] as const;

/** A pasted `traceparent: 00-…` keeps its header name; drop it (the value is what we parse). */
function stripHeaderName(text: string, name: string): { value: string; stripped: boolean } {
  const m = new RegExp(`^\\s*${name}\\s*:`, 'i').exec(text);
  return m ? { value: text.slice(m[0].length), stripped: true } : { value: text, stripped: false };
}

function given(v: string | undefined): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/** Last entry with one of `keys` (OTel propagators keep the last of repeated keys). */
function lastEntry(entries: BaggageEntry[], keys: readonly string[]): BaggageEntry | null {
  let found: BaggageEntry | null = null;
  for (const e of entries) if (keys.includes(e.key)) found = e;
  return found;
}

export function resolveExpectedContext(input: ExpectedContextInput): ResolvedContext {
  const diagnostics: Diagnostic[] = [];
  let traceId: string | null = null;
  let remoteParentSpanId: string | null = null;
  const routing: ResolvedContext['routing'] = { spaceId: null, projectName: null };

  // 1. Expected trace id (--trace-id / experiment row).
  let givenTraceId: string | null = null;
  if (given(input.traceId)) {
    const r = normalizeId(input.traceId.trim(), 16, 'hex');
    if (r.problem) {
      diagnostics.push({
        code: 'context.trace-id.invalid',
        severity: 'error',
        message: `The expected trace id "${input.traceId.trim()}" is not usable: ${r.problem}.`,
        hint: "Give the 32 hex digits shown as the run's trace id (e.g. `result.trace.id` of an experiment run).",
      });
    } else {
      givenTraceId = r.id;
      traceId = r.id;
      if (r.note) {
        diagnostics.push({
          code: 'context.trace-id.padded',
          severity: 'info',
          message: `Expected trace id: ${r.note}.`,
        });
      }
    }
  }

  // 2. traceparent: trace id and the remote parent (experiment / caller span).
  if (given(input.traceparent)) {
    const { value, stripped } = stripHeaderName(input.traceparent, 'traceparent');
    if (stripped) {
      diagnostics.push({
        code: 'context.traceparent.name-removed',
        severity: 'info',
        message: 'The "traceparent:" header name was removed from the pasted value.',
      });
    }
    const tp = parseTraceparent(value.trim());
    const errors = tp.problems.filter(p => p.severity === 'error');
    if (!tp.valid || !tp.traceId || !tp.parentId) {
      const first = errors[0];
      diagnostics.push({
        code: 'context.traceparent.invalid',
        severity: 'error',
        message: `The traceparent you gave is invalid${first ? `: ${first.message}` : '.'}`,
        location: first?.position !== undefined ? { column: first.position + 1 } : undefined,
        hint:
          "An SDK that receives this header ignores it and starts a new trace, so the agent's spans cannot join the experiment trace. " +
          'The expected form is 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>, all lowercase.',
      });
      for (const p of errors.slice(1)) {
        diagnostics.push({
          code: 'context.traceparent.invalid',
          severity: 'error',
          message: `traceparent: ${p.message}`,
          location: p.position !== undefined ? { column: p.position + 1 } : undefined,
        });
      }
    } else {
      remoteParentSpanId = tp.parentId;
      if (givenTraceId && givenTraceId !== tp.traceId) {
        diagnostics.push({
          code: 'context.trace-id.conflict',
          severity: 'warning',
          message: `The expected trace id ${givenTraceId} differs from the traceparent's trace id ${tp.traceId}; the expected trace id is used.`,
          hint: 'Check that the traceparent and the trace id come from the same experiment run.',
        });
      } else if (!givenTraceId) {
        traceId = tp.traceId;
      }
    }
    for (const p of tp.problems) {
      if (p.severity === 'error') continue;
      diagnostics.push({
        code: 'context.traceparent.note',
        severity: 'info',
        message: `traceparent: ${p.message}`,
        location: p.position !== undefined ? { column: p.position + 1 } : undefined,
      });
    }
  }

  // 3. baggage: expected Arize routing.
  if (given(input.baggage)) {
    const { value, stripped } = stripHeaderName(input.baggage, 'baggage');
    if (stripped) {
      diagnostics.push({
        code: 'context.baggage.name-removed',
        severity: 'info',
        message: 'The "baggage:" header name was removed from the pasted value.',
      });
    }
    const bg = parseBaggage(value.trim());
    for (const p of bg.problems) {
      diagnostics.push({
        code: p.severity === 'error' ? 'context.baggage.invalid' : 'context.baggage.note',
        // A bad member is dropped by the receiver; other members still count, so the header as
        // a whole is only an error when nothing usable remains.
        severity:
          p.severity === 'error' && bg.entries.length === 0
            ? 'error'
            : p.severity === 'error'
              ? 'warning'
              : 'info',
        message: `baggage: ${p.message}`,
        location: p.position !== undefined ? { column: p.position + 1 } : undefined,
      });
    }
    const space = lastEntry(bg.entries, BAGGAGE_SPACE_KEYS);
    const project = lastEntry(bg.entries, BAGGAGE_PROJECT_KEYS);
    if (space && space.value.trim() !== '') routing.spaceId = space.value.trim();
    if (project && project.value.trim() !== '') routing.projectName = project.value.trim();
    if (project && project.key === 'arize.project.name') {
      diagnostics.push({
        code: 'context.baggage.project-key',
        severity: 'info',
        message:
          'The baggage names the project as "arize.project.name"; Arize sends "arize.project_name" (underscore). Both are read here — make sure your agent reads the key Arize actually sends.',
      });
    }
    if ((routing.spaceId === null) !== (routing.projectName === null)) {
      diagnostics.push({
        code: 'context.baggage.routing-incomplete',
        severity: 'warning',
        message: `The baggage gives ${routing.spaceId ? 'arize.space_id but no arize.project_name' : 'arize.project_name but no arize.space_id'}; set_routing_context needs both, otherwise arize-otel drops every span.`,
      });
    }
  }

  return { traceId, remoteParentSpanId, routing, diagnostics };
}
