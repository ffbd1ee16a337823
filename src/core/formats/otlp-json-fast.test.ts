// The fast path of the OTLP/JSON importer (a strict reader that decodes attribute lists while it
// reads) must give exactly what the general path (`input.json()` + the same walker) gives, or
// decline. These tests compare the two on the sample corpus, generated big traces, hand-written
// edge cases and fuzzed documents.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTrace } from '../../../scripts/gen-big-trace.mjs';
import { fuzzParams, jsonMutation, mutate } from '../fuzz/arbitraries.test-helper.ts';
import { InputText } from '../input/input-text.ts';
import type { ParseResult } from './types.ts';
import { dumpParseResult } from './parse-result-dump.test-helper.ts';
import { otlpJson, parseOtlpDocument, readOtlpFast } from './otlp-json.ts';

const ROOT = fileURLToPath(new URL('../../../public/samples/', import.meta.url));

/** Every OTLP/JSON document of the corpus (format samples, broken cases, hostile input). */
function corpus(): { rel: string; text: string }[] {
  const out: { rel: string; text: string }[] = [];
  const add = (rel: string) => out.push({ rel, text: readFileSync(ROOT + rel, 'utf8') });
  for (const f of readdirSync(ROOT + 'otlp-json')) add(`otlp-json/${f}`);
  for (const c of readdirSync(ROOT + 'broken')) add(`broken/${c}/otlp.json`);
  add('hostile/otlp-hostile.json');
  return out;
}

function general(text: string, fileName = 'trace.json'): ParseResult {
  const input = new InputText(text, fileName);
  return parseOtlpDocument(input, input.json());
}

/** The importer as analyze() runs it (sniff, then parse), and whether the fast path read it. */
function viaImporter(
  text: string,
  fileName = 'trace.json',
): { result: ParseResult; fast: boolean } {
  const fast = readOtlpFast(new InputText(text, fileName)) !== null;
  const input = new InputText(text, fileName);
  otlpJson.sniff(input);
  return { result: otlpJson.parse(input), fast };
}

function expectSame(text: string, label: string, fileName?: string): boolean {
  const { result, fast } = viaImporter(text, fileName);
  expect(dumpParseResult(result), label).toBe(dumpParseResult(general(text, fileName)));
  return fast;
}

const kv = (key: string, value: unknown) => ({ key, value });

function request(attributes: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [kv('service.name', { stringValue: 'svc' })] },
        scopeSpans: [
          {
            scope: { name: 'lib', version: '1', attributes: [kv('s', { boolValue: true })] },
            spans: [
              {
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: 'eee19b7ec3c1b174',
                parentSpanId: 'eee19b7ec3c1b173',
                name: 'op',
                kind: 2,
                startTimeUnixNano: '1544712660000000000',
                endTimeUnixNano: '1544712661000000000',
                attributes,
                events: [
                  {
                    timeUnixNano: '1544712660500000000',
                    name: 'ev',
                    attributes: [kv('e', { intValue: 3 })],
                  },
                ],
                links: [
                  {
                    traceId: '5b8efff798038103d269b633813fc60d',
                    spanId: 'eee19b7ec3c1b175',
                    attributes: [kv('l', { doubleValue: 0.5 })],
                  },
                ],
                status: { code: 2, message: 'boom' },
                ...extra,
              },
            ],
          },
        ],
      },
    ],
  });
}

describe('OTLP/JSON fast path', () => {
  it('reads every OTLP/JSON document of the corpus exactly as the general path', () => {
    let fast = 0;
    for (const { rel, text } of corpus()) if (expectSame(text, rel)) fast++;
    // basic.json, base64-ids.json and the 11 broken cases are plain requests.
    expect(fast).toBeGreaterThanOrEqual(12);
  });

  it.each([false, true])('reads a generated agent trace (pretty: %s) exactly', pretty => {
    const { text } = generateTrace({ spans: 2000, format: 'otlp', seed: 7, pretty });
    expect(expectSame(text, 'generated')).toBe(true);
  });

  it.each([
    [
      'every simple value kind',
      [
        kv('s', { stringValue: 'x' }),
        kv('i', { intValue: '42' }),
        kv('n', { intValue: 7 }),
        kv('d', { doubleValue: 1.5 }),
        kv('b', { boolValue: false }),
      ],
    ],
    ['an int beyond 2^53 as text', [kv('big', { intValue: '12345678901234567890' })]],
    ['a negative int and -0', [kv('neg', { intValue: '-5' }), kv('z', { intValue: '-0' })]],
    ['an int with spaces', [kv('sp', { intValue: ' 12 ' })]],
    ['a non-numeric int', [kv('bad', { intValue: 'abc' })]],
    [
      'NaN and Infinity doubles',
      [kv('nan', { doubleValue: 'NaN' }), kv('inf', { doubleValue: 'Infinity' })],
    ],
    ['a bool as text', [kv('bt', { boolValue: 'true' })]],
    [
      'arrays and kv lists',
      [
        kv('arr', { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } }),
        kv('kvl', { kvlistValue: { values: [kv('x', { boolValue: true })] } }),
      ],
    ],
    [
      'bytes and empty values',
      [kv('by', { bytesValue: 'AAE=' }), kv('empty', {}), kv('nul', null)],
    ],
    ['a value with two fields', [kv('two', { stringValue: 'a', intValue: '1' })]],
    ['snake_case value keys', [kv('snake', { string_value: 'a' })]],
    ['a plain value', [kv('plain', 'text')]],
    ['a repeated key', [kv('dup', { stringValue: 'a' }), kv('dup', { stringValue: 'b' })]],
    ['an entry without a key', [{ value: { stringValue: 'a' } }, kv('ok', { stringValue: 'b' })]],
    ['a non-string key', [{ key: 5, value: { stringValue: 'a' } }]],
    ['value before key', [{ value: { stringValue: 'a' }, key: 'k' }]],
    ['an extra field in an entry', [{ key: 'k', value: { stringValue: 'a' }, note: 1 }]],
    [
      'keys that look like prototype keys',
      [
        kv('__proto__', { stringValue: 'p' }),
        kv('constructor', { stringValue: 'c' }),
        kv('toString', { intValue: '1' }),
      ],
    ],
    [
      'escapes in keys and values',
      [
        kv('quote"key', { stringValue: 'line\nbreak \u00e9 \\' }),
        kv('tab\tkey', { stringValue: '\u2028' }),
      ],
    ],
    ['an entry that is not an object', ['nope', kv('ok', { stringValue: 'b' })]],
  ])('reads attributes with %s exactly', (label, attributes) => {
    expectSame(request(attributes), label);
  });

  it('keeps an intValue written as a number beyond 2^53 exact, as the general path does', () => {
    const text = request([kv('n', { intValue: 1 })]).replace(
      '{"intValue":1}',
      '{"intValue":12345678901234567890}',
    );
    expect(text).toContain('12345678901234567890');
    expect(expectSame(text, 'big int')).toBe(true);
    expect(viaImporter(text).result.spans[0]!.attributes['n']).toBe('12345678901234567890');
  });

  it('leaves a raw control character in a string to the general path, from text or bytes', () => {
    const text = request([kv('a', { stringValue: 'x' })]).replace('"x"', '"x\u0001y"');
    expect(readOtlpFast(new InputText(text, 'trace.json'))).toBeNull();
    const bytes = new TextEncoder().encode(text);
    expect(readOtlpFast(InputText.fromBytes(bytes, 'trace.json'))).toBeNull();
    const viaBytes = InputText.fromBytes(bytes, 'trace.json');
    otlpJson.sniff(viaBytes);
    const result = otlpJson.parse(viaBytes);
    expect(dumpParseResult(result)).toBe(dumpParseResult(general(text)));
    expect(result.diagnostics.map(d => d.code)).toContain('parse.json.invalid');
    // The same document without it is read by the fast path, from bytes too.
    const clean = new TextEncoder().encode(text.replace('\u0001', ' '));
    expect(readOtlpFast(InputText.fromBytes(clean, 'trace.json'))).not.toBeNull();
  });

  describe('span locations from the reader', () => {
    const T = '5b8efff798038103d269b633813fc60c';
    const span = (spanId: string | undefined, extra: Record<string, unknown> = {}) => ({
      traceId: T,
      ...(spanId === undefined ? {} : { spanId }),
      name: `op ${spanId ?? '-'}`,
      startTimeUnixNano: '1544712660000000000',
      ...extra,
    });
    const doc = (spans: unknown[], pretty = false) =>
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }, null, pretty ? 2 : 0);

    it.each([false, true])(
      'give the lines and columns of the id search, in its odd cases too (pretty: %s)',
      pretty => {
        const cases: [string, unknown[]][] = [
          ['plain', [span('a1a1a1a1a1a1a1a1'), span('b2b2b2b2b2b2b2b2')]],
          // The search finds the first key with the id: a repeated id points at the first one.
          ['repeated id', [span('a1a1a1a1a1a1a1a1'), span('a1a1a1a1a1a1a1a1')]],
          [
            'a link to the next span before it',
            [
              span('a1a1a1a1a1a1a1a1', { links: [{ traceId: T, spanId: 'b2b2b2b2b2b2b2b2' }] }),
              span('b2b2b2b2b2b2b2b2'),
            ],
          ],
          ['no span id: the trace id', [span('a1a1a1a1a1a1a1a1'), span(undefined)]],
          ['snake_case keys', [{ trace_id: T, span_id: 'c3c3c3c3c3c3c3c3', name: 'x' }]],
          [
            'an id not found',
            [span('a1a1a1a1a1a1a1a1', { spanId: 'zz' }), span('b2b2b2b2b2b2b2b2')],
          ],
          ['ids with a quote or backslash', [span('a"1'), span('b\\2'), span('c3c3c3c3c3c3c3c3')]],
        ];
        for (const [label, spans] of cases) {
          const text = doc(spans, pretty);
          expect(readOtlpFast(new InputText(text, 'trace.json')), label).not.toBeNull();
          expectSame(text, label);
        }
        // The repeated id really does point the second span into the first (what the search
        // does: it finds the first key with that id after the cursor).
        const dup = doc([span('a1a1a1a1a1a1a1a1'), span('a1a1a1a1a1a1a1a1')], pretty);
        const second = viaImporter(dup).result.spans[1]!.source;
        const secondOpen = dup.indexOf('{', dup.indexOf('"spanId"') + 1);
        const { line, column } = new InputText(dup).positionAt(secondOpen);
        expect(second.line * 1e6 + (second.column ?? 0)).toBeLessThan(line * 1e6 + (column ?? 0));
      },
    );

    it('agree with the id search where ids and keys could be confused', () => {
      const B = 'b2b2b2b2b2b2b2b2';
      const cases: [string, string][] = [
        // A trace id key with the next span's id: not a span id key for the search.
        [
          'a trace id equal to the next span id',
          doc([{ spanId: 'a1a1a1a1a1a1a1a1', traceId: B, name: 'x' }, span(B)]),
        ],
        // An escaped link id equal to the next span's: the search cannot see it in the text.
        [
          'an escaped id in a link',
          doc([
            span('a1a1a1a1a1a1a1a1', { links: [{ traceId: T, spanId: 'LINK' }] }),
            span(B),
          ]).replace('"LINK"', '"b2b2b2b2b2b2b2\\u0062\\u0032"'),
        ],
        // A key whose text ends in `"spanId"` (an escaped quote): the search reads it as one.
        [
          'a key ending in "spanId"',
          doc([span('a1a1a1a1a1a1a1a1', { WEIRD: B }), span(B)]).replace('"WEIRD"', '"x\\"spanId"'),
        ],
        // An id with quotes whose text the search finds in another span ("spanId":"a","b":…).
        [
          'an id that reads as two strings',
          doc([{ traceId: T, spanId: 'a', b: 'x', name: 'n' }, span('a","b')]),
        ],
      ];
      for (const [label, text] of cases) {
        expect(readOtlpFast(new InputText(text, 'trace.json')), label).not.toBeNull();
        expectSame(text, label);
      }
    });

    it('leave a dump with escaped keys to the id search, which reads their text', () => {
      const text = doc([span('a1a1a1a1a1a1a1a1'), span('b2b2b2b2b2b2b2b2')])
        .replace('"spanId"', '"span\\u0049d"')
        .replace('"name"', '"x\\"spanId"');
      expect(text).toContain('"x\\"spanId"');
      expectSame(text, 'escaped keys');
      const escapedValue = doc([span('a1a1a1a1a1a1a1a1'), span('b2b2b2b2b2b2b2b2')]).replace(
        '"b2b2b2b2b2b2b2b2"',
        '"b2b2b2b2b2b2b2\\u0062\\u0032"',
      );
      expectSame(escapedValue, 'an escaped id value');
    });
  });

  it('reads attributes that are not a list exactly', () => {
    expectSame(request([]).replace('"attributes":[]', '"attributes":{"a":1}'), 'object');
    expectSame(request([]).replace('"attributes":[]', '"attributes":"x"'), 'string');
  });

  it('shows an attribute list that sits where no attributes belong as written (found by fuzzing)', () => {
    const stray = [
      { spanId: 'ESIzRFVmd4g=', attributes: [kv('source', { stringValue: 'queue' })] },
    ];
    const text = request([kv('a', { stringValue: 'x' })], {
      traceId: stray,
      name: { attributes: [] },
    });
    expect(readOtlpFast(new InputText(text, 'trace.json'))).not.toBeNull();
    expectSame(text, 'stray attributes');
    const { result } = viaImporter(text);
    expect(JSON.stringify(result.diagnostics)).toContain('\\"key\\":\\"source\\"');
  });

  it('reads odd span fields exactly', () => {
    expectSame(request([], { kind: 'SPAN_KIND_SERVER', flags: 769, traceState: 'a=b' }), 'enum');
    expectSame(request([], { startTimeUnixNano: 1544712660000000000 }), 'numeric time');
    expectSame(request([], { spanId: 123 }), 'numeric id');
    expectSame(request([], { status: 'ERROR' }), 'string status');
  });

  it('leaves other shapes and .jsonl files to the general path', () => {
    const text = request([kv('a', { stringValue: 'x' })]);
    expect(readOtlpFast(new InputText(text, 'trace.json'))).not.toBeNull();
    expect(readOtlpFast(new InputText(text, 'spans.jsonl'))).toBeNull();
    expect(readOtlpFast(new InputText(`[${text}]`, 'trace.json'))).toBeNull();
    expect(readOtlpFast(new InputText(`{"batches":[]}`, 'trace.json'))).toBeNull();
    expect(readOtlpFast(new InputText(text.slice(0, -3), 'trace.json'))).toBeNull();
    expectSame(text, 'jsonl name', 'spans.jsonl');
  });

  it('agrees with the general path on mutated documents', () => {
    const docs = corpus().filter(d => /^\s*\{\s*"resourceSpans"/.test(d.text));
    fc.assert(
      fc.property(fc.constantFrom(...docs), jsonMutation, (doc, m) => {
        const text = mutate(
          { rel: doc.rel, text: doc.text, formatId: 'otlp-json', kind: 'json' },
          m,
        );
        expectSame(text, doc.rel);
      }),
      fuzzParams(150),
    );
  });
});
