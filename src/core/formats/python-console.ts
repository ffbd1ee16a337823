// Python `opentelemetry-sdk` ConsoleSpanExporter output (formats.md §4): `ReadableSpan.to_json()`
// printed per span — pretty-printed JSON objects back to back, no array, no commas, often with the
// application's log lines in between and CRLF on Windows. Ids carry a `0x` prefix, kinds read
// `SpanKind.SERVER`, times are ISO 8601 (µs), status is `{status_code, description}`, the
// context's `trace_state` is a Python repr (`['{key=congo, value=t61rcWkgMzE}']`), and the
// resource is `{attributes, schema_url}` (a flat map before SDK 1.12). No scope, no remote flag.
// Spec/source: https://github.com/open-telemetry/opentelemetry-python/blob/main/opentelemetry-sdk/src/opentelemetry/sdk/trace/__init__.py

import {
  parseJsonText,
  scanValueEnd,
  type InputText,
  type JsonChunk,
} from '../input/input-text.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { normalizeId } from '../model/ids.ts';
import type { Attributes, Span, SpanEvent, SpanLink } from '../model/span.ts';
import { isoToNanos } from '../model/time.ts';
import { findObjectRanges } from './json-ranges.ts';
import { buildSpan, otelKindFrom, statusCodeFrom, toAttributes, textOf } from './span-builder.ts';
import { warnIfNoSpans } from './record-reader.ts';
import type { FormatModule, ParseResult } from './types.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const KIND = /"kind"\s*:\s*"SpanKind\.[A-Z]+"/;
const HEX_0X_ID = /"(?:trace_id|span_id)"\s*:\s*"0x[0-9a-fA-F]{16,32}"/;

function sniff(input: InputText): string | null {
  const why = sniffText(input.firstChunk(8192));
  if (why || !/^\s*[{[]/.test(input.firstChunk(64))) return why;
  // The fields come after the name: a span whose name is a megabyte long still is a span.
  return input.length > 8192 ? sniffText(input.firstChunk(SNIFF_FAR)) : null;
}

/** How far to look for the first span's fields when its name or a log line is huge. */
const SNIFF_FAR = 4 << 20;

function sniffText(head: string): string | null {
  if (KIND.test(head)) return 'JSON objects with "kind": "SpanKind.…" (Python ConsoleSpanExporter)';
  if (HEX_0X_ID.test(head) && /"context"\s*:/.test(head)) {
    return 'JSON objects with 0x-prefixed context.trace_id (Python ConsoleSpanExporter)';
  }
  return null;
}

/**
 * Python prints the TraceState as `str(list)` of `{key=k, value=v}` strings. Returns the W3C
 * `k=v,k2=v2` text, '' for an empty list, or null when the text is not in that shape.
 */
export function pythonTraceState(repr: unknown): string | null {
  if (typeof repr !== 'string') return null;
  const s = repr.trim();
  if (s === '' || s === '[]') return '';
  if (!s.startsWith('[')) return null;
  const pairs: string[] = [];
  const re = /\{key=([^,{}]*), value=([^{}]*)\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) pairs.push(`${m[1]}=${m[2]}`);
  return pairs.length ? pairs.join(',') : null;
}

function span0x(raw: unknown, bytes: 16 | 8): string {
  return normalizeId(raw, bytes).id;
}

function toEvents(v: unknown): SpanEvent[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map(e => ({
    name: typeof e.name === 'string' ? e.name : textOf(e.name ?? ''),
    timeNs: isoToNanos(e.timestamp),
    attributes: toAttributes(e.attributes),
  }));
}

function toLinks(v: unknown, notes: string[]): SpanLink[] {
  if (!Array.isArray(v)) return [];
  const out: SpanLink[] = [];
  for (const l of v) {
    if (!isObj(l)) continue;
    const ctx = isObj(l.context) ? l.context : {};
    const link: SpanLink = {
      traceId: span0x(ctx.trace_id, 16),
      spanId: span0x(ctx.span_id, 8),
      attributes: toAttributes(l.attributes),
    };
    const ts = pythonTraceState(ctx.trace_state);
    if (ts) link.traceState = ts;
    else if (ts === null && ctx.trace_state !== undefined) {
      notes.push(
        `link trace_state ${JSON.stringify(ctx.trace_state)} is not in Python's repr form; ignored`,
      );
    }
    out.push(link);
  }
  return out;
}

function toResource(v: unknown, notes: string[]): Attributes {
  if (!isObj(v)) return toAttributes(undefined);
  const keys = Object.keys(v);
  if (isObj(v.attributes) && keys.every(k => k === 'attributes' || k === 'schema_url')) {
    return toAttributes(v.attributes);
  }
  notes.push('resource printed as a flat attribute map (SDK before 1.12)');
  return toAttributes(v);
}

function isPythonSpan(v: unknown): v is Obj {
  return isObj(v) && 'context' in v && ('kind' in v || 'start_time' in v || 'parent_id' in v);
}

function toSpan(
  o: Obj,
  index: number,
  line: number,
  endLine: number,
  diagnostics: Diagnostic[],
): Span {
  const notes: string[] = [];
  const ctx = isObj(o.context) ? o.context : null;
  if (!ctx) notes.push('"context" is null: the span has no trace or span id');
  const kind = otelKindFrom(o.kind);
  if (kind === null && o.kind !== undefined)
    notes.push(`kind ${JSON.stringify(o.kind)} not understood`);
  const status = isObj(o.status) ? o.status : {};
  const code = statusCodeFrom(status.status_code);
  const traceState = pythonTraceState(ctx?.trace_state);
  if (traceState === null && ctx?.trace_state !== undefined) {
    notes.push(
      `trace_state ${JSON.stringify(ctx.trace_state)} is not in Python's repr form; ignored`,
    );
  }
  const span = buildSpan(
    {
      traceId: ctx?.trace_id,
      spanId: ctx?.span_id,
      parentSpanId: o.parent_id,
      idEncoding: 'hex',
      name: o.name,
      kind,
      resource: toResource(o.resource, notes),
      attributes: toAttributes(o.attributes),
      startNs: isoToNanos(o.start_time),
      endNs: isoToNanos(o.end_time),
      status:
        typeof status.description === 'string' && status.description !== ''
          ? { code, message: status.description }
          : { code },
      events: toEvents(o.events),
      links: toLinks(o.links, notes),
      ...(traceState ? { traceState } : {}),
      parentIsRemote: null,
      source: { line, endLine },
      notes,
    },
    index,
    diagnostics,
  );
  return span;
}

/** Offsets of the `{` that start a line (column 1) in [from, to). */
function columnOneBraces(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  if (text.charCodeAt(from) === 123) out.push(from);
  for (let i = text.indexOf('\n{', from); i !== -1 && i + 1 < to; i = text.indexOf('\n{', i + 1)) {
    out.push(i + 1);
  }
  return out;
}

/**
 * A value that does not parse may have swallowed the spans printed after it (an unbalanced brace
 * makes the scanner run on). Split its text again at every `{` in column 1 — where each printed
 * span starts — so one damaged span costs only itself.
 */
function resplit(input: InputText, chunk: JsonChunk): JsonChunk[] {
  const t = input.text;
  const starts = columnOneBraces(t, chunk.start, chunk.end);
  if (starts[0] !== chunk.start) starts.unshift(chunk.start);
  if (starts.length === 1) return [chunk];
  const out: JsonChunk[] = [];
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k]!;
    const limit = k + 1 < starts.length ? starts[k + 1]! : chunk.end;
    const e = scanValueEnd(t, s, limit); // bounded: linear however many pieces are broken
    const end = e !== -1 && e <= limit ? e : limit;
    const text = t.slice(s, end);
    out.push({
      start: s,
      end,
      line: input.positionAt(s).line,
      endLine: input.positionAt(Math.max(s, end - 1)).line,
      result: parseJsonText(e !== -1 && e <= limit ? text : text.trimEnd(), s, input),
    });
  }
  return out;
}

/** Log text such as `[INFO] …` also reaches the JSON splitter; only report what looked like a span. */
function looksLikeSpanText(input: InputText, c: JsonChunk): boolean {
  const t = input.text;
  if (t.charCodeAt(c.start) === 123) return true;
  const text = t.slice(c.start, Math.min(c.end, c.start + 4096));
  return /"(?:trace_id|span_id|context)"\s*:/.test(text);
}

function parse(input: InputText): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const spans: Span[] = [];
  const chunks: JsonChunk[] = [];
  for (const c of input.jsonValues()) {
    if (c.result.ok) chunks.push(c);
    else chunks.push(...resplit(input, c));
  }
  let skipped = 0;
  let firstSkippedLine = 0;
  let arrays = 0;
  let flatResource = false;
  for (const c of chunks) {
    if (!c.result.ok) {
      if (!looksLikeSpanText(input, c)) continue;
      const err = c.result.error;
      diagnostics.push({
        code: 'parse.json.invalid',
        severity: 'error',
        message: `The span printed at line ${c.line} could not be read: ${err.message}.`,
        location: { line: err.line, column: err.column },
        hint: 'The text may be cut off or edited by hand. The other spans were imported.',
      });
      continue;
    }
    const value = c.result.value;
    let items: { value: unknown; line: number; endLine: number }[];
    if (Array.isArray(value)) {
      arrays++;
      const ranges = findObjectRanges(input.text, (k, d) => k === null && d === 1, c.start, c.end);
      items = value.map((v, i) => {
        const r = ranges.length === value.length ? ranges[i] : undefined;
        return r
          ? {
              value: v,
              line: input.positionAt(r.start).line,
              endLine: input.positionAt(r.end - 1).line,
            }
          : { value: v, line: c.line, endLine: c.endLine };
      });
    } else items = [{ value, line: c.line, endLine: c.endLine }];
    for (const it of items) {
      if (!isPythonSpan(it.value)) {
        skipped++;
        firstSkippedLine ||= it.line;
        continue;
      }
      const span = toSpan(it.value, spans.length, it.line, it.endLine, diagnostics);
      if (span.notes?.some(n => n.startsWith('resource printed as a flat'))) flatResource = true;
      spans.push(span);
    }
  }
  if (skipped) {
    diagnostics.push({
      code: 'format.python-console.not-a-span',
      severity: 'info',
      message: `${skipped} JSON value${skipped === 1 ? '' : 's'} that ${skipped === 1 ? 'is' : 'are'} not a span ${skipped === 1 ? 'was' : 'were'} skipped (first at line ${firstSkippedLine}).`,
      location: { line: firstSkippedLine },
    });
  }
  warnIfNoSpans(
    spans.length,
    diagnostics,
    'format.no-spans',
    'No spans were found in the Python console output.',
  );
  const parts = [`${spans.length} span object${spans.length === 1 ? '' : 's'}`];
  if (arrays) parts.push('wrapped in a JSON array');
  if (flatResource) parts.push('pre-1.12 flat resource');
  return { spans, diagnostics, dialect: parts.join(', ') };
}

export const pythonConsole: FormatModule = {
  id: 'python-console',
  label: 'Python SDK ConsoleSpanExporter (JSON objects)',
  specUrl:
    'https://github.com/open-telemetry/opentelemetry-python/blob/main/opentelemetry-sdk/src/opentelemetry/sdk/trace/export/__init__.py',
  sniff,
  parse,
};
