// Arize Phoenix spans in Phoenix's own JSON shape (formats.md §9, arize.md §3a): the REST page
// `GET /v1/projects/{project}/spans` → `{"data": [span…], "next_cursor": …}` (newest first,
// paginated), the UI's JSONL download (one span per line) and plain arrays of such spans.
// A span: `context.{trace_id,span_id}`, `parent_id`, `span_kind` (the OpenInference kind, popped
// from the attributes), ISO times, `status_code` / `status_message`, `attributes` with flat dotted
// keys whose values may still be lists or objects (kept as they are), and `events`.
// Phoenix drops the resource and scope and does not store the OTel span kind, so spans get no
// service name (unless an attribute `service.name` says so) and kind null.
// The snake_case `/spans/otlpv1` page is OTLP-shaped and read by the otlp-json importer.
// Source: Arize-ai/phoenix src/phoenix/server/api/routers/v1/spans.py (`Span`, `span_search`).

import type { Diagnostic } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import {
  buildOiSpan,
  contextSpanFields,
  eventsFrom,
  isLegacyPhoenixSpan,
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
import { toAttributes } from './span-builder.ts';
import type { FormatModule } from './types.ts';

/** A Phoenix REST span: `context.{trace_id,span_id}` and `span_kind`, attributes flattened. */
export function isPhoenixRestSpan(v: Obj): boolean {
  return spanContextOf(v) !== null && 'span_kind' in v && !isLegacyPhoenixSpan(v);
}

const spec: RecordSpec = {
  noun: 'Phoenix span',
  containers: ['data'],
  isRecord: isPhoenixRestSpan,
};

/**
 * Once the input is Phoenix spans, every record with `context` and `span_kind` is read, also one
 * whose attributes look nested (an attribute holding an object under a plain key, even
 * `__proto__`): it used to be skipped as "not a Phoenix span", and a page whose first spans all
 * looked like that was not recognised at all. Its attributes are kept as they are.
 */
const anySpanSpec: RecordSpec = {
  ...spec,
  isRecord: v => spanContextOf(v) !== null && 'span_kind' in v,
};

function spanFrom(v: Obj, index: number, line: number, diagnostics: Diagnostic[]): Span {
  const fields = contextSpanFields(
    v,
    'span_kind',
    toAttributes(v.attributes),
    eventsFrom(v.events, true),
  );
  return buildOiSpan(fields, index, line, diagnostics);
}

export const phoenixSpans: FormatModule = {
  id: 'phoenix-spans',
  label: 'Arize Phoenix spans (REST /v1/projects/{id}/spans, JSONL)',
  specUrl:
    'https://github.com/Arize-ai/phoenix/blob/main/src/phoenix/server/api/routers/v1/spans.py',
  sniff(input) {
    // A `{"data": [...]}` page is Phoenix REST whatever its spans' attributes look like; bare
    // arrays and JSON Lines of nested-attribute spans are the legacy format.
    const page = sniffRecord(input, anySpanSpec);
    const hit = sniffRecord(input, spec) ?? (page?.container === 'data' ? page : null);
    if (!hit) return null;
    const base = 'context.trace_id/span_id with span_kind and flat attributes';
    if (hit.wrapper && 'next_cursor' in hit.wrapper) {
      return `Phoenix REST spans page: data[*] has ${base}, plus next_cursor`;
    }
    if (hit.container) return `data[*] has ${base} (Phoenix spans)`;
    if (hit.layout === 'json-lines') return `JSON Lines of Phoenix spans: ${base}`;
    if (hit.layout === 'partial')
      return `Phoenix spans (${base}) in text that is cut off or broken`;
    return `Phoenix span objects: ${base}`;
  },
  parse(input) {
    const read = readRecords(input, anySpanSpec);
    const diagnostics = [...read.diagnostics];
    const spans = read.records.map((r, i) => spanFrom(r.value, i, r.line, diagnostics));
    const cursor = missingPages(read.wrappers, w => w.next_cursor);
    if (cursor !== null) {
      diagnostics.push({
        code: 'format.phoenix.more-pages',
        severity: 'info',
        message: `This is one page of a paginated Phoenix span list (next_cursor ${JSON.stringify(cursor)}); spans on later pages are not included, so their children may look orphaned.`,
        location: { line: 1, jsonPath: '$.next_cursor' },
        hint: 'Request the following pages (pass next_cursor as cursor) and paste them together, or filter by trace_id.',
      });
    }
    warnIfNoSpans(
      spans.length,
      diagnostics,
      'format.phoenix.empty',
      'No Phoenix spans were found in the input.',
      { line: 1 },
    );
    const where = read.wrappers.some(w => isObj(w) && 'next_cursor' in w)
      ? 'REST /v1/projects/{id}/spans page'
      : read.layout === 'json-lines'
        ? 'JSON Lines, one span per line'
        : 'span objects';
    return {
      spans,
      diagnostics: capDiagnostics(diagnostics),
      dialect: `Phoenix ${where}; no resource (no service name) and no OTel span kind`,
    };
  },
};
