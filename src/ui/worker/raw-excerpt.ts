// The input text a span came from, for the details panel. A span whose location points at a JSON
// object gets exactly that object's text (also when the whole dump is one 90 MB line, as the
// collector writes it); otherwise the lines from the span's line on. Capped, so selecting a span
// never copies megabytes into the page.

import { scanValueEnd, type InputText } from '../../core/input/input-text.ts';
import type { SourceRef } from '../../core/model/span.ts';

export interface RawExcerpt {
  /** 1-based line of the excerpt's first character. */
  line: number;
  text: string;
  /** True when the excerpt was cut at the caps. */
  truncated: boolean;
}

const MAX_CHARS = 20_000;
const MAX_LINES = 200;
const MAX_LINE_CHARS = 2_000;

/**
 * The span's text: the JSON object at its line and column, else (a long line without a column,
 * e.g. compact Jaeger JSON) the object holding its span id, else its lines.
 */
export function rawExcerpt(
  input: InputText,
  source: SourceRef,
  spanId?: string,
): RawExcerpt | null {
  const { line, column, endLine } = source;
  if (!Number.isInteger(line) || line < 1 || line > input.lineCount) return null;
  let offset = column !== undefined && column >= 1 ? input.offsetAt(line, column) : -1;
  if (offset < 0 && spanId && input.lineText(line).length > MAX_LINE_CHARS) {
    offset = objectWithId(input, line, spanId);
  }
  if (offset >= 0) {
    const c = input.text[offset];
    if (c === '{' || c === '[') {
      const end = scanValueEnd(input.text, offset);
      if (end > offset) {
        const truncated = end - offset > MAX_CHARS;
        return {
          line,
          text: input.text.slice(offset, Math.min(end, offset + MAX_CHARS)),
          truncated,
        };
      }
    }
  }
  const last = Math.min(endLine ?? line + 39, line + MAX_LINES - 1, input.lineCount);
  const out: string[] = [];
  let truncated = last < (endLine ?? last);
  for (let n = line; n <= last; n++) {
    const text = input.lineText(n);
    if (text.length > MAX_LINE_CHARS) {
      out.push(text.slice(0, MAX_LINE_CHARS) + ' …');
      truncated = true;
    } else out.push(text);
  }
  return { line, text: out.join('\n'), truncated };
}

const ID_KEYS = ['"spanID"', '"spanId"', '"span_id"', '"id"'];

/** Offset of the `{` of the object on `line` whose span-id key holds `spanId`, or -1. */
function objectWithId(input: InputText, line: number, spanId: string): number {
  const t = input.text;
  const end = line < input.lineCount ? input.offsetAt(line + 1) : t.length;
  const needle = `"${spanId}"`;
  for (
    let i = t.indexOf(needle, input.offsetAt(line));
    i >= 0 && i < end;
    i = t.indexOf(needle, i + 1)
  ) {
    // The value of a span-id key (not a parent or link reference to it)?
    let j = i - 1;
    while (j >= 0 && /\s/.test(t[j]!)) j--;
    if (t[j] !== ':') continue;
    j--;
    while (j >= 0 && /\s/.test(t[j]!)) j--;
    if (!ID_KEYS.some(k => t.startsWith(k, j - k.length + 1))) continue;
    const obj = enclosingObject(t, i);
    // A reference or link to the span has the same key: skip objects listed under those.
    if (obj >= 0 && !REFERENCE_LISTS.has(listKey(t, obj))) return obj;
  }
  return -1;
}

const REFERENCE_LISTS = new Set(['references', 'links', 'refs']);

/** The key of the array an object at `obj` is an element of ("" when it is not in one). */
function listKey(t: string, obj: number): string {
  const open = enclosingObject(t, obj, true);
  if (open < 0) return '';
  let j = open - 1;
  while (j >= 0 && /\s/.test(t[j]!)) j--;
  if (t[j] !== ':') return '';
  j--;
  while (j >= 0 && /\s/.test(t[j]!)) j--;
  if (t[j] !== '"') return '';
  const start = t.lastIndexOf('"', j - 1);
  return start < 0 ? '' : t.slice(start + 1, j);
}

/**
 * Offset of the `{` that opens the object containing `at` (strings skipped), or -1; with
 * `array`, of the `[` that opens the array containing it.
 */
function enclosingObject(t: string, at: number, array = false): number {
  let depth = 0;
  let inString = false;
  for (let k = at - 1, stop = Math.max(0, at - MAX_CHARS); k >= stop; k--) {
    const c = t.charCodeAt(k);
    if (c === 34 /* " */) {
      let b = 0;
      for (let m = k - 1; m >= 0 && t.charCodeAt(m) === 92; m--) b++;
      if (b % 2 === 0) inString = !inString;
      continue;
    }
    if (inString) continue;
    if (c === 125 /* } */ || c === 93 /* ] */) depth++;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) return (c === 91) === array ? k : -1;
      depth--;
    }
  }
  return -1;
}
