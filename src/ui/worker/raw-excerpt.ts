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

export function rawExcerpt(input: InputText, source: SourceRef): RawExcerpt | null {
  const { line, column, endLine } = source;
  if (!Number.isInteger(line) || line < 1 || line > input.lineCount) return null;
  if (column !== undefined && column >= 1) {
    const offset = input.offsetAt(line, column);
    const c = input.text[offset];
    if (c === '{' || c === '[') {
      const end = scanValueEnd(input.text, offset);
      if (end > offset) {
        const truncated = end - offset > MAX_CHARS;
        return { line, text: input.text.slice(offset, Math.min(end, offset + MAX_CHARS)), truncated };
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
