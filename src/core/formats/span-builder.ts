// Helpers every importer uses to build normalised spans the same way: ids through normalizeId,
// attribute flattening, OpenInference kind lookup and service name. Importers stay short and a
// repair is recorded identically everywhere.

import type { Diagnostic } from '../model/diagnostic.ts';
import { normalizeId, normalizeParentId } from '../model/ids.ts';
import type {
  Attributes,
  AttrValue,
  OiKind,
  OtelKind,
  SourceRef,
  Span,
  SpanStatus,
  StatusCode,
} from '../model/span.ts';

/** A null-prototype attribute map, so keys like `__proto__` are plain data. */
export function newAttributes(): Attributes {
  return Object.create(null) as Attributes;
}

/** Set a key on a null-prototype map (safe for `__proto__`, `constructor`). */
export function setAttr(attrs: Attributes, key: string, value: AttrValue): void {
  // Without a prototype there is no inherited `__proto__` setter, so plain assignment creates an
  // own data property for every key — and is several times faster than defineProperty.
  if (Object.getPrototypeOf(attrs) === null) {
    attrs[key] = value;
    return;
  }
  Object.defineProperty(attrs, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Flatten nested objects into dotted keys (`{llm:{token_count:{prompt:42}}}` →
 * `llm.token_count.prompt`). Arrays of primitives stay arrays; arrays of objects get index
 * segments (`llm.input_messages.0.message.role`), as OpenInference flattens them.
 */
export function flattenInto(target: Attributes, value: unknown, prefix: string): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) setAttr(target, prefix, {});
    for (const [k, v] of entries) flattenInto(target, v, prefix ? `${prefix}.${k}` : k);
    return;
  }
  if (Array.isArray(value) && value.some(v => v !== null && typeof v === 'object')) {
    value.forEach((v, i) => flattenInto(target, v, `${prefix}.${i}`));
    return;
  }
  if (prefix) setAttr(target, prefix, toAttrValue(value));
}

export function flatten(value: unknown): Attributes {
  const out = newAttributes();
  flattenInto(out, value, '');
  return out;
}

/** Copy a plain object into a null-prototype map without flattening. */
export function toAttributes(obj: unknown): Attributes {
  const out = newAttributes();
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) setAttr(out, k, toAttrValue(v));
  }
  return out;
}

export function toAttrValue(v: unknown): AttrValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(toAttrValue);
  if (typeof v === 'object') {
    const out: { [k: string]: AttrValue } = Object.create(null) as { [k: string]: AttrValue };
    // `out` has no prototype: assignment is safe for `__proto__` (see setAttr).
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toAttrValue(x);
    return out;
  }
  return String(v);
}

const OI_KEYS = ['openinference.span.kind', 'span_kind', 'span.kind.openinference'];

/** OpenInference kind from attributes (`openinference.span.kind`), upper-cased; null if absent. */
export function oiKindFrom(attrs: Attributes, fallback?: unknown): OiKind | null {
  for (const k of OI_KEYS) {
    const v = attrs[k];
    if (typeof v === 'string' && v.trim()) return v.trim().toUpperCase();
  }
  if (typeof fallback === 'string' && fallback.trim()) return fallback.trim().toUpperCase();
  return null;
}

export function serviceNameFrom(resource: Attributes): string | null {
  const v = resource['service.name'];
  return typeof v === 'string' ? v : v === undefined || v === null ? null : String(v);
}

const KIND_NAMES: Record<string, OtelKind> = {
  INTERNAL: 'INTERNAL',
  SERVER: 'SERVER',
  CLIENT: 'CLIENT',
  PRODUCER: 'PRODUCER',
  CONSUMER: 'CONSUMER',
  UNSPECIFIED: 'UNSPECIFIED',
};
const OTLP_KIND_NUMBERS: OtelKind[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

/**
 * OTel span kind from an OTLP int (1 = INTERNAL … 5 = CONSUMER), an enum name
 * (`SPAN_KIND_SERVER`, `SpanKind.SERVER`, `Server`, `server`). Use `jsApiKind` for the JS API's
 * 0-based numbers. Returns null when unreadable.
 */
export function otelKindFrom(v: unknown): OtelKind | null {
  if (typeof v === 'number') return OTLP_KIND_NUMBERS[v] ?? null;
  if (typeof v !== 'string') return null;
  if (/^\d+$/.test(v)) return OTLP_KIND_NUMBERS[Number(v)] ?? null;
  const name = v.replace(/^SPAN_KIND_|^SpanKind\./i, '').toUpperCase();
  return KIND_NAMES[name] ?? null;
}

/** The JS API's 0-based SpanKind (0 = INTERNAL … 4 = CONSUMER) — off by one against OTLP. */
export function jsApiKind(v: unknown): OtelKind | null {
  if (typeof v !== 'number') return otelKindFrom(v);
  return (['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const)[v] ?? null;
}

/** Status from OTLP int (0/1/2), enum names (`STATUS_CODE_ERROR`, `ERROR`, `Error`). */
export function statusCodeFrom(v: unknown): StatusCode {
  if (v === 1 || v === '1') return 'OK';
  if (v === 2 || v === '2') return 'ERROR';
  if (typeof v === 'string') {
    const s = v.replace(/^STATUS_CODE_|^StatusCode\./i, '').toUpperCase();
    if (s === 'OK' || s === 'ERROR') return s;
  }
  return 'UNSET';
}

export interface RawSpanFields {
  traceId: unknown;
  spanId: unknown;
  parentSpanId?: unknown;
  /** Id encoding the format defines; 'auto' decides by length and alphabet. */
  idEncoding?: 'auto' | 'hex' | 'base64' | 'decimal';
  name?: unknown;
  kind: OtelKind | null;
  oiKind?: OiKind | null;
  resource?: Attributes;
  scope?: Span['scope'];
  attributes?: Attributes;
  startNs: bigint | null;
  endNs: bigint | null;
  status?: SpanStatus;
  events?: Span['events'];
  links?: Span['links'];
  traceState?: string;
  flags?: number;
  parentIsRemote?: boolean | null;
  source: SourceRef;
  notes?: string[];
}

/**
 * Build one normalised span and record id problems as diagnostics (the span is kept either way:
 * `invalid-id` in the tree names it). `index` is set by the caller's array position.
 */
export function buildSpan(raw: RawSpanFields, index: number, diagnostics: Diagnostic[]): Span {
  const enc = raw.idEncoding ?? 'auto';
  const notes = [...(raw.notes ?? [])];
  const tid = normalizeId(raw.traceId, 16, enc);
  const sid = normalizeId(raw.spanId, 8, enc);
  const pid = normalizeParentId(raw.parentSpanId, enc);
  for (const r of [tid, sid, pid]) if (r?.note) notes.push(r.note);
  const attributes = raw.attributes ?? newAttributes();
  const resource = raw.resource ?? newAttributes();
  const name = typeof raw.name === 'string' ? raw.name : raw.name == null ? '' : String(raw.name);
  if (raw.startNs === null) {
    diagnostics.push({
      code: 'format.time.missing',
      severity: 'warning',
      message: `Span "${name}" (${sid.id || '?'}) has no readable start time.`,
      location: { line: raw.source.line, spanId: sid.id },
    });
  }
  const span: Span = {
    index,
    traceId: tid.id,
    spanId: sid.id,
    parentSpanId: pid ? pid.id : null,
    name,
    kind: raw.kind,
    oiKind: raw.oiKind !== undefined ? raw.oiKind : oiKindFrom(attributes),
    serviceName: serviceNameFrom(resource),
    resource,
    scope: raw.scope ?? null,
    attributes,
    startNs: raw.startNs,
    endNs: raw.endNs,
    status: raw.status ?? { code: 'UNSET' },
    events: raw.events ?? [],
    links: raw.links ?? [],
    parentIsRemote: raw.parentIsRemote ?? null,
    source: raw.source,
  };
  if (raw.traceState) span.traceState = raw.traceState;
  if (raw.flags !== undefined) span.flags = raw.flags;
  if (notes.length) span.notes = notes;
  return span;
}

/** OTLP span flags → remote-parent marker (formats.md §1.6): 0x100 has-is-remote, 0x200 is-remote. */
export function remoteFromFlags(flags: number | undefined): boolean | null {
  if (flags === undefined || (flags & 0x100) === 0) return null;
  return (flags & 0x200) !== 0;
}
