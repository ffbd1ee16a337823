// OpenTelemetry Collector `debug` exporter text, `verbosity: detailed` (formats.md §3.2), and its
// predecessor the `logging` exporter. Written by `exporter/debugexporter/internal/otlptext`
// (`traces.go`, `databuffer.go`): `ResourceSpans #i` / `ScopeSpans #j` / `Span #k` blocks, span
// fields as `"    %-15s: %s"`, attributes as `-> key: Type(value)`. The text usually arrives
// inside collector logs (zap console lines `ts<TAB>level<TAB>msg`, a trailing `<TAB>{fields}`),
// sometimes JSON-encoded logs or `docker compose` prefixes; anything else in between is skipped.
// The format is explicitly unstable, so the reader is line-based and lenient.

import { parseJsonText, type InputText } from '../input/input-text.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type {
  Attributes,
  AttrValue,
  InstrumentationScope,
  Span,
  SpanEvent,
  SpanLink,
} from '../model/span.ts';
import { normalizeId } from '../model/ids.ts';
import { isoToNanos } from '../model/time.ts';
import {
  buildSpan,
  newAttributes,
  otelKindFrom,
  setAttr,
  statusCodeFrom,
  toAttrValue,
} from './span-builder.ts';
import type { FormatModule, ParseResult } from './types.ts';

// zap console encoder: `ts<TAB>level<TAB>[caller<TAB>]msg`. Pasted into Markdown the tabs often
// become runs of spaces, so both are accepted.
const ZAP_PREFIX =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?[\t ]+(?:debug|info|warn|warning|error|dpanic|panic|fatal)[\t ]+/i;
const ZAP_CALLER = /^[\w.@/-]+\.go:\d+[\t ]+/;
const COMPOSE_PREFIX = /^[\w.-]+\s+\| ?/;
// Terminal colours (zap's colour level encoder); built from a string to keep the ESC explicit.
const ANSI = new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g');

const FIELD = /^ {4}([A-Za-z][A-Za-z ]*[A-Za-z]) *: ?(.*)$/;
const ARROW = /^(\s*)-> (.*)$/;
const ATTR = /^(.+?): ([A-Za-z0-9]+)\((.*)$/;
const TYPES = new Set([
  'str',
  'string',
  'int',
  'int64',
  'double',
  'float64',
  'bool',
  'boolean',
  'map',
  'slice',
  'array',
  'bytes',
  'empty',
]);

interface PendingAttr {
  target: Attributes;
  key: string;
  type: string;
  text: string;
  line: number;
}

interface SpanDraft {
  line: number;
  endLine: number;
  fields: Map<string, string>;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
}

class DebugReader {
  readonly spans: Span[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly dialect = new Set<string>();
  private resource: Attributes = newAttributes();
  private scope: InstrumentationScope | null = null;
  private span: SpanDraft | null = null;
  /** Where `-> key: Type(value)` lines go; null = skip them (entity refs, unknown blocks). */
  private target: Attributes | null = null;
  /** The event or link whose `->` meta lines come next. */
  private item: { kind: 'event'; event: SpanEvent } | { kind: 'link'; link: SpanLink } | null =
    null;
  private pending: PendingAttr | null = null;
  private sawResourceSpans = false;
  private readonly compose: boolean;

  constructor(private readonly input: InputText) {
    const first = input.text.indexOf('ResourceSpans #');
    const lineStart = first < 0 ? -1 : input.text.lastIndexOf('\n', first) + 1;
    this.compose =
      lineStart >= 0 &&
      COMPOSE_PREFIX.test(input.text.slice(lineStart, first)) &&
      first > lineStart;
    if (this.compose) this.dialect.add('docker compose prefixes');
  }

  read(): ParseResult {
    const t = this.input.text;
    let lineNo = 0;
    let pos = 0;
    for (;;) {
      let nl = t.indexOf('\n', pos);
      if (nl < 0) nl = t.length;
      lineNo++;
      let line = t.slice(pos, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.line(line, lineNo);
      if (nl >= t.length) break;
      pos = nl + 1;
    }
    this.flushPending();
    this.finishSpan();
    if (this.spans.length === 0) {
      this.diagnostics.push({
        code: 'format.collector-debug.no-spans',
        severity: 'warning',
        message: this.sawResourceSpans
          ? 'The debug exporter output has no "Span #" blocks, so no span could be read.'
          : 'No debug exporter span blocks ("Span #0" with "Trace ID :") were found.',
        location: { line: 1 },
        hint: 'Set `verbosity: detailed` on the debug exporter: `basic` prints only counts and `normal` omits parent ids.',
      });
    }
    const result: ParseResult = { spans: this.spans, diagnostics: this.diagnostics };
    result.dialect = ['detailed verbosity', ...this.dialect].join(', ');
    return result;
  }

  /** One physical line: strip log decorations, then read what is left. */
  private line(raw: string, lineNo: number): void {
    let l = raw.includes('\x1b') ? raw.replace(ANSI, '') : raw;
    if (this.compose) l = l.replace(COMPOSE_PREFIX, '');
    const zap = ZAP_PREFIX.exec(l);
    if (zap) {
      this.dialect.add('zap log prefixes');
      l = l.slice(zap[0].length);
      const caller = ZAP_CALLER.exec(l);
      if (caller) l = l.slice(caller[0].length);
      if (!this.isStructural(l)) {
        this.flushPending(); // a log line ends any multi-line value
        return;
      }
    } else if (l.startsWith('{') && l.includes('"msg"')) {
      if (this.jsonLogLine(l, lineNo)) return;
    } else if (l.startsWith('\t{') || (l.startsWith('\t') && l.trim() === '')) {
      this.flushPending(); // zap's trailing `{fields}` after the message text
      return;
    }
    this.content(l, lineNo);
  }

  /** A JSON-encoded collector log line whose "msg" holds the debug text. */
  private jsonLogLine(l: string, lineNo: number): boolean {
    const r = parseJsonText(l, 0, this.input);
    if (!r.ok || r.value === null || typeof r.value !== 'object') return false;
    const msg = (r.value as Record<string, unknown>)['msg'];
    if (typeof msg !== 'string' || !msg.includes('#')) return false;
    this.dialect.add('JSON-encoded collector logs');
    this.flushPending();
    for (const sub of msg.split('\n')) this.content(sub, lineNo);
    this.flushPending();
    return true;
  }

  private isStructural(l: string): boolean {
    return /^(ResourceSpans|ScopeSpans|InstrumentationLibrarySpans|Span) #\d/.test(l);
  }

  private content(l: string, lineNo: number): void {
    let m: RegExpExecArray | null;
    if (
      (m =
        /^(ResourceSpans|ScopeSpans|InstrumentationLibrarySpans|Span|SpanEvent|SpanLink) #\d+\s*$/.exec(
          l,
        ))
    ) {
      this.flushPending();
      this.block(m[1]!, lineNo);
      return;
    }
    if (
      (m = /^(InstrumentationScope|InstrumentationLibrary)(?: (.*))?$/.exec(l)) &&
      !l.includes(':')
    ) {
      this.flushPending();
      if (m[1] === 'InstrumentationLibrary') this.dialect.add('legacy logging exporter');
      this.finishSpan();
      const rest = m[2] ?? '';
      const sp = rest.indexOf(' ');
      const name = sp < 0 ? rest : rest.slice(0, sp);
      const version = sp < 0 ? '' : rest.slice(sp + 1).trim();
      this.scope = name || version ? { name, ...(version ? { version } : {}) } : null;
      this.target = null;
      return;
    }
    if (/^(Resource|ScopeSpans|InstrumentationLibrarySpans) SchemaURL:/.test(l)) {
      this.flushPending();
      return;
    }
    if ((m = /^([A-Za-z][A-Za-z ]*?):{1,2}\s*$/.exec(l))) {
      this.flushPending();
      this.header(m[1]!, lineNo);
      return;
    }
    if ((m = ARROW.exec(l))) {
      this.flushPending();
      this.arrow(m[1]!.length, m[2]!, lineNo);
      return;
    }
    if (this.span && (m = FIELD.exec(l))) {
      this.flushPending();
      this.span.fields.set(m[1]!, m[2]!);
      this.span.endLine = lineNo;
      return;
    }
    if (this.pending) {
      // A string value with line breaks continues on the following lines.
      this.pending.text += '\n' + l;
      if (this.span) this.span.endLine = lineNo;
    }
  }

  private block(kind: string, lineNo: number): void {
    this.item = null;
    switch (kind) {
      case 'ResourceSpans':
        this.finishSpan();
        this.sawResourceSpans = true;
        this.resource = newAttributes();
        this.scope = null;
        this.target = null;
        break;
      case 'ScopeSpans':
      case 'InstrumentationLibrarySpans':
        if (kind !== 'ScopeSpans') this.dialect.add('legacy logging exporter');
        this.finishSpan();
        this.scope = null;
        this.target = null;
        break;
      case 'Span':
        this.finishSpan();
        this.span = {
          line: lineNo,
          endLine: lineNo,
          fields: new Map(),
          attributes: newAttributes(),
          events: [],
          links: [],
        };
        this.target = null;
        break;
      case 'SpanEvent':
        if (this.span) {
          const event: SpanEvent = { name: '', timeNs: null, attributes: newAttributes() };
          this.span.events.push(event);
          this.item = { kind: 'event', event };
          this.span.endLine = lineNo;
        }
        this.target = null;
        break;
      case 'SpanLink':
        if (this.span) {
          const link: SpanLink = { traceId: '', spanId: '', attributes: newAttributes() };
          this.span.links.push(link);
          this.item = { kind: 'link', link };
          this.span.endLine = lineNo;
        }
        this.target = null;
        break;
    }
  }

  private header(name: string, lineNo: number): void {
    this.item = null;
    switch (name) {
      case 'Resource attributes':
      case 'Resource labels':
        if (name === 'Resource labels') this.dialect.add('legacy logging exporter');
        this.target = this.resource;
        break;
      case 'InstrumentationScope attributes':
        if (this.scope) this.target = this.scope.attributes ??= newAttributes();
        else {
          this.scope = { name: '', attributes: newAttributes() };
          this.target = this.scope.attributes!;
        }
        break;
      case 'Attributes':
        this.target = this.span ? this.span.attributes : null;
        if (this.span) this.span.endLine = lineNo;
        break;
      default:
        // Events:, Links:, Resource entity refs: and anything unknown: no attribute target.
        this.target = null;
    }
  }

  private arrow(indent: number, body: string, lineNo: number): void {
    if (this.span) this.span.endLine = lineNo;
    if (this.item && indent <= 5) {
      this.itemMeta(body);
      return;
    }
    if (!this.target) return;
    const m = ATTR.exec(body);
    if (!m || !TYPES.has(m[2]!.toLowerCase())) {
      this.diagnostics.push({
        code: 'format.collector-debug.bad-attribute',
        severity: 'warning',
        message: `Line ${lineNo} is not an attribute of the form "-> key: Type(value)"; it was skipped.`,
        location: { line: lineNo },
      });
      return;
    }
    this.pending = { target: this.target, key: m[1]!, type: m[2]!, text: m[3]!, line: lineNo };
    // The old `logging` exporter wrote STRING(...), INT(...): upper-case type names.
    if (m[2] === m[2]!.toUpperCase()) this.dialect.add('legacy logging exporter');
  }

  private itemMeta(body: string): void {
    const i = body.indexOf(':');
    if (i < 0) return;
    const key = body.slice(0, i);
    const value = body.slice(i + 1).replace(/^ /, '');
    const item = this.item!;
    if (key === 'Attributes' && body.startsWith('Attributes:')) {
      this.target = item.kind === 'event' ? item.event.attributes : item.link.attributes;
      return;
    }
    if (item.kind === 'event') {
      if (key === 'Name') item.event.name = value;
      else if (key === 'Timestamp') item.event.timeNs = isoToNanos(value.trim());
    } else if (key === 'Trace ID') item.link.traceId = normalizeId(value.trim(), 16).id;
    else if (key === 'ID') item.link.spanId = normalizeId(value.trim(), 8).id;
    else if (key === 'TraceState' && value.trim()) item.link.traceState = value.trim();
  }

  private flushPending(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    // Blank lines after the closing `)` are not part of the value (a value that really ends in a
    // line break prints its `)` on the next line, so that break is kept).
    let text = p.text.replace(/\n+$/, '');
    if (text.endsWith(')')) text = text.slice(0, -1);
    else {
      this.diagnostics.push({
        code: 'format.collector-debug.unclosed-value',
        severity: 'warning',
        message: `The value of attribute "${p.key}" at line ${p.line} has no closing ")": it looks cut off, and was kept as far as it goes.`,
        location: { line: p.line },
      });
    }
    setAttr(p.target, p.key, this.value(p.type.toLowerCase(), text));
  }

  private value(type: string, text: string): AttrValue {
    switch (type) {
      case 'int':
      case 'int64': {
        if (!/^-?\d+$/.test(text)) return text;
        const n = Number(text);
        return Number.isSafeInteger(n) ? n : text; // beyond 2^53: keep the exact digits
      }
      case 'double':
      case 'float64': {
        const n = Number(text);
        return text.trim() !== '' && Number.isFinite(n) ? n : text;
      }
      case 'bool':
      case 'boolean':
        return text === 'true' ? true : text === 'false' ? false : text;
      case 'map':
      case 'slice':
      case 'array': {
        const r = parseJsonText(text, 0, this.input);
        if (r.ok) return toAttrValue(r.value);
        // The old logging exporter printed arrays as `[a, b]` without quotes: element types are
        // lost, so the elements are kept as text.
        if (type === 'array' && text.startsWith('[') && text.endsWith(']')) {
          const inner = text.slice(1, -1);
          return inner === '' ? [] : inner.split(', ');
        }
        return text;
      }
      case 'empty':
        return null;
      default:
        return text; // Str, Bytes (base64 text)
    }
  }

  private finishSpan(): void {
    this.flushPending();
    const d = this.span;
    this.span = null;
    this.item = null;
    if (!d) return;
    const f = d.fields;
    const where = { line: d.line };
    for (const [field, what] of [
      ['Trace ID', 'trace id'],
      ['ID', 'span id'],
    ] as const) {
      if (!f.has(field)) {
        this.diagnostics.push({
          code: 'format.collector-debug.incomplete-span',
          severity: 'warning',
          message: `Span block at line ${d.line} has no "${field}" line; it was kept with an empty ${what}.`,
          location: where,
        });
      }
    }
    if (!f.has('Status code')) {
      // otlptext prints "Status code" (then "Status message") for every span, before any
      // attribute, event or link: a block without it was cut off.
      this.diagnostics.push({
        code: 'format.collector-debug.incomplete-span',
        severity: 'warning',
        message: `Span block at line ${d.line} ends at line ${d.endLine} before its "Status code" line, which the exporter always prints: the output looks cut off there, so the span's status, attributes and events may be missing.`,
        location: where,
      });
    }
    const statusText = f.get('Status code')?.trim();
    if (statusText !== undefined && !/^(?:STATUS_CODE_)?(?:UNSET|OK|ERROR)$/i.test(statusText)) {
      this.diagnostics.push({
        code: 'format.collector-debug.bad-status',
        severity: 'warning',
        message: `Status code "${statusText}" at line ${d.line} is not Unset, Ok or Error; the status was read as UNSET.`,
        location: where,
      });
    }
    const kindText = f.get('Kind')?.trim();
    const kind = kindText ? otelKindFrom(kindText) : null;
    if (kindText && !kind) {
      this.diagnostics.push({
        code: 'format.collector-debug.bad-kind',
        severity: 'warning',
        message: `Span kind "${kindText}" at line ${d.line} is not a known span kind.`,
        location: where,
      });
    }
    const time = (field: string): bigint | null => {
      const text = f.get(field)?.trim();
      if (!text) return null;
      const ns = isoToNanos(text);
      if (ns === null) {
        this.diagnostics.push({
          code: 'format.collector-debug.bad-time',
          severity: 'warning',
          message: `"${field}" value "${text}" is not a readable timestamp.`,
          location: where,
        });
      }
      return ns;
    };
    const message = f.get('Status message') ?? '';
    const traceState = f.get('TraceState')?.trim();
    const span = buildSpan(
      {
        traceId: (f.get('Trace ID') ?? '').trim(),
        spanId: (f.get('ID') ?? '').trim(),
        parentSpanId: (f.get('Parent ID') ?? '').trim(),
        idEncoding: 'hex',
        name: f.get('Name') ?? '',
        kind,
        resource: this.resource,
        scope: this.scope,
        attributes: d.attributes,
        startNs: time('Start time'),
        endNs: time('End time'),
        status: {
          code: statusCodeFrom(f.get('Status code')?.trim()),
          ...(message ? { message } : {}),
        },
        events: d.events,
        links: d.links,
        ...(traceState ? { traceState } : {}),
        parentIsRemote: null, // the debug text does not print span flags
        source: { line: d.line, endLine: d.endLine },
      },
      this.spans.length,
      this.diagnostics,
    );
    this.spans.push(span);
  }
}

export const collectorDebug: FormatModule = {
  id: 'collector-debug',
  label: 'OpenTelemetry Collector debug exporter (detailed text)',
  specUrl:
    'https://github.com/open-telemetry/opentelemetry-collector/tree/main/exporter/debugexporter',
  sniff(input) {
    const t = input.text;
    const trace = t.indexOf('Trace ID       : ');
    if (trace >= 0 && t.lastIndexOf('Span #', trace) >= 0) {
      return 'collector debug exporter text ("Span #" blocks with "Trace ID       :")';
    }
    if (/^(?:.*\t)?ResourceSpans #\d+\r?$/m.test(input.firstChunk(65536))) {
      return 'collector debug exporter text ("ResourceSpans #0")';
    }
    return null;
  },
  parse(input) {
    return new DebugReader(input).read();
  },
};
