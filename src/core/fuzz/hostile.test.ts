// Hostile content is data. Span names, attributes, events, status messages and header values that
// hold HTML, `<script>`, `javascript:` URLs, bidi and zero-width characters, lone surrogates or a
// megabyte of text come out of every importer unchanged; keys named `__proto__`, `constructor`,
// `prototype` or `toString` stay plain keys and nothing is written onto Object.prototype, wherever
// in a dump they appear. public/samples/hostile/otlp-hostile.json is the sample the e2e suite
// loads to check that the UI renders all of it inert.

import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import fc from 'fast-check';
import {
  LosslessNumber,
  parse as losslessParse,
  stringify as losslessStringify,
} from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../analyze.ts';
import { spansToOtlpJsonText } from '../export/otlp-json-writer.ts';
import { parseBaggage } from '../headers/baggage.ts';
import { decodeHeaders } from '../headers/decode.ts';
import { blockToFields, parseHeaderBlock } from '../headers/header-block.ts';
import { parseTracestate } from '../headers/tracestate.ts';
import type { AttrValue, Span } from '../model/span.ts';
import {
  checkAnalysis,
  fuzzParams,
  fuzzTimeout,
  HOSTILE_STRINGS,
  hostileString,
  polluted,
  samples,
  type Sample,
} from './arbitraries.test-helper.ts';

const HOSTILE_SAMPLE = 'public/samples/hostile/otlp-hostile.json';
const read = (rel: string) => readFileSync(new URL(`../../../${rel}`, import.meta.url), 'utf8');

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

// ---- substitution: put a string where a sample has another, through each format's own quoting --

type Json = unknown;

/** The sample with every string `from` (value or key) replaced by `to`, quoted as the format does. */
function substitute(sample: Sample, from: string, to: string): string {
  const t = sample.text;
  if (sample.formatId === 'js-console') {
    // console.dir cuts strings at 10,000 characters ("... n more characters", reported as such);
    // printed whole here so the reader's own handling of long strings is what is tested.
    const q = inspect(to, { maxStringLength: Infinity, breakLength: Infinity });
    return t.split(`'${from}'`).join(q).split(`"${from}"`).join(q);
  }
  if (sample.formatId === 'collector-debug') {
    // `Name           : x` and `-> key: Str(x)`, one line each.
    return t.split(`: ${from}\n`).join(`: ${to}\n`).split(`(${from})\n`).join(`(${to})\n`);
  }
  // Everything else is JSON text (documents, JSON Lines, Python's prints, pandas' NaN-JSON).
  return t.split(JSON.stringify(from)).join(JSON.stringify(to));
}

/** Every place (name, status message, event name, attribute) where a span holds `value`. */
function placesOf(spans: Span[], value: string): string[] {
  const out: string[] = [];
  spans.forEach((s, i) => {
    if (s.name === value) out.push(`${i}.name`);
    if (s.status.message === value) out.push(`${i}.status`);
    for (const [k, v] of Object.entries(s.attributes)) if (v === value) out.push(`${i}.attr.${k}`);
    s.events.forEach((e, j) => {
      if (e.name === value) out.push(`${i}.event.${j}`);
    });
  });
  return out;
}

function valueAt(spans: Span[], place: string): unknown {
  const [i, what, ...rest] = place.split('.');
  const s = spans[Number(i)]!;
  if (what === 'name') return s.name;
  if (what === 'status') return s.status.message;
  if (what === 'event') return s.events[Number(rest[0])]!.name;
  return s.attributes[rest.join('.')];
}

/** Strings of the intact sample worth replacing: the first span's name, a status message, an
 * attribute value — each only when it is not also a key or a number somewhere. */
function targets(sample: Sample, a: Analysis): string[] {
  const picks = new Set<string>();
  const first = a.spans[0];
  if (first?.name) picks.add(first.name);
  for (const s of a.spans) {
    if (s.status.message) picks.add(s.status.message);
    const attr = Object.values(s.attributes).find(
      v => typeof v === 'string' && v.length > 3 && !/^[\d.]+$/.test(v) && !/^[A-Z]+$/.test(v),
    );
    if (typeof attr === 'string') picks.add(attr);
  }
  return [...picks].filter(p => sample.text.includes(p));
}

/**
 * What the Collector debug text can carry: one line, no surrounding spaces, no ANSI escape (the
 * reader strips terminal colours, which zap adds to its log lines) and no raw NUL.
 */
const lineSafe = (s: string) =>
  !/[\r\n\u2028\u2029\u0085]/.test(s) &&
  !s.includes('\u001b') &&
  !s.includes('\u0000') && // raw NUL makes any text binary (input.binary), by design
  s.trim() === s &&
  s !== '';

const corpus = samples().filter(s => analyze({ text: s.text }).spans.length > 0);

describe('hostile content: the sample the UI loads', () => {
  const text = read(HOSTILE_SAMPLE);
  const raw = JSON.parse(text) as {
    resourceSpans: {
      scopeSpans: {
        spans: { name: string; attributes: { key: string; value: { stringValue?: string } }[] }[];
      }[];
    }[];
  };
  const a = analyze({ text, fileName: 'otlp-hostile.json' });

  it('is valid OTLP/JSON, under 200 KB, read without any diagnostic or pollution', () => {
    expect(text.length).toBeLessThan(200_000);
    expect(a.format).toBe('otlp-json');
    expect(a.spans).toHaveLength(3);
    expect(a.diagnostics).toEqual([]);
    checkAnalysis(a, text);
    expect(polluted()).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps every name and string attribute exactly as written', () => {
    const rawSpans = raw.resourceSpans[0]!.scopeSpans[0]!.spans;
    rawSpans.forEach((r, i) => {
      const s = a.spans[i]!;
      expect(s.name).toBe(r.name);
      for (const kv of r.attributes) {
        if (kv.value.stringValue !== undefined)
          expect(s.attributes[kv.key]).toBe(kv.value.stringValue);
      }
    });
    const llm = a.spans[0]!;
    expect(llm.name).toBe('chat <script>alert("span name")</script>');
    expect(llm.attributes['hostile.lone_surrogates']).toBe(
      'high \ud800 low \udfff pair \ud83d\ude00',
    );
    expect(llm.attributes['hostile.bidi']).toBe(
      'user\u202Egnp.exe\u202C \u2066isolate\u2069 \u200F\u200E',
    );
    expect(llm.attributes['hostile.control']).toContain('nul \u0000 bell');
    expect(a.spans[1]!.attributes['hostile.long_string']).toHaveLength(65_536);
    expect(a.spans[1]!.status.message).toBe('<iframe src="javascript:alert(`status`)"></iframe>');
    expect(a.spans[1]!.events[0]!.name).toBe('exception <svg onload=alert("event")>');
    expect(a.spans[2]!.links[0]!.attributes['__proto__']).toBe('link');
  });

  it('keeps __proto__, constructor, prototype and toString as plain keys', () => {
    for (const s of a.spans) {
      expect(Object.getPrototypeOf(s.attributes)).toBeNull();
      expect(own(s.attributes, '__proto__')).toBe(true);
      const proto = s.attributes['__proto__'] as Record<string, AttrValue>;
      expect(Object.getPrototypeOf(proto)).toBeNull();
      expect(Object.keys(proto)).toEqual(['polluted', 'isAdmin']);
      expect(s.attributes['constructor']).toMatch(/ constructor$/);
      expect(s.attributes['toString']).toBe('not a function');
      expect(own(s.resource, '__proto__')).toBe(true);
      const nested = s.attributes['hostile.nested'] as Record<string, AttrValue>;
      expect(own(nested, '__proto__')).toBe(true);
    }
    expect(a.spans[1]!.events[0]!.attributes['__proto__']).toEqual(
      Object.assign(Object.create(null) as object, { polluted: 'event' }),
    );
    expect(a.spans[0]!.scope?.attributes?.['toString']).toBe('scope attribute named toString');
  });

  it('survives export and re-import unchanged', () => {
    const again = analyze({ text: spansToOtlpJsonText(a.spans) });
    expect(again.diagnostics).toEqual([]);
    expect(again.spans.map(s => s.name)).toEqual(a.spans.map(s => s.name));
    again.spans.forEach((s, i) => expect(s.attributes).toEqual(a.spans[i]!.attributes));
    expect(polluted()).toBe(false);
  });
});

describe('hostile content: every importer keeps values unchanged', () => {
  it(
    'a hostile string put in place of a name, status or attribute comes out verbatim',
    () => {
      const cases = corpus.flatMap(sample => {
        const a = analyze({ text: sample.text });
        return targets(sample, a).map(target => ({
          sample,
          target,
          places: placesOf(a.spans, target),
        }));
      });
      fc.assert(
        fc.property(fc.constantFrom(...cases), hostileString, ({ sample, target, places }, h) => {
          fc.pre(h !== '');
          if (sample.kind === 'text' && sample.formatId === 'collector-debug') fc.pre(lineSafe(h));
          const text = substitute(sample, target, h);
          const a = analyze({ text });
          checkAnalysis(a, text);
          for (const p of places) expect(valueAt(a.spans, p), `${sample.rel} ${p}`).toBe(h);
          expect(polluted()).toBe(false);
        }),
        fuzzParams(60),
      );
    },
    fuzzTimeout(60),
  );

  it('every fixed hostile string survives every format', () => {
    for (const sample of corpus) {
      const a0 = analyze({ text: sample.text });
      const target = a0.spans[0]!.name;
      const places = placesOf(a0.spans, target);
      for (const h of HOSTILE_STRINGS) {
        if (sample.formatId === 'collector-debug' && !lineSafe(h)) continue;
        const text = substitute(sample, target, h);
        const a = analyze({ text });
        for (const p of places)
          expect(valueAt(a.spans, p), `${sample.rel}: ${JSON.stringify(h)}`).toBe(h);
      }
    }
    expect(polluted()).toBe(false);
  });

  it('a 1 MB name and a 1 MB attribute value come out whole, in every format', () => {
    const big = ('<script>alert(1)</script>\u202E\u200B' + 'x'.repeat(1000))
      .repeat(1100)
      .slice(0, 1 << 20);
    expect(big).toHaveLength(1_048_576);
    for (const sample of corpus.filter(
      (s, i, all) => all.findIndex(o => o.formatId === s.formatId) === i,
    )) {
      const a0 = analyze({ text: sample.text });
      for (const target of targets(sample, a0).slice(0, 2)) {
        const places = placesOf(a0.spans, target);
        const text = substitute(sample, target, big);
        const a = analyze({ text });
        expect(a.diagnostics.filter(d => d.code === 'internal')).toEqual([]);
        expect(
          a.spans.length,
          `${sample.rel}: ${a.diagnostics.map(d => d.message).join(' | ')}`,
        ).toBe(a0.spans.length);
        for (const p of places) {
          const v = valueAt(a.spans, p);
          expect(v === big, `${sample.rel} ${p}: ${String(v).length} chars`).toBe(true);
        }
      }
    }
  }, 60_000);
});

// ---- prototype pollution in every position ------------------------------------------------------

/** Add `__proto__` and `constructor` keys to every object of a JSON value. */
function addProtoKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(addProtoKeys);
  if (v !== null && typeof v === 'object' && !(v instanceof LosslessNumber)) {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, k, {
        value: addProtoKeys((v as Record<string, Json>)[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    for (const [k, x] of [
      ['__proto__', { polluted: 1 }],
      ['constructor', { prototype: { polluted: 1 } }],
    ] as const) {
      if (!own(out, k))
        Object.defineProperty(out, k, {
          value: x,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out;
  }
  return v;
}

function withProtoEverywhere(sample: Sample): string {
  const t = sample.text;
  const one = (text: string, pretty: boolean) =>
    losslessStringify(addProtoKeys(losslessParse(text)), undefined, pretty ? 2 : undefined)!;
  if (sample.kind === 'json') return one(t, t.includes('\n'));
  if (sample.kind === 'jsonl') {
    return t
      .split('\n')
      .map(l => (l.trim() === '' ? l : one(l, false)))
      .join('\n');
  }
  if (sample.formatId === 'js-console') {
    return t.replace(
      /\{(\s+)([A-Za-z_'])/g,
      "{$1'__proto__': { polluted: 1 },$1constructor: { prototype: { polluted: 1 } },$1$2",
    );
  }
  if (sample.formatId !== 'collector-debug') {
    // JSON text that is not one document (Python's prints, NaN-JSON, a cut-off line).
    return t.replace(
      /\{(\s*)"/g,
      '{$1"__proto__": {"polluted": 1},$1"constructor": {"prototype": {"polluted": 1}},$1"',
    );
  }
  // Collector debug: a `__proto__` attribute (plain and as a Map) under every attribute header.
  return t.replace(
    /^((?:Resource )?[Aa]ttributes:)$/gm,
    '$1\n     -> __proto__: Map({"polluted":1})\n     -> constructor: Str(x)',
  );
}

describe('hostile content: __proto__ / constructor keys in every position', () => {
  for (const sample of corpus) {
    it(`${sample.rel}: every object gets them; the spans are still read and nothing is polluted`, () => {
      const before = analyze({ text: sample.text });
      const text = withProtoEverywhere(sample);
      expect(text).not.toBe(sample.text);
      const a = analyze({ text });
      checkAnalysis(a, text);
      expect(polluted()).toBe(false);
      expect(a.spans.length).toBe(before.spans.length);
      expect(a.spans.map(s => s.spanId)).toEqual(before.spans.map(s => s.spanId));
    });
  }

  it('an attribute or tag key renamed to __proto__ keeps its value as a plain key, in every format', () => {
    for (const sample of corpus) {
      const a0 = analyze({ text: sample.text });
      const span = a0.spans.findIndex(s =>
        Object.keys(s.attributes).some(k => k.includes('.') && sample.text.includes(k)),
      );
      if (span < 0) continue;
      const key = Object.keys(a0.spans[span]!.attributes).find(
        k =>
          k.includes('.') &&
          sample.text.includes(k) &&
          !k.startsWith('openinference.') &&
          !k.includes('_kind'),
      );
      if (!key) continue;
      const text = substitute(sample, key, '__proto__');
      if (text === sample.text) continue; // the key is not written as such (flat columns)
      const a = analyze({ text });
      checkAnalysis(a, text);
      const attrs = a.spans[span]!.attributes;
      expect(own(attrs, '__proto__'), `${sample.rel}: ${key}`).toBe(true);
      expect(attrs['__proto__'], `${sample.rel}: ${key}`).toEqual(a0.spans[span]!.attributes[key]);
      expect(polluted()).toBe(false);
    }
  });

  it('Jaeger tags, process tags and Zipkin binary annotations keyed __proto__ are kept', () => {
    const T = '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718';
    const jaeger = analyze({
      text: JSON.stringify({
        data: [
          {
            traceID: T,
            spans: [
              {
                traceID: T,
                spanID: '3c5d7e9f1a2b4c6d',
                operationName: 'op',
                references: [],
                startTime: 1736937000012345,
                duration: 5,
                tags: [{ key: '__proto__', type: 'string', value: '{"polluted":1}' }],
                logs: [
                  {
                    timestamp: 1736937000012346,
                    fields: [{ key: '__proto__', type: 'string', value: 'log' }],
                  },
                ],
                processID: 'p1',
              },
            ],
            processes: {
              p1: { serviceName: 's', tags: [{ key: '__proto__', type: 'string', value: 'proc' }] },
            },
          },
        ],
      }),
    });
    expect(jaeger.format).toBe('jaeger-json');
    const js = jaeger.spans[0]!;
    expect(own(js.attributes, '__proto__') && js.attributes['__proto__']).toBe('{"polluted":1}');
    expect(own(js.resource, '__proto__') && js.resource['__proto__']).toBe('proc');
    expect(js.events[0]!.attributes['__proto__']).toBe('log');

    const zipkinV1 = analyze({
      text: JSON.stringify([
        {
          traceId: T.slice(16),
          id: '3c5d7e9f1a2b4c6d',
          name: 'op',
          timestamp: 1736937000012345,
          duration: 5,
          annotations: [],
          binaryAnnotations: [
            { key: '__proto__', value: 'tag', endpoint: { serviceName: 's' } },
            { key: 'constructor', value: 'c', endpoint: { serviceName: 's' } },
          ],
        },
      ]),
    });
    expect(zipkinV1.format).toBe('zipkin-v1');
    const zs = zipkinV1.spans[0]!;
    expect(own(zs.attributes, '__proto__') && zs.attributes['__proto__']).toBe('tag'); // was dropped
    expect(zs.attributes['constructor']).toBe('c');
    expect(polluted()).toBe(false);
  });

  it('header values: baggage, tracestate and header names called __proto__ are data', () => {
    const b = parseBaggage(
      '__proto__=%7B%22polluted%22%3A1%7D,constructor=x;prototype=y,toString=z',
    );
    expect(b.valid).toBe(true);
    expect(b.entries.map(e => [e.key, e.value])).toEqual([
      ['__proto__', '{"polluted":1}'],
      ['constructor', 'x'],
      ['toString', 'z'],
    ]);
    const ts = parseTracestate('__proto__=1,constructor=2');
    expect(ts.members.map(m => m.key)).toEqual(['__proto__', 'constructor']);
    const block = parseHeaderBlock(
      [
        '__proto__: {"polluted": 1}',
        'constructor: x',
        'traceparent: 00-7d3a1f2c9b8e4d6fa1c2b3d4e5f60718-3c5d7e9f1a2b4c6d-01',
        'baggage: __proto__=1,arize.project_name=<script>alert(1)</script>',
      ].join('\n'),
    );
    expect(block.fields.map(f => f.key)).toEqual([
      '__proto__',
      'constructor',
      'traceparent',
      'baggage',
    ]);
    const d = decodeHeaders(blockToFields(block));
    expect(d.traceparent.valid).toBe(true);
    expect(d.baggage.members.map(m => m.key)).toEqual(['__proto__', 'arize.project_name']);
    expect(polluted()).toBe(false);
  });
});
