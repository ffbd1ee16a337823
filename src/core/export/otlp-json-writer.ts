// Normalised spans → OTLP/JSON (`ExportTraceServiceRequest`, the protobuf JSON mapping as the
// OTLP/HTTP JSON exporters send it): camelCase keys, lowercase hex ids, unix nanoseconds as decimal
// strings, `intValue` as a string, enum values as numbers. Spans are grouped by resource and scope
// in first-seen order. Nothing is invented: unknown times are omitted, an unknown span kind is
// written as 0 (UNSPECIFIED), and span flags are the exported ones or — when the model only knows
// `parentIsRemote` — rebuilt from it (0x100 has-is-remote, 0x200 is-remote).
// Spec: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding

import { MAX_NESTING, TOO_DEEP } from '../input/depth-limit.ts';
import type { AttrValue, Attributes, InstrumentationScope, OtelKind, Span } from '../model/span.ts';

export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | string }
  | { arrayValue: { values: OtlpAnyValue[] } }
  | { kvlistValue: { values: OtlpKeyValue[] } }
  | Record<string, never>;

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
  events: {
    timeUnixNano?: string;
    name: string;
    attributes: OtlpKeyValue[];
    droppedAttributesCount: number;
  }[];
  droppedEventsCount: number;
  links: {
    traceId: string;
    spanId: string;
    traceState?: string;
    attributes: OtlpKeyValue[];
    droppedAttributesCount: number;
    flags?: number;
  }[];
  droppedLinksCount: number;
  status: { code?: number; message?: string };
  flags?: number;
}

export interface OtlpJsonRequest {
  resourceSpans: {
    resource: { attributes: OtlpKeyValue[]; droppedAttributesCount: number };
    scopeSpans: {
      scope: { name: string; version?: string; attributes?: OtlpKeyValue[] };
      spans: OtlpSpan[];
    }[];
  }[];
}

const KIND: Record<OtelKind, number> = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
};
const STATUS = { UNSET: 0, OK: 1, ERROR: 2 } as const;

/**
 * AnyValue levels written at most: each is three JSON levels (`{"arrayValue":{"values":[`), so
 * this keeps the document within the MAX_NESTING levels the importers read back (and within
 * JSON.stringify's recursion limit). Deeper parts are written as the TOO_DEEP marker.
 */
const MAX_ANY_VALUE_DEPTH = Math.floor((MAX_NESTING - 10) / 3);

export function toAnyValue(v: AttrValue): OtlpAnyValue {
  return anyValueAt(v, 0);
}

function anyValueAt(v: AttrValue, depth: number): OtlpAnyValue {
  if (v === null) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') {
    // intValue is an int64: larger integers (1e300) are doubles, not "1e+300".
    if (Number.isSafeInteger(v)) return { intValue: String(v) };
    if (Number.isNaN(v)) return { doubleValue: 'NaN' };
    if (!Number.isFinite(v)) return { doubleValue: v > 0 ? 'Infinity' : '-Infinity' };
    return { doubleValue: v };
  }
  if (depth >= MAX_ANY_VALUE_DEPTH) return { stringValue: TOO_DEEP };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(x => anyValueAt(x, depth + 1)) } };
  return { kvlistValue: { values: keyValuesAt(v, depth + 1) } };
}

export function toKeyValues(attrs: Attributes | { [key: string]: AttrValue }): OtlpKeyValue[] {
  return keyValuesAt(attrs, 0);
}

function keyValuesAt(
  attrs: Attributes | { [key: string]: AttrValue },
  depth: number,
): OtlpKeyValue[] {
  return Object.keys(attrs).map(key => ({ key, value: anyValueAt(attrs[key]!, depth) }));
}

function remoteFlags(s: Span): number | undefined {
  if (s.flags !== undefined) return s.flags;
  if (s.parentIsRemote === null) return undefined;
  return 0x100 | (s.parentIsRemote ? 0x200 : 0);
}

export function spanToOtlp(s: Span): OtlpSpan {
  const out: OtlpSpan = {
    traceId: s.traceId,
    spanId: s.spanId,
    name: s.name,
    kind: s.kind === null ? 0 : KIND[s.kind],
    attributes: toKeyValues(s.attributes),
    droppedAttributesCount: 0,
    events: s.events.map(e => {
      const ev: OtlpSpan['events'][number] = {
        name: e.name,
        attributes: toKeyValues(e.attributes),
        droppedAttributesCount: 0,
      };
      if (e.timeNs !== null) ev.timeUnixNano = e.timeNs.toString();
      return ev;
    }),
    droppedEventsCount: 0,
    links: s.links.map(l => {
      const link: OtlpSpan['links'][number] = {
        traceId: l.traceId,
        spanId: l.spanId,
        attributes: toKeyValues(l.attributes),
        droppedAttributesCount: 0,
      };
      if (l.traceState) link.traceState = l.traceState;
      if (l.flags !== undefined) link.flags = l.flags;
      return link;
    }),
    droppedLinksCount: 0,
    status: s.status.code === 'UNSET' && !s.status.message ? {} : { code: STATUS[s.status.code] },
  };
  if (s.status.message) out.status.message = s.status.message;
  if (s.parentSpanId !== null) out.parentSpanId = s.parentSpanId;
  if (s.traceState) out.traceState = s.traceState;
  if (s.startNs !== null) out.startTimeUnixNano = s.startNs.toString();
  if (s.endNs !== null) out.endTimeUnixNano = s.endNs.toString();
  const flags = remoteFlags(s);
  if (flags !== undefined) out.flags = flags;
  return out;
}

function scopeKey(scope: InstrumentationScope | null): string {
  return scope ? `${scope.name}\u0000${scope.version ?? ''}` : '';
}

/** Spans → an OTLP/JSON request object (plain JSON: no bigint, no Map). */
export function spansToOtlpJson(spans: readonly Span[]): OtlpJsonRequest {
  const resources = new Map<
    string,
    { res: OtlpJsonRequest['resourceSpans'][number]; scopes: Map<string, OtlpSpan[]> }
  >();
  for (const s of spans) {
    const attrs = toKeyValues(s.resource);
    const rkey = JSON.stringify(attrs);
    let r = resources.get(rkey);
    if (!r) {
      r = {
        res: { resource: { attributes: attrs, droppedAttributesCount: 0 }, scopeSpans: [] },
        scopes: new Map(),
      };
      resources.set(rkey, r);
    }
    const skey = scopeKey(s.scope);
    let list = r.scopes.get(skey);
    if (!list) {
      list = [];
      r.scopes.set(skey, list);
      const scope: OtlpJsonRequest['resourceSpans'][number]['scopeSpans'][number]['scope'] = {
        name: s.scope?.name ?? '',
      };
      if (s.scope?.version) scope.version = s.scope.version;
      if (s.scope?.attributes && Object.keys(s.scope.attributes).length)
        scope.attributes = toKeyValues(s.scope.attributes);
      r.res.scopeSpans.push({ scope, spans: list });
    }
    list.push(spanToOtlp(s));
  }
  return { resourceSpans: [...resources.values()].map(r => r.res) };
}

/** The request as JSON text (2-space indent by default; 0 for one line). */
export function spansToOtlpJsonText(spans: readonly Span[], indent = 2): string {
  return JSON.stringify(spansToOtlpJson(spans), null, indent || undefined) + '\n';
}
