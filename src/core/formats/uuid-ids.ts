// LangSmith runs (and Langfuse observations from its pre-OTel SDKs) are identified by UUIDs, while
// the span model wants W3C ids: 32 hex digits for a trace, 16 for a span. The mapping keeps ids
// recognisable and matches what the tools themselves do when they bridge to OpenTelemetry
// (langchain-ai/langsmith-sdk python/langsmith/_internal/otel/_otel_utils.py and
// js/src/experimental/otel/utils.ts):
// - trace id = the UUID's 32 hex digits, dashes removed (`uuid_to_otel_trace_id` = `uuid.hex`;
//   for OTel-ingested runs the UUID is just the OTel trace id with dashes inserted).
// - span id = 16 hex digits: the first 16 (`uuid_to_otel_span_id` = `uuid.bytes[:8]`, the span id
//   LangSmith's OTel exporter gives the run), except when the first 16 are all zero: then the UUID
//   wraps an OTel span id (`00000000-0000-0000-<span id>`, `getUuidFromOtelSpanId`) and the last 16
//   digits are that original span id.
// Two runs whose first 16 digits collide (UUID v7 runs started in the same millisecond can) keep
// distinct span ids: the later one gets its last 16 digits, and the collision is reported.

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && v.length === 36 && UUID_RE.test(v);
}

/** The UUID's 32 lowercase hex digits. */
export function uuidHex(uuid: string): string {
  return uuid.replace(/-/g, '').toLowerCase();
}

/** Trace id for a UUID (its 32 hex digits); any other value is passed through unchanged. */
export function uuidTraceId(v: unknown): unknown {
  return isUuid(v) ? uuidHex(v) : v;
}

/** Default 16-hex span id for a UUID (see the file comment). */
export function spanIdFromUuid(uuid: string): string {
  const hex = uuidHex(uuid);
  const head = hex.slice(0, 16);
  return /^0+$/.test(head) ? hex.slice(16) : head;
}

export interface UuidCollision {
  uuid: string;
  other: string;
  spanId: string;
  replacement: string;
}

/** Assigns span ids to the UUIDs of one input, keeping them distinct. */
export class UuidSpanIds {
  private readonly byUuid = new Map<string, string>();
  private readonly owner = new Map<string, string>();
  readonly collisions: UuidCollision[] = [];

  /** Register a record's own UUID (call for every record before resolving parents). */
  assign(v: unknown): void {
    if (!isUuid(v)) return;
    const key = v.toLowerCase();
    if (this.byUuid.has(key)) return;
    let id = spanIdFromUuid(key);
    const other = this.owner.get(id);
    if (other !== undefined) {
      const replacement = uuidHex(key).slice(16);
      this.collisions.push({ uuid: key, other, spanId: id, replacement });
      id = replacement;
    }
    this.byUuid.set(key, id);
    this.owner.set(id, key);
  }

  /** Span id for a UUID (registered or not); any other value is passed through unchanged. */
  spanId(v: unknown): unknown {
    if (!isUuid(v)) return v;
    return this.byUuid.get(v.toLowerCase()) ?? spanIdFromUuid(v);
  }

  get size(): number {
    return this.byUuid.size;
  }
}
