// A tolerant reader for Node's `util.inspect` output (what `console.dir` / `console.log` print
// for objects), used by the JS ConsoleSpanExporter importer. It is not JSON and not full
// JavaScript: unquoted keys, '…' / "…" / `…` strings with escapes, `'a\n' +` continuation lines,
// `undefined`, `NaN`, `10n`, bare Dates, class-name prefixes (`Resource {`, `Map(1) { 'k' => v }`),
// placeholders (`[Object]`, `[Array]`, `[Circular *1]`, `[Function: f]`, `<ref *1>`,
// `<2 empty items>`), `... N more items` / `'…'... N more characters` truncation markers and ANSI
// colour codes. See formats.md §5 and https://nodejs.org/api/util.html#utilinspectobject-options.
//
// Values come back as plain data: objects are plain records whose keys are all own data
// properties, `__proto__` included (class name, if printed, in the non-enumerable `JS_CLASS` symbol), Maps become records keyed by `String(key)`, Sets become
// arrays, BigInts stay bigint, Dates stay their ISO text, and anything that was not printed as
// data becomes a `JsPlaceholder`. Every lossy marker is reported as an issue with line/column.

import { MAX_NESTING, recordDepthCut, TOO_DEEP } from '../input/depth-limit.ts';

/** Class name printed before an object or array (`TraceStateImpl`, `Map(1)`, `Resource`). */
export const JS_CLASS: unique symbol = Symbol('jsClass');

/** Something util.inspect printed instead of the data (`[Object]`, `[Function: f]`, `Symbol(x)`). */
export class JsPlaceholder {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export interface JsLiteralIssue {
  offset: number;
  line: number;
  column: number;
  message: string;
}

export type JsLiteralParse =
  | { ok: true; value: unknown; start: number; end: number; issues: JsLiteralIssue[] }
  | { ok: false; start: number; error: JsLiteralIssue; issues: JsLiteralIssue[] };

export interface JsLiteralChunk {
  /** Offset of the value's first character. */
  start: number;
  /** Offset just past the value (end of the examined text when the value is broken). */
  end: number;
  /** 1-based lines of the first and last character. */
  line: number;
  endLine: number;
  result: JsLiteralParse;
}

class ParseError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const LITERALS: Record<string, unknown> = {
  undefined: undefined,
  null: null,
  true: true,
  false: false,
  NaN: NaN,
  Infinity: Infinity,
};

const ISO_DATE = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/y;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(n)?/y;
const IDENT = /[A-Za-z_$][\w$.]*/y;
const KEY = /[\w$]+/y;
const MORE = /\.\.\. (\d+) more (items?|characters?|properties|bytes?)/y;
// eslint-disable-next-line no-control-regex -- matching ANSI colour codes is the point
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/y;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function record(): Record<string, unknown> {
  return {};
}

/**
 * Plain objects keep V8's fast shapes (spans printed alike share one); only `__proto__`, whose
 * assignment would set the prototype, needs defineProperty to stay an ordinary data key.
 */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else obj[key] = value;
}

function tagClass(target: object, name: string | null): void {
  if (name) Object.defineProperty(target, JS_CLASS, { value: name, enumerable: false });
}

/** The class name util.inspect printed before an object or array, if any. */
export function jsClassOf(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  return (v as { [JS_CLASS]?: string })[JS_CLASS];
}

class Parser {
  pos: number;
  readonly issues: JsLiteralIssue[] = [];
  /** Containers open around the current position. */
  private depth = 0;
  private lineAt = 0; // offset up to which lines were counted
  private lineNo = 1;
  private lineStart = 0;

  constructor(
    readonly t: string,
    start: number,
    private readonly limit: number,
    startLine?: number,
  ) {
    this.pos = start;
    if (startLine !== undefined) {
      // Count lines from here, not from the top of the text (keeps many values linear).
      this.lineAt = start;
      this.lineNo = startLine;
      this.lineStart = start === 0 ? 0 : t.lastIndexOf('\n', start - 1) + 1;
    }
  }

  /** 1-based line/column of an offset; linear when offsets grow (they nearly always do). */
  position(offset: number): { line: number; column: number } {
    const t = this.t;
    if (offset < this.lineAt) {
      // Step back: uncount the newlines in [offset, lineAt).
      for (
        let i = t.lastIndexOf('\n', this.lineAt - 1);
        i >= offset;
        i = t.lastIndexOf('\n', i - 1)
      ) {
        this.lineNo--;
        if (i === 0) break;
      }
      this.lineStart = offset === 0 ? 0 : t.lastIndexOf('\n', offset - 1) + 1;
      this.lineAt = offset;
    }
    for (let i = t.indexOf('\n', this.lineAt); i !== -1 && i < offset; i = t.indexOf('\n', i + 1)) {
      this.lineNo++;
      this.lineStart = i + 1;
    }
    this.lineAt = offset;
    return { line: this.lineNo, column: offset - this.lineStart + 1 };
  }

  issue(offset: number, message: string): void {
    this.issues.push({ offset, ...this.position(offset), message });
  }

  fail(message: string, offset = this.pos): never {
    throw new ParseError(offset, message);
  }

  peek(): number {
    return this.pos < this.limit ? this.t.charCodeAt(this.pos) : -1;
  }

  /** Skip spaces, newlines and ANSI colour codes. */
  ws(): void {
    const t = this.t;
    while (this.pos < this.limit) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.pos++;
      else if (c === 27) {
        ANSI.lastIndex = this.pos;
        if (ANSI.test(t)) this.pos = ANSI.lastIndex;
        else this.pos++;
      } else break;
    }
  }

  /** Skip spaces (and colour codes) on the current line only. */
  inlineWs(): void {
    const t = this.t;
    while (this.pos < this.limit) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9) this.pos++;
      else if (c === 27) {
        ANSI.lastIndex = this.pos;
        if (ANSI.test(t)) this.pos = ANSI.lastIndex;
        else this.pos++;
      } else break;
    }
  }

  value(): unknown {
    this.ws();
    // `<ref *1>` prefixes the value it labels; a loop, so a run of them cannot exhaust the stack.
    while (this.peek() === 60 /* < */ && this.t.startsWith('<ref *', this.pos)) {
      this.balanced(60, 62);
      this.ws();
    }
    const c = this.peek();
    if (c === -1) this.fail('the text ends in the middle of a value (truncated?)');
    if (c === 123 /* { */) return this.object(null);
    if (c === 91 /* [ */) return this.bracket();
    if (c === 39 || c === 34 || c === 96) return this.strings();
    if (c === 60 /* < */) return this.angle();
    if (isDigit(c) || c === 45 /* - */ || c === 46 /* . */) return this.number();
    if (c === 47 /* / */) return this.regex();
    if (isIdentStart(c)) return this.identifierValue();
    return this.fail(`unexpected ${JSON.stringify(this.t[this.pos])}`);
  }

  /** `[` starts an array, or a placeholder such as `[Object]` (maybe prefixing an object). */
  bracket(): unknown {
    const next = this.pos + 1 < this.limit ? this.t.charCodeAt(this.pos + 1) : -1;
    if (!isIdentStart(next)) return this.array(null);
    const start = this.pos;
    const text = this.balanced(91, 93);
    const prefix = this.containerAfterPrefix();
    if (prefix === 123) return this.object(text.slice(1, -1));
    if (prefix === 91) return this.array(text.slice(1, -1));
    this.issue(start, `${text} printed instead of the value`);
    return new JsPlaceholder(text);
  }

  /** Read a balanced `open … close` run on one line and return it. */
  balanced(open: number, close: number): string {
    const t = this.t;
    const start = this.pos;
    let depth = 0;
    for (let i = start; i < this.limit; i++) {
      const c = t.charCodeAt(i);
      if (c === 10) break;
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        this.pos = i + 1;
        return t.slice(start, i + 1);
      }
    }
    return this.fail(`unclosed ${String.fromCharCode(open)}`, start);
  }

  /** After a class name or placeholder: if `{` or `[` follows on the same line, return it. */
  containerAfterPrefix(): number {
    const save = this.pos;
    this.inlineWs();
    const c = this.peek();
    if (c === 123 || c === 91) return c;
    this.pos = save;
    return -1;
  }

  identifierValue(): unknown {
    const t = this.t;
    const start = this.pos;
    IDENT.lastIndex = start;
    IDENT.test(t);
    const name = t.slice(start, IDENT.lastIndex);
    this.pos = IDENT.lastIndex;
    if (name in LITERALS && !this.followedByContainer()) return LITERALS[name];
    // Class-name prefix: `Resource {`, `Map(1) {`, `Uint8Array(3) [`, `Foo [Bar] {`.
    let cls = name;
    if (this.peek() === 40 /* ( */) cls += this.balanced(40, 41);
    const save = this.pos;
    this.inlineWs();
    if (this.peek() === 91 && isIdentStart(this.t.charCodeAt(this.pos + 1))) {
      const tag = this.balanced(91, 93);
      if (this.containerAfterPrefix() !== -1) cls += ' ' + tag;
      else this.pos = save;
    } else this.pos = save;
    const container = this.containerAfterPrefix();
    if (container === 123) return this.object(cls);
    if (container === 91) return this.array(cls);
    // Something printed that is not data: `Symbol(foo)`, `Invalid Date`, `Promise`.
    const end = this.rawEnd();
    const text = t.slice(start, end).trimEnd();
    this.pos = end;
    this.issue(start, `${text} printed instead of the value`);
    return new JsPlaceholder(text);
  }

  followedByContainer(): boolean {
    const save = this.pos;
    const c = this.containerAfterPrefix();
    this.pos = save;
    return c !== -1;
  }

  /** End of a raw token: the next `,`, closing bracket or newline at this nesting level. */
  rawEnd(): number {
    const t = this.t;
    let depth = 0;
    let i = this.pos;
    for (; i < this.limit; i++) {
      const c = t.charCodeAt(i);
      if (c === 10 || c === 13) break;
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        if (depth === 0) break;
        depth--;
      } else if (c === 44 && depth === 0) break;
    }
    return i;
  }

  /** `<ref *1>` prefix, `<pending>`, `<3 empty items>`, `<Buffer 01 02>`. */
  angle(): unknown {
    const start = this.pos;
    const text = this.balanced(60, 62);
    if (text.startsWith('<ref *')) return this.value();
    this.issue(start, `${text} printed instead of the value`);
    return new JsPlaceholder(text);
  }

  regex(): unknown {
    const start = this.pos;
    const end = this.rawEnd();
    this.pos = end;
    return new JsPlaceholder(this.t.slice(start, end).trimEnd());
  }

  number(): unknown {
    const t = this.t;
    const start = this.pos;
    ISO_DATE.lastIndex = start;
    if (ISO_DATE.test(t)) {
      this.pos = ISO_DATE.lastIndex;
      return t.slice(start, this.pos);
    }
    if (t.startsWith('-Infinity', start)) {
      this.pos += 9;
      return -Infinity;
    }
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(t);
    if (!m || m.index !== start) return this.fail('a number was expected');
    this.pos = NUMBER.lastIndex;
    if (m[1]) return BigInt(m[0].slice(0, -1));
    return Number(m[0]);
  }

  /** One string, or several joined with `+` across lines, plus a truncation marker. */
  strings(): string {
    let s = this.string();
    for (;;) {
      const save = this.pos;
      this.ws();
      if (this.peek() !== 43 /* + */) {
        this.pos = save;
        break;
      }
      this.pos++;
      this.ws();
      const c = this.peek();
      if (c !== 39 && c !== 34 && c !== 96) this.fail('a string was expected after "+"');
      s += this.string();
    }
    const at = this.pos;
    MORE.lastIndex = at;
    const m = MORE.exec(this.t);
    if (m) {
      this.pos = MORE.lastIndex;
      this.issue(at, `string truncated by the console output (${m[1]} more characters not shown)`);
    }
    return s;
  }

  string(): string {
    const t = this.t;
    const q = t.charCodeAt(this.pos);
    const start = this.pos;
    let i = start + 1;
    let out = '';
    let chunkStart = i;
    for (;;) {
      if (i >= this.limit) this.fail('unterminated string (the text ends inside it)', start);
      const c = t.charCodeAt(i);
      if (c === q) break;
      if ((c === 10 || c === 13) && q !== 96)
        this.fail('unterminated string (line ends inside it)', start);
      if (c !== 92 /* \ */) {
        i++;
        continue;
      }
      out += t.slice(chunkStart, i);
      const e = t[i + 1];
      i += 2;
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'v':
          out += '\v';
          break;
        case '0':
          out += '\0';
          break;
        case 'x': {
          const h = t.slice(i, i + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(h)) this.fail('bad \\x escape', i - 2);
          out += String.fromCharCode(parseInt(h, 16));
          i += 2;
          break;
        }
        case 'u': {
          if (t[i] === '{') {
            const close = t.indexOf('}', i);
            const h = close === -1 ? '' : t.slice(i + 1, close);
            const cp = /^[0-9a-fA-F]{1,6}$/.test(h) ? parseInt(h, 16) : NaN;
            if (!(cp <= 0x10ffff)) this.fail('bad \\u{…} escape', i - 2);
            out += String.fromCodePoint(cp);
            i = close + 1;
          } else {
            const h = t.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('bad \\u escape', i - 2);
            out += String.fromCharCode(parseInt(h, 16));
            i += 4;
          }
          break;
        }
        case '\r':
          if (t[i] === '\n') i++;
          break;
        case '\n':
          break;
        case undefined:
          return this.fail('unterminated string (the text ends inside it)', start);
        default:
          out += e;
      }
      chunkStart = i;
    }
    out += t.slice(chunkStart, i);
    this.pos = i + 1;
    return out;
  }

  /** `... N more items` inside an array or object; returns true when one was consumed. */
  moreMarker(): boolean {
    if (!this.t.startsWith('...', this.pos)) return false;
    MORE.lastIndex = this.pos;
    const m = MORE.exec(this.t);
    const at = this.pos;
    if (m) {
      this.pos = MORE.lastIndex;
      this.issue(at, `${m[1]} more ${m[2]} not shown by the console output`);
    } else {
      this.pos = this.rawEnd();
      this.issue(at, `"${this.t.slice(at, this.pos)}" skipped`);
    }
    return true;
  }

  /**
   * A container below MAX_NESTING levels: skip its text (brackets balanced, strings skipped) and
   * give the TOO_DEEP marker instead, so the recursive descent cannot exhaust the stack.
   */
  tooDeep(): string {
    const t = this.t;
    const start = this.pos;
    let depth = 0;
    for (let i = start; i < this.limit; i++) {
      const c = t.charCodeAt(i);
      if (c === 39 || c === 34 || c === 96) {
        for (i++; i < this.limit && t.charCodeAt(i) !== c; i++) if (t.charCodeAt(i) === 92) i++;
      } else if (c === 123 || c === 91 || c === 40) depth++;
      else if ((c === 125 || c === 93 || c === 41) && --depth === 0) {
        this.pos = i + 1;
        const { line } = this.position(start);
        recordDepthCut(start, line);
        this.issue(start, `a value nested more than ${MAX_NESTING} levels deep was cut`);
        return TOO_DEEP;
      }
    }
    return this.fail('the text ends inside a deeply nested value (truncated?)', start);
  }

  array(cls: string | null): unknown {
    if (this.depth >= MAX_NESTING) return this.tooDeep();
    this.depth++;
    const out = this.arrayBody(cls);
    this.depth--;
    return out;
  }

  object(cls: string | null): unknown {
    if (this.depth >= MAX_NESTING) return this.tooDeep();
    this.depth++;
    const out = this.objectBody(cls);
    this.depth--;
    return out;
  }

  arrayBody(cls: string | null): unknown[] {
    const open = this.pos;
    this.pos++; // [
    const out: unknown[] = [];
    tagClass(out, cls);
    this.ws();
    if (this.peek() === 93) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (!this.moreMarker()) {
        const itemStart = this.pos;
        // Only an identifier can start a named array property worth checking for (`extra: 1`).
        const key = isIdentStart(this.peek()) ? this.propertyName() : null;
        if (key !== null) {
          // `[ 1, 2, extra: 'x' ]`: a named property on an array; not span data.
          const v = this.value();
          this.issue(itemStart, `array property ${key} skipped (value ${describe(v)})`);
        } else out.push(this.value());
      }
      this.ws();
      const c = this.peek();
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 93) {
        this.pos++;
        return out;
      }
      if (c === -1)
        this.fail(`the text ends inside the array opened at line ${this.position(open).line}`);
      this.fail(`expected "," or "]" in the array opened at line ${this.position(open).line}`);
    }
  }

  /** A property name followed by `:` at the current position, or null (position unchanged). */
  propertyName(): string | null {
    const t = this.t;
    const save = this.pos;
    const c = this.peek();
    let key: string | null = null;
    if (isIdentStart(c) || isDigit(c)) {
      KEY.lastIndex = this.pos;
      if (KEY.test(t)) {
        key = t.slice(this.pos, KEY.lastIndex);
        this.pos = KEY.lastIndex;
      }
    } else if (c === 39 || c === 34 || c === 96) {
      try {
        key = this.string();
      } catch {
        key = null;
      }
    } else if (c === 91 && isIdentStart(t.charCodeAt(this.pos + 1))) {
      key = this.balanced(91, 93); // [Symbol(foo)]
    }
    if (key !== null) {
      this.inlineWs();
      if (this.peek() === 58 /* : */) {
        this.pos++;
        return key;
      }
    }
    this.pos = save;
    return null;
  }

  objectBody(cls: string | null): unknown {
    const open = this.pos;
    this.pos++; // {
    const obj = record();
    const items: unknown[] = [];
    tagClass(obj, cls);
    this.ws();
    if (this.peek() === 125) {
      this.pos++;
      return cls && /^Set\b/.test(cls) ? withClass(items, cls) : obj;
    }
    for (;;) {
      this.ws();
      if (this.peek() === -1)
        this.fail(`the text ends inside the object opened at line ${this.position(open).line}`);
      if (!this.moreMarker()) {
        const key = this.propertyName();
        if (key !== null) setKey(obj, key, this.value());
        else {
          // Map entry `key => value`, or a Set item / bare entry like `<pending>`.
          const entryStart = this.pos;
          const k = this.value();
          this.ws();
          if (this.t.startsWith('=>', this.pos)) {
            this.pos += 2;
            setKey(obj, typeof k === 'string' ? k : String(k), this.value());
          } else if (this.peek() === 44 || this.peek() === 125) {
            items.push(k);
          } else this.fail('expected a property name', entryStart);
        }
      }
      this.ws();
      const c = this.peek();
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 125) {
        this.pos++;
        break;
      }
      if (c === -1)
        this.fail(`the text ends inside the object opened at line ${this.position(open).line}`);
      this.fail(`expected "," or "}" in the object opened at line ${this.position(open).line}`);
    }
    if (items.length && Object.keys(obj).length === 0) return withClass(items, cls);
    if (items.length)
      this.issue(open, `${items.length} unnamed entries of ${cls ?? 'an object'} skipped`);
    return obj;
  }
}

function withClass<T extends object>(v: T, cls: string | null): T {
  tagClass(v, cls);
  return v;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 30 ? v.slice(0, 27) + '…' : v);
  if (v instanceof JsPlaceholder) return v.text;
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}

/**
 * Parse one util.inspect value starting at `start` (leading whitespace allowed), reading no
 * further than `limit`. `startLine`, the 1-based line of `start`, saves counting lines from the
 * top of the text. Never throws: a malformed or truncated value gives `ok: false` with the
 * offset, line and column of the problem.
 */
export function parseJsLiteral(
  text: string,
  start = 0,
  limit = text.length,
  startLine?: number,
): JsLiteralParse {
  const p = new Parser(text, start, limit, startLine);
  p.ws();
  const valueStart = p.pos;
  try {
    const value = p.value();
    return { ok: true, value, start: valueStart, end: p.pos, issues: p.issues };
  } catch (e) {
    if (!(e instanceof ParseError)) {
      const message = e instanceof Error ? e.message : String(e);
      return {
        ok: false,
        start: valueStart,
        error: { offset: p.pos, ...p.position(p.pos), message },
        issues: p.issues,
      };
    }
    const offset = Math.min(e.offset, limit);
    return {
      ok: false,
      start: valueStart,
      error: { offset, ...p.position(offset), message: e.message },
      issues: p.issues,
    };
  }
}

/** Offsets of lines whose first visible character (after ANSI codes) is `{` in column 1. */
function topLevelStarts(text: string): number[] {
  const out: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let j = i;
    while (j < n && text.charCodeAt(j) === 27) {
      ANSI.lastIndex = j;
      if (!ANSI.test(text)) break;
      j = ANSI.lastIndex;
    }
    if (text.charCodeAt(j) === 123) out.push(j);
    const nl = text.indexOf('\n', i);
    if (nl === -1) break;
    i = nl + 1;
  }
  return out;
}

/**
 * Every top-level object in console output: values printed back to back, each starting with `{`
 * in column 1 (util.inspect never indents the outermost brace), with anything in between (log
 * lines) skipped. A broken value stops at the next top-level `{`, so one truncated span does not
 * swallow the spans after it.
 */
export function jsLiteralValues(text: string): JsLiteralChunk[] {
  const starts = topLevelStarts(text);
  const out: JsLiteralChunk[] = [];
  const lines = new LineCounter(text);
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k]!;
    const limit = k + 1 < starts.length ? starts[k + 1]! : text.length;
    const line = lines.lineOf(start);
    // util.inspect indents everything inside a value, so the next column-1 `{` ends this one.
    const result = parseJsLiteral(text, start, limit, line);
    const end = result.ok ? result.end : limit;
    out.push({ start, end, line, endLine: lines.lineOf(Math.max(start, end - 1)), result });
  }
  return out;
}

/** 1-based line numbers for increasing offsets in linear time. */
class LineCounter {
  private at = 0;
  private line = 1;
  constructor(private readonly t: string) {}
  lineOf(offset: number): number {
    if (offset < this.at) {
      this.at = 0;
      this.line = 1;
    }
    for (
      let i = this.t.indexOf('\n', this.at);
      i !== -1 && i < offset;
      i = this.t.indexOf('\n', i + 1)
    ) {
      this.line++;
    }
    this.at = offset;
    return this.line;
  }
}
