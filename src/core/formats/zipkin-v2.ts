// Zipkin v2 JSON (formats.md §7.1, openzipkin/zipkin-api zipkin2-api.yaml): `POST /api/v2/spans`
// and `GET /api/v2/trace/{id}` give a list of spans, `GET /api/v2/traces` a list of traces (array
// of arrays). µs `timestamp`/`duration`; 16- or 32-hex trace ids (64-bit ones are left-padded
// with a note); `kind` absent = a local span, read as INTERNAL (or from a collector `span.kind`
// tag); string-only `tags` stay attributes as written (status from `otel.status_code` / `error` /
// `otel.status_description`, scope from `otel.scope.*` / `otel.library.*`); `localEndpoint`
// gives the service; `remoteEndpoint` becomes `peer.service` / `network.peer.*` attributes when
// the tags lack them; annotations become events. Zipkin has no remote-parent marker and drops
// links (the collector's `otlp.link.N` tags are read back).
//
// Shared spans (`shared: true`: the server half of an RPC reusing its client's span id) are legal
// Zipkin, not duplicate-id defects. Choice, as Jaeger's span-id deduper does: the server half keeps
// its data but gets a deterministic new span id (FNV-1a 64 of trace id + span id), becomes the
// child of its client half (parentIsRemote: true), and the spans that named the shared id as
// their parent move under the server half (unless they run in the client's service). Each changed
// span gets a note; details in zipkin-common.ts.

import type { InputText } from '../input/input-text.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import type { FormatModule, ParseResult } from './types.ts';
import {
  finishZipkinSpans,
  firstItems,
  isSpanItem,
  isZipkinV2Span,
  readItems,
  zipkinSpan,
} from './zipkin-common.ts';

function sniff(input: InputText): string | null {
  const head = input.firstChunk(8192);
  if (head.trimStart()[0] !== '[' || !/"traceId"\s*:/.test(head)) return null;
  const items = firstItems(input, 5);
  if (items) {
    return items.length > 0 && isZipkinV2Span(items[0]!)
      ? 'list of spans with traceId/id and Zipkin v2 fields'
      : null;
  }
  // Damaged or line-delimited text: decide on the keys alone.
  if (/"binaryAnnotations"\s*:/.test(head) || /"spanId"\s*:/.test(head)) return null;
  if (/"id"\s*:/.test(head) && /"(?:localEndpoint|remoteEndpoint|annotations)"\s*:/.test(head)) {
    return 'Zipkin v2 span keys (traceId, id, localEndpoint) in damaged or line-delimited JSON';
  }
  return null;
}

function parse(input: InputText): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const { items, shape } = readItems(input, diagnostics, 'Zipkin');
  const spans: Span[] = [];
  const shared: boolean[] = [];
  let skipped = 0;
  let shortIds = false;
  for (const item of items) {
    const o = item.value;
    if (!isSpanItem(o)) {
      skipped++;
      continue;
    }
    if (typeof o.traceId === 'string' && o.traceId.length === 16) shortIds = true;
    spans.push(zipkinSpan(o, item, spans.length, diagnostics));
    shared.push(o.shared === true);
  }
  const sharedCount = finishZipkinSpans(spans, shared, skipped, diagnostics, 'Zipkin');
  const parts = [`Zipkin v2 ${shape}`, `${spans.length} spans`];
  if (shortIds) parts.push('64-bit trace ids');
  if (sharedCount) parts.push(`${sharedCount} shared server spans re-identified`);
  return { spans, diagnostics, dialect: parts.join(', ') };
}

export const zipkinV2: FormatModule = {
  id: 'zipkin-v2',
  label: 'Zipkin v2 JSON (list of spans / traces)',
  specUrl: 'https://github.com/openzipkin/zipkin-api/blob/master/zipkin2-api.yaml',
  sniff,
  parse,
};
