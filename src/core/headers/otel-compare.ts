// "What OpenTelemetry JS does": runs the real W3CTraceContextPropagator and W3CBaggagePropagator
// from @opentelemetry/core on the same header fields, shows what they extract and what they would
// inject again, and names every difference from the strict W3C reading (decode.ts).
//
// Observed with @opentelemetry/core 2.12.1 / @opentelemetry/api 1.9.1 (same as 3.1.1 in
// propagation.md §5): traceparent regex `^\s?…\s?$` (one whitespace char per side, but \s also
// matches LF and NBSP); the first of repeated fields wins; inject writes flags as "0" + hex (3 digits
// from 0x10); tracestate keys follow Level 1, invalid members are dropped one by one, 33+ members are
// cut to 32, duplicates keep the last value; baggage keys are not validated but percent-decoded,
// empty values and invalid UTF-8 drop the member, members over 4096 chars are skipped, duplicates
// keep the last, properties are opaque raw metadata, inject percent-encodes keys. One difference
// from 3.1.1: in 2.12.1 `TraceState.set` on a full list of 32 adds a 33rd member (3.1.1 refuses it;
// the spec wants the right-most one evicted) — pinned in the tests, not used by the editor.
// The propagators are plain string code with no I/O, so running them here keeps the core pure.

import {
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
  trace,
} from '@opentelemetry/api';
import { W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { parseBaggage } from './baggage.ts';
import type { DecodedHeaders } from './decode.ts';
import type { HeaderFields } from './header-block.ts';
import type { HeaderName } from './problem.ts';
import { FLAGS_RESERVED, hex2, parseTraceparent } from './traceparent.ts';

/** The versions installed (package.json pins them; a unit test checks they still match). */
export const OTEL_CORE_VERSION = '2.12.1';
export const OTEL_API_VERSION = '1.9.1';

export interface OtelSpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote: boolean;
}

export interface OtelBaggageEntry {
  key: string;
  value: string;
  /** The raw text after the first ";" (OTel keeps properties as opaque metadata). */
  metadata?: string;
}

export interface OtelDifference {
  header: HeaderName;
  code: string;
  message: string;
  /** True when the spec permits OTel's behaviour (it only differs from the strict reading). */
  allowedBySpec: boolean;
}

export interface OtelResult {
  /** The carrier handed to `extract` (lowercase names; repeated fields as arrays). */
  carrier: Record<string, string | string[]>;
  /** Extracted span context, or null when OTel ignored the traceparent. */
  spanContext: OtelSpanContext | null;
  /** Extracted tracestate members in serialization order, or null when none. */
  traceState: { key: string; value: string }[] | null;
  baggage: OtelBaggageEntry[] | null;
  /** What `inject` writes for the extracted context (no new span started). */
  injected: { traceparent?: string; tracestate?: string; baggage?: string };
  differences: OtelDifference[];
}

const tcPropagator = new W3CTraceContextPropagator();
const bgPropagator = new W3CBaggagePropagator();

export function buildCarrier(fields: HeaderFields): Record<string, string | string[]> {
  const carrier: Record<string, string | string[]> = {};
  for (const name of ['traceparent', 'tracestate', 'baggage'] as const) {
    const v = fields[name];
    if (v.length === 1) carrier[name] = v[0]!;
    else if (v.length > 1) carrier[name] = [...v];
  }
  return carrier;
}

function extractBaggage(carrier: Record<string, string | string[]>): OtelBaggageEntry[] | null {
  const ctx = bgPropagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
  const bag = propagation.getBaggage(ctx);
  if (!bag) return null;
  return bag.getAllEntries().map(([key, e]) => {
    const out: OtelBaggageEntry = { key, value: e.value };
    if (e.metadata !== undefined) out.metadata = e.metadata.toString();
    return out;
  });
}

/** Run OTel's propagators on `fields`. `strict` is decodeHeaders(fields), for the comparison. */
export function runOtel(fields: HeaderFields, strict: DecodedHeaders): OtelResult {
  const carrier = buildCarrier(fields);
  let ctx: Context = tcPropagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
  ctx = bgPropagator.extract(ctx, carrier, defaultTextMapGetter);
  const sc = trace.getSpanContext(ctx);
  const spanContext: OtelSpanContext | null = sc
    ? { traceId: sc.traceId, spanId: sc.spanId, traceFlags: sc.traceFlags, isRemote: !!sc.isRemote }
    : null;
  const tsText = sc?.traceState?.serialize();
  const traceState =
    sc?.traceState !== undefined
      ? tsText
        ? tsText.split(',').map(m => {
            const i = m.indexOf('=');
            return { key: m.slice(0, i), value: m.slice(i + 1) };
          })
        : []
      : null;
  const bag = propagation.getBaggage(ctx);
  const baggage = bag
    ? bag.getAllEntries().map(([key, e]) => {
        const out: OtelBaggageEntry = { key, value: e.value };
        if (e.metadata !== undefined) out.metadata = e.metadata.toString();
        return out;
      })
    : null;
  const out: Record<string, string> = {};
  tcPropagator.inject(ctx, out, defaultTextMapSetter);
  bgPropagator.inject(ctx, out, defaultTextMapSetter);
  const injected: OtelResult['injected'] = {};
  if (out.traceparent !== undefined) injected.traceparent = out.traceparent;
  if (out.tracestate !== undefined) injected.tracestate = out.tracestate;
  if (out.baggage !== undefined) injected.baggage = out.baggage;

  const result: OtelResult = {
    carrier,
    spanContext,
    traceState,
    baggage,
    injected,
    differences: [],
  };
  result.differences = [
    ...traceparentDiffs(fields, strict, result),
    ...tracestateDiffs(strict, result),
    ...baggageDiffs(strict, result),
  ];
  return result;
}

function traceparentDiffs(f: HeaderFields, s: DecodedHeaders, o: OtelResult): OtelDifference[] {
  const d: OtelDifference[] = [];
  const tp = s.traceparent;
  const add = (code: string, message: string, allowedBySpec = false) =>
    d.push({ header: 'traceparent', code: `otel.traceparent.${code}`, message, allowedBySpec });
  if (f.nonLowercaseNames?.length) {
    add(
      'header-name-case',
      `OTel's default getter looks up "traceparent"/"tracestate"/"baggage" case-sensitively; it only works here because the names (${f.nonLowercaseNames.join(', ')}) were lowercased first, as Node's http module does. A carrier keeping the original case would lose these headers.`,
      true,
    );
  }
  if (!tp.present) return d;
  const sc = o.spanContext;
  if (tp.valid && !sc) {
    const text = f.traceparent[0]!;
    const lead = /^[ \t]*/.exec(text)![0].length;
    const trail = /[ \t]*$/.exec(text)![0].length;
    if (lead > 1 || trail > 1) {
      add(
        'ows',
        `OTel ignores this valid header: its regex allows at most one whitespace character on each side (found ${lead} before and ${trail} after); HTTP optional whitespace may be any number of spaces and tabs. OTel starts a new trace.`,
      );
    } else add('rejected', 'OTel ignores this valid header and starts a new trace.');
  } else if (!tp.valid && sc) {
    if (f.traceparent.length > 1) {
      add(
        'duplicate',
        `OTel uses the first of ${f.traceparent.length} traceparent fields (trace ${sc.traceId}); the spec says to ignore them all and restart. (If your HTTP server joins repeated fields into one string, as Node does with ", ", OTel rejects it instead.)`,
      );
    } else {
      const text = f.traceparent[0]!;
      const odd = /^\s|\s$/.test(text.replace(/^[ \t]+|[ \t]+$/g, ''));
      add(
        odd ? 'whitespace' : 'accepted-invalid',
        odd
          ? `OTel accepts this invalid header: its \\s also matches line feeds, carriage returns and no-break spaces, which are not HTTP whitespace. It continues trace ${sc.traceId}.`
          : `OTel accepts this invalid header and continues trace ${sc.traceId}.`,
      );
    }
  } else if (tp.valid && sc) {
    if (sc.traceId !== tp.traceId || sc.spanId !== tp.parentId || sc.traceFlags !== tp.flags) {
      add(
        'mismatch',
        `OTel reads trace ${sc.traceId}, parent ${sc.spanId}, flags ${sc.traceFlags}; the header says ${tp.traceId}, ${tp.parentId}, ${tp.flags}.`,
      );
    }
  }
  const inj = o.injected.traceparent;
  if (sc && inj !== undefined) {
    const r = parseTraceparent(inj);
    if (!r.valid) {
      add(
        'inject-invalid',
        `OTel would send "${inj}", which is invalid: it writes the flags as "0" + hex, giving 3 digits for flags ≥ 0x10. The spec wants 2 lowercase hex digits with the reserved bits set to 0 ("${hex2(sc.traceFlags & 0x03)}").`,
      );
    } else if (sc.traceFlags & FLAGS_RESERVED) {
      add(
        'inject-reserved',
        `OTel would forward the reserved flag bits (flags ${hex2(sc.traceFlags)}); the spec says unknown flags are set to 0 on outgoing requests ("${hex2(sc.traceFlags & 0x03)}").`,
      );
    }
  }
  return d;
}

function tracestateDiffs(s: DecodedHeaders, o: OtelResult): OtelDifference[] {
  const d: OtelDifference[] = [];
  const ts = s.tracestate;
  const add = (code: string, message: string, allowedBySpec = false) =>
    d.push({ header: 'tracestate', code: `otel.tracestate.${code}`, message, allowedBySpec });
  if (!ts.present || !o.spanContext) return d;
  const otel = o.traceState ?? [];
  const otelHas = (k: string, v: string) => otel.some(m => m.key === k && m.value === v);
  if (!ts.judged) return d; // the traceparent difference already explains it
  if (ts.valid) {
    const dup = new Set<string>();
    for (const m of ts.members) {
      if (m.level1Problem && !otelHas(m.key, m.value)) {
        add(
          'level1-key',
          `OTel drops "${m.key}=${m.value}": it validates keys with the Level 1 grammar (${m.level1Problem.replace(/\.$/, '')}); Level 2 allows it.`,
        );
      }
    }
    const seen = new Set<string>();
    for (const m of ts.members) {
      if (seen.has(m.key) && !dup.has(m.key)) {
        dup.add(m.key);
        const kept = otel.find(x => x.key === m.key);
        add(
          'duplicate',
          `Key "${m.key}" is repeated: OTel keeps one entry${kept ? ` with the last value ("${kept.value}") at the first one's place` : ''}; the spec says keep the header as-is or drop the later duplicates.`,
          true,
        );
      }
      seen.add(m.key);
    }
    const strictLen = ts.members.reduce((n, m, i) => n + (i ? 1 : 0) + m.end - m.position, 0);
    if (strictLen > 512) {
      const lost = ts.members.filter(m => !m.level1Problem && !otel.some(x => x.key === m.key));
      if (lost.length) {
        add(
          'length',
          `OTel skips members that would take the tracestate past 512 characters (${lost.map(m => m.key).join(', ')}), and keeps later small ones; the spec allows truncating whole entries (those over 128 characters first).`,
          true,
        );
      }
    }
    return d;
  }
  // Strictly invalid: the strict receiver discards everything.
  if (otel.length === 0) return d;
  const over = ts.members.length > 32;
  if (over) {
    add(
      'too-many',
      `The tracestate has ${ts.members.length} members (more than 32 is invalid); OTel silently keeps ${otel.length} of them instead of discarding the header.`,
    );
  }
  add(
    'partial',
    `OTel drops only the invalid member(s) and keeps ${otel.length}: ${otel
      .map(m => m.key)
      .join(
        ', ',
      )}. The spec allows that, but a strict receiver (the W3C suite) discards the whole tracestate.`,
    true,
  );
  return d;
}

function baggageDiffs(s: DecodedHeaders, o: OtelResult): OtelDifference[] {
  const d: OtelDifference[] = [];
  const bg = s.baggage;
  const add = (code: string, message: string, allowedBySpec = false) =>
    d.push({ header: 'baggage', code: `otel.baggage.${code}`, message, allowedBySpec });
  if (!bg.present || bg.text === undefined) return d;
  const text = bg.text;
  const whole = o.baggage ?? [];

  // Judge each member with OTel's own parser, alone, to name what it does to it.
  const acceptedAlone: { key: string; value: string }[] = [];
  for (const m of bg.members) {
    const raw = text.slice(m.position, m.end);
    const alone = extractBaggage({ baggage: raw });
    const e = alone?.[0];
    const label = `"${clip(raw)}"`;
    if (m.valid && !e) {
      if (m.value === '' && m.rawValue === '') {
        add(
          'empty-value',
          `OTel drops ${label}: it ignores members with an empty value, which the spec allows.`,
        );
      } else if (raw.length > 4096) {
        add(
          'member-4096',
          `OTel skips ${label} (${raw.length} characters): it still applies the old 4096-per-member limit; the spec only limits the whole header (64 members / 8192 bytes).`,
        );
      } else if (m.problems.some(p => p.code.endsWith('.utf8'))) {
        add(
          'invalid-utf8',
          `OTel drops ${label}: decodeURIComponent throws on invalid UTF-8; the spec says decode it to U+FFFD ("${m.value}").`,
        );
      } else {
        add('dropped', `OTel drops ${label}, a valid member.`);
      }
    } else if (!m.valid && e) {
      const why = m.problems.find(p => p.severity === 'error')?.message ?? 'it is malformed';
      add(
        'accepted-invalid',
        `OTel accepts ${label} as "${e.key}" = "${e.value}" without validating it; strictly it is invalid: ${why}`,
      );
    }
    if (e) acceptedAlone.push(e);
    if (m.valid && e) {
      if (e.key !== m.key) {
        add(
          'key-decoded',
          `OTel percent-decodes the key "${m.key}" to "${e.key}"; baggage keys are literal tokens and are never decoded.`,
        );
      }
      if (e.value !== m.value && m.value !== '') {
        add(
          'value',
          `OTel reads the value of "${m.key}" as "${e.value}"; strictly it is "${m.value}".`,
        );
      }
      if (m.properties.length && e.metadata !== undefined) {
        const canonical = rawProps(text, m);
        if (e.metadata !== canonical) {
          add(
            'properties',
            `OTel does not parse the properties of "${m.key}": it keeps the raw text after the first ";" ("${clip(e.metadata)}") with its whitespace as opaque metadata; strictly they are ${m.properties
              .map(p => (p.value === undefined ? p.key : `${p.key}="${p.value}"`))
              .join(', ')}.`,
          );
        }
      }
    }
  }
  if (bg.problems.some(p => p.code === 'header.baggage.member.empty')) {
    add(
      'empty-member',
      'OTel silently skips empty list members (",," or a trailing ","); the grammar has none, so strictly the header is invalid.',
    );
  }
  const counts = new Map<string, number>();
  for (const e of acceptedAlone) counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
  for (const [key, n] of counts) {
    if (n < 2) continue;
    const kept = whole.find(e => e.key === key);
    add(
      'duplicate',
      `Key "${key}" appears ${n} times: OTel stores baggage by key, so only the last value${kept ? ` ("${kept.value}")` : ''} survives; the spec keeps all of them in order.`,
    );
  }
  const lostToLimits = acceptedAlone.filter(a => !whole.some(w => w.key === a.key)).length;
  if (lostToLimits > 0) {
    add(
      'limits',
      `OTel dropped ${lostToLimits} more member(s) at its limits (180 members, 8192 characters in total, stopping at the first member that would cross it).`,
      true,
    );
  }
  const inj = o.injected.baggage;
  if (inj !== undefined) {
    const r = parseBaggage(inj);
    if (!r.valid) {
      const why = r.problems.find(p => p.severity === 'error');
      add(
        'inject-invalid',
        `OTel would send an invalid baggage header "${clip(inj)}": ${why?.message ?? 'it does not match the grammar'} (metadata is appended raw).`,
      );
    }
    for (const e of whole) {
      const enc = encodeURIComponent(e.key);
      if (enc !== e.key) {
        add(
          'inject-key-encoded',
          `OTel would send the key "${e.key}" as "${enc}" (it percent-encodes keys); any other parser reads that as a different, literal key.`,
        );
      }
    }
  }
  return d;
}

/** The member's properties as written but without optional whitespace: `p;q=%C3%A9`. */
function rawProps(text: string, m: { position: number; end: number }): string {
  const raw = text.slice(m.position, m.end);
  const i = raw.indexOf(';');
  if (i < 0) return '';
  const trim = (x: string) => x.replace(/^[ \t]+|[ \t]+$/g, '');
  return raw
    .slice(i + 1)
    .split(';')
    .map(p => {
      const eq = p.indexOf('=');
      return eq < 0 ? trim(p) : `${trim(p.slice(0, eq))}=${trim(p.slice(eq + 1))}`;
    })
    .join(';');
}

function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 59) + '…' : s;
}
