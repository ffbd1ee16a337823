// Helpers every importer uses to build normalised spans the same way: ids through normalizeId,
// attribute flattening, OpenInference kind lookup and service name. Importers stay short and a
// repair is recorded identically everywhere.

import { MAX_NESTING, recordDepthCut, TOO_DEEP } from '../input/depth-limit.ts';
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
  // Not Object.create(null): V8 makes that a dictionary-mode object, which for 100k spans × 15
  // attributes costs ~5× the memory and ~3× the time of a fast object whose prototype was set to
  // null afterwards (same semantics: no inherited keys, `__proto__` stored as data).
  const attrs = {};
  Object.setPrototypeOf(attrs, null);
  return attrs as Attributes;
}

/** Set a key on a null-prototype map (safe for `__proto__`, `constructor`). */
export function setAttr(attrs: Attributes, key: string, value: AttrValue): void {
  // Without a prototype there is no inherited `__proto__` setter, so plain assignment creates an
  // own data property for every key — and is several times faster than defineProperty.
  if (Object.getPrototypeOf(attrs) === null) {
    attrs[key] = value;
    return;
  }
  Object.defineProperty(attrs, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Flatten nested objects into dotted keys (`{llm:{token_count:{prompt:42}}}` →
 * `llm.token_count.prompt`). Arrays of primitives stay arrays; arrays of objects get index
 * segments (`llm.input_messages.0.message.role`), as OpenInference flattens them. Below
 * MAX_NESTING levels the rest is cut (TOO_DEEP, recorded for analyze()'s warning).
 */
export function flattenInto(target: Attributes, value: unknown, prefix: string): void {
  flattenAt(target, value, prefix, 0);
}

function flattenAt(target: Attributes, value: unknown, prefix: string, depth: number): void {
  if (value !== null && typeof value === 'object' && depth >= MAX_NESTING) {
    recordDepthCut();
    if (prefix) setAttr(target, prefix, TOO_DEEP);
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) setAttr(target, prefix, {});
    for (const [k, v] of entries) flattenAt(target, v, prefix ? `${prefix}.${k}` : k, depth + 1);
    return;
  }
  if (Array.isArray(value) && value.some(v => v !== null && typeof v === 'object')) {
    for (let i = 0; i < value.length; i++) flattenAt(target, value[i], `${prefix}.${i}`, depth + 1);
    return;
  }
  if (prefix) setAttr(target, prefix, valueAt(value, depth));
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
    for (const [k, v] of Object.entries(obj as Record<string, unknown>))
      setAttr(out, k, valueAt(v, 1));
  }
  return out;
}

/**
 * Any parsed value as an attribute value: objects become null-prototype maps (so `__proto__` is
 * a plain key), bigints decimal text. Containers below MAX_NESTING levels are cut (TOO_DEEP).
 */
export function toAttrValue(v: unknown): AttrValue {
  return valueAt(v, 0);
}

function valueAt(v: unknown, depth: number): AttrValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'object' && depth >= MAX_NESTING) {
    recordDepthCut();
    return TOO_DEEP;
  }
  if (Array.isArray(v)) {
    const arr: AttrValue[] = new Array<AttrValue>(v.length);
    for (let i = 0; i < v.length; i++) arr[i] = valueAt(v[i], depth + 1);
    return arr;
  }
  if (typeof v === 'object') {
    const out = newAttributes() as { [k: string]: AttrValue };
    // `out` has no prototype: assignment is safe for `__proto__` (see setAttr).
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      out[k] = valueAt(x, depth + 1);
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
  return typeof v === 'string' ? v : v === undefined || v === null ? null : textOf(v);
}

/**
 * Any parsed value as text for names, ids and messages; never throws. `String(v)` throws on a map
 * without prototype and on an object whose `toString` key is data (`{"toString": 1}`): those are
 * written as JSON instead.
 */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return String(v);
  } catch {
    // no usable toString: fall through to JSON
  }
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return Object.prototype.toString.call(v);
  }
}

const KIND_NAMES: Record<string, OtelKind> = {
  INTERNAL: 'INTERNAL',
  SERVER: 'SERVER',
  CLIENT: 'CLIENT',
  PRODUCER: 'PRODUCER',
  CONSUMER: 'CONSUMER',
  UNSPECIFIED: 'UNSPECIFIED',
};
const OTLP_KIND_NUMBERS: OtelKind[] = [
  'UNSPECIFIED',
  'INTERNAL',
  'SERVER',
  'CLIENT',
  'PRODUCER',
  'CONSUMER',
];

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
  const tid = normalizeId(raw.traceId, 16, enc);
  const sid = normalizeId(raw.spanId, 8, enc);
  const pid = normalizeParentId(raw.parentSpanId, enc);
  // Most spans have no notes: no array for them (this runs 100k times for a big dump).
  let notes: string[] | undefined = raw.notes?.length ? [...raw.notes] : undefined;
  if (tid.note) (notes ??= []).push(tid.note);
  if (sid.note) (notes ??= []).push(sid.note);
  if (pid?.note) (notes ??= []).push(pid.note);
  const attributes = raw.attributes ?? newAttributes();
  const resource = raw.resource ?? newAttributes();
  const name = typeof raw.name === 'string' ? raw.name : raw.name == null ? '' : textOf(raw.name);
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
  if (notes) span.notes = notes;
  return span;
}

/** OTLP span flags → remote-parent marker (formats.md §1.6): 0x100 has-is-remote, 0x200 is-remote. */
export function remoteFromFlags(flags: number | undefined): boolean | null {
  if (flags === undefined || (flags & 0x100) === 0) return null;
  return (flags & 0x200) !== 0;
}
