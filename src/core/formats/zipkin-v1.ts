// Zipkin v1 JSON (formats.md §7.2, openzipkin/zipkin-api zipkin-api.yaml): a list of spans with
// `annotations: [{timestamp, value, endpoint}]` and `binaryAnnotations: [{key, value, endpoint}]`.
// Each v1 span is converted to v2 shape the way Zipkin itself does it, then imported like v2
// (zipkin-common.ts):
// - core annotations give the kind and the owning service: `cs`/`cr` client, `sr`/`ss` server,
//   `ms` producer, `mr` consumer; `ws`/`wr` (wire send/receive) only adjust timing. A span with
//   `lc` (local component) or no core annotation is a local span (INTERNAL).
// - annotations and binary annotations are split by endpoint service: one v1 span holding both
//   the client's and the server's annotations becomes a client span plus a shared server span
//   (then re-identified as in v2). A server-only span without `timestamp` is shared (v1's
//   convention: the client owns the timestamp).
// - `timestamp`/`duration` win when present; else they come from the core annotations.
// - binary annotations become string tags (the empty `lc` marker is dropped), except the address
//   annotations `ca`/`sa`/`ma`, which become the remote endpoint.

import type { InputText } from '../input/input-text.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import type { FormatModule, ParseResult } from './types.ts';
import {
  finishZipkinSpans,
  firstItems,
  isObj,
  isSpanItem,
  isZipkinV1Span,
  type Obj,
  readItems,
  zipkinSpan,
} from './zipkin-common.ts';

function sniff(input: InputText): string | null {
  const head = input.firstChunk(8192);
  if (head.trimStart()[0] !== '[' || !/"traceId"\s*:/.test(head)) return null;
  const items = firstItems(input, 5);
  if (items) {
    return items.some(isZipkinV1Span)
      ? 'list of spans with binaryAnnotations / endpoint annotations (Zipkin v1)'
      : null;
  }
  if (/"binaryAnnotations"\s*:/.test(head) && /"id"\s*:/.test(head)) {
    return 'Zipkin v1 span keys (binaryAnnotations) in damaged or line-delimited JSON';
  }
  return null;
}

interface Core {
  ts: number | undefined;
  ep: Obj;
}

interface Half {
  ep: Obj | null;
  span: Obj;
  annotations: Obj[];
  tags: Record<string, string>;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v !== 0 ? v : undefined;
}

function serviceOf(ep: Obj | null): string | undefined {
  return ep && typeof ep.serviceName === 'string' ? ep.serviceName.toLowerCase() : undefined;
}

function tagText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Convert one v1 span into one or two v2-shaped spans (client + shared server half). */
export function v1ToV2(src: Obj): { spans: Obj[]; shared: boolean[]; split: boolean } {
  const halves: Half[] = [];
  const base = (): Obj => {
    const traceId =
      typeof src.traceIdHigh === 'string' &&
      typeof src.traceId === 'string' &&
      src.traceId.length === 16
        ? src.traceIdHigh + src.traceId
        : src.traceId;
    const s: Obj = { traceId, id: src.id, name: src.name };
    if (src.parentId !== undefined) s.parentId = src.parentId;
    if (src.debug === true) s.debug = true;
    return s;
  };
  const newHalf = (ep: Obj | null): Half => {
    // Null prototype: a binary annotation keyed "__proto__" is a tag like any other (on `{}` the
    // assignment below would try to set the prototype and the tag would vanish).
    const tags = Object.create(null) as Record<string, string>;
    const h: Half = { ep, span: base(), annotations: [], tags };
    halves.push(h);
    return h;
  };
  const first = newHalf(null);
  /** The half for an endpoint's service (the first half adopts the first endpoint it sees). */
  const forEndpoint = (ep: Obj | null): Half => {
    if (!ep) return first;
    for (const h of halves) {
      if (!h.ep) {
        h.ep = ep;
        return h;
      }
      if (serviceOf(h.ep) === serviceOf(ep)) return h;
    }
    return newHalf(ep);
  };

  const core: Record<string, Core | undefined> = {};
  const anns = Array.isArray(src.annotations) ? src.annotations.filter(isObj) : [];
  for (const a of anns) {
    const value = typeof a.value === 'string' ? a.value : '';
    const ep = isObj(a.endpoint) ? a.endpoint : null;
    const h = forEndpoint(ep);
    if (ep && /^(cs|cr|sr|ss|ms|mr|ws|wr)$/.test(value) && !core[value]) {
      core[value] = { ts: num(a.timestamp), ep };
      if (value === 'cs' || value === 'cr') h.span.kind = 'CLIENT';
      else if (value === 'sr' || value === 'ss') h.span.kind = 'SERVER';
      else if (value === 'ms') h.span.kind = 'PRODUCER';
      else if (value === 'mr') h.span.kind = 'CONSUMER';
    } else h.annotations.push({ timestamp: a.timestamp, value: a.value });
  }
  const { cs, cr, sr, ss, ms, mr, ws, wr } = core;
  const spanTs = num(src.timestamp);
  const spanDur = num(src.duration);
  const diff = (a?: Core, b?: Core) =>
    a?.ts !== undefined && b?.ts !== undefined ? b.ts - a.ts : undefined;
  const time = (h: Half, ts: number | undefined, dur: number | undefined) => {
    if (ts !== undefined) h.span.timestamp = ts;
    if (dur !== undefined) h.span.duration = dur;
  };
  const shared = new Set<Half>();
  let split = false;

  const clientStart = cs ?? (cr && spanTs !== undefined ? { ts: spanTs, ep: cr.ep } : undefined);
  const serverStart = sr ?? (ss && spanTs !== undefined ? { ts: spanTs, ep: ss.ep } : undefined);
  if (clientStart && serverStart) {
    const client = forEndpoint(clientStart.ep);
    client.span.kind = 'CLIENT';
    let server: Half;
    if (serviceOf(clientStart.ep) === serviceOf(serverStart.ep)) {
      server = newHalf(serverStart.ep); // loopback: the same service on both sides
    } else server = forEndpoint(serverStart.ep);
    server.span.kind = 'SERVER';
    time(client, spanTs ?? clientStart.ts, spanTs !== undefined ? spanDur : diff(clientStart, cr));
    time(server, serverStart.ts, diff(serverStart, ss));
    shared.add(server);
    split = true;
  } else if (clientStart) {
    const h = forEndpoint(clientStart.ep);
    time(h, spanTs ?? clientStart.ts, spanTs !== undefined ? spanDur : diff(clientStart, cr));
  } else if (serverStart) {
    const h = forEndpoint(serverStart.ep);
    time(h, spanTs ?? serverStart.ts, spanTs !== undefined ? spanDur : diff(serverStart, ss));
    // v1 had no shared flag: an absent span timestamp meant the client owned the span.
    if (spanTs === undefined || (ss && spanDur === undefined)) shared.add(h);
  } else if (ms || mr) {
    if (ms) time(forEndpoint(ms.ep), ms.ts, diff(ms, ws));
    if (mr) {
      const h = forEndpoint(mr.ep);
      time(h, wr?.ts ?? mr.ts, wr ? diff(wr, mr) : undefined);
      if (ms) shared.add(h);
    }
    if (!ms || !mr) time(forEndpoint((ms ?? mr)!.ep), spanTs, spanDur);
  } else {
    time(first, spanTs, spanDur);
  }
  if (!(clientStart || serverStart || ms || mr)) {
    for (const w of [ws, wr])
      if (w) forEndpoint(w.ep).annotations.push({ timestamp: w.ts, value: w === ws ? 'ws' : 'wr' });
  }

  // Binary annotations: tags, and address annotations as remote endpoints.
  const addr: Record<string, Obj | undefined> = {};
  const bins = Array.isArray(src.binaryAnnotations) ? src.binaryAnnotations.filter(isObj) : [];
  for (const b of bins) {
    const key = typeof b.key === 'string' ? b.key : '';
    const ep = isObj(b.endpoint) ? b.endpoint : null;
    if ((key === 'ca' || key === 'sa' || key === 'ma') && (b.value === true || b.type === 'BOOL')) {
      addr[key] = ep ?? undefined;
      continue;
    }
    const h = forEndpoint(ep);
    if (key === 'lc' && (b.value === '' || b.value === undefined)) continue; // local-span marker
    h.tags[key] = tagText(b.value);
  }
  const kindHalf = (kind: string) => halves.find(h => h.span.kind === kind);
  if (addr.sa) {
    const h = kindHalf('CLIENT') ?? first;
    h.span.remoteEndpoint = addr.sa;
  }
  if (addr.ca) {
    const h = kindHalf('SERVER') ?? (kindHalf('CLIENT') ? undefined : first);
    if (h) {
      h.span.remoteEndpoint = addr.ca;
      if (!h.span.kind) h.span.kind = 'SERVER';
    }
  }
  if (addr.ma)
    for (const h of halves)
      if (h.span.kind === 'PRODUCER' || h.span.kind === 'CONSUMER') h.span.remoteEndpoint = addr.ma;

  const out: Obj[] = [];
  const sharedFlags: boolean[] = [];
  for (const h of halves) {
    if (h.ep) h.span.localEndpoint = h.ep;
    if (h.annotations.length) h.span.annotations = h.annotations;
    if (Object.keys(h.tags).length) h.span.tags = h.tags;
    out.push(h.span);
    sharedFlags.push(shared.has(h));
  }
  return { spans: out, shared: sharedFlags, split: split || out.length > 1 };
}

function parse(input: InputText): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const { items, shape } = readItems(input, diagnostics, 'Zipkin v1');
  const spans: Span[] = [];
  const shared: boolean[] = [];
  let skipped = 0;
  for (const item of items) {
    const o = item.value;
    if (!isSpanItem(o)) {
      skipped++;
      continue;
    }
    const conv = v1ToV2(o);
    const note = conv.split
      ? [
          'Zipkin v1 span with annotations from more than one service: split into one span per service',
        ]
      : [];
    conv.spans.forEach((v2, i) => {
      spans.push(zipkinSpan(v2, item, spans.length, diagnostics, note));
      shared.push(conv.shared[i]!);
    });
  }
  const sharedCount = finishZipkinSpans(spans, shared, skipped, diagnostics, 'Zipkin v1');
  const parts = [`Zipkin v1 ${shape}`, `${spans.length} spans`];
  if (sharedCount) parts.push(`${sharedCount} shared server spans re-identified`);
  return { spans, diagnostics, dialect: parts.join(', ') };
}

export const zipkinV1: FormatModule = {
  id: 'zipkin-v1',
  label: 'Zipkin v1 JSON (annotations / binaryAnnotations)',
  specUrl: 'https://github.com/openzipkin/zipkin-api/blob/master/zipkin-api.yaml',
  sniff,
  parse,
};
