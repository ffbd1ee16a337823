// Builds a new, valid set of propagation headers: crypto-random ids (never all zero), sampled and
// random flags, baggage with the Arize routing entries plus custom ones (percent-encoded), and
// optional tracestate members. Invalid builder input is reported and left out, never emitted.

import {
  type BaggageEntry,
  formatBaggage,
  isToken,
  loneSurrogateAt,
  type BaggageProperty,
} from './baggage.ts';
import { ARIZE_PROJECT_KEY, ARIZE_SPACE_KEY } from './decode.ts';
import type { HeaderProblem } from './problem.ts';
import {
  FLAG_RANDOM,
  FLAG_SAMPLED,
  formatTraceparent,
  isValidTraceparentValue,
  type Traceparent,
} from './traceparent.ts';
import {
  checkTracestateKey,
  checkTracestateValue,
  formatTracestate,
  TRACESTATE_MAX_MEMBERS,
  type TracestateMember,
} from './tracestate.ts';

export type RandomBytes = (n: number) => Uint8Array;

/** Web Crypto randomness (global `crypto` in browsers, workers and Node ≥ 19). */
export const cryptoRandom: RandomBytes = n => globalThis.crypto.getRandomValues(new Uint8Array(n));

function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** A random lowercase-hex id of `bytes` bytes that is never all zeros. */
export function randomHexId(bytes: 16 | 8, rand: RandomBytes = cryptoRandom): string {
  for (let i = 0; i < 1000; i++) {
    const b = rand(bytes);
    if (b.some(x => x !== 0)) return toHex(b.slice(0, bytes));
  }
  // A broken source that only yields zeros: still never return an invalid id.
  return '0'.repeat(bytes * 2 - 1) + '1';
}

export const newTraceId = (rand?: RandomBytes) => randomHexId(16, rand);
export const newSpanId = (rand?: RandomBytes) => randomHexId(8, rand);

export function makeFlags(sampled: boolean, random: boolean): number {
  return (sampled ? FLAG_SAMPLED : 0) | (random ? FLAG_RANDOM : 0);
}

export interface GenerateOptions {
  /** Default false (like `tpd headers --generate` without --sampled). */
  sampled?: boolean;
  /** Level 2 random-trace-id flag. Default true: generated trace ids are random. */
  random?: boolean;
  /** Continue this trace instead of a new random one (e.g. "child of the selected span"). */
  traceId?: string;
  /** Parent span id to send; default a new random one. */
  parentId?: string;
  spaceId?: string;
  projectName?: string;
  baggage?: { key: string; value: string; properties?: BaggageProperty[] }[];
  tracestate?: TracestateMember[];
  rand?: RandomBytes;
}

export interface GeneratedHeaders {
  value: Traceparent;
  traceparent: string;
  tracestate?: string;
  baggage?: string;
  baggageEntries: BaggageEntry[];
  tracestateMembers: TracestateMember[];
  /** Builder input that was left out, with the reason. */
  problems: HeaderProblem[];
}

export function generateHeaders(opts: GenerateOptions = {}): GeneratedHeaders {
  const problems: HeaderProblem[] = [];
  const value: Traceparent = {
    version: '00',
    traceId: newTraceId(opts.rand),
    parentId: newSpanId(opts.rand),
    flags: makeFlags(opts.sampled ?? false, opts.random ?? true),
  };
  if (opts.traceId !== undefined) {
    const t = opts.traceId.trim().toLowerCase();
    if (isValidTraceparentValue({ ...value, traceId: t })) value.traceId = t;
    else
      problems.push({
        code: 'generate.trace-id',
        severity: 'error',
        message: `"${opts.traceId}" is not a valid trace id (32 hex digits, not all zero); a random one was used.`,
      });
  }
  if (opts.parentId !== undefined) {
    const p = opts.parentId.trim().toLowerCase();
    if (isValidTraceparentValue({ ...value, parentId: p })) value.parentId = p;
    else
      problems.push({
        code: 'generate.parent-id',
        severity: 'error',
        message: `"${opts.parentId}" is not a valid span id (16 hex digits, not all zero); a random one was used.`,
      });
  }

  const baggageEntries: BaggageEntry[] = [];
  // A lone surrogate (broken UTF-16 from a paste) would be sent as U+FFFD: a different value.
  const wellFormed = (value: string, what: string): boolean => {
    const at = loneSurrogateAt(value);
    if (at < 0) return true;
    problems.push({
      code: 'generate.baggage.value',
      severity: 'error',
      message: `${what} has a lone surrogate (U+${value.charCodeAt(at).toString(16).toUpperCase()} at position ${at + 1}), which UTF-8 cannot carry; left out.`,
    });
    return false;
  };
  if (opts.spaceId && wellFormed(opts.spaceId, `"${ARIZE_SPACE_KEY}"`))
    baggageEntries.push({ key: ARIZE_SPACE_KEY, value: opts.spaceId, properties: [] });
  if (opts.projectName && wellFormed(opts.projectName, `"${ARIZE_PROJECT_KEY}"`)) {
    baggageEntries.push({ key: ARIZE_PROJECT_KEY, value: opts.projectName, properties: [] });
  }
  for (const e of opts.baggage ?? []) {
    if (!isToken(e.key)) {
      problems.push({
        code: 'generate.baggage.key',
        severity: 'error',
        message: `Baggage key "${e.key}" is not an HTTP token (letters, digits and !#$%&'*+-.^_\`|~); left out.`,
      });
      continue;
    }
    if (!wellFormed(e.value, `The value of baggage key "${e.key}"`)) continue;
    const props = (e.properties ?? []).filter(p => {
      if (!isToken(p.key)) {
        problems.push({
          code: 'generate.baggage.property-key',
          severity: 'error',
          message: `Property key "${p.key}" of "${e.key}" is not an HTTP token; left out.`,
        });
        return false;
      }
      return p.value === undefined || wellFormed(p.value, `Property "${p.key}" of "${e.key}"`);
    });
    if (
      (e.key === ARIZE_SPACE_KEY && opts.spaceId) ||
      (e.key === ARIZE_PROJECT_KEY && opts.projectName)
    ) {
      problems.push({
        code: 'generate.baggage.routing-duplicate',
        severity: 'warning',
        message: `"${e.key}" is already set by the routing field; the extra entry was left out.`,
      });
      continue;
    }
    baggageEntries.push({ key: e.key, value: e.value, properties: props });
  }

  const tracestateMembers: TracestateMember[] = [];
  const seen = new Set<string>();
  for (const m of opts.tracestate ?? []) {
    const v = m.value.replace(/[ \t]+$/, '');
    const err = checkTracestateKey(m.key, 0, m.key.length) ?? checkTracestateValue(v, 0, v.length);
    if (err) {
      problems.push({
        code: 'generate.tracestate',
        severity: 'error',
        message: `tracestate "${m.key}=${m.value}" left out: ${err.message}`,
      });
    } else if (seen.has(m.key)) {
      problems.push({
        code: 'generate.tracestate.duplicate',
        severity: 'error',
        message: `tracestate key "${m.key}" given twice; only the first is sent (senders must not repeat keys).`,
      });
    } else if (tracestateMembers.length >= TRACESTATE_MAX_MEMBERS) {
      problems.push({
        code: 'generate.tracestate.limit',
        severity: 'error',
        message: `tracestate is limited to ${TRACESTATE_MAX_MEMBERS} members; "${m.key}" left out.`,
      });
    } else {
      seen.add(m.key);
      tracestateMembers.push({ key: m.key, value: v });
    }
  }

  const out: GeneratedHeaders = {
    value,
    traceparent: formatTraceparent(value),
    baggageEntries,
    tracestateMembers,
    problems,
  };
  if (tracestateMembers.length) out.tracestate = formatTracestate(tracestateMembers);
  if (baggageEntries.length) out.baggage = formatBaggage(baggageEntries);
  return out;
}

/**
 * Headers a caller would send when `span` is its current span: same trace id, the span's id as
 * parent id. Sampled unless the span's trace flags say otherwise; the random flag only when the
 * span's flags carry it (a trace id from a dump is not known to be random).
 */
export function childOfSpan(
  span: { traceId: string; spanId: string; flags?: number },
  opts: Omit<GenerateOptions, 'traceId' | 'parentId'> = {},
): GeneratedHeaders {
  const known = span.flags !== undefined;
  const sampled = opts.sampled ?? (known ? (span.flags! & FLAG_SAMPLED) !== 0 : true);
  const random = opts.random ?? (known ? (span.flags! & FLAG_RANDOM) !== 0 : false);
  return generateHeaders({
    ...opts,
    sampled,
    random,
    traceId: span.traceId,
    parentId: span.spanId,
  });
}
