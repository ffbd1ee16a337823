// Shared by the Zipkin v2 and v1 importers (formats.md §7): reading the JSON containers (a list
// of spans, a list of traces, JSON Lines, damaged text), turning a v2-shaped span into the model,
// and resolving Zipkin's shared client/server span ids.
//
// Shared spans. Zipkin lets the server half of an RPC reuse the client's span id (`shared: true`
// in v2, both halves in one v1 span). That is legal Zipkin, not a duplicate-id defect, but the
// span model needs one identity per span. Like Jaeger's span-id deduper, the server half gets a
// new span id and becomes the child of its client half, marked as a remote parent (a shared
// server half always runs in another process than its client). The new id is derived
// deterministically (FNV-1a 64 of trace id, span id and a counter; never an id already in the
// dump), and the spans whose parent is the shared id are moved under the server half — except
// children in the client's own service (when that differs from the server's), which stay under
// the client. Every span changed this way carries a note saying so. A server half that is
// SERVER-kind and shares its id with a CLIENT span is treated the same even without `shared`.

import { parseJsonText, parseJsonValue, type InputText } from '../input/input-text.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { normalizeId } from '../model/ids.ts';
import type {
  Attributes,
  InstrumentationScope,
  Span,
  SpanEvent,
  SpanLink,
  StatusCode,
} from '../model/span.ts';
import { toNanos } from '../model/time.ts';
import { findObjectRanges } from './json-ranges.ts';
import { warnIfNoSpans } from './record-reader.ts';
import {
  buildSpan,
  newAttributes,
  otelKindFrom,
  setAttr,
  toAttrValue,
  textOf,
} from './span-builder.ts';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A span object found in the input, with where it was. */
export interface RawItem {
  value: unknown;
  line: number;
  endLine?: number;
}

/** Span objects directly inside the top-level array, or inside the arrays of a list of traces. */
const spanArrays = (key: string | null, depth: number) => key === null && depth <= 2;

/** Spans in any Zipkin container: one span, a list of spans, a list of traces (array of arrays). */
function itemsOf(v: unknown): unknown[] {
  if (!Array.isArray(v)) return isObj(v) ? [v] : [];
  return v.flatMap(x => (Array.isArray(x) ? x : [x]));
}

/** The first span of a parsed Zipkin document, for sniffing. */
export function firstItems(input: InputText, n: number): Obj[] | null {
  const r = input.json();
  if (!r.ok || !Array.isArray(r.value)) return null;
  return itemsOf(r.value).slice(0, n).filter(isObj);
}

export function isZipkinV1Span(o: Obj): boolean {
  if (!('traceId' in o) || !('id' in o) || 'spanId' in o) return false;
  if (Array.isArray(o.binaryAnnotations)) return true;
  return Array.isArray(o.annotations) && o.annotations.some(a => isObj(a) && isObj(a.endpoint));
}

const V2_KINDS = new Set(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER']);

export function isZipkinV2Span(o: Obj): boolean {
  if (typeof o.traceId !== 'string' || typeof o.id !== 'string' || 'spanId' in o) return false;
  if ('parentObservationId' in o || 'binaryAnnotations' in o) return false;
  if (isZipkinV1Span(o)) return false;
  return (
    isObj(o.localEndpoint) ||
    isObj(o.remoteEndpoint) ||
    Array.isArray(o.annotations) ||
    (typeof o.kind === 'string' && V2_KINDS.has(o.kind)) ||
    (isObj(o.tags) && Object.values(o.tags).every(v => typeof v === 'string'))
  );
}

/**
 * Every span object in the input, with its line. A whole-document parse first; if that fails,
 * JSON Lines / concatenated values; a damaged value yields its complete span objects one by one
 * and an error diagnostic with the line and column of the damage.
 */
export function readItems(
  input: InputText,
  diagnostics: Diagnostic[],
  what: string,
): { items: RawItem[]; shape: string } {
  const items: RawItem[] = [];
  const whole = input.json();
  const add = (value: unknown, from: number, to: number, line: number) => {
    const list = itemsOf(value);
    const ranges = findObjectRanges(input.text, spanArrays, from, to);
    const exact = ranges.length === list.length;
    list.forEach((v, i) => {
      const r = exact ? ranges[i] : undefined;
      items.push(
        r
          ? {
              value: v,
              line: input.positionAt(r.start).line,
              endLine: input.positionAt(r.end - 1).line,
            }
          : { value: v, line },
      );
    });
  };
  if (whole.ok) {
    const v = whole.value;
    const shape =
      Array.isArray(v) && v.some(Array.isArray)
        ? 'list of traces'
        : Array.isArray(v)
          ? 'list of spans'
          : 'single span';
    add(v, 0, input.length, 1);
    return { items, shape };
  }
  const chunks = input.jsonValues();
  for (const c of chunks) {
    if (c.result.ok) {
      add(c.result.value, c.start, c.end, c.line);
      continue;
    }
    let got = 0;
    for (const r of findObjectRanges(input.text, spanArrays, c.start, c.end)) {
      if (r.end < 0) continue;
      const p = parseJsonText(input.text.slice(r.start, r.end), r.start, input);
      if (!p.ok) continue;
      got++;
      items.push({
        value: p.value,
        line: input.positionAt(r.start).line,
        endLine: input.positionAt(r.end - 1).line,
      });
    }
    const err = c.result.error;
    diagnostics.push({
      code: 'parse.json.invalid',
      severity: 'error',
      message: `The ${what} JSON could not be read: ${err.message}.${got ? ` ${got} complete span${got === 1 ? ' was' : 's were'} recovered from it.` : ''}`,
      location: { line: err.line, column: err.column },
      hint: 'The text may be cut off. Fetch the trace again, e.g. GET /api/v2/trace/{traceId}.',
    });
  }
  if (chunks.length === 0) {
    diagnostics.push({
      code: 'parse.json.invalid',
      severity: 'error',
      message: `The ${what} JSON could not be read: ${whole.error.message}.`,
      location: { line: whole.error.line, column: whole.error.column },
    });
  }
  return { items, shape: chunks.length > 1 ? 'JSON Lines / concatenated values' : 'damaged JSON' };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Collector-translator annotations carry `name|{json attributes}|dropped count`. */
function toEvent(a: Obj): SpanEvent {
  const value = typeof a.value === 'string' ? a.value : textOf(a.value ?? '');
  const attributes = newAttributes();
  let name = value;
  const m = /^([^|]*)\|(\{.*\})\|(\d+)$/s.exec(value);
  if (m) {
    try {
      const parsed: unknown = parseJsonValue(m[2]!);
      if (isObj(parsed)) {
        name = m[1]!;
        for (const [k, v] of Object.entries(parsed)) setAttr(attributes, k, toAttrValue(v));
      }
    } catch {
      // not the translator's form: keep the whole value as the event name
    }
  }
  return { name, timeNs: toNanos(a.timestamp, 'us'), attributes };
}

/** Collector-translator links: tag `otlp.link.N` = `traceId|spanId|tracestate|{json}|dropped`. */
function linksFromTags(tags: Attributes, keys: string[]): SpanLink[] {
  const out: SpanLink[] = [];
  for (const k of keys) {
    const v = tags[k];
    if (!/^otlp\.link\.\d+$/.test(k) || typeof v !== 'string') continue;
    const parts = v.split('|');
    if (parts.length < 2) continue;
    const link: SpanLink = {
      traceId: normalizeId(parts[0], 16).id,
      spanId: normalizeId(parts[1], 8).id,
      attributes: newAttributes(),
    };
    if (parts[2]) link.traceState = parts[2];
    const json = parts.slice(3, -1).join('|');
    try {
      const parsed: unknown = json ? parseJsonValue(json) : null;
      if (isObj(parsed))
        for (const [ak, av] of Object.entries(parsed))
          setAttr(link.attributes, ak, toAttrValue(av));
    } catch {
      // attributes unreadable: the link itself is still useful
    }
    out.push(link);
  }
  return out;
}

function statusFrom(tags: Attributes): { code: StatusCode; message?: string } {
  const sc = tags['otel.status_code'];
  const err = tags['error'];
  let code: StatusCode = 'UNSET';
  if (typeof sc === 'string' && /^(ok|error)$/i.test(sc)) code = sc.toUpperCase() as StatusCode;
  else if (err !== undefined) code = 'ERROR';
  const desc = tags['otel.status_description'];
  // The JS exporter puts the status message in `error`; the collector writes "true" there.
  const message =
    typeof desc === 'string' && desc
      ? desc
      : typeof err === 'string' && err && err !== 'true'
        ? err
        : undefined;
  return message !== undefined && code === 'ERROR' ? { code, message } : { code };
}

function scopeFrom(tags: Attributes): InstrumentationScope | null {
  const name = tags['otel.scope.name'] ?? tags['otel.library.name'];
  if (typeof name !== 'string') return null;
  const version = tags['otel.scope.version'] ?? tags['otel.library.version'];
  return typeof version === 'string' && version ? { name, version } : { name };
}

function setIfAbsent(a: Attributes, key: string, v: unknown): void {
  if (v === undefined || v === null || v === '' || key in a) return;
  setAttr(a, key, toAttrValue(v));
}

/** Build one model span from a v2-shaped Zipkin span. */
export function zipkinSpan(
  o: Obj,
  item: RawItem,
  index: number,
  diagnostics: Diagnostic[],
  extraNotes: string[] = [],
): Span {
  const notes = [...extraNotes];
  const attributes = newAttributes();
  const linkKeys: string[] = [];
  if (isObj(o.tags)) {
    const t = o.tags;
    for (const k in t) {
      setAttr(attributes, k, toAttrValue(t[k]));
      if (k.startsWith('otlp.link.')) linkKeys.push(k);
    }
  }
  const tags = attributes;
  const local = isObj(o.localEndpoint) ? o.localEndpoint : {};
  const remote = isObj(o.remoteEndpoint) ? o.remoteEndpoint : {};
  setIfAbsent(attributes, 'peer.service', remote.serviceName);
  setIfAbsent(attributes, 'network.peer.address', remote.ipv4 ?? remote.ipv6);
  setIfAbsent(attributes, 'network.peer.port', remote.port);
  setIfAbsent(attributes, 'network.local.address', local.ipv4 ?? local.ipv6);
  setIfAbsent(attributes, 'network.local.port', local.port);
  const resource = newAttributes();
  const service = str(local.serviceName) ?? str(tags['service.name']);
  if (service !== undefined) setAttr(resource, 'service.name', service);

  let kind = otelKindFrom(o.kind);
  if (kind === null && o.kind !== undefined)
    notes.push(`kind ${JSON.stringify(o.kind)} not understood`);
  else if (kind === null) kind = otelKindFrom(tags['span.kind']) ?? 'INTERNAL'; // absent kind = local span

  if (o.debug === true) notes.push('debug: true (sampling was forced)');
  const startNs = toNanos(o.timestamp, 'us');
  const dur = toNanos(o.duration, 'us');
  const traceState = tags['w3c.tracestate'];
  return buildSpan(
    {
      traceId: o.traceId,
      spanId: o.id,
      parentSpanId: o.parentId,
      idEncoding: 'hex',
      name: o.name,
      kind,
      resource,
      scope: scopeFrom(tags),
      attributes,
      startNs,
      endNs: startNs !== null && dur !== null ? startNs + dur : null,
      status: statusFrom(tags),
      events: (Array.isArray(o.annotations) ? o.annotations.filter(isObj) : []).map(toEvent),
      links: linkKeys.length ? linksFromTags(tags, linkKeys) : [],
      ...(typeof traceState === 'string' && traceState ? { traceState } : {}),
      parentIsRemote: null,
      source:
        item.endLine !== undefined
          ? { line: item.line, endLine: item.endLine }
          : { line: item.line },
      notes,
    },
    index,
    diagnostics,
  );
}

/**
 * FNV-1a 64 of a string (UTF-16 code units) as 16 hex digits, computed on two 32-bit halves:
 * the prime 0x100000001b3 is 2^40 + 0x1b3, so h·p = (h << 40) + h·0x1b3 (mod 2^64).
 */
export function fnv1a64(s: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < s.length; i++) {
    lo = (lo ^ s.charCodeAt(i)) >>> 0;
    const a = lo * 0x1b3; // < 2^41: exact in a double
    const carry = Math.floor(a / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carry) >>> 0;
    lo = a >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

function addNote(s: Span, note: string): void {
  (s.notes ??= []).push(note);
}

/** An item that may be a Zipkin span: an object with `traceId` or `id` (others are skipped). */
export function isSpanItem(v: unknown): v is Obj {
  return isObj(v) && ('traceId' in v || 'id' in v);
}

/**
 * The end of a Zipkin parse: reports the items skipped for lacking traceId/id, re-identifies the
 * shared server spans and warns when no span was read (`format` names the input in that warning).
 * Returns how many shared server spans were re-identified.
 */
export function finishZipkinSpans(
  spans: Span[],
  shared: boolean[],
  skipped: number,
  diagnostics: Diagnostic[],
  format: string,
): number {
  if (skipped) {
    diagnostics.push({
      code: 'format.zipkin.not-a-span',
      severity: 'warning',
      message: `${skipped} item${skipped === 1 ? '' : 's'} without traceId/id ${skipped === 1 ? 'was' : 'were'} skipped.`,
    });
  }
  const sharedCount = resolveSharedSpans(spans, shared, diagnostics);
  warnIfNoSpans(spans.length, diagnostics, 'format.no-spans', `The ${format} JSON holds no spans.`);
  return sharedCount;
}

/**
 * Give each shared server half its own span id (see the header comment). `shared[i]` is true
 * when span i was marked `shared: true` (or came from a v1 span holding both halves).
 * Returns how many server halves were re-identified.
 */
export function resolveSharedSpans(
  spans: Span[],
  shared: boolean[],
  diagnostics: Diagnostic[],
): number {
  // Span ids seen once map to their index; only repeated ids get a group (kept cheap: 100k spans).
  const first = new Map<string, number>();
  const groups = new Map<string, number[]>();
  const used = new Set<string>();
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    const k = `${s.traceId}/${s.spanId}`;
    used.add(s.spanId);
    const j = first.get(k);
    if (j === undefined) {
      first.set(k, i);
      if (shared[i]) groups.set(k, [i]);
      continue;
    }
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [j, i]);
  }
  if (groups.size === 0) return 0;
  const byParent = new Map<string, number[]>();
  spans.forEach((s, i) => {
    if (s.parentSpanId === null) return;
    const k = `${s.traceId}/${s.parentSpanId}`;
    if (!groups.has(k)) return;
    const g = byParent.get(k);
    if (g) g.push(i);
    else byParent.set(k, [i]);
  });
  // Pass 1: re-identify every server half. Pass 2 moves children; it must know all server
  // halves first, because a server half is also a child of its client's parent and must stay
  // under its own client whatever order the groups come in.
  let changed = 0;
  const reidentified = new Set<number>();
  const moves: { key: string; group: number[]; owner: Span; server: Span; oldId: string }[] = [];
  for (const [key, group] of groups) {
    if (group.length === 1) {
      const s = spans[group[0]!]!;
      if (shared[group[0]!]) {
        addNote(
          s,
          "Zipkin shared server half whose client half is not in the dump (its parent is the client span's parent)",
        );
      }
      continue;
    }
    const hasClient = group.some(i => spans[i]!.kind === 'CLIENT');
    const servers = group.filter(i => shared[i] || (spans[i]!.kind === 'SERVER' && hasClient));
    const owners = group.filter(i => !servers.includes(i));
    if (servers.length === 0 || owners.length === 0) continue; // a real duplicate: the tree reports it
    const owner = spans[owners.find(i => spans[i]!.kind === 'CLIENT') ?? owners[0]!]!;
    const oldId = owner.spanId;
    let n = 0;
    for (const i of servers) {
      const s = spans[i]!;
      let id = fnv1a64(`${key}/shared/${n++}`);
      while (used.has(id) || /^0+$/.test(id)) id = fnv1a64(`${key}/shared/${n++}`);
      used.add(id);
      reidentified.add(i);
      s.spanId = id;
      s.parentSpanId = oldId;
      s.parentIsRemote = true;
      addNote(
        s,
        `Zipkin shared span: this server half reused its client's span id ${oldId}; it was given the id ${id} and placed under the client half`,
      );
      changed++;
    }
    // With several server halves, which one owns the children is unknowable: they stay put.
    if (servers.length === 1) moves.push({ key, group, owner, server: spans[servers[0]!]!, oldId });
  }
  for (const { key, group, owner, server, oldId } of moves) {
    for (const c of byParent.get(key) ?? []) {
      if (reidentified.has(c) || group.includes(c)) continue;
      const child = spans[c]!;
      const svc = child.serviceName;
      if (svc !== null && svc === owner.serviceName && svc !== server.serviceName) continue;
      child.parentSpanId = server.spanId;
      addNote(
        child,
        `parent ${oldId} is a Zipkin shared span id: moved under its server half ${server.spanId}`,
      );
    }
  }
  if (changed) {
    diagnostics.push({
      code: 'format.zipkin.shared-span',
      severity: 'info',
      message: `${changed} Zipkin shared server span${changed === 1 ? '' : 's'} reused the client's span id; each was given its own id and placed under its client span.`,
    });
  }
  return changed;
}
