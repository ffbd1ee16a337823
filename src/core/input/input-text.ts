// InputText wraps whatever the user pasted or dropped: it decodes bytes (UTF-8, UTF-16 with BOM),
// strips a BOM, knows line starts (CRLF-safe) for locations, and parses JSON once, losslessly
// (integers beyond 2^53 become decimal strings, never rounded). Every importer reads through it.

import { parse as losslessParse, isSafeNumber } from 'lossless-json';
import { MAX_NESTING, recordDepthCut, TOO_DEEP } from './depth-limit.ts';

export interface Position {
  line: number;
  column: number;
}

export interface JsonError extends Position {
  offset: number;
  message: string;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: JsonError };

export interface JsonChunk {
  /** Offset of the first character of the value in `InputText.text`. */
  start: number;
  /** Offset just past the value. */
  end: number;
  line: number;
  endLine: number;
  result: JsonParse;
}

const UNSAFE = 1;
const DEEP = 2;

/**
 * Flags for a parsed value: UNSAFE when it holds an integer beyond ±(2^53−1) (its digits were
 * rounded by JSON.parse, so the text must be read again losslessly), DEEP when containers nest
 * deeper than MAX_NESTING (the text must be cut first). Walking the parsed value is exact (no
 * false alarms from digits inside strings, none from 16-digit µs timestamps ≈1.7e15) and much
 * cheaper than scanning the text with a regex. Iterative, and never descends past MAX_NESTING.
 */
function inspectParsed(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v) ? UNSAFE : 0;
  if (v === null || typeof v !== 'object') return 0;
  // Only containers go on the stack; primitives are checked where they are read (most values
  // are strings, and pushing them all made this walk cost a fifth of the JSON.parse itself).
  const stack: object[] = [v];
  const depths: number[] = [1];
  let flags = 0;
  while (stack.length) {
    const o = stack.pop()!;
    const d = depths.pop()! + 1; // the depth of o's children
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const x: unknown = o[i];
        if (typeof x === 'number') {
          if (Number.isInteger(x) && !Number.isSafeInteger(x)) flags |= UNSAFE;
        } else if (x !== null && typeof x === 'object') {
          if (d > MAX_NESTING) flags |= DEEP;
          else {
            stack.push(x);
            depths.push(d);
          }
        }
      }
    } else {
      for (const k in o) {
        const x: unknown = (o as Record<string, unknown>)[k];
        if (typeof x === 'number') {
          if (Number.isInteger(x) && !Number.isSafeInteger(x)) flags |= UNSAFE;
        } else if (x !== null && typeof x === 'object') {
          if (d > MAX_NESTING) flags |= DEEP;
          else {
            stack.push(x);
            depths.push(d);
          }
        }
      }
    }
    if (flags === (UNSAFE | DEEP)) break;
  }
  return flags;
}

/**
 * Valid JSON text with every container below level `max` replaced by the TOO_DEEP marker string
 * (a top-level container is level 1). `cuts` are the offsets of the cut containers in `text`.
 * Linear and iterative, so a 100,000-level document is no problem.
 */
export function cutDeepJsonText(text: string, max = MAX_NESTING): { text: string; cuts: number[] } {
  const parts: string[] = [];
  const cuts: number[] = [];
  const marker = JSON.stringify(TOO_DEEP);
  let depth = 0;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i++;
        else if (s === 34) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth < max) {
        depth++;
        continue;
      }
      const end = scanValueEnd(text, i);
      if (end < 0) break; // unterminated: the parser reports it
      parts.push(text.slice(last, i), marker);
      cuts.push(i);
      last = end;
      i = end - 1;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  parts.push(text.slice(last));
  return { text: parts.join(''), cuts };
}

/** A number token as the lossless parse reads it. */
export function parseNumber(value: string): number | string {
  if (isSafeNumber(value)) return Number(value);
  // Unsafe integers (ids, ns timestamps) stay exact as text; other numbers are plain doubles.
  return /^-?\d+$/.test(value) ? value : Number(value);
}

// eslint-disable-next-line no-control-regex -- finding them is the point
const STRAY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** Whether `text` holds a control character that JSON allows nowhere (see `hasStrayControl`). */
export const textHasStrayControl = (text: string): boolean => STRAY_CONTROL.test(text);

const isStrayControlByte = (c: number): boolean => c < 32 && c !== 9 && c !== 10 && c !== 13;

/** Whether `bytes` hold a byte 0x00–0x1F other than tab, LF and CR. */
export function bytesHaveStrayControl(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  // Bytes before the first 4-byte boundary, then whole words, then the tail.
  const head = (4 - (bytes.byteOffset & 3)) & 3;
  if (n < head + 4) {
    for (; i < n; i++) if (isStrayControlByte(bytes[i]!)) return true;
    return false;
  }
  for (; i < head; i++) if (isStrayControlByte(bytes[i]!)) return true;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >>> 2);
  for (let w = 0; w < words.length; w++) {
    const x = words[w]!;
    // Some byte of x is below 0x20 only if this is non-zero (a cheap filter; tab/LF/CR pass it).
    if (((x - 0x20202020) & ~x & 0x80808080) !== 0) {
      const b = i + w * 4;
      for (let k = b; k < b + 4; k++) if (isStrayControlByte(bytes[k]!)) return true;
    }
  }
  for (let k = i + words.length * 4; k < n; k++) if (isStrayControlByte(bytes[k]!)) return true;
  return false;
}

export class InputText {
  readonly text: string;
  readonly fileName: string | undefined;
  /** Notes about decoding (BOM, UTF-16), shown with the detection result. */
  readonly notes: string[] = [];
  private lineStartsCache: Int32Array | null = null;
  private jsonCache: JsonParse | null = null;
  /** The UTF-8 bytes this text was decoded from, until `hasStrayControl` has looked at them. */
  private utf8: Uint8Array | null = null;
  private strayControlCache: boolean | null = null;

  constructor(text: string, fileName?: string) {
    let t = text;
    if (t.charCodeAt(0) === 0xfeff) {
      t = t.slice(1);
      this.notes.push('Byte order mark removed.');
    }
    this.text = t;
    this.fileName = fileName;
  }

  /** Decode bytes: UTF-16 LE/BE by BOM (or by NUL pattern), else UTF-8. */
  static fromBytes(bytes: Uint8Array, fileName?: string): InputText {
    let encoding = 'utf-8';
    if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
    else if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0)
      encoding = 'utf-16le';
    else if (bytes.length >= 4 && bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0)
      encoding = 'utf-16be';
    const text = new TextDecoder(encoding).decode(bytes);
    const input = new InputText(text, fileName);
    if (encoding !== 'utf-8') input.notes.push(`Decoded as ${encoding.toUpperCase()}.`);
    else input.utf8 = bytes;
    return input;
  }

  /**
   * True when the text holds a control character that JSON allows nowhere (U+0000–U+001F other
   * than tab, LF and CR). For text decoded from UTF-8 this is read from the bytes, a word at a
   * time (such a byte is never part of a multi-byte sequence, and the decoder turns invalid
   * sequences into U+FFFD): about 3× faster than a regular expression over a 100 MB string.
   */
  hasStrayControl(): boolean {
    if (this.strayControlCache === null) {
      const bytes = this.utf8;
      this.utf8 = null; // not kept alive for longer than this
      this.strayControlCache = bytes
        ? bytesHaveStrayControl(bytes)
        : textHasStrayControl(this.text);
    }
    return this.strayControlCache;
  }

  get length(): number {
    return this.text.length;
  }

  /** The first `n` characters, for cheap sniffing. */
  firstChunk(n = 4096): string {
    return this.text.slice(0, n);
  }

  /** True when the text looks like binary data (NUL or many control characters). */
  looksBinary(): boolean {
    const head = this.text.slice(0, 8192);
    if (head.includes('\u0000')) return true;
    let ctrl = 0;
    for (let i = 0; i < head.length; i++) {
      const c = head.charCodeAt(i);
      if ((c < 9 || (c > 13 && c < 32)) && c !== 27) ctrl++;
    }
    return head.length > 0 && ctrl / head.length > 0.1;
  }

  private lineStarts(): Int32Array {
    if (this.lineStartsCache) return this.lineStartsCache;
    const t = this.text;
    let count = 1;
    for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) count++;
    const starts = new Int32Array(count);
    let k = 1;
    for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts[k++] = i + 1;
    this.lineStartsCache = starts;
    return starts;
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }

  /** 1-based line and column of a character offset. */
  positionAt(offset: number): Position {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** Character offset of a 1-based line and column (the inverse of `positionAt`), or -1. */
  offsetAt(line: number, column = 1): number {
    const s = this.lineStarts()[line - 1];
    return s === undefined ? -1 : s + column - 1;
  }

  /** The text of 1-based line `n` without its line terminator. */
  lineText(n: number): string {
    const starts = this.lineStarts();
    const s = starts[n - 1];
    if (s === undefined) return '';
    const e = n < starts.length ? starts[n]! - 1 : this.text.length;
    let line = this.text.slice(s, e);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    return line;
  }

  /** Lines `from`..`to` (1-based, inclusive) joined with \n. */
  sliceLines(from: number, to: number): string {
    const out: string[] = [];
    for (let n = from; n <= to && n <= this.lineCount; n++) out.push(this.lineText(n));
    return out.join('\n');
  }

  /** Position of the first occurrence of `needle` at or after `from`, or null. */
  locate(needle: string, from = 0): (Position & { offset: number }) | null {
    if (!needle) return null;
    const i = this.text.indexOf(needle, from);
    if (i < 0) return null;
    return { offset: i, ...this.positionAt(i) };
  }

  /** The whole text parsed as one JSON document (memoized, lossless for big integers). */
  json(): JsonParse {
    if (!this.jsonCache) this.jsonCache = parseJsonText(this.text, 0, this);
    return this.jsonCache;
  }

  /**
   * Forget the memoized parse once the spans are built: the parsed document of a 90 MB dump is
   * several hundred MB of objects, and keeping it alive makes every later garbage collection
   * (tree, rules) walk it. A later `json()` parses again.
   */
  releaseJson(): void {
    this.jsonCache = null;
    this.utf8 = null;
  }

  /**
   * Split into top-level JSON values: JSON Lines, concatenated pretty-printed objects, or JSON
   * embedded in log output. Text between values is skipped (it is reported by `gaps`).
   * Braces inside strings are respected. An unterminated final value is returned with an error.
   */
  jsonValues(): JsonChunk[] {
    const t = this.text;
    const out: JsonChunk[] = [];
    let i = 0;
    const n = t.length;
    while (i < n) {
      // Find the next `{` or `[` that starts a line (after optional whitespace) or follows `}`/`]`.
      let start = -1;
      for (let j = i; j < n; j++) {
        const c = t.charCodeAt(j);
        if (c === 123 /* { */ || c === 91 /* [ */) {
          // must be at line start (ignoring spaces) to avoid picking `[INFO]`-style brackets mid-line
          let k = j - 1;
          while (k >= 0 && (t[k] === ' ' || t[k] === '\t')) k--;
          if (k < 0 || t[k] === '\n' || t[k] === '\r' || t[k] === '}' || t[k] === ']') {
            start = j;
            break;
          }
        }
      }
      if (start < 0) break;
      const end = scanValueEnd(t, start);
      const line = this.positionAt(start).line;
      if (end < 0) {
        out.push({
          start,
          end: n,
          line,
          endLine: this.lineCount,
          result: parseJsonText(t.slice(start), start, this),
        });
        break;
      }
      const chunkText = t.slice(start, end);
      out.push({
        start,
        end,
        line,
        endLine: this.positionAt(end - 1).line,
        result: parseJsonText(chunkText, start, this),
      });
      i = end;
    }
    return out;
  }
}

/**
 * Offset just past the JSON value starting at `start` (a `{` or `[`), or -1 if it does not end
 * before `to` (callers splitting a text into pieces pass the next piece's start, so that many
 * unterminated pieces do not each scan to the end of the text).
 */
export function scanValueEnd(t: string, start: number, to = t.length): number {
  let depth = 0;
  let inString = false;
  const end = Math.min(to, t.length);
  for (let j = start; j < end; j++) {
    const c = t.charCodeAt(j);
    if (inString) {
      if (c === 92 /* \ */) j++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/**
 * Parse JSON text that starts at `baseOffset` of `input`. Fast path: JSON.parse; a value holding
 * an integer beyond 2^53 is read again with a lossless parser, and one nesting deeper than
 * MAX_NESTING is cut (see depth-limit.ts; the cut is recorded for analyze()'s warning). Errors
 * carry line and column in `input`.
 */
export function parseJsonText(text: string, baseOffset: number, input: InputText): JsonParse {
  try {
    return { ok: true, value: readJson(text, cuts => recordCuts(input, baseOffset, cuts)) };
  } catch (e) {
    const offset = baseOffset + jsonErrorOffset(text, e);
    const pos = input.positionAt(Math.min(offset, Math.max(0, input.length - 1)));
    const raw = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: { offset, ...pos, message: describeJsonError(text, offset - baseOffset, raw) },
    };
  }
}

/**
 * JSON.parse for JSON found inside a value (an attribute holding a JSON string): the same
 * lossless numbers and nesting limit as `parseJsonText`. Throws SyntaxError like JSON.parse.
 */
export function parseJsonValue(text: string): unknown {
  return readJson(text, cuts => {
    for (let k = 0; k < cuts.length; k++) recordDepthCut();
  });
}

function readJson(text: string, onCut: (cuts: number[]) => void): unknown {
  const value = JSON.parse(text) as unknown;
  const flags = inspectParsed(value);
  if (flags === 0) return value;
  let t = text;
  if (flags & DEEP) {
    const cut = cutDeepJsonText(text);
    t = cut.text;
    onCut(cut.cuts);
    if (!(flags & UNSAFE)) return JSON.parse(t) as unknown;
  }
  return losslessParse(t, null, parseNumber);
}

function recordCuts(input: InputText, baseOffset: number, cuts: number[]): void {
  if (cuts.length === 0) return;
  const line = input.positionAt(baseOffset + cuts[0]!).line;
  // Keyed by offset: the same text read twice (sniff, then parse) counts each place once.
  for (const at of cuts) recordDepthCut(baseOffset + at, line);
}

function jsonErrorOffset(text: string, e: unknown): number {
  const msg = e instanceof Error ? e.message : '';
  const m = /position (\d+)/.exec(msg) ?? /\(char (\d+)\)/.exec(msg);
  if (m) return Number(m[1]);
  if (/end of (JSON|json)/i.test(msg)) return text.length;
  // Ask the lossless parser, which always reports a character index.
  try {
    losslessParse(text);
  } catch (e2) {
    const msg2 = e2 instanceof Error ? e2.message : '';
    const m2 = /\(char (\d+)\)/.exec(msg2) ?? /position (\d+)/.exec(msg2);
    if (m2) return Number(m2[1]);
  }
  return 0;
}

function describeJsonError(text: string, at: number, raw: string): string {
  if (at >= text.trimEnd().length)
    return 'the JSON ends too early (truncated, or a closing bracket is missing)';
  const ch = text[at];
  const shown = ch === undefined ? 'end of input' : JSON.stringify(ch);
  return `unexpected ${shown} (${raw.replace(/\s*\(char \d+\)/, '').replace(/ in JSON at position \d+.*/, '')})`;
}
