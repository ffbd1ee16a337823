// Reads a pasted block of request headers: `Name: value` lines as `curl -v` (`> Name: value`), a
// log, a curl command (`-H 'Name: value'`) or a JSON/Python dict (`"name": "value"`) prints them.
// Names are case-insensitive; repeated fields are kept in order (two `traceparent` fields are a
// defect the decoder reports). Surrounding spaces/tabs of a value are HTTP optional whitespace and
// are not part of it. Never throws; lines it cannot read are listed with the reason.

import { isToken } from './baggage.ts';

export interface HeaderField {
  /** The name as written. */
  name: string;
  /** Lowercased name (HTTP field names are case-insensitive). */
  key: string;
  value: string;
  /** 1-based line in the block. */
  line: number;
  /** 1-based column where the value starts. */
  column: number;
}

export interface BlockNote {
  line: number;
  severity: 'warning' | 'info';
  message: string;
}

export interface HeaderBlock {
  fields: HeaderField[];
  notes: BlockNote[];
}

/** Field values of the three propagation headers, in field order (one entry per header line). */
export interface HeaderFields {
  traceparent: string[];
  tracestate: string[];
  baggage: string[];
  /** The names as written, when any differs from lowercase (OTel's getter is case-sensitive). */
  nonLowercaseNames?: string[];
}

const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/\d(\.\d)?$/;
const STATUS_LINE = /^HTTP\/\d(\.\d)? \d{3}/;
/** `Name:` at the start of a line (RFC 9110 token; spaces before the colon are read too). */
const HEADER_START = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*:/;
const CURL_HEADER = /(?:^|\s)(?:-H|--header)\s*(?:'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+))/g;
const QUOTED_PAIR = /(["'])([^"']+)\1\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/g;

function unescapeDouble(s: string): string {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

function unescapeSingle(s: string): string {
  return s.replace(/\\(['\\])/g, '$1');
}

function trimValue(v: string): { value: string; lead: number } {
  const m = /^[ \t]*/.exec(v)![0].length;
  return { value: v.slice(m).replace(/[ \t]+$/, ''), lead: m };
}

export function parseHeaderBlock(text: string): HeaderBlock {
  const fields: HeaderField[] = [];
  const notes: BlockNote[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const indent = /^\s*/.exec(raw)![0].length;
    let s = raw.slice(indent);
    let offset = indent;
    if (s === '') return;
    if (s.startsWith('< ') || s === '<') {
      notes.push({ line, severity: 'info', message: 'Response header (curl "<" line) ignored.' });
      return;
    }
    if (s.startsWith('* ') || s === '*' || s === '{' || s === '}' || s === '>') return;
    if (s.startsWith('> ')) {
      s = s.slice(2);
      offset += 2;
      if (s.trim() === '') return;
    }
    if (REQUEST_LINE.test(s) || STATUS_LINE.test(s)) return;

    // curl command lines: -H 'Name: value' (possibly several per line). A line that starts as
    // `Name:` is a header whatever its value holds (`baggage: k=-H:x` is not a curl command).
    if (!HEADER_START.test(s) && /(?:^|\s)(?:-H|--header)\s*['"]?[^\s'"]+\s*:/.test(s)) {
      for (const m of s.matchAll(CURL_HEADER)) {
        const rawBody = m[1] ?? m[2] ?? m[3]!;
        const body = m[2] !== undefined ? unescapeDouble(m[2]) : rawBody;
        const quoteLen = m[3] === undefined ? 1 : 0;
        addNameValue(body, line, offset + m.index! + m[0].length - quoteLen - rawBody.length);
      }
      return;
    }
    // JSON or Python dict entries: "name": "value" / 'name': 'value'.
    if (/^[{[]?\s*["']/.test(s)) {
      let found = false;
      for (const m of s.matchAll(QUOTED_PAIR)) {
        found = true;
        const value = m[3] !== undefined ? unescapeDouble(m[3]) : unescapeSingle(m[4]!);
        const vAt = m.index! + m[0].length - (m[3] ?? m[4]!).length - 1;
        addField(m[2]!, value, line, offset + vAt + 1);
      }
      if (found) return;
    }
    // Log styles without a colon: `traceparent=00-…` or a bare traceparent value.
    const kv = /^(traceparent|tracestate|baggage)[ \t]*=[ \t]*/i.exec(s);
    if (kv && !s.slice(0, kv[0].length).includes(':')) {
      notes.push({
        line,
        severity: 'info',
        message: `Read "${kv[1]}=…" as the ${kv[1]!.toLowerCase()} header.`,
      });
      const { value } = trimValue(s.slice(kv[0].length));
      addField(kv[1]!, value, line, offset + kv[0].length + 1);
      return;
    }
    if (!s.includes(':') && /^[0-9a-fA-F]{2}-[0-9a-fA-F]{32}-/.test(s)) {
      notes.push({
        line,
        severity: 'info',
        message: 'A bare traceparent value: read as the traceparent header.',
      });
      addField('traceparent', trimValue(s).value, line, offset + 1);
      return;
    }
    addNameValue(s, line, offset);
  });
  return { fields, notes };

  function addNameValue(s: string, line: number, offset: number): void {
    if (s.startsWith(':')) {
      notes.push({
        line,
        severity: 'info',
        message: `HTTP/2 pseudo-header "${s.split(/\s/)[0]}" ignored.`,
      });
      return;
    }
    const colon = s.indexOf(':');
    if (colon <= 0) {
      notes.push({
        line,
        severity: 'warning',
        message: `Not a "Name: value" header line: "${clip(s)}".`,
      });
      return;
    }
    const rawName = s.slice(0, colon);
    const name = rawName.replace(/[ \t]+$/, '');
    if (!isToken(name)) {
      notes.push({
        line,
        severity: 'warning',
        message: `"${clip(name)}" is not a valid header name; line ignored.`,
      });
      return;
    }
    if (name !== rawName) {
      notes.push({
        line,
        severity: 'warning',
        message: `Whitespace between "${name}" and ":" is not allowed in HTTP/1.1 (servers must reject it); read anyway.`,
      });
    }
    const { value, lead } = trimValue(s.slice(colon + 1));
    addField(name, value, line, offset + colon + 1 + lead + 1);
  }

  function addField(name: string, value: string, line: number, column: number): void {
    fields.push({ name, key: name.toLowerCase(), value, line, column });
  }
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 39) + '…' : s;
}

/** The propagation headers of a block, ready for `decodeHeaders`. */
export function blockToFields(block: HeaderBlock): HeaderFields {
  const out: HeaderFields = { traceparent: [], tracestate: [], baggage: [] };
  const odd: string[] = [];
  for (const f of block.fields) {
    if (f.key === 'traceparent' || f.key === 'tracestate' || f.key === 'baggage') {
      out[f.key].push(f.value);
      if (f.name !== f.key) odd.push(f.name);
    }
  }
  if (odd.length) out.nonLowercaseNames = odd;
  return out;
}

/** Fields from three single values; `undefined` (or '' when `emptyIsAbsent`) means absent. */
export function valuesToFields(
  v: { traceparent?: string; tracestate?: string; baggage?: string },
  emptyIsAbsent = true,
): HeaderFields {
  const one = (s: string | undefined) =>
    s === undefined || (emptyIsAbsent && s === '') ? [] : [s];
  return {
    traceparent: one(v.traceparent),
    tracestate: one(v.tracestate),
    baggage: one(v.baggage),
  };
}

/**
 * One value per header for display: repeated fields joined as an HTTP stack combines them
 * ("," for the list headers tracestate and baggage; ", " for traceparent, as Node does).
 */
export function combinedValues(f: HeaderFields): {
  traceparent?: string;
  tracestate?: string;
  baggage?: string;
} {
  const out: { traceparent?: string; tracestate?: string; baggage?: string } = {};
  if (f.traceparent.length) out.traceparent = f.traceparent.join(', ');
  if (f.tracestate.length) out.tracestate = f.tracestate.join(',');
  if (f.baggage.length) out.baggage = f.baggage.join(',');
  return out;
}

/** Format `Name: value` lines. */
export function formatHeaderBlock(fields: { name: string; value: string }[]): string {
  return fields.map(f => `${f.name}: ${f.value}`).join('\n');
}

/**
 * Replace every line holding header `name` by one `name: value` line at the first one's place
 * (appended when absent; removed when `value` is undefined). Other lines are kept as written.
 */
export function replaceHeaderInBlock(
  text: string,
  name: string,
  value: string | undefined,
): string {
  const key = name.toLowerCase();
  const lines = text === '' ? [] : text.split(/\r\n|\n|\r/);
  const out: string[] = [];
  let placed = false;
  for (const line of lines) {
    const parsed = parseHeaderBlock(line).fields;
    if (parsed.length === 1 && parsed[0]!.key === key) {
      if (!placed && value !== undefined) out.push(`${name}: ${value}`);
      placed = true;
      continue;
    }
    out.push(line);
  }
  if (!placed && value !== undefined) {
    while (out.length && out[out.length - 1]!.trim() === '') out.pop();
    out.push(`${name}: ${value}`);
  }
  return out.join('\n');
}
