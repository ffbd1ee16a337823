// Spans from OpenInference-style records, shared by the Phoenix and Arize AX importers
// (formats.md §9, arize.md §3): ids in `context.{trace_id,span_id}` (nested object or flat
// `context.span_id` columns), `parent_id`, the OpenInference kind in `span_kind` / `kind`, ISO or
// epoch times, `status_code` + `status_message`, flat or nested attributes, and events. These
// sources drop the resource (no service name unless a span attribute `service.name` carries one),
// carry no OTel span kind and no remote-parent marker — the span says so by leaving them null.

import { parseJsonValue } from '../input/input-text.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Attributes, Span, SpanEvent, SpanStatus } from '../model/span.ts';
import { epochToNanos, guessEpochUnit, isoToNanos } from '../model/time.ts';
import {
  buildSpan,
  flatten,
  flattenInto,
  newAttributes,
  oiKindFrom,
  statusCodeFrom,
  toAttributes,
  textOf,
} from './span-builder.ts';
import { isObj, type Obj } from './record-reader.ts';

export interface OiFields {
  traceId: unknown;
  spanId: unknown;
  parentId: unknown;
  name: unknown;
  /** `span_kind` (Phoenix) or `kind` (Arize AX): the OpenInference kind. */
  oiKind: unknown;
  start: unknown;
  end: unknown;
  statusCode: unknown;
  statusMessage: unknown;
  attributes: Attributes;
  events: SpanEvent[];
  notes?: string[];
}

/** Build one span from OpenInference-style fields; unreadable times become warnings. */
export function buildOiSpan(
  f: OiFields,
  index: number,
  line: number,
  diagnostics: Diagnostic[],
): Span {
  const label = spanLabel(f.name, f.spanId);
  const startNs = readTime(f.start, 'start', label, line, diagnostics);
  const endNs = readTime(f.end, 'end', label, line, diagnostics);
  const status: SpanStatus = { code: statusCodeFrom(f.statusCode) };
  if (typeof f.statusMessage === 'string' && f.statusMessage !== '')
    status.message = f.statusMessage;
  const span = buildSpan(
    {
      traceId: f.traceId,
      spanId: f.spanId,
      parentSpanId: f.parentId,
      name: f.name,
      kind: null,
      oiKind: oiKindFrom(f.attributes, f.oiKind),
      attributes: f.attributes,
      startNs,
      endNs,
      status,
      events: f.events,
      parentIsRemote: null,
      source: { line },
      notes: f.notes,
    },
    index,
    diagnostics,
  );
  const svc = f.attributes['service.name'];
  if (typeof svc === 'string' && svc !== '') span.serviceName = svc;
  return span;
}

function spanLabel(name: unknown, spanId: unknown): string {
  const n = typeof name === 'string' ? name : '';
  const id = typeof spanId === 'string' ? spanId : '?';
  return `"${n}" (${id})`;
}

/** An ISO 8601 string (any offset, or none = UTC), or an epoch number of any unit, as exact ns. */
export function timeFrom(v: unknown): bigint | null {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return null;
    return isoToNanos(t) ?? epochToNanos(t);
  }
  if (typeof v === 'number') return epochToNanos(v);
  return null;
}

/** timeFrom, plus a warning when a value is present but cannot be read. */
export function readTime(
  v: unknown,
  which: 'start' | 'end',
  label: string,
  line: number,
  diagnostics: Diagnostic[],
): bigint | null {
  if (v === null || v === undefined || v === '') return null;
  const ns = timeFrom(v);
  if (ns === null) {
    diagnostics.push({
      code: 'format.time.unreadable',
      severity: 'warning',
      message: `The ${which} time ${JSON.stringify(v)} of span ${label} cannot be read; it is treated as missing.`,
      location: { line },
    });
  }
  return ns;
}

/**
 * Events as `[{name, timestamp, attributes}]` (a JSON string of that list is accepted too).
 * `flat` keeps event attributes as given; otherwise nested objects are flattened to dotted keys.
 */
export function eventsFrom(raw: unknown, flat: boolean): SpanEvent[] {
  let list = raw;
  if (typeof list === 'string') {
    try {
      list = parseJsonValue(list);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  const out: SpanEvent[] = [];
  for (const e of list) {
    if (!isObj(e)) continue;
    out.push({
      name: typeof e.name === 'string' ? e.name : e.name == null ? '' : textOf(e.name),
      timeNs: timeFrom(e.timestamp ?? e.time ?? e.time_unix_nano),
      attributes: flat ? toAttributes(e.attributes) : flatten(e.attributes),
    });
  }
  return out;
}

/** `context` of a Phoenix / Arize span: an object with `trace_id` or `span_id`. */
export function spanContextOf(v: Obj): Obj | null {
  const ctx = v.context;
  return isObj(ctx) && ('trace_id' in ctx || 'span_id' in ctx) ? ctx : null;
}

/**
 * The fields of a span in Phoenix's span JSON (also Arize AX REST): `context.{trace_id,span_id}`,
 * `parent_id`, `name`, `start_time` / `end_time`, `status_code` / `status_message`. The caller
 * reads the attributes and events (flat or nested) and names the kind key: `span_kind` in
 * Phoenix, `kind` in Arize AX.
 */
export function contextSpanFields(
  v: Obj,
  kindKey: 'span_kind' | 'kind',
  attributes: Attributes,
  events: SpanEvent[],
): OiFields {
  const ctx = spanContextOf(v) ?? {};
  return {
    traceId: ctx.trace_id,
    spanId: ctx.span_id,
    parentId: v.parent_id,
    name: v.name,
    oiKind: v[kindKey],
    start: v.start_time,
    end: v.end_time,
    statusCode: v.status_code,
    statusMessage: v.status_message,
    attributes,
    events,
  };
}

/**
 * Legacy Phoenix span JSON (`spans_to_jsonl`): Phoenix span fields plus a `conversation` key, or
 * attributes still nested (`{"llm": {"token_count": …}}`) where the REST API flattens them.
 */
export function isLegacyPhoenixSpan(v: Obj): boolean {
  if (!spanContextOf(v) || !('span_kind' in v)) return false;
  if ('conversation' in v) return true;
  const attrs = v.attributes;
  if (!isObj(attrs)) return false;
  for (const k in attrs) if (!k.includes('.') && isObj(attrs[k])) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Flat rows: a Phoenix spans dataframe or an Arize AX `--all` export, one column per field

/** Columns of a flat row that are span fields, not attributes. */
export const FLAT_STRUCTURAL = new Set([
  'context.trace_id',
  'context.span_id',
  'parent_id',
  'name',
  'span_kind',
  'start_time',
  'end_time',
  'status_code',
  'status_message',
  'events',
]);

/** A flat row: dotted `context.span_id` / `context.trace_id` columns at top level. */
export function isFlatRow(v: Obj): boolean {
  return 'context.span_id' in v || 'context.trace_id' in v;
}

const PANDAS_TIMESTAMP_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,9})?$/;

/**
 * Why a flat row is an Arize AX export and not a Phoenix dataframe, or null. The two share the
 * `context.span_id` / `attributes.*` column names; these keys tell them apart: Arize's `eval.*` /
 * `annotation.*` columns, times written by `str(pandas.Timestamp)` (`ax spans export --all` dumps
 * records with `json.dumps(default=str)`: "2025-01-15 10:30:00.012345", no "T", no zone — pandas'
 * own `to_json` writes epoch numbers or ISO "T…Z"), or `attributes.openinference.span.kind`
 * without the root `span_kind` column that Phoenix's span query always returns.
 */
export function arizeFlatEvidence(v: Obj): string | null {
  if (!isFlatRow(v)) return null;
  for (const k in v) {
    if (k.startsWith('eval.') || k.startsWith('annotation.')) return `an Arize "${k}" column`;
  }
  const st = v.start_time;
  if (typeof st === 'string' && PANDAS_TIMESTAMP_TEXT.test(st)) {
    return `start_time "${st}" written by str(pandas.Timestamp) (no "T", no zone)`;
  }
  if (!('span_kind' in v) && 'attributes.openinference.span.kind' in v) {
    return '"attributes.openinference.span.kind" without the root "span_kind" column of a Phoenix dataframe';
  }
  return null;
}

/**
 * Attributes of a flat row: each non-null `attributes.<key>` column (null = the span does not have
 * the attribute); nested values (`"attributes.gen_ai": {"request": {…}}`) are flattened back to
 * dotted keys, lists of plain values stay lists. Other non-null columns that are not span fields
 * (`latency_ms`, `eval.*` …) are kept under their column name.
 */
export function flatRowAttributes(row: Obj): Attributes {
  const attrs = newAttributes();
  for (const col in row) {
    const v = row[col];
    if (v === null || v === undefined) continue;
    if (col.startsWith('attributes.')) flattenInto(attrs, v, col.slice(11));
    else if (!FLAT_STRUCTURAL.has(col)) flattenInto(attrs, v, col);
  }
  return attrs;
}

/** Span fields of a flat row. */
export function flatRowFields(row: Obj): OiFields {
  return {
    traceId: row['context.trace_id'],
    spanId: row['context.span_id'],
    parentId: row.parent_id,
    name: row.name,
    oiKind: row.span_kind,
    start: row.start_time,
    end: row.end_time,
    statusCode: row.status_code,
    statusMessage: row.status_message,
    attributes: flatRowAttributes(row),
    events: eventsFrom(row.events, false),
  };
}

/** Times in the rows, for the dialect line: epoch ms numbers (pandas default) or text. */
export function describeTimes(rows: readonly Obj[]): string | null {
  const first = rows.find(r => r.start_time !== null && r.start_time !== undefined)?.start_time;
  if (typeof first === 'number') {
    const unit = guessEpochUnit(first);
    return unit === 'ms' ? 'epoch-ms times (sub-millisecond digits lost)' : `epoch-${unit} times`;
  }
  if (typeof first === 'string')
    return PANDAS_TIMESTAMP_TEXT.test(first) ? 'naive UTC times' : 'ISO times';
  return null;
}
