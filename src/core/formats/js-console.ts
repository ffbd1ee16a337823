// OpenTelemetry JS ConsoleSpanExporter output (formats.md §5): `console.dir(span, { depth: 3 })`
// per span, i.e. Node `util.inspect` text — not JSON — printed back to back. Read with the
// tolerant reader in js-literal.ts, which keeps line numbers and reports every lossy marker
// (`[Object]`, `... N more items`, truncated strings); those become notes on the span.
//
// Field names differ by SDK version: 2.x prints `parentSpanContext: { spanId, isRemote? }`
// (isRemote → parentIsRemote: true, absent → false: the parent was local), 1.x prints
// `parentId` (remote flag unknown); `instrumentationScope` (≥ 1.26) or `instrumentationLibrary`;
// `resource: { attributes }` since 1.24. `kind` is the JS API's 0-based enum (jsApiKind), not
// OTLP's. `timestamp` and `duration` are µs, often fractional (read exactly from the printed
// digits); event `time` is an HrTime `[seconds, nanos]`; status code numbers match OTLP.
// Source: https://github.com/open-telemetry/opentelemetry-js/blob/main/packages/opentelemetry-sdk-trace-base/src/export/ConsoleSpanExporter.ts

import type { InputText } from '../input/input-text.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type {
  Attributes,
  AttrValue,
  InstrumentationScope,
  Span,
  SpanEvent,
  SpanLink,
} from '../model/span.ts';
import { hrTimeToNanos, toNanos } from '../model/time.ts';
import {
  JsPlaceholder,
  jsLiteralValues,
  type JsLiteralChunk,
  type JsLiteralIssue,
} from './js-literal.ts';
import {
  buildSpan,
  jsApiKind,
  newAttributes,
  setAttr,
  statusCodeFrom,
  textOf,
} from './span-builder.ts';
import { warnIfNoSpans } from './record-reader.ts';
import type { FormatModule, ParseResult } from './types.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsPlaceholder);
}

// eslint-disable-next-line no-control-regex -- matching ANSI colour codes is the point
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

function sniff(input: InputText): string | null {
  const head = input.firstChunk(8192).replace(ANSI, '');
  if (!/^\{[ \t]*\r?$/m.test(head)) return null;
  if (/^[ \t]+traceId: ['"`][0-9a-fA-F]/m.test(head)) {
    return "object literals with unquoted keys (traceId: '…'): JS ConsoleSpanExporter";
  }
  if (
    /^[ \t]+id: ['"`][0-9a-fA-F]/m.test(head) &&
    /^[ \t]+(?:timestamp|duration): [\d.]/m.test(head)
  ) {
    return 'object literals with unquoted id/timestamp keys: JS ConsoleSpanExporter';
  }
  return null;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** util.inspect data → attribute value; placeholders keep their printed text. */
function attrValue(v: unknown): AttrValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof JsPlaceholder) return v.text;
  if (Array.isArray(v)) return v.map(attrValue);
  if (typeof v === 'object') return attrs(v);
  return String(v);
}

function attrs(v: unknown): Attributes {
  const out = newAttributes();
  // js-literal records hold only own enumerable data keys: for..in sees exactly those.
  if (isObj(v)) for (const k in v) setAttr(out, k, attrValue(v[k]));
  return out;
}

/** A TraceStateImpl printed as an object (`_internalState: Map(1) { 'k' => 'v' }`) → W3C text. */
function traceStateText(v: unknown): string | undefined {
  if (typeof v === 'string') return v || undefined;
  if (!isObj(v)) return undefined;
  const m = v._internalState;
  if (!isObj(m)) return undefined;
  // The SDK stores entries newest first and serialises them in reverse insertion order.
  const pairs = Object.entries(m).map(([k, x]) => `${k}=${textOf(x)}`);
  return pairs.length ? pairs.reverse().join(',') : undefined;
}

function toScope(o: Obj): InstrumentationScope | null {
  const s = isObj(o.instrumentationScope)
    ? o.instrumentationScope
    : isObj(o.instrumentationLibrary)
      ? o.instrumentationLibrary
      : null;
  if (!s) return null;
  const scope: InstrumentationScope = { name: str(s.name) ?? '' };
  const version = str(s.version);
  if (version) scope.version = version;
  return scope;
}

function toEvents(v: unknown): SpanEvent[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map(e => ({
    name: str(e.name) ?? '',
    timeNs: hrTimeToNanos(e.time) ?? (typeof e.time === 'number' ? toNanos(e.time, 'us') : null),
    attributes: attrs(e.attributes),
  }));
}

function toLinks(v: unknown): SpanLink[] {
  if (!Array.isArray(v)) return [];
  const out: SpanLink[] = [];
  for (const l of v) {
    if (!isObj(l)) continue;
    const ctx = isObj(l.context) ? l.context : {};
    const link: SpanLink = {
      traceId: (str(ctx.traceId) ?? '').toLowerCase(),
      spanId: (str(ctx.spanId) ?? '').toLowerCase(),
      attributes: attrs(l.attributes),
    };
    const ts = traceStateText(ctx.traceState);
    if (ts) link.traceState = ts;
    out.push(link);
  }
  return out;
}

function isJsSpan(v: unknown): v is Obj {
  return isObj(v) && 'traceId' in v && ('id' in v || 'timestamp' in v || 'duration' in v);
}

interface Dialect {
  v1: boolean;
  v2: boolean;
}

function toSpan(
  o: Obj,
  chunk: JsLiteralChunk,
  issues: JsLiteralIssue[],
  index: number,
  diagnostics: Diagnostic[],
  d: Dialect,
): Span {
  const notes = issues.map(i => `line ${i.line}: ${i.message}`);
  let parentSpanId: unknown;
  let parentIsRemote: boolean | null = null;
  const psc = o.parentSpanContext;
  if (isObj(psc)) {
    d.v2 = true;
    parentSpanId = psc.spanId;
    if (typeof psc.spanId === 'string' && psc.spanId) parentIsRemote = psc.isRemote === true;
    const ptid = str(psc.traceId);
    if (ptid && str(o.traceId) && ptid.toLowerCase() !== str(o.traceId)!.toLowerCase()) {
      notes.push(`parentSpanContext.traceId ${ptid} differs from the span's traceId`);
    }
  } else if ('parentId' in o) {
    d.v1 = true;
    parentSpanId = o.parentId;
  } else if ('parentSpanContext' in o) d.v2 = true;
  if (psc instanceof JsPlaceholder)
    notes.push(`parentSpanContext printed as ${psc.text}: parent unknown`);

  const kind = jsApiKind(o.kind);
  if (kind === null && o.kind !== undefined)
    notes.push(`kind ${textOf(o.kind)} is not a JS SpanKind value`);
  const startNs = Array.isArray(o.timestamp)
    ? hrTimeToNanos(o.timestamp)
    : toNanos(o.timestamp, 'us');
  const dur = Array.isArray(o.duration) ? hrTimeToNanos(o.duration) : toNanos(o.duration, 'us');
  const status = isObj(o.status) ? o.status : {};
  const code = statusCodeFrom(status.code);
  const message = str(status.message);
  const resource = isObj(o.resource) ? attrs(o.resource.attributes) : newAttributes();
  const traceState = traceStateText(o.traceState);
  return buildSpan(
    {
      traceId: o.traceId,
      spanId: o.id,
      parentSpanId,
      idEncoding: 'hex',
      name: o.name,
      kind,
      resource,
      scope: toScope(o),
      attributes: attrs(o.attributes),
      startNs,
      endNs: startNs !== null && dur !== null ? startNs + dur : null,
      status: message ? { code, message } : { code },
      events: toEvents(o.events),
      links: toLinks(o.links),
      ...(traceState ? { traceState } : {}),
      parentIsRemote,
      source: { line: chunk.line, endLine: chunk.endLine },
      notes,
    },
    index,
    diagnostics,
  );
}

function parse(input: InputText): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const spans: Span[] = [];
  const dialect: Dialect = { v1: false, v2: false };
  let skipped = 0;
  let firstSkippedLine = 0;
  for (const chunk of jsLiteralValues(input.text)) {
    const r = chunk.result;
    if (!r.ok) {
      diagnostics.push({
        code: 'parse.js-literal.invalid',
        severity: 'error',
        message: `The span printed at line ${chunk.line} could not be read: ${r.error.message}.`,
        location: { line: r.error.line, column: r.error.column },
        hint: 'The text may be cut off or edited by hand. The other spans were imported.',
      });
      continue;
    }
    if (!isJsSpan(r.value)) {
      skipped++;
      firstSkippedLine ||= chunk.line;
      continue;
    }
    spans.push(toSpan(r.value, chunk, r.issues, spans.length, diagnostics, dialect));
  }
  if (skipped) {
    diagnostics.push({
      code: 'format.js-console.not-a-span',
      severity: 'info',
      message: `${skipped} printed object${skipped === 1 ? '' : 's'} without traceId/id ${skipped === 1 ? 'was' : 'were'} skipped (first at line ${firstSkippedLine}).`,
      location: { line: firstSkippedLine },
    });
  }
  warnIfNoSpans(
    spans.length,
    diagnostics,
    'format.no-spans',
    'No spans were found in the JS console output.',
  );
  const parts = [`${spans.length} span${spans.length === 1 ? '' : 's'}`];
  if (dialect.v2) parts.push('SDK 2.x fields (parentSpanContext)');
  if (dialect.v1) parts.push('SDK 1.x fields (parentId, no remote flag)');
  return { spans, diagnostics, dialect: parts.join(', ') };
}

export const jsConsole: FormatModule = {
  id: 'js-console',
  label: 'OpenTelemetry JS ConsoleSpanExporter (util.inspect text)',
  specUrl:
    'https://github.com/open-telemetry/opentelemetry-js/blob/main/packages/opentelemetry-sdk-trace-base/src/export/ConsoleSpanExporter.ts',
  sniff,
  parse,
};
