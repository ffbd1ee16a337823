// Id normalisation shared by every importer (formats.md §1.1). Hex is lower-cased, `0x` stripped,
// base64 (std or url, padded or not) decoded by length, decimal uint64 converted losslessly and
// 64-bit trace ids left-padded. Each conversion that changes what the user sees is reported.

export const TRACE_ID_HEX = /^[0-9a-f]{32}$/;
export const SPAN_ID_HEX = /^[0-9a-f]{16}$/;
const HEX = /^[0-9a-fA-F]+$/;
const B64 = /^[A-Za-z0-9+/\-_]+={0,2}$/;

export interface IdResult {
  /** The normalised id (lowercase hex when it could be read; else the trimmed raw text). */
  id: string;
  /** Set when the id was converted in a way worth telling (base64, 64-bit padding, decimal). */
  note?: string;
  /** Set when the id is not a valid W3C id after normalisation. */
  problem?: string;
}

function base64ToHex(s: string): string | null {
  const std = s.replace(/-/g, '+').replace(/_/g, '/');
  const padded = std + '='.repeat((4 - (std.length % 4)) % 4);
  let bin: string;
  try {
    bin = atob(padded);
  } catch {
    return null;
  }
  let out = '';
  for (let i = 0; i < bin.length; i++) out += bin.charCodeAt(i).toString(16).padStart(2, '0');
  return out;
}

function isAllZero(hex: string): boolean {
  return /^0+$/.test(hex);
}

/** 1: lowercase hex of length `len`; 2: the same but all zeros; 0: anything else. */
export function lowerHexKind(s: string, len: number): 0 | 1 | 2 {
  if (s.length !== len) return 0;
  let zeros = true;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return 0;
    if (c !== 48) zeros = false;
  }
  return zeros ? 2 : 1;
}

/**
 * Normalise one id. `bytes` is 16 for trace ids and 8 for span ids.
 * `encoding` forces an interpretation when the format defines it ('base64' for proto3 JSON).
 */
export function normalizeId(
  raw: unknown,
  bytes: 16 | 8,
  encoding: 'auto' | 'hex' | 'base64' | 'decimal' = 'auto',
): IdResult {
  const hexLen = bytes * 2;
  const what = bytes === 16 ? 'trace id' : 'span id';
  if (typeof raw === 'number' || typeof raw === 'bigint') {
    if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
      return { id: String(raw), problem: `${what} ${raw} is a number too large to read exactly` };
    }
    return normalizeId(String(raw), bytes, 'decimal');
  }
  if (typeof raw !== 'string') return { id: '', problem: `${what} is missing` };
  // Fast path: already canonical (lowercase hex of the right length), as almost every id is.
  if (encoding !== 'base64' && encoding !== 'decimal') {
    const hex = lowerHexKind(raw, hexLen);
    if (hex === 1) return { id: raw };
    if (hex === 2) return { id: raw, problem: `${what} is all zeros` };
  }
  let s = raw.trim();
  if (s.startsWith('0x') || s.startsWith('0X')) s = s.slice(2);
  if (
    encoding === 'decimal' ||
    (encoding === 'auto' && /^\d{17,20}$/.test(s) && s.length !== hexLen)
  ) {
    try {
      const v = BigInt(s);
      if (v < 0n || v >= 1n << BigInt(bytes * 8))
        return { id: s, problem: `${what} ${s} is out of range` };
      return finish(v.toString(16).padStart(hexLen, '0'), `decimal ${what} ${s} converted to hex`);
    } catch {
      return { id: s, problem: `${what} "${s}" is not a decimal number` };
    }
  }
  if (
    encoding !== 'base64' &&
    HEX.test(s) &&
    (s.length === hexLen || (bytes === 16 && s.length === 16))
  ) {
    const lower = s.toLowerCase();
    if (bytes === 16 && s.length === 16) {
      return finish(lower.padStart(32, '0'), `64-bit trace id ${lower} left-padded to 128 bits`);
    }
    return finish(lower);
  }
  const b64Len = bytes === 16 ? [24, 22] : [12, 11];
  if (encoding !== 'hex' && B64.test(s) && (encoding === 'base64' || b64Len.includes(s.length))) {
    const hex = base64ToHex(s);
    if (hex && hex.length === hexLen) return finish(hex, undefined);
    if (hex && bytes === 16 && hex.length === 16) {
      return finish(hex.padStart(32, '0'), `64-bit trace id ${hex} left-padded to 128 bits`);
    }
  }
  if (HEX.test(s) && s.length < hexLen && s.length > 0) {
    return {
      id: s.toLowerCase(),
      problem: `${what} "${s}" has ${s.length} hex digits, expected ${hexLen}`,
    };
  }
  if (s === '') return { id: '', problem: `${what} is empty` };
  return {
    id: s.toLowerCase() === s ? s : s,
    problem: `${what} "${truncate(s)}" is not ${hexLen} hex digits`,
  };

  function finish(hex: string, note?: string): IdResult {
    const r: IdResult = { id: hex };
    if (note) r.note = note;
    if (isAllZero(hex)) r.problem = `${what} is all zeros`;
    return r;
  }
}

/**
 * Parent ids: absent, empty, or all zeros mean "no parent" (formats.md §1.1).
 * Returns null for those, else the normalised id.
 */
export function normalizeParentId(
  raw: unknown,
  encoding: 'auto' | 'hex' | 'base64' | 'decimal' = 'auto',
): IdResult | null {
  if (raw === undefined || raw === null || raw === '' || raw === 0 || raw === '0') return null;
  const r = normalizeId(raw, 8, encoding);
  // An all-zero id always comes back with a problem; valid ids skip the regex.
  if (r.problem !== undefined && r.id !== '' && /^0+$/.test(r.id)) return null;
  return r;
}

function truncate(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + '…' : s;
}

export function isValidTraceId(id: string): boolean {
  return lowerHexKind(id, 32) === 1;
}

export function isValidSpanId(id: string): boolean {
  return lowerHexKind(id, 16) === 1;
}
