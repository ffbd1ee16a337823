// Jaeger JSON (formats.md §6.1): the query API `GET /api/traces/{id}` envelope
// `{"data": [trace…], "total", "limit", "offset", "errors"}`, the UI's "Download JSON" (a bare
// trace object or an array of traces), JSON Lines of those, and the embedded-process variant
// (`process` on each span, `parentSpanID`). Model: jaegertracing/jaeger internal/uimodel/model.go.
//
// Normalisation:
// - parent = the first CHILD_OF reference (the deprecated `parentSpanID` when there are none); a
//   span with only FOLLOWS_FROM references takes the first as its parent, with a note; every
//   other reference becomes a link. A parent reference into another trace is noted.
// - 64-bit trace ids (`%016x` when the high half is zero) are left-padded (note from normalizeId).
// - µs `startTime`/`duration`/log `timestamp` → exact ns. Typed tags keep their type; int64 beyond
//   2^53 stays a decimal string. All tags stay attributes (nothing is dropped); the
//   OTLP→Jaeger translator's tags are also read back: `span.kind` → kind (absent = UNSPECIFIED),
//   `otel.status_code`/`error`/`otel.status_description` → status, `otel.scope.*` (or
//   `otel.library.*`) → scope, `w3c.tracestate` → traceState.
// - `processes[processID]` (or `process`) → resource (`service.name` = serviceName + tags).
// - logs → events named by their `event` field; span `warnings` → notes.
// - Jaeger's `flags` are W3C trace flags, not OTLP span flags: no remote-parent marker (null).
// A damaged document still yields its complete span objects (salvaged one by one).

import {
  FastDocumentMemo,
  FastJsonReader,
  NOT_TAKEN,
  readFastDocument,
  type FastDocument,
} from '../input/fast-json.ts';
import { parseJsonText, type InputText, type JsonParse } from '../input/input-text.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { normalizeId } from '../model/ids.ts';
import type {
  Attributes,
  AttrValue,
  InstrumentationScope,
  Span,
  SpanEvent,
  SpanLink,
  StatusCode,
} from '../model/span.ts';
import { toNanos } from '../model/time.ts';
import { findObjectRanges, type JsonRange } from './json-ranges.ts';
import {
  buildSpan,
  newAttributes,
  otelKindFrom,
  setAttr,
  toAttrValue,
  textOf,
} from './span-builder.ts';
import type { FormatModule, ParseResult } from './types.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Traces in any accepted container: envelope, envelope with one trace, array, bare trace. */
function tracesOf(v: unknown): Obj[] {
  if (Array.isArray(v))
    return v.flatMap(x =>
      isObj(x) && 'data' in x && !('spans' in x) ? tracesOf(x) : isObj(x) ? [x] : [],
    );
  if (!isObj(v)) return [];
  if ('data' in v && !('spans' in v)) {
    const d = v.data;
    if (Array.isArray(d)) return d.filter(isObj);
    return isObj(d) ? [d] : [];
  }
  return [v];
}

function isJaegerTrace(t: Obj): boolean {
  if (!Array.isArray(t.spans)) return false;
  const s0: unknown = t.spans[0];
  if (s0 === undefined) return 'traceID' in t || 'processes' in t;
  return isObj(s0) && ('spanID' in s0 || 'operationName' in s0);
}

function isEnvelope(v: unknown): boolean {
  return isObj(v) && Array.isArray(v.data) && 'errors' in v && 'total' in v;
}

// ---------------------------------------------------------------------------------------------
// Fast path for big traces: the strict reader in fast-json.ts decodes every `tags` list of plain
// typed values straight into its attribute map (exactly as kvList would); the rest is the same.

/** A `tags` list already decoded by the fast reader, exactly as `kvList` would. */
class DecodedTags {
  constructor(readonly attributes: Attributes) {}
}

const Q = 34; // "

/** One `{"key": …, "type": …, "value": …}` value read as typedValue reads it, or NOT_TAKEN. */
function fastTypedValue(r: FastJsonReader, type: string): unknown {
  const c = r.ws();
  if (type === 'string') return c === Q ? r.string() : NOT_TAKEN;
  if (type === 'int64' || type === 'float64') {
    // The same number the general parse gives (exact digits beyond 2^53), kept as it is.
    return c === 45 || (c >= 48 && c <= 57) ? r.number() : NOT_TAKEN;
  }
  if (type === 'bool') {
    if (c === 116 /* t */) return r.literal('true', true);
    if (c === 102 /* f */) return r.literal('false', false);
  }
  return NOT_TAKEN;
}

/** Hook for `tags`: a list of `{"key": "…", "type": "…", "value": <plain value>}` entries. */
function fastTags(r: FastJsonReader): unknown {
  // Null prototype: any key is stored as data; a repeated key keeps its last value (kvList).
  const out = newAttributes();
  return r.keyedEntries(out, fastTypedEntry) < 0 ? NOT_TAKEN : new DecodedTags(out);
}

function fastTypedEntry(r: FastJsonReader): unknown {
  if (!r.field('type') || r.ws() !== Q) return NOT_TAKEN;
  const type = r.key();
  if (r.ws() !== 44 /* , */) return NOT_TAKEN;
  r.pos++;
  return r.field('value') ? fastTypedValue(r, type) : NOT_TAKEN;
}

/** Jaeger's own writers start with one of these (the API envelope, a trace, an array of them). */
const PLAIN_START = /^\s*(?:\{\s*"data"\s*:\s*\[\s*\{\s*"traceID"|\[?\s*\{\s*"traceID")/;
/** The document read by the fast path, or null when it does not apply or declines. */
export function readJaegerFast(input: InputText): FastDocument | null {
  if (!PLAIN_START.test(input.firstChunk(256))) return null;
  return readFastDocument(input, 'tags', fastTags);
}

const fastDocs = new FastDocumentMemo(readJaegerFast);

function sniff(input: InputText): string | null {
  const head = input.firstChunk(8192);
  const first = head.trimStart()[0];
  if (first !== '{' && first !== '[') return null;
  if (!/"(?:spanID|operationName|traceID)"\s*:/.test(head) && !/"errors"\s*:/.test(head))
    return null;
  const r = fastDocs.get(input)?.parsed ?? input.json();
  if (r.ok) {
    const t = tracesOf(r.value)[0];
    if (t && isJaegerTrace(t))
      return 'Jaeger trace JSON (spans with spanID/operationName, processes)';
    if (!t && isEnvelope(r.value)) return 'Jaeger API envelope (data/total/limit/offset/errors)';
    return null;
  }
  if (/"operationName"\s*:/.test(head) && /"spanID"\s*:/.test(head)) {
    return 'Jaeger span keys (spanID, operationName) in damaged or line-delimited JSON';
  }
  return null;
}

/** One Jaeger KeyValue's value in its declared type. */
function typedValue(kv: Obj): AttrValue {
  const v = kv.value;
  switch (typeof kv.type === 'string' ? kv.type.toLowerCase() : 'string') {
    case 'bool':
      return v === true || v === 'true'
        ? true
        : v === false || v === 'false'
          ? false
          : toAttrValue(v);
    case 'int64':
      if (typeof v === 'string' && /^-?\d+$/.test(v)) {
        const n = Number(v);
        return Number.isSafeInteger(n) ? n : v; // beyond 2^53: keep the exact digits
      }
      return toAttrValue(v);
    case 'float64':
      if (typeof v === 'string' && /^-?(?:NaN|Infinity)$/.test(v)) return Number(v);
      return toAttrValue(v);
    default:
      return toAttrValue(v);
  }
}

function kvList(v: unknown, ctx: Ctx): Attributes {
  if (v instanceof DecodedTags) {
    ctx.decodedTaken++;
    return v.attributes;
  }
  const out = newAttributes();
  if (Array.isArray(v)) {
    // `out` has a null prototype (newAttributes): plain assignment is safe for any key.
    for (const kv of v) if (isObj(kv) && typeof kv.key === 'string') out[kv.key] = typedValue(kv);
  }
  return out;
}

/** Resource of a process, built once per process object (spans of one process share it). */
const resourceCache = new WeakMap<Obj, Attributes>();

function resourceOf(process: Obj, ctx: Ctx): Attributes {
  let resource = resourceCache.get(process);
  if (!resource) {
    resource = newAttributes();
    if (typeof process.serviceName === 'string') resource['service.name'] = process.serviceName;
    const ptags = kvList(process.tags, ctx);
    for (const k in ptags)
      if (k !== 'service.name' || !('service.name' in resource)) resource[k] = ptags[k]!;
    resourceCache.set(process, resource);
  }
  return resource;
}

function scopeFrom(a: Attributes): InstrumentationScope | null {
  const name = a['otel.scope.name'] ?? a['otel.library.name'];
  if (typeof name !== 'string') return null;
  const version = a['otel.scope.version'] ?? a['otel.library.version'];
  return typeof version === 'string' && version ? { name, version } : { name };
}

function statusFrom(a: Attributes): { code: StatusCode; message?: string } {
  const sc = a['otel.status_code'];
  const err = a['error'];
  let code: StatusCode = 'UNSET';
  if (typeof sc === 'string' && /^(ok|error)$/i.test(sc)) code = sc.toUpperCase() as StatusCode;
  else if (err === true || err === 'true') code = 'ERROR';
  const desc = a['otel.status_description'];
  return typeof desc === 'string' && desc ? { code, message: desc } : { code };
}

interface Ctx {
  input: InputText;
  diagnostics: Diagnostic[];
  spans: Span[];
  missingProcesses: Set<string>;
  shortTraceIds: boolean;
  salvaged: number;
  /** Tag lists decoded by the fast reader that kvList took (see parse). */
  decodedTaken: number;
}

function toSpan(
  s: Obj,
  trace: Obj | null,
  line: number,
  endLine: number | undefined,
  ctx: Ctx,
): void {
  const notes: string[] = [];
  const attributes = kvList(s.tags, ctx);
  if (isObj(s.tag)) {
    // Elasticsearch storage variant: dotted keys written with '@'.
    for (const [k, v] of Object.entries(s.tag))
      setAttr(attributes, k.replace(/@/g, '.'), toAttrValue(v));
  }
  const rawTraceId = s.traceID ?? trace?.traceID;
  const traceId = normalizeId(rawTraceId, 16);
  if (typeof rawTraceId === 'string' && rawTraceId.length === 16) ctx.shortTraceIds = true;
  // (Equal raw ids normalise equally: the usual case needs no second normalisation.)
  if (
    trace &&
    s.traceID !== undefined &&
    trace.traceID !== undefined &&
    trace.traceID !== s.traceID
  ) {
    const t2 = normalizeId(trace.traceID, 16);
    if (t2.id !== traceId.id)
      notes.push(`span traceID ${traceId.id} differs from its trace's traceID ${t2.id}`);
  }

  // References: the first CHILD_OF is the parent; the others are links.
  const refs = Array.isArray(s.references) ? s.references.filter(isObj) : [];
  let parentRef = refs.find(r => r.refType === 'CHILD_OF') ?? null;
  const legacyParent = s.parentSpanID;
  const hasLegacy =
    typeof legacyParent === 'string' && legacyParent !== '' && !/^0+$/.test(legacyParent);
  if (!parentRef && !hasLegacy) {
    const ff = refs.find(r => r.refType === 'FOLLOWS_FROM');
    if (ff) {
      parentRef = ff;
      notes.push(
        `no CHILD_OF reference: the FOLLOWS_FROM reference to ${textOf(ff.spanID)} is used as the parent`,
      );
    }
  }
  const parentSpanId: unknown = parentRef ? parentRef.spanID : legacyParent;
  if (parentRef && hasLegacy) {
    const a = normalizeId(parentRef.spanID, 8).id;
    const b = normalizeId(legacyParent, 8).id;
    if (a !== b)
      notes.push(
        `parentSpanID ${b} differs from the CHILD_OF reference ${a}; the reference is used`,
      );
  }
  if (parentRef && parentRef.traceID !== undefined && parentRef.traceID !== rawTraceId) {
    const pt = normalizeId(parentRef.traceID, 16).id;
    if (pt !== traceId.id) notes.push(`the parent reference points into another trace (${pt})`);
  }
  const links: SpanLink[] = [];
  for (const r of refs) {
    if (r === parentRef) continue;
    if (r.refType === 'CHILD_OF')
      notes.push(`extra CHILD_OF reference to ${textOf(r.spanID)} kept as a link`);
    else if (r.refType !== 'FOLLOWS_FROM')
      notes.push(`reference type ${textOf(r.refType)} kept as a link`);
    links.push({
      traceId: normalizeId(r.traceID ?? rawTraceId, 16).id,
      spanId: normalizeId(r.spanID, 8).id,
      attributes: newAttributes(),
    });
  }

  // Process → resource.
  let process: Obj | null = isObj(s.process) ? s.process : null;
  const pid = str(s.processID);
  if (!process && pid !== undefined) {
    const procs = trace && isObj(trace.processes) ? trace.processes : null;
    const p = procs?.[pid];
    if (isObj(p)) process = p;
    else if (trace) {
      notes.push(`process ${pid} is not in the trace's processes: service unknown`);
      ctx.missingProcesses.add(pid);
    }
  }
  if (!trace) notes.push('salvaged from a damaged document: its process (service) is unknown');
  const resource = process ? resourceOf(process, ctx) : newAttributes();

  const logs = Array.isArray(s.logs) ? s.logs.filter(isObj) : [];
  const events: SpanEvent[] = logs.map(l => {
    const fields = kvList(l.fields, ctx);
    const name = fields['event'];
    const attrs = newAttributes();
    for (const [k, v] of Object.entries(fields))
      if (k !== 'event' || typeof name !== 'string') setAttr(attrs, k, v);
    return {
      name: typeof name === 'string' ? name : '',
      timeNs: toNanos(l.timestamp, 'us'),
      attributes: attrs,
    };
  });

  if (Array.isArray(s.warnings))
    for (const w of s.warnings) notes.push(`Jaeger warning: ${textOf(w)}`);

  const kindTag = attributes['span.kind'];
  const kind = kindTag === undefined ? 'UNSPECIFIED' : otelKindFrom(kindTag);
  if (kind === null) notes.push(`span.kind tag ${JSON.stringify(kindTag)} not understood`);
  const scope = scopeFrom(attributes) ?? scopeFrom(resource);
  const startNs =
    toNanos(s.startTime, 'us') ??
    (typeof s.startTimeMillis === 'number' ? toNanos(s.startTimeMillis, 'ms') : null);
  const dur = toNanos(s.duration, 'us');
  const traceState = attributes['w3c.tracestate'];
  ctx.spans.push(
    buildSpan(
      {
        traceId: rawTraceId,
        spanId: s.spanID,
        parentSpanId,
        idEncoding: 'hex',
        name: s.operationName,
        kind,
        resource,
        scope,
        attributes,
        startNs,
        endNs: startNs !== null && dur !== null ? startNs + dur : null,
        status: statusFrom(attributes),
        events,
        links,
        ...(typeof traceState === 'string' && traceState ? { traceState } : {}),
        parentIsRemote: null,
        source: endLine !== undefined ? { line, endLine } : { line },
        notes,
      },
      ctx.spans.length,
      ctx.diagnostics,
    ),
  );
}

const spansArrays = (key: string | null) => key === 'spans';

/** Convert the traces of one parsed value; `from`/`to` bound its text for span positions. */
function readValue(value: unknown, from: number, to: number, ctx: Ctx): number {
  const traces = tracesOf(value).filter(isJaegerTrace);
  const total = traces.reduce((n, t) => n + (t.spans as unknown[]).length, 0);
  const fallbackLine = ctx.input.positionAt(from).line;
  // Every span of a one-line value (the API and the UI download write compact JSON) is on that
  // line: no need to scan 100 MB of text for span positions.
  const oneLine = fallbackLine === ctx.input.positionAt(Math.max(from, to - 1)).line;
  let ranges: JsonRange[] = oneLine ? [] : findObjectRanges(ctx.input.text, spansArrays, from, to);
  if (ranges.length !== total) ranges = [];
  let k = 0;
  for (const t of traces) {
    if (Array.isArray(t.warnings)) {
      for (const w of t.warnings) {
        ctx.diagnostics.push({
          code: 'format.jaeger.trace-warning',
          severity: 'info',
          message: `Jaeger warning for trace ${textOf(t.traceID)}: ${textOf(w)}`,
          location: { line: fallbackLine },
        });
      }
    }
    for (const s of t.spans as unknown[]) {
      const r = ranges[k++];
      if (!isObj(s)) continue;
      if (r)
        toSpan(s, t, ctx.input.positionAt(r.start).line, ctx.input.positionAt(r.end - 1).line, ctx);
      else toSpan(s, t, fallbackLine, oneLine ? fallbackLine : undefined, ctx);
    }
  }
  if (isObj(value) && Array.isArray(value.errors)) {
    for (const e of value.errors) {
      const msg = isObj(e)
        ? `${textOf(e.msg ?? e.message ?? 'error')}${e.code !== undefined ? ` (code ${textOf(e.code)})` : ''}${e.traceID ? ` for trace ${textOf(e.traceID)}` : ''}`
        : String(e);
      ctx.diagnostics.push({
        code: 'format.jaeger.api-error',
        severity: 'warning',
        message: `The Jaeger response reports an error: ${msg}.`,
        location: { line: fallbackLine },
      });
    }
  }
  return traces.length;
}

/** The complete span objects of a damaged chunk, parsed one by one. */
function salvage(from: number, to: number, ctx: Ctx): void {
  for (const r of findObjectRanges(ctx.input.text, spansArrays, from, to)) {
    if (r.end < 0) continue;
    const p = parseJsonText(ctx.input.text.slice(r.start, r.end), r.start, ctx.input);
    if (!p.ok || !isObj(p.value)) continue;
    ctx.salvaged++;
    toSpan(
      p.value,
      null,
      ctx.input.positionAt(r.start).line,
      ctx.input.positionAt(r.end - 1).line,
      ctx,
    );
  }
}

function parse(input: InputText): ParseResult {
  const fast = fastDocs.take(input);
  if (fast) {
    // Every decoded tag list must have been taken by kvList, where the general path reads the
    // same list; one anywhere else (inside a mangled value that is shown as text) would read
    // differently, and then the general path reads the text after all.
    const { result, ctx } = convert(input, fast.parsed);
    if (ctx.decodedTaken === fast.decoded) return result;
  }
  return parseJaegerDocument(input, input.json());
}

/** The importer's work once the text is parsed (by the fast path or by `input.json()`). */
export function parseJaegerDocument(input: InputText, whole: JsonParse): ParseResult {
  return convert(input, whole).result;
}

function convert(input: InputText, whole: JsonParse): { result: ParseResult; ctx: Ctx } {
  const ctx: Ctx = {
    input,
    diagnostics: [],
    spans: [],
    missingProcesses: new Set(),
    shortTraceIds: false,
    salvaged: 0,
    decodedTaken: 0,
  };
  let traces = 0;
  let shape = '';
  if (whole.ok) {
    const v = whole.value;
    shape =
      isObj(v) && 'data' in v
        ? '/api/traces envelope'
        : Array.isArray(v)
          ? 'array of traces'
          : 'trace object';
    traces = readValue(v, 0, input.length, ctx);
  } else {
    const chunks = input.jsonValues();
    shape = chunks.length > 1 ? 'JSON Lines / concatenated values' : 'damaged JSON';
    for (const c of chunks) {
      if (c.result.ok) {
        traces += readValue(c.result.value, c.start, c.end, ctx);
        continue;
      }
      const before = ctx.salvaged;
      salvage(c.start, c.end, ctx);
      const got = ctx.salvaged - before;
      const err = c.result.error;
      ctx.diagnostics.push({
        code: 'parse.json.invalid',
        severity: 'error',
        message: `The Jaeger JSON could not be read: ${err.message}.${got ? ` ${got} complete span${got === 1 ? ' was' : 's were'} recovered from it.` : ''}`,
        location: { line: err.line, column: err.column },
        hint: 'The text may be cut off. Download the trace again (Jaeger UI: Trace → Download JSON).',
      });
    }
    if (chunks.length === 0) {
      const err = whole.error;
      ctx.diagnostics.push({
        code: 'parse.json.invalid',
        severity: 'error',
        message: `The Jaeger JSON could not be read: ${err.message}.`,
        location: { line: err.line, column: err.column },
      });
    }
  }
  for (const pid of ctx.missingProcesses) {
    ctx.diagnostics.push({
      code: 'format.jaeger.process-missing',
      severity: 'warning',
      message: `Spans refer to process "${pid}", which is not in the trace's processes; their service is unknown.`,
    });
  }
  if (ctx.spans.length === 0 && !ctx.diagnostics.some(d => d.severity !== 'info')) {
    ctx.diagnostics.push({
      code: 'format.no-spans',
      severity: 'warning',
      message: 'The Jaeger JSON holds no spans.',
    });
  }
  const parts = [shape, `${traces} trace${traces === 1 ? '' : 's'}`, `${ctx.spans.length} spans`];
  if (ctx.shortTraceIds) parts.push('64-bit trace ids');
  if (ctx.salvaged) parts.push(`${ctx.salvaged} spans salvaged`);
  return {
    result: { spans: ctx.spans, diagnostics: ctx.diagnostics, dialect: parts.join(', ') },
    ctx,
  };
}

export const jaegerJson: FormatModule = {
  id: 'jaeger-json',
  label: 'Jaeger JSON (query API / UI download)',
  specUrl: 'https://github.com/jaegertracing/jaeger/blob/main/internal/uimodel/model.go',
  sniff,
  parse,
};
