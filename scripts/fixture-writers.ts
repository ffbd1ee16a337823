// Writers used only to generate test fixtures (scripts/make-broken-fixtures.ts): the same
// normalised spans printed the way three real exporters print them, following the shapes in
// ../shared/reference/formats.md and the stored samples under public/samples/:
// - Jaeger query API / UI "Download JSON" (`{"data":[{traceID, spans, processes}]}`, µs times,
//   typed tags, `span.kind`/`otel.status_code` tags, the v2 missing-parent span warning);
// - Python `ConsoleSpanExporter` (`Span.to_json(indent=4)` objects back to back, `0x` ids,
//   `SpanKind.X`, ISO µs times, printed in end order like a SimpleSpanProcessor);
// - Zipkin v2 JSON as `@opentelemetry/exporter-zipkin` posts it (string tags, µs times, no kind
//   for INTERNAL, resource attributes copied into tags).

import type { AttrValue, Attributes, Span } from '../src/core/model/span.ts';

const usOf = (ns: bigint) => ns / 1000n;

function isoMicros(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const base = new Date(Number(ms)).toISOString().slice(0, 19);
  const micros = (ns / 1000n) % 1_000_000n;
  return `${base}.${micros.toString().padStart(6, '0')}Z`;
}

function plain(v: AttrValue): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

// ---------------------------------------------------------------------------------------------
// Jaeger

function jaegerTag(key: string, v: AttrValue): { key: string; type: string; value: unknown } {
  if (typeof v === 'boolean') return { key, type: 'bool', value: v };
  if (typeof v === 'number')
    return Number.isInteger(v)
      ? { key, type: 'int64', value: v }
      : { key, type: 'float64', value: v };
  if (typeof v === 'string') return { key, type: 'string', value: v };
  return { key, type: 'string', value: JSON.stringify(plain(v)) };
}

function sortedTags(attrs: Attributes): { key: string; type: string; value: unknown }[] {
  return Object.keys(attrs)
    .sort()
    .map(k => jaegerTag(k, attrs[k]!));
}

export function toJaegerJson(spans: Span[]): string {
  const traces = new Map<string, Span[]>();
  for (const s of spans) {
    const list = traces.get(s.traceId);
    if (list) list.push(s);
    else traces.set(s.traceId, [s]);
  }
  const data = [...traces].map(([traceId, list]) => {
    const ids = new Set(list.map(s => s.spanId));
    const processes: Record<string, { serviceName: string; tags: unknown[] }> = {};
    const processOf = new Map<string, string>();
    for (const s of list) {
      const key = JSON.stringify(s.resource);
      if (processOf.has(key)) continue;
      const pid = `p${processOf.size + 1}`;
      processOf.set(key, pid);
      const rest: Attributes = Object.create(null) as Attributes;
      for (const [k, v] of Object.entries(s.resource)) if (k !== 'service.name') rest[k] = v;
      processes[pid] = { serviceName: s.serviceName ?? 'unknown_service', tags: sortedTags(rest) };
    }
    return {
      traceID: traceId,
      spans: list.map(s => {
        const tags: unknown[] = [];
        if (s.scope) {
          tags.push({ key: 'otel.scope.name', type: 'string', value: s.scope.name });
          if (s.scope.version)
            tags.push({ key: 'otel.scope.version', type: 'string', value: s.scope.version });
        }
        tags.push(...sortedTags(s.attributes));
        if (s.kind && s.kind !== 'UNSPECIFIED')
          tags.push({ key: 'span.kind', type: 'string', value: s.kind.toLowerCase() });
        if (s.status.code !== 'UNSET')
          tags.push({ key: 'otel.status_code', type: 'string', value: s.status.code });
        if (s.status.code === 'ERROR') {
          tags.push({ key: 'error', type: 'bool', value: true });
          if (s.status.message)
            tags.push({ key: 'otel.status_description', type: 'string', value: s.status.message });
        }
        const missingParent = s.parentSpanId !== null && !ids.has(s.parentSpanId);
        return {
          traceID: s.traceId,
          spanID: s.spanId,
          operationName: s.name,
          references: s.parentSpanId
            ? [{ refType: 'CHILD_OF', traceID: s.traceId, spanID: s.parentSpanId }]
            : [],
          startTime: Number(usOf(s.startNs!)),
          duration: Number(usOf(s.endNs!) - usOf(s.startNs!)),
          tags,
          logs: s.events.map(e => ({
            timestamp: Number(usOf(e.timeNs!)),
            fields: [{ key: 'event', type: 'string', value: e.name }, ...sortedTags(e.attributes)],
          })),
          processID: processOf.get(JSON.stringify(s.resource))!,
          warnings: missingParent
            ? [
                `parent span ID=${s.parentSpanId} is not in the trace; skipping clock skew adjustment`,
              ]
            : null,
        };
      }),
      processes,
      warnings: null,
    };
  });
  return JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors: null }, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// Python ConsoleSpanExporter

export function toPythonConsole(spans: Span[]): string {
  // SimpleSpanProcessor prints each span when it ends: children before parents.
  const ordered = [...spans].sort((a, b) =>
    a.endNs! < b.endNs! ? -1 : a.endNs! > b.endNs! ? 1 : a.index - b.index,
  );
  const status = (s: Span) =>
    s.status.code === 'UNSET'
      ? { status_code: 'UNSET' }
      : s.status.message
        ? { status_code: s.status.code, description: s.status.message }
        : { status_code: s.status.code };
  return ordered
    .map(
      s =>
        JSON.stringify(
          {
            name: s.name,
            context: { trace_id: `0x${s.traceId}`, span_id: `0x${s.spanId}`, trace_state: '[]' },
            kind: `SpanKind.${s.kind ?? 'INTERNAL'}`,
            parent_id: s.parentSpanId ? `0x${s.parentSpanId}` : null,
            start_time: isoMicros(s.startNs!),
            end_time: isoMicros(s.endNs!),
            status: status(s),
            attributes: plain(s.attributes as AttrValue),
            events: s.events.map(e => ({
              name: e.name,
              timestamp: isoMicros(e.timeNs!),
              attributes: plain(e.attributes as AttrValue),
            })),
            links: [],
            resource: { attributes: plain(s.resource as AttrValue), schema_url: '' },
          },
          null,
          4,
        ) + '\n',
    )
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Zipkin v2 (as @opentelemetry/exporter-zipkin builds it)

function zipkinValue(v: AttrValue): string {
  if (Array.isArray(v))
    return v
      .map(x => (typeof x === 'object' && x !== null ? JSON.stringify(plain(x)) : String(x)))
      .join(',');
  if (v !== null && typeof v === 'object') return JSON.stringify(plain(v));
  return String(v);
}

export function toZipkinV2(spans: Span[]): string {
  const out = spans.map(s => {
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.attributes)) tags[k] = zipkinValue(v);
    if (s.status.code !== 'UNSET') tags['otel.status_code'] = s.status.code;
    if (s.status.code === 'ERROR' && s.status.message) tags['error'] = s.status.message;
    for (const [k, v] of Object.entries(s.resource)) tags[k] = zipkinValue(v);
    const z: Record<string, unknown> = { traceId: s.traceId };
    if (s.parentSpanId) z['parentId'] = s.parentSpanId;
    z['name'] = s.name;
    z['id'] = s.spanId;
    if (s.kind && s.kind !== 'INTERNAL' && s.kind !== 'UNSPECIFIED') z['kind'] = s.kind;
    z['timestamp'] = Number(usOf(s.startNs!));
    z['duration'] = Number(usOf(s.endNs!) - usOf(s.startNs!));
    z['localEndpoint'] = { serviceName: s.serviceName ?? 'unknown_service' };
    z['tags'] = tags;
    if (s.events.length)
      z['annotations'] = s.events.map(e => ({ timestamp: Number(usOf(e.timeNs!)), value: e.name }));
    return z;
  });
  return JSON.stringify(out, null, 2) + '\n';
}
