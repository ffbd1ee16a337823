// Langfuse (formats.md §10): `GET /api/public/traces/{id}` → `TraceWithFullDetails` with an
// `observations` list, `GET /api/public/observations` → `{"data": [observation…], "meta": {page,
// limit, totalItems, totalPages}}`, and arrays / JSON Lines of observations. An observation:
// `{id, traceId, parentObservationId, type (SPAN, GENERATION, EVENT, AGENT, TOOL, CHAIN, …), name,
// startTime, endTime (ISO, ms), level (DEFAULT | DEBUG | WARNING | ERROR), statusMessage, model,
// input, output, usage, metadata, …}`. Data ingested over OTLP keeps the OTel hex ids
// (observation id = span id) and, in metadata, the span's `attributes`, `resourceAttributes`
// (→ service name) and `scope`; a parent that is not among the observations is the remote parent.
// Ids from Langfuse's pre-OTel SDKs are UUIDs and are mapped like LangSmith's (uuid-ids.ts).
// `level` cannot say OK (only ERROR), there is no OTel span kind and no remote-parent marker.
// Source: langfuse/langfuse fern/apis/server/definition (commons.yml: Trace, Observation).

import type { Diagnostic } from '../model/diagnostic.ts';
import type { InstrumentationScope, Span, SpanStatus } from '../model/span.ts';
import { readTime } from './oi-span.ts';
import {
  capDiagnostics,
  isObj,
  missingPages,
  type Obj,
  readRecords,
  type RecordSpec,
  sniffRecord,
} from './record-reader.ts';
import { buildSpan, flattenInto, oiKindFrom, toAttributes, textOf } from './span-builder.ts';
import type { FormatModule } from './types.ts';
import { UuidSpanIds, isUuid, uuidTraceId } from './uuid-ids.ts';

/** A Langfuse observation: `id`, `traceId`, `startTime`, and `parentObservationId` or `type`. */
export function isLangfuseObservation(v: Obj): boolean {
  return (
    'id' in v && 'traceId' in v && 'startTime' in v && ('parentObservationId' in v || 'type' in v)
  );
}

const spec: RecordSpec = {
  noun: 'Langfuse observation',
  containers: ['observations', 'data'],
  isRecord: isLangfuseObservation,
};

/** Observation fields that become span fields rather than `langfuse.*` attributes. */
const STRUCTURAL = new Set([
  'id',
  'traceId',
  'parentObservationId',
  'name',
  'startTime',
  'endTime',
  'metadata',
]);
/** Parts of `metadata` that Langfuse's OTLP ingestion fills from the span. */
const OTEL_METADATA = new Set(['attributes', 'resourceAttributes', 'scope']);

/** Observation types that name an OpenInference kind; GENERATION is an LLM call. */
const KIND_BY_TYPE: Record<string, string> = {
  GENERATION: 'LLM',
  AGENT: 'AGENT',
  TOOL: 'TOOL',
  CHAIN: 'CHAIN',
  RETRIEVER: 'RETRIEVER',
  EVALUATOR: 'EVALUATOR',
  EMBEDDING: 'EMBEDDING',
  GUARDRAIL: 'GUARDRAIL',
};

function observationToSpan(
  v: Obj,
  trace: Obj | null,
  index: number,
  line: number,
  ids: UuidSpanIds,
  diagnostics: Diagnostic[],
): Span {
  const meta = isObj(v.metadata) ? v.metadata : {};
  const attributes = toAttributes(meta.attributes);
  for (const key in v) {
    const value = v[key];
    if (STRUCTURAL.has(key) || value === null || value === undefined) continue;
    flattenInto(attributes, value, `langfuse.${key}`);
  }
  for (const key in meta) {
    const value = meta[key];
    if (OTEL_METADATA.has(key) || value === null || value === undefined) continue;
    flattenInto(attributes, value, `langfuse.metadata.${key}`);
  }
  if (isUuid(v.id)) flattenInto(attributes, v.id, 'langfuse.observation_id');

  const name = typeof v.name === 'string' ? v.name : '';
  const label = `"${name}" (${textOf(v.id)})`;
  const type = typeof v.type === 'string' ? v.type.toUpperCase() : '';
  const startNs = readTime(v.startTime, 'start', label, line, diagnostics);
  let endNs = readTime(v.endTime, 'end', label, line, diagnostics);
  const notes: string[] = [];
  if (endNs === null && startNs !== null && type === 'EVENT') {
    endNs = startNs;
    notes.push('Langfuse EVENT observations have no end time; treated as zero-length.');
  }
  const status: SpanStatus = { code: v.level === 'ERROR' ? 'ERROR' : 'UNSET' };
  if (status.code === 'ERROR' && typeof v.statusMessage === 'string' && v.statusMessage !== '') {
    status.message = v.statusMessage;
  }
  let scope: InstrumentationScope | null = null;
  if (isObj(meta.scope) && typeof meta.scope.name === 'string') {
    scope = { name: meta.scope.name };
    if (typeof meta.scope.version === 'string') scope.version = meta.scope.version;
  }
  const parent = v.parentObservationId;
  return buildSpan(
    {
      traceId: uuidTraceId(v.traceId ?? trace?.id),
      spanId: ids.spanId(v.id),
      parentSpanId: parent === null || parent === undefined ? null : ids.spanId(parent),
      name,
      kind: null,
      oiKind: oiKindFrom(attributes, KIND_BY_TYPE[type]),
      resource: toAttributes(meta.resourceAttributes),
      scope,
      attributes,
      startNs,
      endNs,
      status,
      parentIsRemote: null,
      source: { line },
      notes,
    },
    index,
    diagnostics,
  );
}

export const langfuseTrace: FormatModule = {
  id: 'langfuse-trace',
  label: 'Langfuse trace / observations (public API)',
  specUrl: 'https://api.reference.langfuse.com/',
  sniff(input) {
    const hit = sniffRecord(input, spec);
    if (!hit) return null;
    const keys = ['traceId', 'parentObservationId', 'type', 'startTime'].filter(
      k => k in hit.record,
    );
    const where =
      hit.container === 'observations'
        ? 'trace with observations[*]'
        : hit.container
          ? `${hit.container}[*] observations`
          : 'observations';
    return `Langfuse ${where} with ${keys.join(', ')}`;
  },
  parse(input) {
    const read = readRecords(input, spec);
    let diagnostics = [...read.diagnostics];
    const idOnly = read.wrappers.filter(
      w => Array.isArray(w.observations) && w.observations.some(o => typeof o === 'string'),
    );
    if (idOnly.length > 0) {
      // A trace list (GET /api/public/traces) names its observations by id only.
      diagnostics = diagnostics.filter(d => d.code !== 'format.records.not-a-record');
      diagnostics.push({
        code: 'format.langfuse.ids-only',
        severity: 'warning',
        message: `${idOnly.length} trace(s) list their observations by id only, so their spans are not in the input.`,
        location: { line: 1 },
        hint: 'Fetch each trace with GET /api/public/traces/{traceId} (full observations) and paste that.',
      });
    }
    const ids = new UuidSpanIds();
    for (const r of read.records) ids.assign(r.value.id);
    const spans = read.records.map((r, i) =>
      observationToSpan(r.value, r.wrapper, i, r.line, ids, diagnostics),
    );
    if (ids.size > 0) {
      diagnostics.push({
        code: 'format.langfuse.uuid-ids',
        severity: 'info',
        message:
          'Some Langfuse ids are UUIDs (not OpenTelemetry hex ids). Trace ids are the UUID without dashes; span ids are the first 16 hex digits of each observation UUID. Each span keeps its UUID in langfuse.observation_id.',
        location: { line: 1 },
      });
    }
    const more = missingPages(read.wrappers, w =>
      isObj(w.meta) &&
      typeof w.meta.page === 'number' &&
      typeof w.meta.totalPages === 'number' &&
      w.meta.page < w.meta.totalPages
        ? `${w.meta.page}/${w.meta.totalPages}`
        : null,
    );
    if (more !== null) {
      diagnostics.push({
        code: 'format.langfuse.more-pages',
        severity: 'info',
        message: `This is page ${textOf(more)} of a Langfuse observation list; observations on other pages are not included, so their children may look orphaned.`,
        location: { line: 1, jsonPath: '$.meta' },
        hint: 'Fetch the other pages, or the whole trace with GET /api/public/traces/{traceId}.',
      });
    }
    if (spans.length === 0 && !diagnostics.some(d => d.severity !== 'info')) {
      diagnostics.push({
        code: 'format.langfuse.empty',
        severity: 'warning',
        message: 'No Langfuse observations were found in the input.',
        location: { line: 1 },
      });
    }
    const shape = read.wrappers.some(w => 'observations' in w)
      ? 'trace with observations'
      : read.wrappers.length > 0
        ? 'observation list page'
        : 'observations';
    return {
      spans,
      diagnostics: capDiagnostics(diagnostics),
      dialect: `Langfuse ${shape}; millisecond times, level has no OK status, no OTel span kind`,
    };
  },
};
