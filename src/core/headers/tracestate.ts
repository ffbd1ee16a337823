// W3C Trace Context `tracestate`, judged by the Level 2 grammar (the Level 1 verdict on each key
// is a note). https://www.w3.org/TR/trace-context-2/#tracestate-header
//
//   list        = list-member 0*31( OWS "," OWS list-member )
//   list-member = (key "=" value) / OWS                 ; empty members are allowed
//   key (L2)    = (lcalpha / DIGIT) 0*255( lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@" )
//   value       = 0*255(chr) nblk-chr                   ; printable ASCII except "," and "="
//
// Repeated `tracestate` fields are joined with "," before parsing (RFC 9110). A strict receiver
// discards the whole header when any member is invalid (the W3C suite at STRICT_LEVEL=2).

import {
  col,
  describeChar,
  type HeaderProblem,
  isError,
  isOws,
  sortProblems,
  trimOws,
} from './problem.ts';

export interface TracestateMember {
  key: string;
  value: string;
}

export interface ParsedTracestateMember extends TracestateMember {
  /** 0-based offset of the member (after its leading whitespace). */
  position: number;
  /** Offset of the member's end (before trailing whitespace). */
  end: number;
  valid: boolean;
  /** Level 1 verdict on the key when it differs from Level 2 (else undefined). */
  level1Problem?: string;
}

export interface TracestateResult {
  present: boolean;
  /** Level 2 grammar verdict: every member valid and at most 32 of them. */
  valid: boolean;
  /** All non-empty members in order (invalid ones with `valid: false`). */
  members: ParsedTracestateMember[];
  /** Number of empty (or whitespace-only) list members. */
  emptyMembers: number;
  problems: HeaderProblem[];
  notes: HeaderProblem[];
  /** Whether the header is also valid under the Level 1 key grammar. */
  level1Valid: boolean;
}

export const TRACESTATE_MAX_MEMBERS = 32;
export const TRACESTATE_PROPAGATE_CHARS = 512;
const P = 'header.tracestate';

const isLcAlpha = (c: string) => c >= 'a' && c <= 'z';
const isDigit = (c: string) => c >= '0' && c <= '9';
const isKeyChar = (c: string) =>
  isLcAlpha(c) || isDigit(c) || c === '_' || c === '-' || c === '*' || c === '/' || c === '@';
/** chr = %x20-2B / %x2D-3C / %x3E-7E */
const isValueChar = (c: string) => c >= ' ' && c <= '~' && c !== ',' && c !== '=';

const L1_SIMPLE = /^[a-z][a-z0-9_\-*/]{0,255}$/;
const L1_TENANT = /^[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13}$/;

/** First Level 2 problem in a key written at text[from, to). */
export function checkTracestateKey(text: string, from: number, to: number): HeaderProblem | null {
  if (from === to) {
    return {
      code: `${P}.key.empty`,
      severity: 'error',
      message: `Empty key before "=" at column ${col(from)}.`,
      position: from,
    };
  }
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (i - from === 256) {
      return {
        code: `${P}.key.length`,
        severity: 'error',
        message: `Key is ${to - from} characters long; at most 256 are allowed (the 257th is at column ${col(i)}).`,
        position: i,
        length: to - i,
      };
    }
    if (c >= 'A' && c <= 'Z') {
      return {
        code: `${P}.key.uppercase`,
        severity: 'error',
        message: `Uppercase letter '${c}' in the key at column ${col(i)}: keys are lowercase.`,
        position: i,
      };
    }
    if (i === from ? !(isLcAlpha(c) || isDigit(c)) : !isKeyChar(c)) {
      return {
        code: i === from ? `${P}.key.first-character` : `${P}.key.character`,
        severity: 'error',
        message:
          i === from
            ? `A key must start with a lowercase letter or digit, not ${describeChar(text, i)} (column ${col(i)}).`
            : `${cap(describeChar(text, i))} is not allowed in a key (column ${col(i)}); allowed: a-z 0-9 _ - * / @.`,
        position: i,
      };
    }
  }
  return null;
}

/** First problem in a value written at text[from, to) (trailing OWS already removed). */
export function checkTracestateValue(text: string, from: number, to: number): HeaderProblem | null {
  if (from === to) {
    return {
      code: `${P}.value.empty`,
      severity: 'error',
      message: `Empty value after "=" at column ${col(from - 1)}: a value has 1 to 256 printable characters.`,
      position: from > 0 ? from - 1 : from,
    };
  }
  for (let i = from; i < to; i++) {
    if (i - from === 256) {
      return {
        code: `${P}.value.length`,
        severity: 'error',
        message: `Value is ${to - from} characters long; at most 256 are allowed (the 257th is at column ${col(i)}).`,
        position: i,
        length: to - i,
      };
    }
    const c = text[i]!;
    if (!isValueChar(c)) {
      return {
        code: `${P}.value.character`,
        severity: 'error',
        message: `${cap(describeChar(text, i))} is not allowed in a value (column ${col(i)}); values are printable ASCII without "," and "=".`,
        position: i,
      };
    }
  }
  return null;
}

/** Why a key that Level 2 accepts fails the Level 1 grammar, or undefined if Level 1 accepts it. */
export function level1KeyProblem(key: string): string | undefined {
  if (L1_SIMPLE.test(key) || L1_TENANT.test(key)) return undefined;
  const at = key.split('@').length - 1;
  if (at === 0) {
    return 'Level 1 requires a key without "@" to start with a letter a-z.';
  }
  if (at > 1) return 'Level 1 allows exactly one "@" (tenant@system).';
  const [tenant, system] = key.split('@') as [string, string];
  if (tenant.length > 241) return 'Level 1 allows at most 241 characters before "@".';
  if (system.length === 0) return 'Level 1 requires a system id after "@".';
  if (!isLcAlpha(system[0]!)) return 'Level 1 requires the part after "@" to start with a-z.';
  if (system.length > 14) return 'Level 1 allows at most 14 characters after "@".';
  return 'Level 1 rejects this key.';
}

const absent = (): TracestateResult => ({
  present: false,
  valid: false,
  members: [],
  emptyMembers: 0,
  problems: [],
  notes: [],
  level1Valid: false,
});

/**
 * Parse a tracestate value (repeated fields joined with ","). `undefined`/`null` = absent.
 * Positions are 0-based offsets into `text`. Never throws.
 */
export function parseTracestate(text: string | null | undefined): TracestateResult {
  if (text === undefined || text === null) return absent();
  const problems: HeaderProblem[] = [];
  const notes: HeaderProblem[] = [];
  const members: ParsedTracestateMember[] = [];
  let empty = 0;
  let items = 0;
  let level1Valid = true;
  const seen = new Map<string, number>();

  let from = 0;
  for (;;) {
    let comma = text.indexOf(',', from);
    if (comma < 0) comma = text.length;
    items++;
    const [s, e] = trimOws(text, from, comma);
    if (s === e) empty++;
    else {
      const m = parseMember(s, e);
      members.push(m);
      if (members.length === TRACESTATE_MAX_MEMBERS + 1) {
        problems.push({
          code: `${P}.too-many-members`,
          severity: 'error',
          message: `More than ${TRACESTATE_MAX_MEMBERS} list members: member ${members.length} starts at column ${col(s)}.`,
          position: s,
        });
      }
    }
    if (comma >= text.length) break;
    from = comma + 1;
  }

  if (members.length === 0) {
    notes.push({
      code: `${P}.empty`,
      severity: 'info',
      message:
        'The tracestate has no members. An empty tracestate is allowed (but should not be sent).',
    });
  } else if (members.length <= TRACESTATE_MAX_MEMBERS && items > TRACESTATE_MAX_MEMBERS) {
    problems.push({
      code: `${P}.empty-members-over-limit`,
      severity: 'warning',
      message: `${items} list members counting the ${empty} empty ones; the grammar caps the list at ${TRACESTATE_MAX_MEMBERS} list members, so a strict parser may reject it.`,
    });
  }
  const normalizedLength = members.reduce((n, m, i) => n + (i ? 1 : 0) + m.end - m.position, 0);
  if (normalizedLength > TRACESTATE_PROPAGATE_CHARS) {
    problems.push({
      code: `${P}.long`,
      severity: 'warning',
      message: `The members take ${normalizedLength} characters. Vendors need to propagate only ${TRACESTATE_PROPAGATE_CHARS}; beyond that they may drop whole entries (those over 128 characters first, then from the right).`,
    });
  }
  const sorted = sortProblems(problems);
  return {
    present: true,
    valid: !sorted.some(isError),
    members,
    emptyMembers: empty,
    problems: sorted,
    notes,
    level1Valid: level1Valid && !sorted.some(isError),
  };

  function parseMember(s: number, e: number): ParsedTracestateMember {
    const t = text!;
    const eq = t.indexOf('=', s);
    if (eq < 0 || eq >= e) {
      problems.push({
        code: `${P}.member.no-equals`,
        severity: 'error',
        message: `List member "${clip(t.slice(s, e))}" at column ${col(s)} has no "=" (expected key=value).`,
        position: s,
        length: e - s,
      });
      return { key: t.slice(s, e), value: '', position: s, end: e, valid: false };
    }
    const key = t.slice(s, eq);
    const value = t.slice(eq + 1, e);
    const m: ParsedTracestateMember = { key, value, position: s, end: e, valid: true };
    const err = checkTracestateKey(t, s, eq) ?? checkTracestateValue(t, eq + 1, e);
    if (err) {
      // Whitespace right before "=" reads better as its own reason.
      if (err.code.startsWith(`${P}.key.`) && isOws(t[eq - 1]) && err.position === eq - 1) {
        err.message = `Whitespace before "=" at column ${col(eq - 1)}: only "," may be surrounded by spaces.`;
      }
      problems.push(err);
      m.valid = false;
      return m;
    }
    const l1 = level1KeyProblem(key);
    if (l1) {
      m.level1Problem = l1;
      level1Valid = false;
      notes.push({
        code: `${P}.key.level1`,
        severity: 'info',
        message: `Key "${clip(key)}" is valid in Level 2, but not in Level 1: ${l1} (OpenTelemetry JS uses the Level 1 rule and drops this member.)`,
        position: s,
        length: eq - s,
      });
    }
    const prev = seen.get(key);
    if (prev !== undefined) {
      problems.push({
        code: `${P}.duplicate-key`,
        severity: 'warning',
        message: `Key "${clip(key)}" appears again at column ${col(s)} (first at column ${col(prev)}). Senders must not repeat a key; a receiver keeps the header as-is or drops the later duplicates.`,
        position: s,
        length: eq - s,
      });
    } else seen.set(key, s);
    return m;
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 39) + '…' : s;
}

/** Whether a key/value pair is valid (Level 2), for builders. */
export function isValidTracestateMember(m: TracestateMember): boolean {
  return (
    checkTracestateKey(m.key, 0, m.key.length) === null &&
    !/[ \t]$/.test(m.value) &&
    checkTracestateValue(m.value, 0, m.value.length) === null
  );
}

/** Serialize members as `k=v,k2=v2`. Total on valid members (isValidTracestateMember). */
export function formatTracestate(members: TracestateMember[]): string {
  return members.map(m => `${m.key}=${m.value}`).join(',');
}
