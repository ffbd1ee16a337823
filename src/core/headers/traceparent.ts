// W3C Trace Context `traceparent` (Level 2): strict parsing with the exact reason and position of
// every error, and formatting. https://www.w3.org/TR/trace-context-2/#traceparent-header
//
//   value = version "-" trace-id "-" parent-id "-" trace-flags   (HEXDIGLC = 0-9 a-f only)
//
// Version 00 is exactly 55 characters. Higher versions (01–fe) are read with the 00 layout and may
// continue after the flags with "-" and anything; those extra fields are ignored. Version ff, all-zero
// ids, uppercase hex and wrong lengths are invalid. Only SP/HTAB around the value is optional
// whitespace (the W3C harness sends `\t 00-…-01 \t`); LF, CR or U+00A0 are not.
//
// Stable API used by the diagnosis rules: `parseTraceparent(text)` →
// `{ present, valid, version?, traceId?, parentId?, flags?, sampled?, random?, problems, … }`; the id
// and flag fields are set only when `valid` is true.

import {
  col,
  describeChar,
  type HeaderProblem,
  isError,
  sortProblems,
  trimOws,
} from './problem.ts';

export const FLAG_SAMPLED = 0x01;
/** Level 2 `random-trace-id` flag. */
export const FLAG_RANDOM = 0x02;
export const FLAGS_RESERVED = 0xfc;

export interface Traceparent {
  /** 2 lowercase hex digits, not `ff`. */
  version: string;
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  parentId: string;
  /** The trace-flags byte, 0–255. */
  flags: number;
  /** Higher versions only: the text after the `-` that follows the flags (ignored by receivers). */
  extra?: string;
}

/** One `-`-separated part of the header as written, with its position. */
export interface Segment {
  text: string;
  /** 0-based offset in the header value. */
  start: number;
  valid: boolean;
}

export type TraceparentField = 'version' | 'traceId' | 'parentId' | 'flags';

/** What a receiver does with the header. */
export type ReceiverAction = 'continue' | 'restart' | 'start';

export interface TraceparentResult {
  /** False when no traceparent was given at all. */
  present: boolean;
  valid: boolean;
  /** The parsed value, when valid. */
  value?: Traceparent;
  version?: string;
  traceId?: string;
  parentId?: string;
  /** The flags byte (set when valid). */
  flags?: number;
  /** The flags as 2 lowercase hex digits (set when valid). */
  flagsHex?: string;
  sampled?: boolean;
  random?: boolean;
  /** The parts as written (also for an invalid header), for display and editing. */
  segments: Partial<Record<TraceparentField | 'extra', Segment>>;
  /** Errors and warnings, ordered by position; `problems.find(isError)` is the first error. */
  problems: HeaderProblem[];
  /** Information that is not a problem (optional whitespace trimmed, future version). */
  notes: HeaderProblem[];
  /** continue: keep the trace id, new parent id; restart: ignore it and start a new trace. */
  action: ReceiverAction;
  actionText: string;
}

const FIELDS: { key: TraceparentField; name: string; len: number; code: string }[] = [
  { key: 'version', name: 'version', len: 2, code: 'version' },
  { key: 'traceId', name: 'trace-id', len: 32, code: 'trace-id' },
  { key: 'parentId', name: 'parent-id', len: 16, code: 'parent-id' },
  { key: 'flags', name: 'trace-flags', len: 2, code: 'flags' },
];

const P = 'header.traceparent';

function isHexLc(c: string | undefined): boolean {
  return c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
}
function isHexUc(c: string | undefined): boolean {
  return c !== undefined && c >= 'A' && c <= 'F';
}

export function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

/** Names the set flag bits, e.g. "sampled, random". */
export function describeFlags(flags: number): string {
  const parts: string[] = [];
  if (flags & FLAG_SAMPLED) parts.push('sampled');
  if (flags & FLAG_RANDOM) parts.push('random');
  if (flags & FLAGS_RESERVED) parts.push(`reserved bits 0x${hex2(flags & FLAGS_RESERVED)}`);
  return parts.length ? parts.join(', ') : 'none set';
}

const absent = (): TraceparentResult => ({
  present: false,
  valid: false,
  segments: {},
  problems: [],
  notes: [],
  action: 'start',
  actionText: 'No traceparent: the receiver starts a new trace (and discards any tracestate).',
});

/**
 * Parse one traceparent field value. `undefined`/`null` means the header is absent; `''` is a
 * present but empty (invalid) header. Positions are 0-based offsets into `text`. Never throws.
 */
export function parseTraceparent(text: string | null | undefined): TraceparentResult {
  if (text === undefined || text === null) return absent();
  const problems: HeaderProblem[] = [];
  const notes: HeaderProblem[] = [];
  const segments: TraceparentResult['segments'] = {};
  const [start, end] = trimOws(text);

  if (start === end) {
    problems.push({
      code: `${P}.empty`,
      severity: 'error',
      message: 'The traceparent header is empty.',
      position: 0,
    });
    return finish();
  }
  if (start > 0 || end < text.length) {
    notes.push({
      code: `${P}.ows`,
      severity: 'info',
      message: 'Leading/trailing spaces or tabs are optional whitespace and were ignored.',
    });
  }

  // Split into the four fields at '-' (the flags field ends at the next '-' or the end).
  let pos = start;
  let versionKind: 'v00' | 'future' | 'unknown' = 'unknown';
  let missingAt = -1;
  let flagsOk = false;
  for (let f = 0; f < FIELDS.length; f++) {
    const spec = FIELDS[f]!;
    if (f > 0) {
      if (pos >= end) {
        missingAt = f;
        break;
      }
    }
    let stop = text.indexOf('-', pos);
    if (stop < 0 || stop > end) stop = end;
    const seg: Segment = { text: text.slice(pos, stop), start: pos, valid: false };
    segments[spec.key] = seg;
    const err = checkHex(text, pos, stop, spec, f === FIELDS.length - 1);
    if (err) problems.push(err);
    else {
      seg.valid = true;
      if (spec.key === 'flags') flagsOk = true;
      if (spec.key === 'version') {
        if (seg.text === 'ff') {
          seg.valid = false;
          problems.push({
            code: `${P}.version.ff`,
            severity: 'error',
            message: 'Version ff is invalid (reserved as "never used").',
            position: pos,
            length: 2,
          });
        } else versionKind = seg.text === '00' ? 'v00' : 'future';
      } else if ((spec.key === 'traceId' || spec.key === 'parentId') && /^0+$/.test(seg.text)) {
        seg.valid = false;
        problems.push({
          code: `${P}.${spec.code}.zero`,
          severity: 'error',
          message: `The ${spec.name} is all zeros, which is invalid.`,
          position: pos,
          length: spec.len,
        });
      }
    }
    if (f < FIELDS.length - 1) {
      if (stop >= end) {
        missingAt = f + 1;
        break;
      }
      pos = stop + 1; // skip '-'
    } else {
      pos = stop;
    }
  }

  if (missingAt > 0) {
    const spec = FIELDS[missingAt]!;
    problems.push({
      code: `${P}.missing-field`,
      severity: 'error',
      message: `The header ends before the ${spec.name} (expected "-" and ${spec.len} hex digits at column ${col(end)}).`,
      position: end,
    });
  } else if (flagsOk && pos < end) {
    // After the flags: text[pos] === '-' (checkHex reported anything else glued to the flags).
    const extra: Segment = { text: text.slice(pos + 1, end), start: pos + 1, valid: true };
    segments.extra = extra;
    if (versionKind === 'v00') {
      extra.valid = false;
      problems.push(trailingData(text, pos, end));
    }
  }
  if (versionKind === 'future' && !problems.some(isError)) {
    notes.push({
      code: `${P}.version.future`,
      severity: 'info',
      message: `Version ${segments.version!.text} is newer than 00: read with the version-00 layout${
        segments.extra ? ', the extra fields after the flags are ignored' : ''
      }; a receiver forwards it as version 00.`,
      position: start,
      length: 2,
    });
  }
  duplicateHint();
  return finish();

  function duplicateHint(): void {
    // "00-…-01, 00-…-01": two fields combined by an HTTP stack. Name that instead of "trailing data".
    const comma = text!.indexOf(',', start);
    if (comma < 0 || comma >= end) return;
    const parts = text!.slice(start, end).split(',');
    if (parts.length < 2 || !parts.every(p => /^[ \t]*[0-9a-fA-F]{2}-/.test(p))) return;
    const i = problems.findIndex(isError);
    const p: HeaderProblem = {
      code: `${P}.duplicate`,
      severity: 'error',
      message: `This holds ${parts.length} traceparent values joined with "," (repeated header fields combined by an HTTP stack). A receiver must ignore them all and restart the trace.`,
      position: comma,
    };
    if (i >= 0 && (problems[i]!.position ?? 0) >= comma) problems.splice(i, 1, p);
    else problems.push(p);
  }

  function finish(): TraceparentResult {
    const sorted = sortProblems(problems);
    const valid = !sorted.some(isError);
    const r: TraceparentResult = {
      present: true,
      valid,
      segments,
      problems: sorted,
      notes,
      action: valid ? 'continue' : 'restart',
      actionText: '',
    };
    if (valid) {
      const flags = parseInt(segments.flags!.text, 16);
      const value: Traceparent = {
        version: segments.version!.text,
        traceId: segments.traceId!.text,
        parentId: segments.parentId!.text,
        flags,
      };
      if (segments.extra) value.extra = segments.extra.text;
      Object.assign(r, {
        value,
        version: value.version,
        traceId: value.traceId,
        parentId: value.parentId,
        flags,
        flagsHex: hex2(flags),
        sampled: (flags & FLAG_SAMPLED) !== 0,
        random: (flags & FLAG_RANDOM) !== 0,
      });
      if (flags & FLAGS_RESERVED) {
        r.problems.push({
          code: `${P}.flags.reserved`,
          severity: 'warning',
          message: `Reserved flag bits 0x${hex2(flags & FLAGS_RESERVED)} are set. Senders must leave them 0; a receiver accepts the header and sends them as 0.`,
          position: segments.flags!.start,
          length: 2,
        });
      }
      r.actionText =
        'Valid: the receiver continues this trace (same trace id, its own span as the new parent id' +
        (flags & FLAG_RANDOM ? ', random flag kept' : '') +
        ') and keeps the tracestate.';
    } else {
      r.actionText =
        'Invalid: the receiver ignores it, starts a new trace (new trace id and parent id) and drops the tracestate.';
    }
    return r;
  }
}

function trailingData(text: string, dash: number, end: number): HeaderProblem {
  return {
    code: `${P}.trailing-data`,
    severity: 'error',
    message: `Version 00 ends after the trace-flags (55 characters), but ${
      end - dash
    } more character(s) follow at column ${col(dash)} ("${clip(text.slice(dash, end))}").`,
    position: dash,
    length: end - dash,
  };
}

function clip(s: string): string {
  return s.length > 24 ? s.slice(0, 23) + '…' : s;
}

/** First error inside one field token [from, to); the flags field gets the trailing-data wording. */
function checkHex(
  text: string,
  from: number,
  to: number,
  spec: (typeof FIELDS)[number],
  isFlags: boolean,
): HeaderProblem | null {
  const code = `${P}.${spec.code}`;
  if (from === to) {
    return {
      code: `${code}.length`,
      severity: 'error',
      message: `The ${spec.name} is empty (expected ${spec.len} lowercase hex digits at column ${col(from)}).`,
      position: from,
    };
  }
  for (let i = from; i < to; i++) {
    const c = text[i];
    const n = i - from;
    if (n === spec.len) {
      if (isFlags && !isHexLc(c) && !isHexUc(c)) {
        return {
          code: `${P}.trailing-data`,
          severity: 'error',
          message: `Unexpected ${describeChar(text, i)} after the trace-flags at column ${col(i)}: only "-" (in a future version) or the end of the header may follow.`,
          position: i,
          length: to - i,
        };
      }
      if (!isHexLc(c) && !isHexUc(c)) {
        return {
          code: `${P}.separator`,
          severity: 'error',
          message: `Expected "-" after the ${spec.name} at column ${col(i)}, found ${describeChar(text, i)}.`,
          position: i,
        };
      }
      return {
        code: `${code}.length`,
        severity: 'error',
        message: `The ${spec.name} is longer than ${spec.len} hex digits (${to - from} characters; the extra one starts at column ${col(i)}).`,
        position: i,
        length: to - i,
      };
    }
    if (isHexLc(c)) continue;
    if (isHexUc(c)) {
      return {
        code: `${code}.uppercase`,
        severity: 'error',
        message: `Uppercase hex digit '${c}' in the ${spec.name} at column ${col(i)}: traceparent allows lowercase 0-9 a-f only.`,
        position: i,
      };
    }
    return {
      code: `${code}.character`,
      severity: 'error',
      message: `Invalid character ${describeChar(text, i)} in the ${spec.name} at column ${col(i)}: expected a lowercase hex digit${
        c === ' ' || c === '\t' ? ' (whitespace is allowed only around the whole value)' : ''
      }.`,
      position: i,
    };
  }
  const n = to - from;
  return n < spec.len
    ? {
        code: `${code}.length`,
        severity: 'error',
        message: `The ${spec.name} has ${n} hex digit${n === 1 ? '' : 's'}; it must have exactly ${spec.len} (column ${col(to)}).`,
        position: to,
      }
    : null;
}

/** True when `v` is a value `formatTraceparent` may format (and parse gives back unchanged). */
export function isValidTraceparentValue(v: Traceparent): boolean {
  if (!/^[0-9a-f]{2}$/.test(v.version) || v.version === 'ff') return false;
  if (!/^[0-9a-f]{32}$/.test(v.traceId) || /^0+$/.test(v.traceId)) return false;
  if (!/^[0-9a-f]{16}$/.test(v.parentId) || /^0+$/.test(v.parentId)) return false;
  if (!Number.isInteger(v.flags) || v.flags < 0 || v.flags > 255) return false;
  if (v.extra !== undefined) {
    if (v.version === '00') return false;
    if (/[ \t]$/.test(v.extra)) return false;
  }
  return true;
}

/** Format a value as a header. Total on valid values (see isValidTraceparentValue). */
export function formatTraceparent(v: Traceparent): string {
  const base = `${v.version}-${v.traceId}-${v.parentId}-${hex2(v.flags)}`;
  return v.extra !== undefined && v.version !== '00' ? `${base}-${v.extra}` : base;
}

/**
 * What a receiver forwards for a valid incoming value when it does not start its own span:
 * version 00, extra fields dropped, reserved flag bits zeroed (sampled and random kept).
 */
export function forwardTraceparent(v: Traceparent, parentId = v.parentId): string {
  return formatTraceparent({
    version: '00',
    traceId: v.traceId,
    parentId,
    flags: v.flags & (FLAG_SAMPLED | FLAG_RANDOM),
  });
}
