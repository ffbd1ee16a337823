// Reads "a list of span records" out of the JSON layouts people paste for the record-style
// formats (Phoenix, Arize AX, LangSmith, Langfuse): one document (a bare array, or a wrapper such
// as {"data": [...]}, {"runs": [...]}, {"observations": [...]}), JSON Lines, or several documents
// pasted one after another. Each record comes with the line its text starts on (found with
// findObjectRanges, linear in the input); an unreadable line or document becomes a diagnostic with
// its line, and the complete records of a truncated document are still read. Python's json.dumps
// writes bare NaN / Infinity for missing floats (pandas exports); those are read as null and the
// repair is reported.

import { InputText, parseJsonText } from '../input/input-text.ts';
import type { JsonError } from '../input/input-text.ts';
import type { Diagnostic, SourceLocation } from '../model/diagnostic.ts';
import { findObjectRanges, type JsonRange } from './json-ranges.ts';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface RecordSpec {
  /** What one record is called in messages, e.g. "Phoenix span", "LangSmith run". */
  noun: string;
  isRecord(v: Obj): boolean;
  /** Keys under which wrapper objects keep their record array (`data`, `runs`, …). */
  containers: readonly string[];
  /** Key under which a record nests child records (LangSmith `child_runs`). */
  childrenKey?: string;
}

export interface LocatedRecord {
  value: Obj;
  /** 1-based line where the record's text starts. */
  line: number;
  /** The wrapper object (page) the record was listed in, if any. */
  wrapper: Obj | null;
}

export type Layout = 'document' | 'json-lines' | 'concatenated';

export interface RecordRead {
  records: LocatedRecord[];
  /** Wrapper objects (result pages) in document order; pagination info lives there. */
  wrappers: Obj[];
  diagnostics: Diagnostic[];
  layout: Layout;
}

/** Records nest at most this deep (LangSmith child_runs); deeper ones are reported, not read. */
const MAX_DEPTH = 64;
/** At most this many diagnostics with the same code are listed; the rest are summarised. */
const MAX_PER_CODE = 20;
/** Sniffing a broken document looks at most this far into the text. */
const SNIFF_WINDOW = 4 << 20;

/** Read every record of `spec` from the input. Never throws. */
export function readRecords(input: InputText, spec: RecordSpec): RecordRead {
  const reader = new Reader(input, spec);
  reader.run();
  return {
    records: reader.records,
    wrappers: reader.wrappers,
    diagnostics: reader.diagnostics,
    layout: reader.layout,
  };
}

/**
 * Keep the first MAX_PER_CODE diagnostics of each code and replace the rest with one summary
 * per code (a dump with 100,000 bad spans must not produce 100,000 messages). Call once, on the
 * final list.
 */
export function capDiagnostics(diagnostics: Diagnostic[], max = MAX_PER_CODE): Diagnostic[] {
  const seen = new Map<string, number>();
  const out: Diagnostic[] = [];
  const extra = new Map<string, { n: number; first: Diagnostic; worst: Diagnostic['severity'] }>();
  for (const d of diagnostics) {
    const n = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, n);
    if (n <= max) {
      out.push(d);
      continue;
    }
    const e = extra.get(d.code);
    if (!e) extra.set(d.code, { n: 1, first: d, worst: d.severity });
    else {
      e.n++;
      if (d.severity === 'error' || (d.severity === 'warning' && e.worst === 'info'))
        e.worst = d.severity;
    }
  }
  for (const [code, e] of extra) {
    out.push({
      code,
      severity: e.worst,
      message: `${e.n} more like the above (${code}) are not listed; the first is: ${e.first.message}`,
      location: e.first.location,
    });
  }
  return out;
}

class Reader {
  records: LocatedRecord[] = [];
  wrappers: Obj[] = [];
  diagnostics: Diagnostic[] = [];
  layout: Layout = 'document';
  private skipped: number[] = [];
  private src: InputText;
  private text: string;

  constructor(
    input: InputText,
    private readonly spec: RecordSpec,
  ) {
    this.src = input;
    this.text = input.text;
  }

  run(): void {
    let top = this.src.json();
    if (!top.ok && mayHaveNonFinite(this.src.text)) {
      const fixed = withoutNonFinite(this.src);
      if (fixed) {
        this.useFixed(fixed);
        top = this.src.json();
      }
    }
    if (top.ok) {
      let end = this.text.length;
      while (end > 0 && isSpace(this.text.charCodeAt(end - 1))) end--;
      this.visit(top.value, firstNonSpace(this.text, 0), end, null, 0);
    } else if (looksLikeJsonLines(this.src)) {
      this.layout = 'json-lines';
      this.readLines();
    } else {
      this.layout = 'concatenated';
      this.readChunks();
    }
    this.reportSkipped();
  }

  private useFixed(fixed: { input: InputText; count: number; first: number }): void {
    this.src = fixed.input;
    this.text = fixed.input.text;
    this.diagnostics.push({
      code: 'parse.json.non-finite',
      severity: 'info',
      message: `${fixed.count} bare NaN/Infinity value(s) (written by Python's json.dumps for missing numbers) were read as null.`,
      location: { line: fixed.input.positionAt(fixed.first).line },
    });
  }

  private line(offset: number): number {
    return this.src.positionAt(Math.max(0, offset)).line;
  }

  /** Visit one parsed value whose text is [start, end). Returns false when it is not ours. */
  private visit(
    v: unknown,
    start: number,
    end: number,
    wrapper: Obj | null,
    depth: number,
  ): boolean {
    if (end < 0) end = this.text.length;
    if (isObj(v)) {
      if (this.spec.isRecord(v)) {
        this.addRecord(v, start, end, wrapper, depth);
        return true;
      }
      for (const key of this.spec.containers) {
        const list = v[key];
        if (!Array.isArray(list)) continue;
        this.wrappers.push(v);
        const ranges = this.ranges(start, end, (k, d) => k === key && d === 2);
        this.visitElements(list, ranges, start, end, v, depth + 1);
        return true;
      }
      return false;
    }
    if (Array.isArray(v)) {
      // Direct elements (depth 1) and, for pasted arrays of arrays, their elements (depth 2).
      const ranges = this.ranges(start, end, (k, d) => k === null && d <= 2);
      this.visitArray(v, ranges, { i: 0 }, start, end, wrapper, depth, 1);
      return true;
    }
    return false;
  }

  /**
   * Object ranges inside [start, end). Text on one line (compact JSON from curl or pandas) needs
   * no scan: every record in it starts on that line, so elements fall back to the whole range.
   */
  private ranges(
    start: number,
    end: number,
    select: (k: string | null, d: number) => boolean,
  ): JsonRange[] {
    if (this.line(start) === this.line(end - 1)) return [];
    return findObjectRanges(this.text, select, start, end);
  }

  private visitArray(
    list: unknown[],
    ranges: JsonRange[],
    cursor: { i: number },
    start: number,
    end: number,
    wrapper: Obj | null,
    depth: number,
    level: number,
  ): void {
    for (const el of list) {
      if (isObj(el)) {
        const r = ranges[cursor.i++];
        const s = r?.start ?? start;
        if (!this.visit(el, s, r?.end ?? end, wrapper, depth + 1)) this.skipped.push(this.line(s));
      } else if (Array.isArray(el) && level === 1) {
        this.visitArray(el, ranges, cursor, start, end, wrapper, depth, 2);
      } else {
        this.skipped.push(this.line(start));
      }
    }
  }

  private visitElements(
    list: unknown[],
    ranges: JsonRange[],
    start: number,
    end: number,
    wrapper: Obj | null,
    depth: number,
  ): void {
    let i = 0;
    for (const el of list) {
      if (isObj(el)) {
        const r = ranges[i++];
        const s = r?.start ?? start;
        if (!this.visit(el, s, r?.end ?? end, wrapper, depth)) this.skipped.push(this.line(s));
      } else {
        this.skipped.push(this.line(start));
      }
    }
  }

  private addRecord(v: Obj, start: number, end: number, wrapper: Obj | null, depth: number): void {
    this.records.push({ value: v, line: this.line(start), wrapper });
    const key = this.spec.childrenKey;
    if (!key) return;
    const children = v[key];
    if (!Array.isArray(children) || children.length === 0) return;
    if (depth >= MAX_DEPTH) {
      this.diagnostics.push({
        code: 'format.records.too-deep',
        severity: 'warning',
        message: `${this.spec.noun}s nested more than ${MAX_DEPTH} levels deep in "${key}" were not read.`,
        location: { line: this.line(start) },
      });
      return;
    }
    const ranges = this.ranges(start, end, (k, d) => k === key && d === 2);
    this.visitElements(children, ranges, start, end, wrapper, depth + 1);
  }

  private readLines(): void {
    const t = this.text;
    let pos = 0;
    let lineNo = 0;
    while (pos <= t.length) {
      lineNo++;
      let nl = t.indexOf('\n', pos);
      if (nl < 0) nl = t.length;
      const s = firstNonSpace(t, pos, nl);
      if (s < nl) {
        let e = nl;
        while (e > s && isSpace(t.charCodeAt(e - 1))) e--;
        const lineText = t.slice(s, e);
        let res = parseJsonText(lineText, s, this.src);
        if (!res.ok && mayHaveNonFinite(lineText)) {
          const fixedLine = replaceNonFinite(lineText);
          if (fixedLine) {
            const again = parseJsonText(fixedLine.text, s, this.src);
            if (again.ok) {
              res = again;
              this.diagnostics.push({
                code: 'parse.json.non-finite',
                severity: 'info',
                message: `Line ${lineNo}: ${fixedLine.count} bare NaN/Infinity value(s) were read as null.`,
                location: { line: lineNo },
              });
            }
          }
        }
        if (res.ok) {
          if (!this.visit(res.value, s, e, null, 0)) this.skipped.push(lineNo);
        } else {
          this.pushJsonError(res.error, nl >= t.length ? 'last' : 'line');
        }
      }
      pos = nl + 1;
    }
  }

  private readChunks(): void {
    const chunks = this.src.jsonValues();
    if (chunks.length === 0) {
      this.diagnostics.push({
        code: 'parse.json.none',
        severity: 'error',
        message: `No JSON object or array was found, so no ${this.spec.noun}s could be read.`,
        location: { line: 1 },
      });
      return;
    }
    for (const c of chunks) {
      if (c.result.ok) {
        if (!this.visit(c.result.value, c.start, c.end, null, 0)) this.skipped.push(c.line);
      } else {
        const before = this.records.length;
        this.salvage(c.start, c.end);
        this.pushJsonError(c.result.error, 'document', this.records.length - before);
      }
    }
  }

  /** Read the complete records of a broken document (cut off, or with a bad spot). */
  private salvage(start: number, end: number): void {
    const containers = this.spec.containers;
    const select = (k: string | null, d: number): boolean =>
      (k === null && d <= 2) || (k !== null && d <= 3 && containers.includes(k));
    for (const r of findObjectRanges(this.text, select, start, end)) {
      if (r.end < 0) continue;
      const res = parseJsonText(this.text.slice(r.start, r.end), r.start, this.src);
      if (res.ok && isObj(res.value) && this.spec.isRecord(res.value)) {
        this.addRecord(res.value, r.start, r.end, null, 0);
      }
    }
  }

  private pushJsonError(e: JsonError, where: 'line' | 'last' | 'document', salvaged = 0): void {
    const truncated = e.message.startsWith('the JSON ends too early');
    let message: string;
    if (where === 'document') {
      message = truncated
        ? `The JSON is cut off at line ${e.line}: ${e.message}.`
        : `The JSON cannot be read at line ${e.line}, column ${e.column}: ${e.message}.`;
      message +=
        salvaged > 0
          ? ` The ${salvaged} complete ${this.spec.noun}(s) before that point were read; the rest is missing.`
          : ` No complete ${this.spec.noun} could be read from it.`;
    } else if (where === 'last' && truncated) {
      message = `The last line (${e.line}) is cut off: ${e.message}. It was skipped.`;
    } else {
      message = `Line ${e.line} is not valid JSON (column ${e.column}: ${e.message}). It was skipped.`;
    }
    this.diagnostics.push({
      code: 'parse.json.invalid',
      severity: 'error',
      message,
      location: { line: e.line, column: e.column },
      hint: truncated
        ? 'Paste or export the complete text; spans missing from the cut-off part will look like lost parents.'
        : undefined,
    });
  }

  private reportSkipped(): void {
    for (const line of this.skipped) {
      this.diagnostics.push({
        code: 'format.records.not-a-record',
        severity: 'warning',
        message: `The value at line ${line} is not a ${this.spec.noun}; it was skipped.`,
        location: { line },
      });
    }
  }
}

/**
 * Adds the warning that the input held no spans, unless an error already says why. The code and
 * message name the format.
 */
export function warnIfNoSpans(
  spanCount: number,
  diagnostics: Diagnostic[],
  code: string,
  message: string,
  location?: SourceLocation,
): void {
  if (spanCount > 0 || diagnostics.some(d => d.severity === 'error')) return;
  diagnostics.push(
    location
      ? { code, severity: 'warning', message, location }
      : { code, severity: 'warning', message },
  );
}

/**
 * The cursor of a missing next page, or null. Pages whose cursor is set mean later pages are
 * missing — unless one of the pasted pages is the last one (no cursor), i.e. the whole list is here.
 */
export function missingPages(wrappers: readonly Obj[], cursorOf: (w: Obj) => unknown): unknown {
  let open: unknown = null;
  for (const w of wrappers) {
    const c = cursorOf(w);
    if (c === null || c === undefined || c === false || c === '') return null;
    open = c;
  }
  return open;
}

// ---------------------------------------------------------------------------------------------
// Sniffing: a cheap look at the first record

export interface SniffHit {
  record: Obj;
  /** The wrapper object (page) holding the record, when there is one and it was read whole. */
  wrapper: Obj | null;
  /** Key of the wrapper's record list (`data`, `runs` …), or null. */
  container: string | null;
  /** 'partial' = the text is broken and the record was cut out of it on its own. */
  layout: Layout | 'partial';
}

type View = { value: unknown; layout: Layout } | { value: undefined; layout: 'partial' };
const viewCache = new WeakMap<InputText, View>();

/** The first record of `spec` in the input, or null. Cheap after the first call; never throws. */
export function sniffRecord(input: InputText, spec: RecordSpec): SniffHit | null {
  try {
    const view = sniffView(input);
    if (view.layout !== 'partial') {
      const hit = findFirst(view.value, spec, 0);
      return hit ? { ...hit, layout: view.layout } : null;
    }
    return sniffPartial(input, spec);
  } catch {
    return null;
  }
}

function sniffView(input: InputText): View {
  const cached = viewCache.get(input);
  if (cached) return cached;
  let view: View = { value: undefined, layout: 'partial' };
  const top = input.json();
  if (top.ok) {
    view = { value: top.value, layout: 'document' };
  } else {
    const fixed = mayHaveNonFinite(input.text) ? withoutNonFinite(input) : null;
    const again = fixed?.input.json();
    if (again?.ok) {
      view = { value: again.value, layout: 'document' };
    } else {
      const first = firstLineValue(input);
      if (first !== undefined) view = { value: first, layout: 'json-lines' };
    }
  }
  viewCache.set(input, view);
  return view;
}

function findFirst(v: unknown, spec: RecordSpec, depth: number): Omit<SniffHit, 'layout'> | null {
  if (depth > 3) return null;
  if (isObj(v)) {
    if (spec.isRecord(v)) return { record: v, wrapper: null, container: null };
    for (const key of spec.containers) {
      const list = v[key];
      if (!Array.isArray(list)) continue;
      for (const el of list.slice(0, 5)) {
        if (isObj(el) && spec.isRecord(el)) return { record: el, wrapper: v, container: key };
      }
      return null;
    }
    return null;
  }
  if (Array.isArray(v)) {
    for (const el of v.slice(0, 5)) {
      const hit = findFirst(el, spec, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

function sniffPartial(input: InputText, spec: RecordSpec): SniffHit | null {
  const t = input.text;
  const start = firstNonSpace(t, 0);
  const c = t.charCodeAt(start);
  if (c !== 123 && c !== 91) return null;
  const containers = spec.containers;
  const select = (k: string | null, d: number): boolean =>
    (k === null && d <= 2) || (k !== null && d <= 3 && containers.includes(k));
  const ranges = findObjectRanges(t, select, start, Math.min(t.length, SNIFF_WINDOW));
  let tried = 0;
  for (const r of ranges) {
    if (r.end < 0) continue;
    if (++tried > 20) break;
    const res = parseJsonText(t.slice(r.start, r.end), r.start, input);
    if (res.ok && isObj(res.value) && spec.isRecord(res.value)) {
      return { record: res.value, wrapper: null, container: null, layout: 'partial' };
    }
  }
  return null;
}

/** The first non-empty line parsed on its own, when the text has more after it (JSON Lines). */
function firstLineValue(input: InputText): unknown {
  const t = input.text;
  let pos = 0;
  while (pos < t.length) {
    let nl = t.indexOf('\n', pos);
    if (nl < 0) nl = t.length;
    const s = firstNonSpace(t, pos, nl);
    if (s < nl) {
      if (nl >= t.length) return undefined; // a single line that is not valid JSON on its own
      const c = t.charCodeAt(s);
      if (c !== 123 && c !== 91) return undefined;
      const res = parseJsonText(t.slice(s, nl), s, input);
      return res.ok ? res.value : undefined;
    }
    pos = nl + 1;
  }
  return undefined;
}

/** JSON Lines: one of the first five non-empty lines parses on its own as an object or array. */
function looksLikeJsonLines(input: InputText): boolean {
  const t = input.text;
  let pos = 0;
  let seen = 0;
  while (pos < t.length && seen < 5) {
    let nl = t.indexOf('\n', pos);
    if (nl < 0) nl = t.length;
    const s = firstNonSpace(t, pos, nl);
    if (s < nl) {
      seen++;
      const c = t.charCodeAt(s);
      if (c === 123 || c === 91) {
        const res = parseJsonText(t.slice(s, nl), s, input);
        if (res.ok && typeof res.value === 'object' && res.value !== null) return true;
      }
    }
    pos = nl + 1;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// NaN / Infinity written by Python's json.dumps (allow_nan=True, the default)

const fixedCache = new WeakMap<
  InputText,
  { input: InputText; count: number; first: number } | null
>();

/** Cheap pre-check before the string-aware scan for bare NaN / Infinity tokens. */
function mayHaveNonFinite(text: string): boolean {
  return text.includes('NaN') || text.includes('Infinity');
}

/** The input with bare NaN / ±Infinity (outside strings) replaced by null; null when none. */
export function withoutNonFinite(
  input: InputText,
): { input: InputText; count: number; first: number } | null {
  if (fixedCache.has(input)) return fixedCache.get(input) ?? null;
  const r = replaceNonFinite(input.text);
  const out = r
    ? { input: new InputText(r.text, input.fileName), count: r.count, first: r.first }
    : null;
  fixedCache.set(input, out);
  return out;
}

function replaceNonFinite(t: string): { text: string; count: number; first: number } | null {
  const parts: string[] = [];
  let last = 0;
  let count = 0;
  let first = -1;
  const n = t.length;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = t.indexOf('"', i + 1);
      while (j !== -1 && isEscapedQuote(t, j)) j = t.indexOf('"', j + 1);
      if (j === -1) break;
      i = j;
      continue;
    }
    let len = 0;
    if (c === 78 /* N */ && t.startsWith('NaN', i)) len = 3;
    else if (c === 73 /* I */ && t.startsWith('Infinity', i)) len = 8;
    else if (c === 45 /* - */ && t.startsWith('-Infinity', i)) len = 9;
    if (len === 0) continue;
    parts.push(t.slice(last, i), 'null');
    if (first < 0) first = i;
    count++;
    last = i + len;
    i = last - 1;
  }
  if (count === 0) return null;
  parts.push(t.slice(last));
  return { text: parts.join(''), count, first };
}

function isEscapedQuote(t: string, j: number): boolean {
  let k = j - 1;
  while (t.charCodeAt(k) === 92) k--;
  return (j - 1 - k) % 2 === 1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 0xfeff;
}

function firstNonSpace(t: string, from: number, to = t.length): number {
  let i = from;
  while (i < to && isSpace(t.charCodeAt(i))) i++;
  return i;
}
