// What every header parser reports: a dotted code, a severity, a plain-words message and the
// 0-based character position in the header value it was given (so a UI can underline it).

import type { Diagnostic, Severity } from '../model/diagnostic.ts';

export interface HeaderProblem {
  /** Stable dotted code, e.g. `header.traceparent.trace-id.uppercase`. */
  code: string;
  /** `error` makes the header invalid; `warning` is legal but risky; `info` is a note. */
  severity: Severity;
  message: string;
  /** 0-based UTF-16 offset into the header value where the problem starts. */
  position?: number;
  /** How many characters the problem covers (for highlighting); 1 when omitted. */
  length?: number;
}

export type HeaderName = 'traceparent' | 'tracestate' | 'baggage';

/** SP and HTAB: the only optional whitespace (OWS) HTTP allows around a field value or list item. */
export function isOws(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** [start, end) of `text` inside [from, to) with SP/HTAB removed on both sides. */
export function trimOws(text: string, from = 0, to = text.length): [number, number] {
  let s = from;
  let e = to;
  while (s < e && isOws(text[s])) s++;
  while (e > s && isOws(text[e - 1])) e--;
  return [s, e];
}

const NAMED: Record<number, string> = {
  0x09: 'a tab (HTAB)',
  0x0a: 'a line feed (U+000A)',
  0x0d: 'a carriage return (U+000D)',
  0x20: 'a space',
  0xa0: 'a no-break space (U+00A0)',
  0xfeff: 'a byte-order mark (U+FEFF)',
  0x200b: 'a zero-width space (U+200B)',
};

/** Names a character for a message: `'x'`, `a space`, `'é' (U+00E9)`. */
export function describeChar(text: string, index: number): string {
  const cp = text.codePointAt(index);
  if (cp === undefined) return 'the end of the header';
  const named = NAMED[cp];
  if (named) return named;
  const u = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp < 0x20 || cp === 0x7f) return `a control character (${u})`;
  const ch = String.fromCodePoint(cp);
  if (cp < 0x7f) return `'${ch}'`;
  return `'${ch}' (${u})`;
}

/** 1-based column for messages. */
export function col(position: number): number {
  return position + 1;
}

export function isError(p: HeaderProblem): boolean {
  return p.severity === 'error';
}

/** Problems ordered by position (those without one last), errors before warnings at a tie. */
export function sortProblems(problems: HeaderProblem[]): HeaderProblem[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        (a.p.position ?? Infinity) - (b.p.position ?? Infinity) ||
        rank[a.p.severity] - rank[b.p.severity] ||
        a.i - b.i,
    )
    .map(x => x.p);
}

/** A header problem as an app-wide Diagnostic (column is 1-based). */
export function toDiagnostic(p: HeaderProblem): Diagnostic {
  const d: Diagnostic = { code: p.code, severity: p.severity, message: p.message };
  if (p.position !== undefined) d.location = { column: col(p.position) };
  return d;
}
