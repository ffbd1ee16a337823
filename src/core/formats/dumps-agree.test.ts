// The broken-trace cases under public/samples/broken/ carry one trace in several formats. The
// Jaeger, Zipkin v2 and Python console importers must rebuild exactly the spans the OTLP/JSON
// importer reads from the same case (ids, parents, names, kinds, status, service).

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Span } from '../model/span.ts';
import { readSample } from './fixture-trace.test-helper.ts';
import { jaegerJson } from './jaeger-json.ts';
import { otlpJson } from './otlp-json.ts';
import { pythonConsole } from './python-console.ts';
import type { FormatModule } from './types.ts';
import { zipkinV2 } from './zipkin-v2.ts';

const root = fileURLToPath(new URL('../../../public/samples/broken/', import.meta.url));
const cases = readdirSync(root, { withFileTypes: true }).filter(d => d.isDirectory());

const key = (s: Span) =>
  [
    s.traceId,
    s.spanId,
    s.parentSpanId,
    s.name,
    s.kind,
    s.oiKind,
    s.status.code,
    s.serviceName,
  ].join('|');

const importers: [string, FormatModule][] = [
  ['jaeger.json', jaegerJson],
  ['zipkin-v2.json', zipkinV2],
  ['python-console.txt', pythonConsole],
];

describe('dumps of one trace agree with its OTLP/JSON', () => {
  for (const c of cases) {
    const files = new Set(readdirSync(`${root}${c.name}`));
    if (!files.has('otlp.json')) continue;
    for (const [file, mod] of importers) {
      if (!files.has(file)) continue;
      it(`${c.name}/${file}`, () => {
        const want = otlpJson
          .parse(readSample(`broken/${c.name}/otlp.json`))
          .spans.map(key)
          .sort();
        const input = readSample(`broken/${c.name}/${file}`);
        expect(mod.sniff(input)).not.toBeNull();
        const got = mod.parse(input);
        expect(got.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
        expect(got.spans.map(key).sort()).toEqual(want);
      });
    }
  }
});
