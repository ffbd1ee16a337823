// Exact time conversion to unix nanoseconds as bigint (formats.md §1.2). Numbers are read from
// their decimal text, never multiplied as floats, so µs values like 165.256 and 19-digit ns
// strings stay exact.

export type TimeUnit = 'ns' | 'us' | 'ms' | 's';

/** Decimal text ("1736937000012345000", "165.256", "1.7e15") → bigint in `unit` × 10^scale. */
function decimalToScaled(text: string, scaleDigits: number): bigint | null {
  // Fast path: plain digits (how OTLP/JSON writes every ns timestamp).
  if (scaleDigits === 0 && isDigits(text)) return BigInt(text);
  const m = /^(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m) return null;
  const [, sign, intPart = '0', fracPart = '', expPart] = m;
  const exp = (expPart ? parseInt(expPart, 10) : 0) + scaleDigits;
  let digits = intPart + fracPart;
  let pointPos = intPart.length + exp; // position of the decimal point in `digits`
  if (pointPos < 0) return 0n;
  // No timestamp has this many integer digits (year 2262 is 19 in ns): "1e999999999" would
  // otherwise build a gigabyte of zeros, and a million-digit string a million-digit BigInt.
  if (pointPos - (digits.length - digits.replace(/^0+/, '').length) > MAX_DIGITS) return null;
  if (pointPos > digits.length) digits = digits + '0'.repeat(pointPos - digits.length);
  const whole = digits.slice(0, pointPos) || '0';
  pointPos = 0;
  const v = BigInt(whole);
  return sign === '-' ? -v : v;
}

/** Integer digits beyond which a time is unreadable rather than a (gigantic) number. */
const MAX_DIGITS = 40;

function isDigits(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > 30) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const SCALE: Record<TimeUnit, number> = { ns: 0, us: 3, ms: 6, s: 9 };
const FACTOR: Record<TimeUnit, bigint> = { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n };

/** A number or numeric string in `unit` → exact unix ns. */
export function toNanos(value: unknown, unit: TimeUnit): bigint | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'bigint') return value * 10n ** BigInt(SCALE[unit]);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // Fast path (µs/ns epoch numbers): a safe integer's text is its digits, so this is the same.
    if (Number.isSafeInteger(value)) return BigInt(value) * FACTOR[unit];
    // Shortest round-trip text of a double is the digits the producer wrote (for ≤ 17 digits).
    return decimalToScaled(String(value), SCALE[unit]);
  }
  if (typeof value === 'string') return decimalToScaled(value, SCALE[unit]);
  return null;
}

/** Guess the unit of a bare epoch number by magnitude (≈1.7e18 ns, 1.7e15 µs, 1.7e12 ms, 1.7e9 s). */
export function guessEpochUnit(value: number | string): TimeUnit {
  const digits = String(value).split('.')[0]!.replace('-', '').length;
  if (digits >= 17) return 'ns';
  if (digits >= 14) return 'us';
  if (digits >= 11) return 'ms';
  return 's';
}

/** Epoch number of unknown unit → ns (uses the magnitude heuristic). */
export function epochToNanos(value: unknown): bigint | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  if (typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value.trim())) return null;
  return toNanos(value, guessEpochUnit(value));
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2}|\+0000 UTC| UTC)?$/;

/**
 * ISO 8601 / RFC 3339 (with up to 9 fraction digits; `Z`, `+00:00`, or no offset = UTC) and Go's
 * `time.String()` (`2025-01-15 10:30:00.90525 +0000 UTC`) → exact unix ns.
 */
export function isoToNanos(text: unknown): bigint | null {
  if (typeof text !== 'string') return null;
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', off] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
  if (Number.isNaN(ms)) return null;
  let ns = BigInt(ms) * 1_000_000n + BigInt(frac.padEnd(9, '0') || '0');
  if (off && off !== 'Z' && !off.includes('UTC')) {
    const om = /^([+-])(\d{2}):?(\d{2})$/.exec(off);
    if (om) {
      const mins = +om[2]! * 60 + +om[3]!;
      const delta = BigInt(mins) * 60_000_000_000n;
      ns = om[1] === '+' ? ns - delta : ns + delta;
    }
  }
  return ns;
}

/** JS HrTime `[seconds, nanos]` → ns. */
export function hrTimeToNanos(v: unknown): bigint | null {
  if (!Array.isArray(v) || v.length !== 2) return null;
  const [s, n] = v;
  if (typeof s !== 'number' || typeof n !== 'number') return null;
  if (!Number.isFinite(s) || !Number.isFinite(n)) return null; // [Infinity, 0]: BigInt throws
  return BigInt(Math.trunc(s)) * 1_000_000_000n + BigInt(Math.trunc(n));
}

/** Milliseconds a JS Date can hold: ±8.64e15 (about ±275,000 years). */
const DATE_LIMIT_MS = 8_640_000_000_000_000n;

/**
 * Format ns as an ISO string with 9 fraction digits (for display and JSON output). A time beyond
 * the JS date range (a broken or hostile dump) is written as its ns count instead of throwing.
 */
export function nanosToIso(ns: bigint): string {
  const ms = ns / 1_000_000n;
  if (ms > DATE_LIMIT_MS || ms < -DATE_LIMIT_MS) return `${ns} ns (outside the date range)`;
  const rest = ns % 1_000_000_000n;
  const d = new Date(Number(ms));
  const base = d.toISOString().slice(0, 19);
  return `${base}.${(rest < 0n ? rest + 1_000_000_000n : rest).toString().padStart(9, '0')}Z`;
}

/** Human duration from ns: 1.51 s, 452 ms, 38.2 µs, 120 ns. */
export function formatDuration(ns: bigint | null): string {
  if (ns === null) return '—';
  const n = Number(ns);
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(abs >= 1e11 ? 0 : 2)} s`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e8 ? 0 : abs >= 1e7 ? 1 : 2)} ms`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)} µs`;
  return `${n} ns`;
}
