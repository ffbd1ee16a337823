// Decode an OTLP/protobuf ExportTraceServiceRequest into the OTLP/JSON shape (the spec's "JSON
// Protobuf Encoding"): lowerCamelCase keys, trace/span ids as lowercase hex, 64-bit integers as
// decimal strings, enums as numbers, `bytesValue` as base64, and proto3 defaults omitted. The
// receiver stores that JSON, so a protobuf export and a JSON export of the same spans read back
// the same way.

import type { Message } from 'protobufjs';
import { ExportTraceServiceRequest } from './otlp-schema.ts';

type Rec = Record<string, unknown>;
type Json = Record<string, unknown>;

/** Raised for bytes that are not a valid ExportTraceServiceRequest. */
export class ProtobufDecodeError extends Error {}

export function decodeTraceRequest(bytes: Uint8Array): Json {
  let msg: Message;
  try {
    msg = ExportTraceServiceRequest.decode(bytes);
  } catch (e) {
    throw new ProtobufDecodeError(
      `not a valid OTLP ExportTraceServiceRequest protobuf (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const out: Json = {};
  repeatedField(msg, 'resourceSpans', out, resourceSpans);
  return out;
}

function own(m: unknown, key: string): unknown {
  return m && Object.prototype.hasOwnProperty.call(m, key) ? (m as Rec)[key] : undefined;
}

function list(m: unknown, key: string): unknown[] {
  const v = own(m, key);
  return Array.isArray(v) ? v : [];
}

const hex = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const base64 = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** A 64-bit value (a protobufjs Long, or a number) as a decimal string; BigInt is much faster than Long#toString. */
function int64(v: unknown): string {
  if (typeof v === 'number') return String(v);
  const l = v as { low: number; high: number; unsigned: boolean };
  const big = (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
  return (l.unsigned ? big : BigInt.asIntN(64, big)).toString();
}

function isZero64(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'number') return v === 0;
  const l = v as { low?: number; high?: number };
  return l.low === 0 && l.high === 0;
}

/** Copy the listed scalar fields when set to a non-default value. */
function scalars(m: unknown, out: Json, keys: string[]): void {
  for (const k of keys) {
    const v = own(m, k);
    if (v === undefined || v === null || v === '' || v === 0 || v === false) continue;
    out[k] = v;
  }
}

function bytesField(m: unknown, key: string, out: Json): void {
  const v = own(m, key);
  if (v instanceof Uint8Array && v.length > 0) out[key] = hex(v);
}

function fixed64Field(m: unknown, key: string, out: Json): void {
  const v = own(m, key);
  if (v !== undefined && !isZero64(v)) out[key] = int64(v);
}

/** A repeated field, each element converted; proto3 JSON leaves an empty list out. */
function repeatedField(m: unknown, key: string, out: Json, convert: (v: unknown) => Json): void {
  const items = list(m, key);
  if (items.length) out[key] = items.map(v => convert(v));
}

function keyValues(m: unknown, key: string, out: Json): void {
  repeatedField(m, key, out, keyValue);
}

function keyValue(kv: unknown): Json {
  const out: Json = {};
  scalars(kv, out, ['key']);
  const v = own(kv, 'value');
  if (v !== undefined && v !== null) out.value = anyValue(v);
  return out;
}

function anyValue(v: unknown): Json {
  const set = (v as { value?: string }).value;
  const x = set ? own(v, set) : undefined;
  switch (set) {
    case 'stringValue':
    case 'boolValue':
      return { [set]: x };
    case 'intValue':
      return { intValue: int64(x) };
    case 'doubleValue': {
      const d = x as number;
      // proto3 JSON writes non-finite doubles as strings.
      return { doubleValue: Number.isFinite(d) ? d : String(d) };
    }
    case 'bytesValue':
      return { bytesValue: base64(x as Uint8Array) };
    case 'arrayValue':
    case 'kvlistValue': {
      const values = list(x, 'values');
      const inner = set === 'arrayValue' ? values.map(anyValue) : values.map(keyValue);
      return { [set]: inner.length ? { values: inner } : {} };
    }
    default:
      return {};
  }
}

function resourceSpans(r: unknown): Json {
  const out: Json = {};
  const res = own(r, 'resource');
  if (res) {
    const ro: Json = {};
    keyValues(res, 'attributes', ro);
    scalars(res, ro, ['droppedAttributesCount']);
    repeatedField(res, 'entityRefs', ro, e => {
      const eo: Json = {};
      scalars(e, eo, ['schemaUrl', 'type']);
      for (const k of ['idKeys', 'descriptionKeys']) if (list(e, k).length) eo[k] = list(e, k);
      return eo;
    });
    out.resource = ro;
  }
  repeatedField(r, 'scopeSpans', out, scopeSpans);
  scalars(r, out, ['schemaUrl']);
  return out;
}

function scopeSpans(s: unknown): Json {
  const out: Json = {};
  const scope = own(s, 'scope');
  if (scope) {
    const so: Json = {};
    scalars(scope, so, ['name', 'version']);
    keyValues(scope, 'attributes', so);
    scalars(scope, so, ['droppedAttributesCount']);
    out.scope = so;
  }
  repeatedField(s, 'spans', out, span);
  scalars(s, out, ['schemaUrl']);
  return out;
}

function span(s: unknown): Json {
  const out: Json = {};
  bytesField(s, 'traceId', out);
  bytesField(s, 'spanId', out);
  scalars(s, out, ['traceState']);
  bytesField(s, 'parentSpanId', out);
  scalars(s, out, ['flags', 'name', 'kind']);
  fixed64Field(s, 'startTimeUnixNano', out);
  fixed64Field(s, 'endTimeUnixNano', out);
  keyValues(s, 'attributes', out);
  scalars(s, out, ['droppedAttributesCount']);
  repeatedField(s, 'events', out, e => {
    const eo: Json = {};
    fixed64Field(e, 'timeUnixNano', eo);
    scalars(e, eo, ['name']);
    keyValues(e, 'attributes', eo);
    scalars(e, eo, ['droppedAttributesCount']);
    return eo;
  });
  scalars(s, out, ['droppedEventsCount']);
  repeatedField(s, 'links', out, l => {
    const lo: Json = {};
    bytesField(l, 'traceId', lo);
    bytesField(l, 'spanId', lo);
    scalars(l, lo, ['traceState']);
    keyValues(l, 'attributes', lo);
    scalars(l, lo, ['droppedAttributesCount', 'flags']);
    return lo;
  });
  scalars(s, out, ['droppedLinksCount']);
  const status = own(s, 'status');
  if (status) {
    const so: Json = {};
    scalars(status, so, ['message', 'code']);
    out.status = so;
  }
  return out;
}
