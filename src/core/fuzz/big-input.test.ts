// A 1,000,000-span OTLP/JSON input (≈210 MB of text) through analyze() in Node: it must finish
// without running out of memory. Slow (tens of seconds), so it runs only in `npm run fuzz`
// (FUZZ_RUNS set); the time and the peak memory are printed.

import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.ts';
import { FUZZ_LARGE } from './arbitraries.test-helper.ts';

const SPANS = 1_000_000;
const PER_TRACE = 10;

/** Tiny spans, ten per trace (a root and nine children), built as one string. */
function bigOtlp(n: number): string {
  const parts: string[] = [];
  const hex = (i: number, len: number) => i.toString(16).padStart(len, '0');
  for (let i = 0; i < n; i++) {
    const root = i - (i % PER_TRACE);
    const t = hex(root / PER_TRACE + 1, 32);
    const start = `17369370${String(i * 1000).padStart(11, '0')}`;
    const end = `17369370${String(i * 1000 + 500).padStart(11, '0')}`;
    const parent = i === root ? '' : `"parentSpanId":"${hex(root + 1, 16)}",`;
    parts.push(
      `{"traceId":"${t}","spanId":"${hex(i + 1, 16)}",${parent}"name":"op${i % 7}","kind":${1 + (i % 3)},"startTimeUnixNano":"${start}","endTimeUnixNano":"${end}"}`,
    );
  }
  return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"scope":{"name":"x"},"spans":[\n${parts.join(',\n')}\n]}]}]}`;
}

describe.runIf(FUZZ_LARGE)('limits: a 1,000,000-span input', () => {
  it('is analysed in Node without running out of memory', () => {
    let t = performance.now();
    const text = bigOtlp(SPANS);
    const genMs = performance.now() - t;
    t = performance.now();
    const a = analyze({ text, fileName: 'big.json' });
    const ms = performance.now() - t;
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
    const limitMb = getHeapStatistics().heap_size_limit / 2 ** 20;
    console.log(
      `1M spans: ${(text.length / 1e6).toFixed(0)} MB text, generated in ${(genMs / 1000).toFixed(1)} s; ` +
        `analyze ${(ms / 1000).toFixed(1)} s; peak RSS ${peakMb.toFixed(0)} MB; ` +
        `heap after ${heapMb.toFixed(0)} of ${limitMb.toFixed(0)} MB`,
    );
    expect(a.spans).toHaveLength(SPANS);
    expect(a.forest.traces).toHaveLength(SPANS / PER_TRACE);
    expect(a.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
    expect(a.spans[SPANS - 1]!.source.line).toBe(SPANS + 1);
  }, 600_000);
});
