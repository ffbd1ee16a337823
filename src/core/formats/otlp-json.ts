// OTLP/JSON importer (formats.md §2, §6.2, §8, §9): `ExportTraceServiceRequest` / `TracesData`
// as written by SDK serializers, the collector, generic proto3 JSON printers (base64 ids, enum
// names), Tempo (`batches`, `trace.resourceSpans`), Jaeger `/api/v3` (`result`), Grafana's
// "download trace" (legacy `instrumentationLibrarySpans`, numeric times) and Phoenix's
// snake_case `/spans/otlpv1` page. Spec: opentelemetry-proto `docs/specification.md`
// ("JSON Protobuf Encoding") and `opentelemetry/proto/trace/v1/trace.proto`.
//
// The request walker (`parseOtlpRequest`) is shared with the collector `file` exporter importer,
// which feeds it one request per line. Each span's source line is found by searching the span
// id's text forward from the previous span, so the cost stays linear in the input size.

import type { InputText } from '../input/input-text.ts';
import { scanValueEnd, parseJsonText } from '../input/input-text.ts';
import type { JsonParse } from '../input/input-text.ts';
import {
  FastDocumentMemo,
  FastJsonReader,
  NOT_TAKEN,
  readFastDocument,
  type IdKeyRecords,
  type FastDocument,
} from '../input/fast-json.ts';
import { TOO_DEEP } from '../input/depth-limit.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { lowerHexKind, normalizeId } from '../model/ids.ts';
import type {
  Attributes,
  AttrValue,
  InstrumentationScope,
  OtelKind,
  SourceRef,
  Span,
  SpanEvent,
  SpanLink,
  SpanStatus,
} from '../model/span.ts';
import { toNanos } from '../model/time.ts';
import {
  buildSpan,
  newAttributes,
  otelKindFrom,
  remoteFromFlags,
  statusCodeFrom,
  toAttrValue,
  textOf,
} from './span-builder.ts';
import type { FormatModule, ParseResult } from './types.ts';

type Rec = Record<string, unknown>;

/** At most this many diagnostics per code are listed; the rest are counted in one summary. */
const MAX_PER_CODE = 20;
/** After this many failed id searches the importer stops locating spans by id text. */
const MAX_LOCATE_MISSES = 50;

// ---------------------------------------------------------------------------------------------
// Parse context shared by otlp-json and collector-file

export interface OtlpContext {
  readonly input: InputText;
  readonly text: string;
  readonly spans: Span[];
  readonly diagnostics: Diagnostic[];
  /** Wrappers seen (Tempo, Jaeger, arrays …), listed first in `ParseResult.dialect`. */
  readonly wrappers: Set<string>;
  /** Encoding details seen (base64 ids, enum names, snake_case keys …), in order. */
  readonly dialect: Set<string>;
  /** Offset from which the next span's id text is searched; only moves forward. */
  cursor: number;
  /** End (exclusive) of the JSON value being walked; matches at or past it are ignored. */
  limit: number;
  misses: number;
  /** Attribute lists decoded by the fast reader that keyValues took (see walkDocument). */
  decodedTaken: number;
  /** The last trace id whose encoding was noted (spans come trace by trace). */
  lastTraceId: string | null;
  /**
   * Where the fast reader met the id keys (ID_KEY_NAMES), to locate spans without searching the
   * text; null for the general path. `idNext`: the first record at or after the cursor.
   */
  idKeys: IdKeyRecords | null;
  idNext: number;
  readonly counts: Map<string, { n: number; severity: Diagnostic['severity'] }>;
  readonly scratch: Diagnostic[];
}

export function createOtlpContext(input: InputText): OtlpContext {
  return {
    input,
    text: input.text,
    spans: [],
    diagnostics: [],
    wrappers: new Set(),
    dialect: new Set(),
    cursor: 0,
    limit: input.text.length,
    misses: 0,
    decodedTaken: 0,
    lastTraceId: null,
    idKeys: null,
    idNext: 0,
    counts: new Map(),
    scratch: [],
  };
}

/** Point the id search at one JSON value of the input (a JSONL line, a concatenated object). */
export function setOtlpWindow(ctx: OtlpContext, start: number, end: number): void {
  ctx.cursor = start;
  ctx.limit = end;
}

export function report(ctx: OtlpContext, d: Diagnostic): void {
  const c = ctx.counts.get(d.code);
  if (c) c.n++;
  else ctx.counts.set(d.code, { n: 1, severity: d.severity });
  if (!c || c.n <= MAX_PER_CODE) ctx.diagnostics.push(d);
}

/** Close the parse: add the "N more" summaries and compose the dialect text. */
export function finishOtlp(ctx: OtlpContext, prefix: string[] = []): ParseResult {
  for (const [code, c] of ctx.counts) {
    if (c.n > MAX_PER_CODE) {
      ctx.diagnostics.push({
        code,
        severity: c.severity,
        message: `${c.n - MAX_PER_CODE} more "${code}" problems of the same kind are not listed.`,
      });
    }
  }
  const parts = [...prefix, ...ctx.wrappers, ...ctx.dialect];
  const result: ParseResult = { spans: ctx.spans, diagnostics: ctx.diagnostics };
  if (parts.length) result.dialect = parts.join(', ');
  return result;
}

// ---------------------------------------------------------------------------------------------
// Shapes: which top-level JSON values are OTLP

export type OtlpShape =
  'request' | 'tempo-v1' | 'tempo-v2' | 'jaeger-v3' | 'phoenix-otlpv1' | 'array';

function isRec(v: unknown): v is Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const has = (o: Rec, k: string): boolean => Object.hasOwn(o, k);

/** camelCase field, else its snake_case twin (null counts as absent). */
function pick(o: Rec, camel: string, snake: string, ctx?: OtlpContext): unknown {
  const v = o[camel];
  if (v !== undefined && v !== null) return v;
  const s = o[snake];
  if (s !== undefined && s !== null) {
    ctx?.dialect.add('snake_case keys');
    return s;
  }
  return undefined;
}

function hasResourceSpans(o: Rec): boolean {
  return has(o, 'resourceSpans') || has(o, 'resource_spans');
}

function looksLikeResourceSpans(v: unknown): boolean {
  return (
    isRec(v) &&
    (has(v, 'resource') ||
      has(v, 'scopeSpans') ||
      has(v, 'scope_spans') ||
      has(v, 'instrumentationLibrarySpans') ||
      has(v, 'instrumentation_library_spans'))
  );
}

function objectShape(v: unknown): Exclude<OtlpShape, 'array'> | null {
  if (!isRec(v)) return null;
  if (hasResourceSpans(v)) return 'request';
  const batches = v['batches'];
  if (Array.isArray(batches) && (batches.length === 0 || looksLikeResourceSpans(batches[0]))) {
    return 'tempo-v1';
  }
  const trace = v['trace'];
  if (isRec(trace) && hasResourceSpans(trace)) return 'tempo-v2';
  const result = v['result'];
  if (isRec(result) && hasResourceSpans(result)) return 'jaeger-v3';
  const data = v['data'];
  if (Array.isArray(data) && isRec(data[0]) && !has(data[0], 'context')) {
    const d = data[0];
    const ids = has(d, 'trace_id') || has(d, 'traceId');
    const times =
      has(d, 'start_time_unix_nano') ||
      has(d, 'startTimeUnixNano') ||
      has(d, 'end_time_unix_nano') ||
      has(d, 'endTimeUnixNano');
    if (ids && times) return 'phoenix-otlpv1';
  }
  return null;
}

/** The OTLP shape of a parsed JSON value, or null when it is not OTLP. */
export function otlpShape(v: unknown): OtlpShape | null {
  if (Array.isArray(v)) return v.length > 0 && objectShape(v[0]) ? 'array' : null;
  return objectShape(v);
}

const SHAPE_REASON: Record<OtlpShape, string> = {
  request: 'top-level resourceSpans (OTLP/JSON)',
  'tempo-v1': 'top-level batches of ResourceSpans (Tempo /api/traces or Grafana trace download)',
  'tempo-v2': 'trace.resourceSpans (Tempo /api/v2/traces)',
  'jaeger-v3': 'result.resourceSpans (Jaeger /api/v3)',
  'phoenix-otlpv1': 'data[] of snake_case OTLP spans (Phoenix /spans/otlpv1)',
  array: 'array of OTLP/JSON requests',
};

// ---------------------------------------------------------------------------------------------
// Layout: one document (otlp-json) or a stream of requests (collector-file)

export interface OtlpLayout {
  kind: 'document' | 'stream';
  reason: string;
}

const layoutCache = new WeakMap<InputText, OtlpLayout | null>();
const MARKERS = /resourceSpans|resource_spans|"batches"|"data"|instrumentationLibrarySpans/;
const BROKEN_DOC_START =
  /^\s*\[?\s*\{\s*"(?:resourceSpans|resource_spans|batches)"|^\s*\{\s*"(?:trace|result)"\s*:\s*\{\s*"(?:resourceSpans|resource_spans)"/;

const JAEGER_KEYS = [/"spanID"\s*:/, /"operationName"\s*:/];

function isJsonlName(name: string | undefined): boolean {
  return !!name && /\.(jsonl|ndjson)$/i.test(name);
}

function skipWs(t: string, i: number): number {
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

/**
 * Decide whether the input is OTLP/JSON and how it is laid out. Memoized per input, so the
 * otlp-json and collector-file sniffers share one look. Never throws.
 */
export function otlpLayout(input: InputText): OtlpLayout | null {
  if (layoutCache.has(input)) return layoutCache.get(input) ?? null;
  let layout: OtlpLayout | null = null;
  try {
    layout = computeLayout(input);
  } catch {
    layout = null;
  }
  layoutCache.set(input, layout);
  return layout;
}

function computeLayout(input: InputText): OtlpLayout | null {
  const head = input.firstChunk(65536);
  const first = head.trimStart()[0];
  if (first !== '{' && first !== '[') return null;
  if (!MARKERS.test(head)) return null;
  // Jaeger's keys (an OTLP dump writes `spanId`, and never `operationName` as a key): no need to
  // parse a 100 MB Jaeger download just to see that it is not OTLP.
  if (JAEGER_KEYS.every(k => k.test(head))) return null;
  const parsed = fastDocs.get(input)?.parsed ?? input.json();
  if (parsed.ok) {
    const shape = otlpShape(parsed.value);
    if (!shape) return null;
    if (shape !== 'array' && isJsonlName(input.fileName) && !input.text.trim().includes('\n')) {
      return { kind: 'stream', reason: 'one OTLP/JSON request in a .jsonl file (collector file)' };
    }
    return { kind: 'document', reason: SHAPE_REASON[shape] };
  }
  const stream = streamEvidence(input);
  if (stream) return { kind: 'stream', reason: stream };
  if (BROKEN_DOC_START.test(head.slice(0, 400))) {
    return {
      kind: 'document',
      reason: 'starts like an OTLP/JSON document (resourceSpans) but does not parse',
    };
  }
  return null;
}

/** Evidence that the text is several OTLP requests (JSON Lines or concatenated objects). */
function streamEvidence(input: InputText): string | null {
  const t = input.text;
  const start = skipWs(t, 0);
  if (t[start] !== '{') return null;
  const end = scanValueEnd(t, start);
  if (end > 0) {
    const r = parseJsonText(t.slice(start, end), start, input);
    if (r.ok && objectShape(r.value)) {
      const next = skipWs(t, end);
      if (t[next] !== '{') return null;
      return t.slice(start, end).includes('\n')
        ? 'several concatenated OTLP/JSON requests'
        : 'JSON Lines of OTLP/JSON requests (collector file exporter)';
    }
  }
  // The first line may be the broken one: look at the next non-empty line on its own.
  const nl = t.indexOf('\n', start);
  if (nl < 0) return null;
  const s2 = skipWs(t, nl + 1);
  if (t[s2] !== '{') return null;
  let e2 = t.indexOf('\n', s2);
  if (e2 < 0) e2 = t.length;
  const r2 = parseJsonText(t.slice(s2, e2), s2, input);
  return r2.ok && objectShape(r2.value)
    ? 'JSON Lines of OTLP/JSON requests (collector file exporter; first line unreadable)'
    : null;
}

// ---------------------------------------------------------------------------------------------
// Locating spans in the text

const SPAN_ID_KEYS = ['"spanId"', '"span_id"'];
const TRACE_ID_KEYS = ['"traceId"', '"trace_id"'];

/** Offset of the key (`"spanId"`) whose value starts at `valueAt`, or -1. */
function keyBefore(t: string, valueAt: number, keys: string[]): number {
  let j = valueAt - 1;
  while (j >= 0 && (t[j] === ' ' || t[j] === '\t' || t[j] === '\n' || t[j] === '\r')) j--;
  if (t[j] !== ':') return -1;
  j--;
  while (j >= 0 && (t[j] === ' ' || t[j] === '\t' || t[j] === '\n' || t[j] === '\r')) j--;
  if (t[j] !== '"') return -1;
  for (const k of keys) {
    const at = j - k.length + 1;
    if (at >= 0 && t.startsWith(k, at)) return at;
  }
  return -1;
}

/** Find `"raw"` written as the value of one of `keys`, searching forward from the cursor. */
function findIdKey(ctx: OtlpContext, raw: string, keys: string[]): number {
  if (ctx.misses > MAX_LOCATE_MISSES) return -1;
  // Search for the bare id and check the quotes around it: the same matches as searching for
  // `"raw"`, but indexOf skips ahead much faster on a first character rarer than `"` (this scans
  // the whole text once for a big dump), and no needle string is built per span.
  const t = ctx.text;
  const n = raw.length;
  let from = ctx.cursor + 1;
  for (;;) {
    const j = t.indexOf(raw, from);
    const i = j - 1; // where `"raw"` would start
    if (j < 0 || i >= ctx.limit) {
      ctx.misses++;
      return -1;
    }
    if (t.charCodeAt(i) === 34 /* " */ && t.charCodeAt(j + n) === 34) {
      const k = keyBefore(t, i, keys);
      if (k >= 0) return k;
    }
    from = j + 1;
  }
}

/** Offset of the `{` that opens the object containing `from`, scanning back to `lower`. */
function objectStart(t: string, from: number, lower: number): number {
  let depth = 0;
  let inString = false;
  for (let k = from - 1; k >= lower; k--) {
    const c = t.charCodeAt(k);
    if (c === 34 /* " */) {
      let b = 0;
      for (let m = k - 1; m >= lower && t.charCodeAt(m) === 92; m--) b++;
      if (b % 2 === 0) inString = !inString;
      continue;
    }
    if (inString) continue;
    if (c === 125 /* } */ || c === 93 /* ] */) depth++;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) return c === 123 ? k : -1;
      depth--;
    }
  }
  return -1;
}

/** Names of the id keys the fast reader records: span id keys (kinds 0, 1), then trace id keys. */
const ID_KEY_NAMES = ['spanId', 'span_id', 'traceId', 'trace_id'];
const SPAN_KEYS_KIND = 0;
const TRACE_KEYS_KIND = 2;

/**
 * What `findIdKey` finds, from the fast reader's records instead of the text: the first key of
 * the kind (its two spellings) whose value starts after the cursor and is `raw`. The index of the
 * record, or -1. In valid JSON (the fast path reads nothing else) the text search matches exactly
 * these keys: a `"` inside a string is escaped, so `"raw"` after `"spanId":` is that key's value.
 */
function findRecorded(ctx: OtlpContext, raw: string, kind: number): number {
  if (ctx.misses > MAX_LOCATE_MISSES) return -1;
  const r = ctx.idKeys!;
  const from = ctx.cursor + 1;
  const n = r.valueAt.length;
  let i = ctx.idNext;
  while (i < n && r.valueAt[i]! < from) i++;
  ctx.idNext = i; // the cursor never moves back
  for (; i < n; i++) {
    const k = r.kind[i]!;
    if ((k === kind || k === kind + 1) && r.value[i] === raw) return i;
  }
  ctx.misses++;
  return -1;
}

/** Text the reader's records cannot stand for (the text search may match it elsewhere). */
const QUOTE_OR_BACKSLASH = /["\\]/;

function locateRecorded(ctx: OtlpContext, rawSpanId: unknown, rawTraceId: unknown): SourceRef {
  let i = -1;
  if (typeof rawSpanId === 'string' && rawSpanId) i = findRecorded(ctx, rawSpanId, SPAN_KEYS_KIND);
  if (i < 0 && typeof rawTraceId === 'string' && rawTraceId) {
    i = findRecorded(ctx, rawTraceId, TRACE_KEYS_KIND);
  }
  if (i < 0) return ctx.input.positionAt(Math.min(ctx.cursor, Math.max(0, ctx.limit - 1)));
  const r = ctx.idKeys!;
  const at = r.keyAt[i]!;
  const open = r.objectAt[i]! >= ctx.cursor ? r.objectAt[i]! : -1; // as objectStart's lower bound
  ctx.cursor = at + 1;
  return ctx.input.positionAt(open >= 0 ? open : at);
}

function locateSpan(ctx: OtlpContext, rawSpanId: unknown, rawTraceId: unknown): SourceRef {
  if (
    ctx.idKeys &&
    !(typeof rawSpanId === 'string' && QUOTE_OR_BACKSLASH.test(rawSpanId)) &&
    !(typeof rawTraceId === 'string' && QUOTE_OR_BACKSLASH.test(rawTraceId))
  ) {
    return locateRecorded(ctx, rawSpanId, rawTraceId);
  }
  let at = -1;
  if (typeof rawSpanId === 'string' && rawSpanId) at = findIdKey(ctx, rawSpanId, SPAN_ID_KEYS);
  if (at < 0 && typeof rawTraceId === 'string' && rawTraceId) {
    at = findIdKey(ctx, rawTraceId, TRACE_ID_KEYS);
  }
  if (at < 0) return ctx.input.positionAt(Math.min(ctx.cursor, Math.max(0, ctx.limit - 1)));
  const open = objectStart(ctx.text, at, ctx.cursor);
  ctx.cursor = at + 1;
  return ctx.input.positionAt(open >= 0 ? open : at);
}

/** Line of the next `"key"` after the cursor (for structural problems), else the cursor's line. */
function lineOfKey(ctx: OtlpContext, key: string): number {
  const i = ctx.text.indexOf(`"${key}"`, ctx.cursor);
  return ctx.input.positionAt(i >= 0 && i < ctx.limit ? i : ctx.cursor).line;
}

// ---------------------------------------------------------------------------------------------
// Values

const SAFE_INT = /^-?\d+$/;

function intValue(v: unknown): AttrValue {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (SAFE_INT.test(s)) {
      const n = Number(s);
      return Number.isSafeInteger(n) ? n : s; // beyond 2^53: keep the exact digits
    }
    return v;
  }
  return toAttrValue(v);
}

function doubleValue(v: unknown): AttrValue {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    // "NaN", "Infinity", "-Infinity" stay text so they survive JSON output.
    const n = Number(v);
    return v.trim() !== '' && Number.isFinite(n) ? n : v;
  }
  return toAttrValue(v);
}

/** OTLP AnyValue → attribute value. Lenient: a bare JSON value is taken as is. */
export function anyValue(v: unknown, ctx: OtlpContext): AttrValue {
  if (v === undefined || v === null) return null;
  if (!isRec(v)) {
    ctx.dialect.add('plain attribute values');
    return toAttrValue(v);
  }
  let x: unknown;
  if ((x = pick(v, 'stringValue', 'string_value', ctx)) !== undefined) {
    return typeof x === 'string' ? x : toAttrValue(x);
  }
  if ((x = pick(v, 'intValue', 'int_value', ctx)) !== undefined) return intValue(x);
  if ((x = pick(v, 'doubleValue', 'double_value', ctx)) !== undefined) return doubleValue(x);
  if ((x = pick(v, 'boolValue', 'bool_value', ctx)) !== undefined) {
    return typeof x === 'boolean'
      ? x
      : x === 'true'
        ? true
        : x === 'false'
          ? false
          : toAttrValue(x);
  }
  if ((x = pick(v, 'arrayValue', 'array_value', ctx)) !== undefined) {
    const values = isRec(x) ? x['values'] : x;
    if (values === TOO_DEEP) return TOO_DEEP; // cut by the nesting limit: show the marker
    return Array.isArray(values) ? values.map(e => anyValue(e, ctx)) : [];
  }
  if ((x = pick(v, 'kvlistValue', 'kvlist_value', ctx)) !== undefined) {
    const out = newAttributes() as { [k: string]: AttrValue };
    const values = isRec(x) ? x['values'] : x;
    if (values === TOO_DEEP) return TOO_DEEP;
    if (Array.isArray(values)) {
      for (const kv of values) {
        if (isRec(kv) && typeof kv['key'] === 'string') out[kv['key']] = anyValue(kv['value'], ctx);
      }
    }
    return out;
  }
  if ((x = pick(v, 'bytesValue', 'bytes_value', ctx)) !== undefined) return toAttrValue(x);
  // `{}` (or Phoenix's all-null fields) is the empty value; an unknown kind keeps what was written.
  for (const k in v) if (v[k] !== null && v[k] !== undefined) return toAttrValue(v);
  return null;
}

interface Where {
  path: string;
  line: number;
  spanId?: string;
}

function loc(w: Where, suffix = ''): Diagnostic['location'] {
  const l: NonNullable<Diagnostic['location']> = { line: w.line, jsonPath: w.path + suffix };
  if (w.spanId) l.spanId = w.spanId;
  return l;
}

/**
 * KeyValue list → attribute map. Repeated keys keep the last value and are reported.
 * `at` is the list's path below `w.path` (diagnostics only, so paths are built lazily).
 */
function keyValues(
  list: unknown,
  ctx: OtlpContext,
  w: Where,
  at: string,
  what: string,
): Attributes {
  if (list instanceof DecodedAttributes) {
    ctx.decodedTaken++;
    return list.attributes;
  }
  const out = newAttributes();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) {
    report(ctx, {
      code: 'format.otlp.not-array',
      severity: 'warning',
      message: `${what} is not a list of key/value pairs; it was ignored.`,
      location: loc(w, at),
    });
    return out;
  }
  let stored = 0;
  for (let i = 0; i < list.length; i++) {
    const kv = list[i];
    const key = isRec(kv) ? kv['key'] : undefined;
    if (typeof key !== 'string') {
      report(ctx, {
        code: 'format.otlp.bad-attribute',
        severity: 'warning',
        message: `${what}: entry ${i} has no string "key"; it was skipped.`,
        location: loc(w, `${at}[${i}]`),
      });
      continue;
    }
    // `out` has a null prototype, so plain assignment stores even "__proto__" as data
    // (and is much cheaper than defineProperty on 100k spans).
    out[key] = anyValue((kv as Rec)['value'], ctx);
    stored++;
  }
  // Repeated keys are rare: rather than a lookup before every store (a `key in out` per
  // attribute cost more than the store itself), count the keys once and look closer only when
  // some key was stored twice.
  if (stored > 1 && countKeys(out) !== stored) {
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const kv = list[i];
      const key = isRec(kv) ? kv['key'] : undefined;
      if (typeof key !== 'string') continue;
      if (seen.has(key)) {
        report(ctx, {
          code: 'format.otlp.duplicate-key',
          severity: 'warning',
          message: `${what}: key "${key}" appears more than once; the last value was kept.`,
          location: loc(w, `${at}[${i}]`),
        });
      }
      seen.add(key);
    }
  }
  return out;
}

/** Own keys of a null-prototype map, counted without building the key array. */
function countKeys(o: Attributes): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

function readFlags(v: unknown, ctx: OtlpContext, w: Where, at = '.flags'): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (Number.isInteger(n) && n >= 0 && n <= 0xffffffff) return n;
  report(ctx, {
    code: 'format.otlp.bad-flags',
    severity: 'warning',
    message: `flags ${JSON.stringify(v)} is not an unsigned 32-bit number; it was ignored.`,
    location: loc(w, at),
  });
  return undefined;
}

function readTime(
  v: unknown,
  ctx: OtlpContext,
  w: Where,
  field: string,
  opts: SpanOptions = {},
): bigint | null {
  if (v === undefined) return null;
  const ns = typeof v === 'number' || typeof v === 'string' ? toNanos(v, 'ns') : null;
  if (ns === null) {
    report(ctx, {
      code: 'format.otlp.bad-time',
      severity: 'warning',
      message: `${field} ${JSON.stringify(v)} is not a nanosecond timestamp.`,
      location: loc(w, `.${field}`),
    });
    return null;
  }
  // 0 is the proto3 default: the time was not set.
  if (ns === 0n) return null;
  return opts.roundToMicros && ns > 0n ? ((ns + 500n) / 1000n) * 1000n : ns;
}

function asArray(v: unknown, ctx: OtlpContext, w: Where, key: string, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  report(ctx, {
    code: 'format.otlp.not-array',
    severity: 'error',
    message: `${what} ("${key}") is not an array; its contents were skipped.`,
    location: { ...loc(w, `.${key}`), line: lineOfKey(ctx, key) },
  });
  return [];
}

function notObject(ctx: OtlpContext, w: Where, what: string): void {
  report(ctx, {
    code: 'format.otlp.not-object',
    severity: 'error',
    message: `${what} is not a JSON object; it was skipped.`,
    location: loc(w),
  });
}

// ---------------------------------------------------------------------------------------------
// The walker

interface SpanOptions {
  /** Phoenix writes SPAN_KIND_INTERNAL for every span: the OTel kind is not really exported. */
  ignoreKind?: boolean;
  /**
   * Phoenix stores µs datetimes and prints `int(dt.timestamp() * 1e9)`: float noise of up to
   * ±256 ns. Rounding to the nearest µs gives back the stored value exactly.
   */
  roundToMicros?: boolean;
}

function noteIdEncoding(ctx: OtlpContext, raw: unknown): void {
  if (typeof raw !== 'string' || raw === ctx.lastTraceId) return; // the same id: already noted
  ctx.lastTraceId = raw;
  const n = raw.length;
  if (n === 32) {
    // Lowercase hex (nearly every id) needs no regex.
    const upper = lowerHexKind(raw, 32) === 0 && /[A-F]/.test(raw);
    ctx.dialect.add(upper ? 'uppercase hex ids' : 'hex ids');
  } else if (n === 16 && /^[0-9a-fA-F]+$/.test(raw)) {
    ctx.dialect.add('64-bit trace ids');
  } else if (n === 24 || n === 22) {
    ctx.dialect.add('base64 ids');
  }
}

function checkId(ctx: OtlpContext, w: Where, raw: unknown, what: string, key: string): void {
  if (typeof raw === 'string' && raw !== '') return;
  if (raw === undefined || raw === '') {
    report(ctx, {
      code: 'format.otlp.missing-id',
      severity: 'warning',
      message: `A span has no ${what} ("${key}"); it was kept with an empty ${what}.`,
      location: loc(w, `.${key}`),
    });
  } else {
    report(ctx, {
      code: 'format.otlp.bad-id',
      severity: 'warning',
      message: `The ${what} ${JSON.stringify(raw)} is not a string (OTLP/JSON writes ids as hex text).`,
      location: loc(w, `.${key}`),
    });
  }
}

function parseSpan(
  o: Rec,
  ctx: OtlpContext,
  resource: Attributes,
  scope: InstrumentationScope | null,
  path: string,
  opts: SpanOptions,
): void {
  const rawTrace = pick(o, 'traceId', 'trace_id', ctx);
  const rawSpan = pick(o, 'spanId', 'span_id', ctx);
  // A fresh { line, column } from InputText.positionAt: the span keeps it as its source.
  const source: SourceRef = locateSpan(ctx, rawSpan, rawTrace);
  const spanIdText = typeof rawSpan === 'string' ? rawSpan : undefined;
  const w: Where = { path, line: source.line };
  if (spanIdText) w.spanId = spanIdText;
  noteIdEncoding(ctx, rawTrace);

  checkId(ctx, w, rawTrace, 'trace id', 'traceId');
  checkId(ctx, w, rawSpan, 'span id', 'spanId');

  const rawKind = o['kind'];
  let kind: OtelKind | null = 'UNSPECIFIED'; // proto3 default when the field is omitted
  if (opts.ignoreKind) kind = null;
  else if (rawKind !== undefined && rawKind !== null) {
    kind = otelKindFrom(rawKind);
    if (typeof rawKind === 'string' && !/^\d+$/.test(rawKind)) ctx.dialect.add('enum names');
    if (kind === null) {
      report(ctx, {
        code: 'format.otlp.bad-kind',
        severity: 'warning',
        message: `Span kind ${JSON.stringify(rawKind)} is not an OTLP SpanKind.`,
        location: loc(w, '.kind'),
      });
    }
  }

  const flags = readFlags(o['flags'], ctx, w);
  const status = readStatus(o['status'], ctx);

  const events: SpanEvent[] = [];
  const rawEvents = asArray(o['events'], ctx, w, 'events', 'Span events');
  for (let i = 0; i < rawEvents.length; i++) {
    const e = rawEvents[i];
    if (!isRec(e)) {
      notObject(ctx, { ...w, path: `${path}.events[${i}]` }, 'A span event');
      continue;
    }
    events.push({
      name: typeof e['name'] === 'string' ? e['name'] : e['name'] == null ? '' : textOf(e['name']),
      timeNs: readTime(
        pick(e, 'timeUnixNano', 'time_unix_nano', ctx),
        ctx,
        w,
        `events[${i}].timeUnixNano`,
        opts,
      ),
      attributes: keyValues(
        e['attributes'],
        ctx,
        w,
        `.events[${i}].attributes`,
        'Event attributes',
      ),
    });
  }

  const links: SpanLink[] = [];
  const rawLinks = asArray(o['links'], ctx, w, 'links', 'Span links');
  for (let i = 0; i < rawLinks.length; i++) {
    const l = rawLinks[i];
    if (!isRec(l)) {
      notObject(ctx, { ...w, path: `${path}.links[${i}]` }, 'A span link');
      continue;
    }
    const link: SpanLink = {
      traceId: normalizeId(pick(l, 'traceId', 'trace_id', ctx), 16).id,
      spanId: normalizeId(pick(l, 'spanId', 'span_id', ctx), 8).id,
      attributes: keyValues(l['attributes'], ctx, w, `.links[${i}].attributes`, 'Link attributes'),
    };
    const ts = pick(l, 'traceState', 'trace_state', ctx);
    if (typeof ts === 'string' && ts) link.traceState = ts;
    const lf = readFlags(l['flags'], ctx, w, `.links[${i}].flags`);
    if (lf !== undefined) link.flags = lf;
    links.push(link);
  }

  const traceState = pick(o, 'traceState', 'trace_state', ctx);
  ctx.scratch.length = 0;
  const span = buildSpan(
    {
      traceId: rawTrace,
      spanId: rawSpan,
      parentSpanId: pick(o, 'parentSpanId', 'parent_span_id', ctx),
      name: o['name'],
      kind,
      resource,
      scope,
      attributes: keyValues(o['attributes'], ctx, w, '.attributes', 'Span attributes'),
      startNs: readTime(
        pick(o, 'startTimeUnixNano', 'start_time_unix_nano', ctx),
        ctx,
        w,
        'startTimeUnixNano',
        opts,
      ),
      endNs: readTime(
        pick(o, 'endTimeUnixNano', 'end_time_unix_nano', ctx),
        ctx,
        w,
        'endTimeUnixNano',
        opts,
      ),
      status,
      events,
      links,
      traceState: typeof traceState === 'string' ? traceState : undefined,
      flags,
      parentIsRemote: remoteFromFlags(flags),
      source,
    },
    ctx.spans.length,
    ctx.scratch,
  );
  for (const d of ctx.scratch) report(ctx, { ...d, location: { ...d.location, jsonPath: path } });
  ctx.spans.push(span);
}

function readStatus(v: unknown, ctx: OtlpContext): SpanStatus {
  if (v === undefined || v === null) return { code: 'UNSET' };
  if (!isRec(v)) return { code: statusCodeFrom(v) };
  // `deprecatedCode` (pre-2021, gRPC-style, 0 = OK) is deliberately ignored.
  const code = v['code'];
  if (typeof code === 'string' && !/^\d+$/.test(code)) ctx.dialect.add('enum names');
  const status: SpanStatus = { code: statusCodeFrom(code) };
  const message = v['message'];
  if (typeof message === 'string' && message) status.message = message;
  return status;
}

function parseScope(v: unknown, ctx: OtlpContext, w: Where): InstrumentationScope | null {
  if (!isRec(v)) return null;
  const name = typeof v['name'] === 'string' ? v['name'] : '';
  const version = typeof v['version'] === 'string' ? v['version'] : '';
  const attributes = keyValues(v['attributes'], ctx, w, '.attributes', 'Scope attributes');
  const hasAttrs = Object.keys(attributes).length > 0;
  if (!name && !version && !hasAttrs) return null;
  const scope: InstrumentationScope = { name };
  if (version) scope.version = version;
  if (hasAttrs) scope.attributes = attributes;
  return scope;
}

function parseResourceSpans(rs: unknown, ctx: OtlpContext, path: string): void {
  const w: Where = { path, line: ctx.input.positionAt(ctx.cursor).line };
  if (!isRec(rs)) {
    notObject(ctx, w, 'A ResourceSpans entry');
    return;
  }
  const res = rs['resource'];
  const resource = isRec(res)
    ? keyValues(res['attributes'], ctx, w, '.resource.attributes', 'Resource attributes')
    : newAttributes();

  let key = 'scopeSpans';
  let list = rs['scopeSpans'];
  if (list === undefined || list === null) {
    if (rs['scope_spans'] != null) {
      key = 'scope_spans';
      list = rs['scope_spans'];
      ctx.dialect.add('snake_case keys');
    }
  }
  const legacyKey =
    rs['instrumentationLibrarySpans'] != null
      ? 'instrumentationLibrarySpans'
      : rs['instrumentation_library_spans'] != null
        ? 'instrumentation_library_spans'
        : null;
  if (legacyKey) {
    if (list === undefined || list === null) {
      key = legacyKey;
      list = rs[legacyKey];
      ctx.dialect.add('legacy instrumentationLibrarySpans');
    } else {
      ctx.dialect.add(
        'scopeSpans and legacy instrumentationLibrarySpans both present (used scopeSpans)',
      );
    }
  }
  const scopeLists = asArray(list, ctx, w, key, 'The scope list');
  for (let j = 0; j < scopeLists.length; j++) {
    const ss = scopeLists[j];
    const sPath = `${path}.${key}[${j}]`;
    const sw: Where = { path: sPath, line: w.line };
    if (!isRec(ss)) {
      notObject(ctx, sw, 'A ScopeSpans entry');
      continue;
    }
    const rawScope = ss['scope'] ?? ss['instrumentationLibrary'] ?? ss['instrumentation_library'];
    const scope = parseScope(rawScope, ctx, { ...sw, path: `${sPath}.scope` });
    const spans = asArray(ss['spans'], ctx, sw, 'spans', 'The span list');
    for (let k = 0; k < spans.length; k++) {
      const s = spans[k];
      const spPath = `${sPath}.spans[${k}]`;
      if (!isRec(s)) {
        notObject(ctx, { path: spPath, line: ctx.input.positionAt(ctx.cursor).line }, 'A span');
        continue;
      }
      parseSpan(s, ctx, resource, scope, spPath, {});
    }
  }
}

function parseRequestObject(o: Rec, ctx: OtlpContext, path: string): void {
  const key = has(o, 'resourceSpans') ? 'resourceSpans' : 'resource_spans';
  if (key === 'resource_spans') ctx.dialect.add('snake_case keys');
  const w: Where = { path, line: ctx.input.positionAt(ctx.cursor).line };
  const list = asArray(o[key], ctx, w, key, 'resourceSpans');
  for (let i = 0; i < list.length; i++) parseResourceSpans(list[i], ctx, `${path}.${key}[${i}]`);
}

/**
 * Walk one parsed OTLP value (request, Tempo/Jaeger wrapper, Phoenix page, or an array of them),
 * appending spans and diagnostics to `ctx`. Returns false when the value is not OTLP at all.
 */
export function parseOtlpRequest(value: unknown, ctx: OtlpContext, path = '$'): boolean {
  const shape = otlpShape(value);
  if (!shape) return false;
  if (shape === 'array') {
    const arr = value as unknown[];
    ctx.wrappers.add(`array of ${arr.length} requests`);
    arr.forEach((v, i) => {
      if (!parseOtlpRequest(v, ctx, `${path}[${i}]`)) {
        report(ctx, {
          code: 'format.otlp.not-request',
          severity: 'warning',
          message: `Array item ${i} is not an OTLP request; it was skipped.`,
          location: { jsonPath: `${path}[${i}]`, line: ctx.input.positionAt(ctx.cursor).line },
        });
      }
    });
    return true;
  }
  const o = value as Rec;
  switch (shape) {
    case 'request':
      parseRequestObject(o, ctx, path);
      break;
    case 'tempo-v1': {
      const batches = o['batches'] as unknown[];
      batches.forEach((rs, i) => parseResourceSpans(rs, ctx, `${path}.batches[${i}]`));
      // Tempo's own API prints base64 ids; Grafana's "download trace" rewrites them as hex.
      const hex = ctx.dialect.has('hex ids') || ctx.dialect.has('uppercase hex ids');
      ctx.wrappers.add(
        hex && !ctx.dialect.has('base64 ids')
          ? 'Grafana trace download (batches)'
          : 'Tempo v1 wrapper (batches)',
      );
      break;
    }
    case 'tempo-v2': {
      ctx.wrappers.add('Tempo v2 wrapper (trace)');
      parseRequestObject(o['trace'] as Rec, ctx, `${path}.trace`);
      const status = o['status'];
      if (typeof status === 'string' && status && status !== 'COMPLETE') {
        report(ctx, {
          code: 'format.otlp.tempo-partial',
          severity: 'warning',
          message: `Tempo marked this trace ${status}${typeof o['message'] === 'string' && o['message'] ? `: ${o['message']}` : ''}; spans may be missing.`,
          location: { jsonPath: `${path}.status` },
        });
      }
      break;
    }
    case 'jaeger-v3':
      ctx.wrappers.add('Jaeger api/v3 wrapper (result)');
      parseRequestObject(o['result'] as Rec, ctx, `${path}.result`);
      break;
    case 'phoenix-otlpv1':
      parsePhoenixPage(o, ctx, path);
      break;
  }
  return true;
}

function parsePhoenixPage(o: Rec, ctx: OtlpContext, path: string): void {
  ctx.wrappers.add('Phoenix /spans/otlpv1 page (no resource, no span kind)');
  const data = o['data'] as unknown[];
  const resource = newAttributes();
  for (let i = 0; i < data.length; i++) {
    const s = data[i];
    const spPath = `${path}.data[${i}]`;
    if (!isRec(s)) {
      notObject(ctx, { path: spPath, line: ctx.input.positionAt(ctx.cursor).line }, 'A span');
      continue;
    }
    parseSpan(s, ctx, resource, null, spPath, { ignoreKind: true, roundToMicros: true });
  }
  if (data.length > 0) {
    report(ctx, {
      code: 'format.otlp.phoenix-times-rounded',
      severity: 'info',
      message:
        'Phoenix stores microsecond times and prints them through a float (±256 ns noise); times were rounded to the nearest microsecond.',
      location: { jsonPath: `${path}.data` },
    });
  }
  const next = o['next_cursor'] ?? o['nextCursor'];
  if (typeof next === 'string' && next) {
    report(ctx, {
      code: 'format.otlp.partial-page',
      severity: 'info',
      message:
        'This is one page of a paginated Phoenix span list (next_cursor is set); later pages are not included.',
      location: { jsonPath: `${path}.next_cursor` },
      hint: 'Fetch every page (pass next_cursor as cursor) and paste them together as a JSON array.',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Fast path for a plain `{"resourceSpans": [...]}` document (the big dumps): read by the strict
// reader in fast-json.ts, with every `attributes` list of simple values decoded straight into
// its attribute map. The walker below is the same; `keyValues` takes such a map as it is.

/** An `attributes` list already decoded by the fast reader, exactly as `keyValues` would. */
class DecodedAttributes {
  constructor(readonly attributes: Attributes) {}
}

const Q = 34; // "

/**
 * One AnyValue of the simple kinds (`{"stringValue": "…"}`, `intValue`, `doubleValue`,
 * `boolValue` with their usual JSON types), read as `anyValue` reads it; NOT_TAKEN otherwise.
 */
function fastAnyValue(r: FastJsonReader): unknown {
  let v: AttrValue;
  // Compact JSON: `{"stringValue":"…"}`, the most common value, without reading the key.
  if (r.skip('{"stringValue":"')) {
    r.pos--; // at the value's opening quote
    v = r.string();
    if (r.ws() !== 125 /* } */) return NOT_TAKEN;
    r.pos++;
    return v;
  }
  r.expect(123 /* { */);
  if (r.ws() !== Q) return NOT_TAKEN;
  const kind = r.key();
  r.expect(58 /* : */);
  const c = r.ws();
  if (kind === 'stringValue') {
    if (c !== Q) return NOT_TAKEN;
    v = r.string();
  } else if (kind === 'intValue') {
    if (c === Q) {
      const s = r.string();
      if (!SAFE_INT.test(s)) return NOT_TAKEN;
      v = intValue(s);
    } else if (c === 45 || (c >= 48 && c <= 57)) v = intValue(r.number());
    else return NOT_TAKEN;
  } else if (kind === 'doubleValue') {
    if (!(c === 45 || (c >= 48 && c <= 57))) return NOT_TAKEN;
    v = doubleValue(r.number());
    if (typeof v !== 'number') return NOT_TAKEN;
  } else if (kind === 'boolValue') {
    if (c === 116 /* t */) v = r.literal('true', true);
    else if (c === 102 /* f */) v = r.literal('false', false);
    else return NOT_TAKEN;
  } else return NOT_TAKEN;
  if (r.ws() !== 125 /* } */) return NOT_TAKEN; // more than one field: the general reading
  r.pos++;
  return v;
}

/** Hook for `attributes`: a list of `{"key": "…", "value": <simple AnyValue>}` entries. */
function fastAttributes(r: FastJsonReader): unknown {
  const start = r.pos;
  // Null prototype: even "__proto__" is stored as data (as in keyValues).
  const out = newAttributes();
  const stored = r.keyedEntries(out, fastEntryValue);
  if (stored < 0) return NOT_TAKEN;
  // A repeated key is reported by keyValues: leave such a list to it.
  if (stored > 1 && countKeys(out) !== stored) return r.rewind(start);
  return new DecodedAttributes(out);
}

function fastEntryValue(r: FastJsonReader): unknown {
  return r.field('value') && r.ws() === 123 /* { */ ? fastAnyValue(r) : NOT_TAKEN;
}

const PLAIN_REQUEST_START = /^\s*\{\s*"resourceSpans"\s*:/;
/**
 * A plain `{"resourceSpans": …}` document read by the fast path, or null when that does not
 * apply (another shape, a .jsonl name) or declines (the general path then reads the text).
 */
export function readOtlpFast(input: InputText): FastDocument | null {
  if (isJsonlName(input.fileName) || !PLAIN_REQUEST_START.test(input.firstChunk(256))) return null;
  return readFastDocument(input, 'attributes', fastAttributes, ID_KEY_NAMES);
}

const fastDocs = new FastDocumentMemo(readOtlpFast);

/**
 * Walk what the fast path read. Every decoded attribute list must have been taken by keyValues,
 * where the general path reads the same list; one that sits anywhere else (a mangled dump with an
 * `attributes` key inside, say, a trace id) would show differently, so then the general path
 * reads the text after all. Null when there is no fast document or it was not fully used.
 */
function walkFastDocument(input: InputText): ParseResult | null {
  const fast = fastDocs.take(input);
  if (!fast) return null;
  // With an escaped key the text search might read a key the reader did not record as one.
  const records = fast.records && !fast.records.escapedKey ? fast.records : null;
  const { result, ctx } = walkDocument(input, fast.parsed, records);
  return ctx.decodedTaken === fast.decoded ? result : null;
}

// ---------------------------------------------------------------------------------------------
// The module

export const otlpJson: FormatModule = {
  id: 'otlp-json',
  label: 'OTLP/JSON (ExportTraceServiceRequest)',
  specUrl:
    'https://github.com/open-telemetry/opentelemetry-proto/blob/main/docs/specification.md#json-protobuf-encoding',
  sniff(input) {
    const layout = otlpLayout(input);
    return layout?.kind === 'document' ? layout.reason : null;
  },
  parse(input) {
    return walkFastDocument(input) ?? parseOtlpDocument(input, input.json());
  },
};

/** The importer's work once the text is parsed (by the fast path or by `input.json()`). */
export function parseOtlpDocument(input: InputText, parsed: JsonParse): ParseResult {
  return walkDocument(input, parsed).result;
}

function walkDocument(
  input: InputText,
  parsed: JsonParse,
  idKeys: IdKeyRecords | null = null,
): { result: ParseResult; ctx: OtlpContext } {
  const ctx = createOtlpContext(input);
  ctx.idKeys = idKeys;
  const result = walkInto(ctx, parsed);
  return { result, ctx };
}

function walkInto(ctx: OtlpContext, parsed: JsonParse): ParseResult {
  if (!parsed.ok) {
    const e = parsed.error;
    ctx.diagnostics.push({
      code: 'parse.json.invalid',
      severity: 'error',
      message: `The OTLP/JSON document could not be read at line ${e.line}, column ${e.column}: ${e.message}.`,
      location: { line: e.line, column: e.column },
      hint: 'Paste the complete document; if it is one request per line, it is read as a collector file instead.',
    });
    return finishOtlp(ctx);
  }
  if (!parseOtlpRequest(parsed.value, ctx)) {
    ctx.diagnostics.push({
      code: 'format.otlp.unrecognized',
      severity: 'error',
      message:
        'This JSON has no resourceSpans (nor a Tempo, Jaeger or Phoenix wrapper around them).',
      location: { line: 1, jsonPath: '$' },
    });
  } else if (ctx.spans.length === 0 && !ctx.diagnostics.some(d => d.severity === 'error')) {
    ctx.diagnostics.push({
      code: 'format.otlp.empty',
      severity: 'info',
      message: 'The OTLP/JSON document holds no spans.',
      location: { line: 1, jsonPath: '$' },
    });
  }
  return finishOtlp(ctx);
}
