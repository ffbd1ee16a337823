// W3C Baggage: strict parsing, percent-decoding and percent-encoding.
// https://www.w3.org/TR/baggage/#header-content
//
//   baggage-string = list-member 0*179( OWS "," OWS list-member )
//   list-member    = key OWS "=" OWS value *( OWS ";" OWS property )
//   property       = key OWS "=" OWS value / key OWS
//   key            = token                 ; RFC 7230 tchar, never percent-decoded
//   value          = *baggage-octet        ; may be empty; %XX escapes decode as UTF-8
//   baggage-octet  = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
//
// Invalid UTF-8 after decoding becomes U+FFFD (with a warning). A receiver must propagate at least
// 64 members and 8192 bytes; above that it may drop whole members. Repeated `baggage` fields are
// joined with "," before parsing.
//
// Stable API used by the diagnosis rules: `parseBaggage(text).entries` → valid members in order,
// `{ key, value (percent-decoded), properties: [{ key, value? }] }`.

import {
  col,
  describeChar,
  type HeaderProblem,
  isError,
  sortProblems,
  trimOws,
} from './problem.ts';

export interface BaggageProperty {
  key: string;
  /** Percent-decoded; undefined for a key-only property (`;flag`). */
  value?: string;
}

export interface BaggageEntry {
  key: string;
  /** Percent-decoded UTF-8 (invalid sequences are U+FFFD). */
  value: string;
  properties: BaggageProperty[];
}

export interface ParsedBaggageMember extends BaggageEntry {
  /** The value as written (trimmed). */
  rawValue: string;
  /** 0-based offsets of the member in the header (whitespace excluded). */
  position: number;
  end: number;
  valid: boolean;
  /** Problems of this member (also in the result's `problems`). */
  problems: HeaderProblem[];
}

export interface BaggageResult {
  present: boolean;
  /** Every member matches the grammar and there are at most 180. */
  valid: boolean;
  /** The valid members, in order, duplicates kept. */
  entries: BaggageEntry[];
  /** Every non-empty member, valid or not, in order. */
  members: ParsedBaggageMember[];
  problems: HeaderProblem[];
  notes: HeaderProblem[];
  /** UTF-8 size of the baggage-string (without surrounding whitespace). */
  bytes: number;
}

export const BAGGAGE_MIN_MEMBERS = 64;
export const BAGGAGE_MIN_BYTES = 8192;
export const BAGGAGE_GRAMMAR_MAX_MEMBERS = 180;
const P = 'header.baggage';

const TCHAR = "!#$%&'*+-.^_`|~";
export function isTchar(c: string): boolean {
  return (
    (c >= 'a' && c <= 'z') ||
    (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') ||
    (c.length === 1 && TCHAR.includes(c))
  );
}
export function isBaggageOctet(code: number): boolean {
  return (
    code === 0x21 ||
    (code >= 0x23 && code <= 0x2b) ||
    (code >= 0x2d && code <= 0x3a) ||
    (code >= 0x3c && code <= 0x5b) ||
    (code >= 0x5d && code <= 0x7e)
  );
}
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (const c of s) if (!isTchar(c)) return false;
  return true;
}

const utf8 = new TextEncoder();
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Index of the first lone surrogate in `s` (a UTF-16 half that UTF-8 cannot carry: encoding
 * turns it into U+FFFD), or -1 when the text is well-formed.
 */
export function loneSurrogateAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else return i;
  }
  return -1;
}

/** Percent-encode a value: UTF-8, every byte outside baggage-octet (and "%") as %XX. */
export function encodeBaggageValue(value: string): string {
  let out = '';
  for (const b of utf8.encode(value)) {
    out +=
      isBaggageOctet(b) && b !== 0x25
        ? String.fromCharCode(b)
        : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Decode %XX escapes as UTF-8 (invalid sequences → U+FFFD). Bad escapes are kept literally. */
export function decodeBaggageValue(raw: string): { value: string; invalidUtf8: boolean } {
  if (!raw.includes('%')) return { value: raw, invalidUtf8: false };
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '%' && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of utf8.encode(c)) bytes.push(b);
    }
  }
  const arr = new Uint8Array(bytes);
  let invalidUtf8 = false;
  try {
    strict.decode(arr);
  } catch {
    invalidUtf8 = true;
  }
  return { value: lenient.decode(arr), invalidUtf8 };
}

/** First problem in a token at text[from, to), or null. `what` is "key" or "property key". */
function checkToken(text: string, from: number, to: number, what: string): HeaderProblem | null {
  const code = what === 'key' ? `${P}.key` : `${P}.property.key`;
  if (from === to) {
    return {
      code: `${code}.empty`,
      severity: 'error',
      message: `Empty ${what} at column ${col(from)}.`,
      position: from,
    };
  }
  for (let i = from; i < to; i++) {
    if (!isTchar(text[i]!)) {
      return {
        code: `${code}.character`,
        severity: 'error',
        message: `${cap(describeChar(text, i))} is not allowed in a ${what} (column ${col(i)}); keys are HTTP tokens (letters, digits and !#$%&'*+-.^_\`|~) and are never percent-decoded.`,
        position: i,
      };
    }
  }
  return null;
}

/** First problem in a value at text[from, to), or null. */
function checkValue(text: string, from: number, to: number, what: string): HeaderProblem | null {
  const code = what === 'value' ? `${P}.value` : `${P}.property.value`;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c === '%') {
      if (isHex(text[i + 1]) && isHex(text[i + 2]) && i + 2 < to) {
        i += 2;
        continue;
      }
      return {
        code: `${code}.percent`,
        severity: 'error',
        message: `"%" at column ${col(i)} does not start a %XX escape; a literal "%" must be written %25.`,
        position: i,
        length: Math.min(3, to - i),
      };
    }
    const cp = text.codePointAt(i)!;
    if (!isBaggageOctet(cp)) {
      const enc = encodeBaggageValue(String.fromCodePoint(cp));
      return {
        code: `${code}.character`,
        severity: 'error',
        message: `${cap(describeChar(text, i))} is not allowed in a ${what} (column ${col(i)}); percent-encode it as ${enc}.`,
        position: i,
        length: cp > 0xffff ? 2 : 1,
      };
    }
  }
  return null;
}

const absent = (): BaggageResult => ({
  present: false,
  valid: false,
  entries: [],
  members: [],
  problems: [],
  notes: [],
  bytes: 0,
});

/**
 * Parse a baggage value (repeated fields joined with ","). `undefined`/`null` = absent.
 * Positions are 0-based offsets into `text`. Never throws.
 */
export function parseBaggage(text: string | null | undefined): BaggageResult {
  if (text === undefined || text === null) return absent();
  const problems: HeaderProblem[] = [];
  const notes: HeaderProblem[] = [];
  const members: ParsedBaggageMember[] = [];
  const [hs, he] = trimOws(text);
  const bytes = utf8.encode(text.slice(hs, he)).length;

  if (hs === he) {
    problems.push({
      code: `${P}.empty`,
      severity: 'error',
      message: 'The baggage header is empty; the grammar requires at least one key=value member.',
      position: 0,
    });
  } else {
    let from = 0;
    let count = 0;
    let byteEnd = 0;
    let bytesFlagged = false;
    for (;;) {
      let comma = text.indexOf(',', from);
      if (comma < 0) comma = text.length;
      const [s, e] = trimOws(text, from, comma);
      count++;
      if (count === BAGGAGE_GRAMMAR_MAX_MEMBERS + 1) {
        problems.push({
          code: `${P}.too-many-members`,
          severity: 'error',
          message: `More than ${BAGGAGE_GRAMMAR_MAX_MEMBERS} list members (the grammar's limit): member ${count} starts at column ${col(s)}.`,
          position: s,
        });
      }
      if (count === BAGGAGE_MIN_MEMBERS + 1) {
        problems.push({
          code: `${P}.over-64-members`,
          severity: 'warning',
          message: `More than ${BAGGAGE_MIN_MEMBERS} members: a receiver must keep only the first ${BAGGAGE_MIN_MEMBERS} and may drop whole members from member ${count} (column ${col(s)}) on.`,
          position: s,
        });
      }
      if (s === e) {
        problems.push({
          code: `${P}.member.empty`,
          severity: 'error',
          message: `Empty list member at column ${col(comma < text.length ? comma : from - 1)} (",," or a leading/trailing ","): the grammar has no empty members.`,
          position: comma < text.length ? comma : from - 1,
        });
      } else {
        const m = parseMember(s, e);
        members.push(m);
        byteEnd = utf8.encode(text.slice(hs, e)).length;
        if (!bytesFlagged && byteEnd > BAGGAGE_MIN_BYTES) {
          bytesFlagged = true;
          problems.push({
            code: `${P}.over-8192-bytes`,
            severity: 'warning',
            message: `The baggage is ${bytes} bytes; a receiver must keep only ${BAGGAGE_MIN_BYTES} bytes and may drop whole members from the one at column ${col(s)} on.`,
            position: s,
          });
        }
      }
      if (comma >= text.length) break;
      from = comma + 1;
    }
  }

  const seen = new Map<string, number>();
  for (const m of members) {
    if (!m.valid) continue;
    const prev = seen.get(m.key);
    if (prev !== undefined) {
      problems.push({
        code: `${P}.duplicate-key`,
        severity: 'warning',
        message: `Key "${clip(m.key)}" appears again at column ${col(m.position)} (first at column ${col(prev)}). Allowed, but producers should avoid it; receivers keep both in order.`,
        position: m.position,
        length: m.key.length,
      });
    } else seen.set(m.key, m.position);
  }

  const sorted = sortProblems(problems);
  return {
    present: true,
    valid: !sorted.some(isError),
    entries: members
      .filter(m => m.valid)
      .map(m => ({ key: m.key, value: m.value, properties: m.properties })),
    members,
    problems: sorted,
    notes,
    bytes,
  };

  function parseMember(s: number, e: number): ParsedBaggageMember {
    const t = text!;
    const own: HeaderProblem[] = [];
    // Split at ";" — none can occur inside a key or a value.
    const parts: [number, number][] = [];
    let from = s;
    for (;;) {
      let semi = t.indexOf(';', from);
      if (semi < 0 || semi > e) semi = e;
      parts.push([from, semi]);
      if (semi >= e) break;
      from = semi + 1;
    }
    const [kvS, kvE] = trimOws(t, parts[0]![0], parts[0]![1]);
    const eq = t.indexOf('=', kvS);
    const m: ParsedBaggageMember = {
      key: '',
      value: '',
      rawValue: '',
      properties: [],
      position: s,
      end: e,
      valid: true,
      problems: own,
    };
    if (eq < 0 || eq >= kvE) {
      m.key = t.slice(kvS, kvE);
      own.push({
        code: `${P}.member.no-equals`,
        severity: 'error',
        message: `Member "${clip(t.slice(kvS, kvE))}" at column ${col(kvS)} has no "=" (expected key=value).`,
        position: kvS,
        length: kvE - kvS,
      });
    } else {
      const [kS, kE] = trimOws(t, kvS, eq);
      const [vS, vE] = trimOws(t, eq + 1, kvE);
      m.key = t.slice(kS, kE);
      m.rawValue = t.slice(vS, vE);
      const kErr = checkToken(t, kS, kE, 'key');
      if (kErr) own.push(kErr);
      const vErr = checkValue(t, vS, vE, 'value');
      if (vErr) own.push(vErr);
      const d = decodeBaggageValue(m.rawValue);
      m.value = d.value;
      if (d.invalidUtf8) {
        own.push({
          code: `${P}.value.utf8`,
          severity: 'warning',
          message: `The value of "${clip(m.key)}" decodes to bytes that are not valid UTF-8; they became U+FFFD (�).`,
          position: vS,
          length: vE - vS,
        });
      }
    }
    for (let i = 1; i < parts.length; i++) {
      const [pS, pE] = trimOws(t, parts[i]![0], parts[i]![1]);
      if (pS === pE) {
        own.push({
          code: `${P}.property.empty`,
          severity: 'error',
          message: `Empty property after ";" at column ${col(parts[i]![0] - 1)}.`,
          position: parts[i]![0] - 1,
        });
        continue;
      }
      const peq = t.indexOf('=', pS);
      if (peq < 0 || peq >= pE) {
        const err = checkToken(t, pS, pE, 'property key');
        if (err) own.push(err);
        m.properties.push({ key: t.slice(pS, pE) });
      } else {
        const [kS, kE] = trimOws(t, pS, peq);
        const [vS, vE] = trimOws(t, peq + 1, pE);
        const err =
          checkToken(t, kS, kE, 'property key') ?? checkValue(t, vS, vE, 'property value');
        if (err) own.push(err);
        const d = decodeBaggageValue(t.slice(vS, vE));
        if (d.invalidUtf8) {
          own.push({
            code: `${P}.property.value.utf8`,
            severity: 'warning',
            message: `Property "${clip(t.slice(kS, kE))}" decodes to bytes that are not valid UTF-8; they became U+FFFD (�).`,
            position: vS,
            length: vE - vS,
          });
        }
        m.properties.push({ key: t.slice(kS, kE), value: d.value });
      }
    }
    m.valid = !own.some(isError);
    problems.push(...own);
    return m;
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 39) + '…' : s;
}

/** Whether an entry can be formatted (keys and property keys are tokens). Values are free text. */
export function isValidBaggageEntry(e: BaggageEntry): boolean {
  return isToken(e.key) && e.properties.every(p => isToken(p.key));
}

/** One member: key=encoded-value;prop;prop=encoded-value. */
export function formatBaggageMember(e: BaggageEntry): string {
  let s = `${e.key}=${encodeBaggageValue(e.value)}`;
  for (const p of e.properties) {
    s += p.value === undefined ? `;${p.key}` : `;${p.key}=${encodeBaggageValue(p.value)}`;
  }
  return s;
}

/** Serialize entries as a baggage header. Total on valid entries (isValidBaggageEntry). */
export function formatBaggage(entries: BaggageEntry[]): string {
  return entries.map(formatBaggageMember).join(',');
}
