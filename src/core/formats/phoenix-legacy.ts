// Legacy Arize Phoenix span JSON (formats.md §9): `phoenix.trace.span_json_encoder.spans_to_jsonl`
// and `TraceDataset` exports — JSON Lines of `{"name", "context": {"trace_id", "span_id"},
// "span_kind", "parent_id", "start_time": "…+00:00", "end_time", "status_code", "status_message",
// "attributes": {nested}, "events": […], "conversation": null}`. Attributes are Phoenix's
// *unflattened* tree (`{"llm": {"token_count": {"prompt": 42}}}`) and are flattened back to the
// dotted OpenInference keys; lists of objects get index segments
// (`llm.input_messages.0.message.role`). No resource, no OTel span kind.
// Source: Arize-ai/phoenix src/phoenix/trace/span_json_encoder.py, span_json_decoder.py.

import type { Diagnostic } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import { buildOiSpan, contextSpanFields, eventsFrom, isLegacyPhoenixSpan } from './oi-span.ts';
import {
  capDiagnostics,
  isObj,
  type Obj,
  readRecords,
  type RecordSpec,
  sniffRecord,
  warnIfNoSpans,
} from './record-reader.ts';
import { flatten, textOf } from './span-builder.ts';
import type { FormatModule } from './types.ts';

const spec: RecordSpec = {
  noun: 'Phoenix span',
  containers: [],
  isRecord: isLegacyPhoenixSpan,
};

function spanFrom(v: Obj, index: number, line: number, diagnostics: Diagnostic[]): Span {
  const notes: string[] = [];
  const conv = v.conversation;
  if (isObj(conv) && conv.conversation_id != null) {
    notes.push(`Phoenix conversation id ${textOf(conv.conversation_id)}`);
  }
  const fields = contextSpanFields(
    v,
    'span_kind',
    flatten(v.attributes),
    eventsFrom(v.events, false),
  );
  return buildOiSpan({ ...fields, notes }, index, line, diagnostics);
}

export const phoenixLegacy: FormatModule = {
  id: 'phoenix-legacy',
  label: 'Arize Phoenix legacy span JSONL (spans_to_jsonl)',
  specUrl: 'https://github.com/Arize-ai/phoenix/blob/main/src/phoenix/trace/span_json_encoder.py',
  sniff(input) {
    const hit = sniffRecord(input, spec);
    if (!hit) return null;
    const why =
      'conversation' in hit.record ? 'a "conversation" key' : 'nested (unflattened) attributes';
    return `Phoenix legacy span JSON: context.trace_id/span_id and span_kind with ${why}`;
  },
  parse(input) {
    const read = readRecords(input, spec);
    const diagnostics = [...read.diagnostics];
    const spans = read.records.map((r, i) => spanFrom(r.value, i, r.line, diagnostics));
    warnIfNoSpans(
      spans.length,
      diagnostics,
      'format.phoenix.empty',
      'No Phoenix spans were found in the input.',
      { line: 1 },
    );
    return {
      spans,
      diagnostics: capDiagnostics(diagnostics),
      dialect: `Phoenix legacy spans (${read.layout === 'json-lines' ? 'JSON Lines' : 'JSON'}), nested attributes flattened; no resource (no service name) and no OTel span kind`,
    };
  },
};
