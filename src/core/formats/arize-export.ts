// Arize AX span exports (arize.md §3b):
// - REST v2 `POST /v2/spans` → `{"data": [Span…], "pagination": {"next_cursor"?, "has_more"}}`;
//   a Span is `{name, context: {trace_id, span_id}, kind, parent_id, start_time, end_time,
//   status_code, status_message, attributes: {flat dotted keys}, annotations, evaluations, events}`
//   where `kind` is the OpenInference kind (Phoenix calls it `span_kind`).
//   Source: Arize-ai/client_python src/arize/_generated/api_client/models/{span,span_context,
//   span_event,pagination_metadata,spans_list200_response}.py.
// - `ax spans export PROJECT --stdout` (Arize-ai/arize-ax-cli src/ax/commands/spans.py): the same
//   Span objects as a JSON array (`model_dump(mode="json", exclude_none=True)`, indent 2);
//   with `--all` (Arrow Flight) the export dataframe's rows instead —
//   `json.dumps(df.to_dict(orient="records"), indent=2, default=str)`: flat dotted columns
//   (`context.span_id`, `parent_id`, `attributes.openinference.span.kind`, …), times written by
//   str(pandas.Timestamp) ("2025-01-15 10:30:00.012345", UTC, no zone), bare NaN for missing
//   numbers (read as null). arizeFlatEvidence names the keys that tell these rows from a Phoenix
//   dataframe's.
// Arize keeps no OTel span kind and no resource in these shapes: kind null, no service name
// (unless an attribute `service.name` carries one), no remote-parent marker.

import type { Diagnostic } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import {
  arizeFlatEvidence,
  buildOiSpan,
  contextSpanFields,
  describeTimes,
  eventsFrom,
  flatRowFields,
  spanContextOf,
} from './oi-span.ts';
import {
  capDiagnostics,
  isObj,
  missingPages,
  type Obj,
  readRecords,
  type RecordSpec,
  sniffRecord,
  warnIfNoSpans,
} from './record-reader.ts';
import { setAttr, toAttributes, toAttrValue } from './span-builder.ts';
import type { FormatModule } from './types.ts';

/** An Arize REST v2 span: nested `context`, the OpenInference kind in `kind` (no `span_kind`). */
export function isAxRestSpan(v: Obj): boolean {
  const ctx = spanContextOf(v);
  if (!ctx || 'span_kind' in v) return false;
  const kind = v.kind;
  // Python's ConsoleSpanExporter also has context + kind, but "SpanKind.X" and "0x…" ids.
  if (typeof kind !== 'string' || /^(SpanKind\.|SPAN_KIND_)/i.test(kind)) return false;
  if (typeof ctx.trace_id === 'string' && ctx.trace_id.startsWith('0x')) return false;
  return 'status_code' in v || 'start_time' in v;
}

function isArizeRecord(v: Obj): boolean {
  return isAxRestSpan(v) || arizeFlatEvidence(v) !== null;
}

const spec: RecordSpec = {
  noun: 'Arize span',
  containers: ['data'],
  isRecord: isArizeRecord,
};

function restSpan(v: Obj, index: number, line: number, diagnostics: Diagnostic[]): Span {
  const attributes = toAttributes(v.attributes);
  // Annotations and evaluations are not span attributes, but they are kept rather than dropped.
  for (const k of ['annotations', 'evaluations'] as const) {
    if (Array.isArray(v[k]) && v[k].length > 0) setAttr(attributes, k, toAttrValue(v[k]));
  }
  const fields = contextSpanFields(v, 'kind', attributes, eventsFrom(v.events, true));
  return buildOiSpan(fields, index, line, diagnostics);
}

export const arizeExport: FormatModule = {
  id: 'arize-export',
  label: 'Arize AX span export (REST v2 /v2/spans, ax spans export)',
  specUrl: 'https://arize.com/docs/api-clients/cli/spans',
  sniff(input) {
    const hit = sniffRecord(input, spec);
    if (!hit) return null;
    if (isAxRestSpan(hit.record)) {
      const base = 'context.trace_id/span_id with "kind" (Phoenix writes "span_kind")';
      if (hit.wrapper && isObj(hit.wrapper.pagination)) {
        return `Arize AX REST v2 spans page: data[*] has ${base}, plus a "pagination" object`;
      }
      if (hit.container) return `Arize AX spans: data[*] has ${base}`;
      return `Arize AX spans (ax spans export): ${base}`;
    }
    const why = arizeFlatEvidence(hit.record);
    return `Arize AX export rows (ax spans export --all): flat "context.span_id" columns and ${why}`;
  },
  parse(input) {
    const read = readRecords(input, spec);
    const diagnostics = [...read.diagnostics];
    let rest = 0;
    const flatRows: Obj[] = [];
    const spans = read.records.map((r, i) => {
      if (isAxRestSpan(r.value)) {
        rest++;
        return restSpan(r.value, i, r.line, diagnostics);
      }
      flatRows.push(r.value);
      return buildOiSpan(flatRowFields(r.value), i, r.line, diagnostics);
    });
    const more = missingPages(read.wrappers, w =>
      isObj(w.pagination) && w.pagination.has_more === true
        ? (w.pagination.next_cursor ?? true)
        : null,
    );
    if (more !== null) {
      diagnostics.push({
        code: 'format.arize.more-pages',
        severity: 'info',
        message:
          'This is one page of an Arize AX span list (pagination.has_more is true); spans on later pages are not included, so their children may look orphaned.',
        location: { line: 1, jsonPath: '$.pagination' },
        hint: 'Request the following pages (pass pagination.next_cursor as cursor), or export by trace id with `ax spans export PROJECT --trace-id …`.',
      });
    }
    warnIfNoSpans(
      spans.length,
      diagnostics,
      'format.arize.empty',
      'No Arize spans were found in the input.',
      { line: 1 },
    );
    const parts: string[] = [];
    if (rest > 0) {
      parts.push(
        read.wrappers.some(w => 'pagination' in w)
          ? 'REST v2 /v2/spans page'
          : 'ax spans export (REST) spans',
      );
    }
    if (flatRows.length > 0) {
      const times = describeTimes(flatRows);
      parts.push(`ax spans export --all rows${times ? `, ${times}` : ''}`);
    }
    return {
      spans,
      diagnostics: capDiagnostics(diagnostics),
      dialect: `Arize AX ${parts.join(' + ') || 'export'}; no resource (no service name) and no OTel span kind`,
    };
  },
};
