// Check an ExportTraceServiceRequest in its OTLP/JSON shape (as received, or decoded from
// protobuf) and split it into what the store keeps: one group per ResourceSpans × ScopeSpans
// (their JSON without the child list) and each span's JSON as received. Checking finishes before
// anything is stored, so a malformed request stores nothing.
// Spec: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding (ids are hex strings,
// keys lowerCamelCase).

export interface ReceivedSpan {
  /** Lowercase hex; the store's index key. */
  traceId: string;
  spanId: string;
  /** Lowercase hex, or '' for a root. */
  parentSpanId: string;
  name: string;
  /** The span as received (OTLP/JSON). */
  json: string;
}

export interface ReceivedGroup {
  /** The ResourceSpans object without `scopeSpans`. */
  resourceJson: string;
  /** The ScopeSpans object without `spans`. */
  scopeJson: string;
  serviceName: string | null;
  spans: ReceivedSpan[];
}

export interface ReceivedBatch {
  groups: ReceivedGroup[];
  spanCount: number;
}

/** The request is not a valid ExportTraceServiceRequest (HTTP 400 / gRPC INVALID_ARGUMENT). */
export class PayloadError extends Error {}

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const HEX = /^[0-9a-fA-F]*$/;

function arrayAt(obj: Rec, key: string, path: string): unknown[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new PayloadError(`${path}.${key} must be an array`);
  return v;
}

function checkId(value: unknown, hexLength: number, path: string, required: boolean): string {
  if (value === undefined || value === null || value === '') {
    if (required) throw new PayloadError(`${path} is missing or empty`);
    return '';
  }
  if (typeof value !== 'string') throw new PayloadError(`${path} must be a hex string`);
  if (!HEX.test(value) || value.length !== hexLength) {
    const looksBase64 = !HEX.test(value) && /^[A-Za-z0-9+/]+=*$/.test(value);
    throw new PayloadError(
      `${path} must be ${hexLength} hex characters, got ${JSON.stringify(value.slice(0, 40))}` +
        (looksBase64 ? ' (looks like base64: OTLP/JSON writes ids as hex)' : ''),
    );
  }
  return value.toLowerCase();
}

function serviceNameOf(resource: unknown): string | null {
  if (!isRec(resource) || !Array.isArray(resource.attributes)) return null;
  for (const kv of resource.attributes) {
    if (isRec(kv) && kv.key === 'service.name' && isRec(kv.value)) {
      const s = kv.value.stringValue;
      if (typeof s === 'string') return s;
    }
  }
  return null;
}

function without(obj: Rec, key: string): string {
  const copy: Rec = {};
  for (const k of Object.keys(obj)) if (k !== key) copy[k] = obj[k];
  return JSON.stringify(copy);
}

/** Validate and split a request. Throws PayloadError with the JSON path of the first problem. */
export function readExportRequest(value: unknown): ReceivedBatch {
  if (!isRec(value))
    throw new PayloadError('the body must be a JSON object (ExportTraceServiceRequest)');
  if (value.resourceSpans === undefined) {
    if ('resource_spans' in value)
      throw new PayloadError(
        'use lowerCamelCase keys (resourceSpans, scopeSpans, traceId …) as OTLP/JSON requires',
      );
    const keys = Object.keys(value);
    if (keys.length)
      throw new PayloadError(
        `no resourceSpans in the request (top-level keys: ${keys.slice(0, 6).join(', ')})`,
      );
  }
  const groups: ReceivedGroup[] = [];
  let spanCount = 0;
  arrayAt(value, 'resourceSpans', '$').forEach((rs, i) => {
    const rsPath = `resourceSpans[${i}]`;
    if (!isRec(rs)) throw new PayloadError(`${rsPath} must be an object`);
    if (rs.resource !== undefined && rs.resource !== null && !isRec(rs.resource))
      throw new PayloadError(`${rsPath}.resource must be an object`);
    if (rs.scopeSpans === undefined && Array.isArray(rs.instrumentationLibrarySpans))
      throw new PayloadError(
        `${rsPath} uses the legacy instrumentationLibrarySpans (removed in OTLP 0.19): send scopeSpans`,
      );
    const resourceJson = without(rs, 'scopeSpans');
    const serviceName = serviceNameOf(rs.resource);
    arrayAt(rs, 'scopeSpans', rsPath).forEach((ss, j) => {
      const ssPath = `${rsPath}.scopeSpans[${j}]`;
      if (!isRec(ss)) throw new PayloadError(`${ssPath} must be an object`);
      if (ss.scope !== undefined && ss.scope !== null && !isRec(ss.scope))
        throw new PayloadError(`${ssPath}.scope must be an object`);
      const spans: ReceivedSpan[] = [];
      arrayAt(ss, 'spans', ssPath).forEach((sp, k) => {
        const p = `${ssPath}.spans[${k}]`;
        if (!isRec(sp)) throw new PayloadError(`${p} must be an object`);
        if (sp.name !== undefined && typeof sp.name !== 'string')
          throw new PayloadError(`${p}.name must be a string`);
        for (const key of ['attributes', 'events', 'links'])
          if (sp[key] !== undefined && sp[key] !== null && !Array.isArray(sp[key]))
            throw new PayloadError(`${p}.${key} must be an array`);
        spans.push({
          traceId: checkId(sp.traceId, 32, `${p}.traceId`, true),
          spanId: checkId(sp.spanId, 16, `${p}.spanId`, true),
          parentSpanId: checkId(sp.parentSpanId, 16, `${p}.parentSpanId`, false),
          name: typeof sp.name === 'string' ? sp.name : '',
          json: JSON.stringify(sp),
        });
      });
      spanCount += spans.length;
      if (spans.length)
        groups.push({ resourceJson, scopeJson: without(ss, 'spans'), serviceName, spans });
    });
  });
  return { groups, spanCount };
}
