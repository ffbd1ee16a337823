// Decodes the three propagation headers together, as a W3C receiver judges them: repeated
// traceparent fields invalidate it, tracestate is judged only when traceparent is valid, baggage
// stands alone. Also reads the Arize routing entries (`arize.space_id`, `arize.project_name`).

import { type BaggageResult, parseBaggage } from './baggage.ts';
import { combinedValues, type HeaderFields } from './header-block.ts';
import type { HeaderProblem } from './problem.ts';
import { parseTraceparent, type TraceparentResult } from './traceparent.ts';
import { parseTracestate, type TracestateResult } from './tracestate.ts';

export const ARIZE_SPACE_KEY = 'arize.space_id';
export const ARIZE_PROJECT_KEY = 'arize.project_name';

export interface DecodedTraceparent extends TraceparentResult {
  /** How many `traceparent` header fields there were. */
  fieldCount: number;
  /** The combined value that was parsed (positions refer to it). */
  text?: string;
}

export interface DecodedTracestate extends TracestateResult {
  /** False when traceparent is absent or invalid: then a receiver discards tracestate unread. */
  judged: boolean;
  /** The grammar verdict and problems, also when not judged. */
  grammarValid: boolean;
  grammarProblems: HeaderProblem[];
  text?: string;
  action: 'keep' | 'discard' | 'none';
  actionText: string;
}

export interface DecodedBaggage extends BaggageResult {
  text?: string;
  actionText: string;
}

export interface RoutingInfo {
  spaceId?: string;
  projectName?: string;
  /** Both present and taken from valid members. */
  complete: boolean;
  problems: HeaderProblem[];
}

export interface DecodedHeaders {
  fields: HeaderFields;
  traceparent: DecodedTraceparent;
  tracestate: DecodedTracestate;
  baggage: DecodedBaggage;
  routing: RoutingInfo;
  /** Every header that is present is valid. */
  valid: boolean;
}

export function decodeHeaders(fields: HeaderFields): DecodedHeaders {
  const combined = combinedValues(fields);
  const traceparent = decodeTraceparent(fields.traceparent, combined.traceparent);
  const tracestate = decodeTracestate(combined.tracestate, traceparent);
  const baggage = decodeBaggage(fields.baggage);
  const routing = readRouting(baggage);
  const valid =
    (!traceparent.present || traceparent.valid) &&
    (!tracestate.present || tracestate.valid) &&
    (!baggage.present || baggage.valid);
  return { fields, traceparent, tracestate, baggage, routing, valid };
}

function decodeTraceparent(values: string[], text: string | undefined): DecodedTraceparent {
  const r: DecodedTraceparent = { ...parseTraceparent(text), fieldCount: values.length };
  if (text !== undefined) r.text = text;
  if (values.length > 1) {
    const at = values[0]!.length;
    r.problems = [
      {
        code: 'header.traceparent.duplicate',
        severity: 'error',
        message: `${values.length} traceparent header fields were sent. A receiver must ignore all of them and start a new trace (W3C test_traceparent_duplicated).`,
        position: at,
        length: 2,
      },
      ...r.problems.filter(p => p.code !== 'header.traceparent.duplicate'),
    ];
    for (const k of ['value', 'version', 'traceId', 'parentId', 'flags', 'flagsHex'] as const) {
      delete r[k];
    }
    delete r.sampled;
    delete r.random;
    r.valid = false;
    r.action = 'restart';
    r.actionText =
      'Repeated traceparent: the receiver ignores every copy, starts a new trace and drops the tracestate.';
  }
  return r;
}

function decodeTracestate(text: string | undefined, tp: TraceparentResult): DecodedTracestate {
  const g = parseTracestate(text);
  const judged = g.present && tp.valid;
  const r: DecodedTracestate = {
    ...g,
    judged,
    grammarValid: g.valid,
    grammarProblems: g.problems,
    action: 'none',
    actionText: '',
  };
  if (text !== undefined) r.text = text;
  if (!g.present) return r;
  if (!judged) {
    r.valid = false;
    r.problems = [
      {
        code: 'header.tracestate.not-judged',
        severity: 'error',
        message: tp.present
          ? 'Not judged: the traceparent is invalid, so a receiver discards the tracestate without parsing it.'
          : 'Not judged: there is no traceparent, so a receiver discards the tracestate.',
      },
    ];
    r.notes = [];
    r.action = 'discard';
    r.actionText = 'Discarded (no valid traceparent).';
  } else if (g.valid) {
    r.action = 'keep';
    r.actionText =
      'Kept: forwarded as-is; a vendor adds or updates its own entry at the left (dropping the right-most one when 32 are present).';
  } else {
    r.action = 'discard';
    r.actionText =
      'Invalid: a strict receiver (W3C suite, STRICT_LEVEL=2) discards the whole tracestate; the spec also allows dropping only the invalid members.';
  }
  return r;
}

function decodeBaggage(values: string[]): DecodedBaggage {
  // Empty fields contribute nothing when other baggage fields exist.
  const nonEmpty = values.length > 1 ? values.filter(v => v.trim() !== '') : values;
  const text = values.length ? (nonEmpty.length ? nonEmpty : values).join(',') : undefined;
  const r: DecodedBaggage = { ...parseBaggage(text), actionText: '' };
  if (text !== undefined) r.text = text;
  if (values.length > 1 && nonEmpty.length < values.length && nonEmpty.length > 0) {
    r.notes = [
      ...r.notes,
      {
        code: 'header.baggage.empty-field',
        severity: 'info',
        message: 'Empty baggage fields were ignored.',
      },
    ];
  }
  if (!r.present) return r;
  const n = r.entries.length;
  const dropped = r.members.length - n;
  r.actionText = r.valid
    ? `Kept: ${n} entr${n === 1 ? 'y' : 'ies'} propagated.`
    : n > 0
      ? `Invalid: ${dropped} member(s) are malformed; a receiver may drop them (or the whole header) and keep the ${n} valid one(s).`
      : 'Invalid: nothing usable; a receiver drops it.';
  return r;
}

const NEAR: Record<string, string> = {
  arizespaceid: ARIZE_SPACE_KEY,
  spaceid: ARIZE_SPACE_KEY,
  arizeprojectname: ARIZE_PROJECT_KEY,
  projectname: ARIZE_PROJECT_KEY,
};

export function readRouting(b: BaggageResult): RoutingInfo {
  const problems: HeaderProblem[] = [];
  const r: RoutingInfo = { complete: false, problems };
  if (!b.present) return r;
  for (const [key, field] of [
    [ARIZE_SPACE_KEY, 'spaceId'],
    [ARIZE_PROJECT_KEY, 'projectName'],
  ] as const) {
    const all = b.members.filter(m => m.key === key);
    const valid = all.filter(m => m.valid);
    if (valid.length) r[field] = valid[0]!.value;
    if (all.length > valid.length) {
      problems.push({
        code: 'header.baggage.routing.invalid',
        severity: 'warning',
        message: `The ${key} member is malformed; a receiver may drop it and the agent's spans would not be routed.`,
        position: all.find(m => !m.valid)!.position,
      });
    }
    if (new Set(valid.map(m => m.value)).size > 1) {
      problems.push({
        code: 'header.baggage.routing.conflict',
        severity: 'warning',
        message: `${key} is given ${valid.length} times with different values; which one wins depends on the parser (OpenTelemetry JS keeps the last, this tool shows the first).`,
        position: valid[1]!.position,
      });
    }
    if (valid.some(m => m.value === '')) {
      problems.push({
        code: 'header.baggage.routing.empty',
        severity: 'warning',
        message: `${key} is empty; set_routing_context ignores empty values (and OpenTelemetry JS drops empty baggage values).`,
      });
    }
  }
  for (const m of b.members) {
    if (m.key === ARIZE_SPACE_KEY || m.key === ARIZE_PROJECT_KEY) continue;
    const norm = m.key.toLowerCase().replace(/[-_.\s]/g, '');
    const want = NEAR[norm];
    if (want) {
      problems.push({
        code: 'header.baggage.routing.misspelled',
        severity: 'warning',
        message:
          m.key === 'arize.project.name'
            ? `"arize.project.name" is the span attribute; the baggage key Arize sends is "${ARIZE_PROJECT_KEY}".`
            : `"${m.key}" is not a routing key; did you mean "${want}"?`,
        position: m.position,
        length: m.key.length,
      });
    }
  }
  r.complete = Boolean(r.spaceId && r.projectName);
  if (!r.complete && (r.spaceId || r.projectName)) {
    problems.push({
      code: 'header.baggage.routing.incomplete',
      severity: 'warning',
      message: `Only ${r.spaceId ? ARIZE_SPACE_KEY : ARIZE_PROJECT_KEY} is present: set_routing_context needs both space id and project name, or the spans are dropped.`,
    });
  }
  return r;
}
