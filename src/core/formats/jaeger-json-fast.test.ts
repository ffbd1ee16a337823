// The fast path of the Jaeger importer (a strict reader that decodes `tags` lists while it reads)
// must give exactly what the general path (`input.json()` + the same conversion) gives, or
// decline: compared on the samples, generated big traces, edge cases and fuzzed documents.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTrace } from '../../../scripts/gen-big-trace.mjs';
import { fuzzParams, jsonMutation, mutate } from '../fuzz/arbitraries.test-helper.ts';
import { InputText } from '../input/input-text.ts';
import { jaegerJson, parseJaegerDocument, readJaegerFast } from './jaeger-json.ts';
import { dumpParseResult } from './parse-result-dump.test-helper.ts';

const ROOT = fileURLToPath(new URL('../../../public/samples/', import.meta.url));

function corpus(): { rel: string; text: string }[] {
  const out: { rel: string; text: string }[] = [];
  const add = (rel: string) => out.push({ rel, text: readFileSync(ROOT + rel, 'utf8') });
  for (const f of readdirSync(ROOT + 'jaeger-json')) add(`jaeger-json/${f}`);
  for (const c of readdirSync(ROOT + 'broken')) add(`broken/${c}/jaeger.json`);
  return out;
}

function expectSame(text: string, label: string): boolean {
  const fast = readJaegerFast(new InputText(text, 'trace.json')) !== null;
  const viaImporter = new InputText(text, 'trace.json');
  jaegerJson.sniff(viaImporter);
  const result = jaegerJson.parse(viaImporter);
  const plain = new InputText(text, 'trace.json');
  expect(dumpParseResult(result), label).toBe(
    dumpParseResult(parseJaegerDocument(plain, plain.json())),
  );
  return fast;
}

const tag = (key: string, type: string | undefined, value: unknown) =>
  type === undefined ? { key, value } : { key, type, value };

function trace(tags: unknown[]): string {
  return JSON.stringify({
    data: [
      {
        traceID: '5b8efff798038103d269b633813fc60c',
        spans: [
          {
            traceID: '5b8efff798038103d269b633813fc60c',
            spanID: 'eee19b7ec3c1b174',
            operationName: 'op',
            references: [],
            startTime: 1544712660000000,
            duration: 1000,
            tags,
            logs: [{ timestamp: 1544712660000500, fields: [tag('event', 'string', 'x')] }],
            processID: 'p1',
          },
        ],
        processes: { p1: { serviceName: 'svc', tags: [tag('host', 'string', 'h')] } },
      },
    ],
    total: 0,
    limit: 0,
    offset: 0,
    errors: null,
  });
}

describe('Jaeger JSON fast path', () => {
  it('reads every Jaeger document of the corpus exactly as the general path', () => {
    let fast = 0;
    for (const { rel, text } of corpus()) if (expectSame(text, rel)) fast++;
    expect(fast).toBeGreaterThanOrEqual(10);
  });

  it.each([false, true])('reads a generated agent trace (pretty: %s) exactly', pretty => {
    const { text } = generateTrace({ spans: 2000, format: 'jaeger', seed: 7, pretty });
    expect(expectSame(text, 'generated')).toBe(true);
  });

  it.each([
    [
      'every plain type',
      [
        tag('s', 'string', 'x'),
        tag('i', 'int64', 42),
        tag('f', 'float64', 1.5),
        tag('b', 'bool', false),
      ],
    ],
    [
      'int64 text beyond 2^53 and the largest safe number',
      [tag('big', 'int64', '12345678901234567890'), tag('n', 'int64', 9007199254740991)],
    ],
    ['int64 and bool as text', [tag('i', 'int64', '7'), tag('b', 'bool', 'true')]],
    ['NaN as text', [tag('nan', 'float64', 'NaN')]],
    ['upper-case and missing types', [tag('u', 'STRING', 'x'), tag('m', undefined, 'y')]],
    ['binary and unknown types', [tag('bin', 'binary', 'AAE='), tag('x', 'weird', 1)]],
    ['a repeated key', [tag('d', 'string', 'a'), tag('e', 'string', 'b'), tag('d', 'string', 'c')]],
    ['prototype-like keys', [tag('__proto__', 'string', 'p'), tag('constructor', 'int64', 1)]],
    ['escapes', [tag('quote"key', 'string', 'line\nbreak'), tag('k', 'string', '\u2028\\')]],
    [
      'odd entries',
      ['nope', { key: 5, type: 'string', value: 'a' }, { value: 'x', key: 'late', type: 'string' }],
    ],
  ])('reads tags with %s exactly', (label, tags) => {
    expectSame(trace(tags), label);
  });

  it('keeps an int64 written as a number beyond 2^53 exact, as the general path does', () => {
    const text = trace([tag('n', 'int64', 1)]).replace(
      '"value":1}',
      '"value":12345678901234567890}',
    );
    expect(text).toContain('12345678901234567890');
    expect(expectSame(text, 'big int64')).toBe(true);
    const input = new InputText(text, 'trace.json');
    jaegerJson.sniff(input);
    expect(jaegerJson.parse(input).spans[0]!.attributes['n']).toBe('12345678901234567890');
  });

  it('shows a tag list that sits where no tags belong as written', () => {
    const text = trace([tag('a', 'string', 'x')]).replace(
      '"operationName":"op"',
      '"operationName":{"tags":[{"key":"k","type":"string","value":"v"}]},"tag":{"x@y":{"tags":[]}}',
    );
    expect(readJaegerFast(new InputText(text, 'trace.json'))).not.toBeNull();
    expectSame(text, 'stray tags');
    const input = new InputText(text, 'trace.json');
    jaegerJson.sniff(input);
    expect(jaegerJson.parse(input).spans[0]!.attributes['x.y']).toEqual({ tags: [] });
  });

  it('leaves other starts and broken text to the general path', () => {
    const text = trace([tag('a', 'string', 'x')]);
    expect(readJaegerFast(new InputText(text, 'trace.json'))).not.toBeNull();
    expect(readJaegerFast(new InputText(`{"resourceSpans":[]}`, 'trace.json'))).toBeNull();
    expect(readJaegerFast(new InputText(text.slice(0, -5), 'trace.json'))).toBeNull();
    expectSame(text.slice(0, -5), 'truncated');
  });

  it('agrees with the general path on mutated documents', () => {
    const docs = corpus();
    fc.assert(
      fc.property(fc.constantFrom(...docs), jsonMutation, (doc, m) => {
        const text = mutate(
          { rel: doc.rel, text: doc.text, formatId: 'jaeger-json', kind: 'json' },
          m,
        );
        expectSame(text, doc.rel);
      }),
      fuzzParams(150),
    );
  });
});
