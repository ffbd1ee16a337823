import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.ts';

const sample = (rel: string) =>
  readFileSync(new URL(`../../public/samples/${rel}`, import.meta.url), 'utf8');

describe('analyze', () => {
  it('detects the format, builds the tree and says why', () => {
    const a = analyze({ text: sample('otlp-json/basic.json') });
    expect(a.format).toBe('otlp-json');
    expect(a.detection).toMatch(/^detected: /);
    expect(a.spans).toHaveLength(3);
    expect(a.forest.traces).toHaveLength(1);
    expect(a.unreadable).toBe(false);
  });

  it('cuts a value nested 100,000 levels deep with one warning, and reads the rest', () => {
    const n = 100_000;
    const deep = '{"arrayValue":{"values":['.repeat(n / 3) + ']}}'.repeat(n / 3);
    const text = sample('otlp-json/basic.json').replace(
      '"stringValue": "gpt-4o-mini"',
      // the sample's own `}` after the value closes the last level
      `"stringValue": "gpt-4o-mini"}}, {"key": "deep", "value": ${deep.slice(0, -1)}`,
    );
    const a = analyze({ text });
    expect(a.spans).toHaveLength(3);
    expect(a.diagnostics.map(d => [d.code, d.severity])).toEqual([
      ['format.value.too-deep', 'warning'],
    ]);
    expect(a.diagnostics[0]!.location?.line).toBeGreaterThan(1);
    expect(() => structuredClone(a)).not.toThrow();
    expect(JSON.stringify(a.spans[0]!.attributes)).toContain('[nested too deep]');
    // A following analysis starts clean.
    expect(analyze({ text: sample('otlp-json/basic.json') }).diagnostics).toEqual([]);
  });

  it('reads a 100,000-level document as unknown, with the nesting warning, without hanging', () => {
    for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(100_000)]) {
      const a = analyze({ text });
      expect(a.unreadable).toBe(true);
      expect(a.diagnostics.every(d => d.code !== 'internal')).toBe(true);
    }
  });

  it('lists at most 50 importer diagnostics of one code and summarises the rest', () => {
    const text = '{"name": "x", "kind": "SpanKind.INTERNAL"}\n' + '{"a": [\n'.repeat(5000);
    const a = analyze({ text });
    const broken = a.diagnostics.filter(d => d.code === 'parse.json.invalid');
    expect(broken).toHaveLength(51);
    expect(broken[50]!.message).toMatch(/^4950 more like the above/);
  });

  it('reports an empty paste', () => {
    const a = analyze({ text: '  \n' });
    expect(a.unreadable).toBe(true);
    expect(a.diagnostics[0]).toMatchObject({ code: 'input.empty', severity: 'error' });
  });

  it('reports binary input with a hint to export JSON', () => {
    const a = analyze({ bytes: new Uint8Array([0x0a, 0x00, 0x12, 0x8f, 0x00, 0x01, 0x02, 0x00]) });
    expect(a.diagnostics[0]).toMatchObject({ code: 'input.binary' });
    expect(a.diagnostics[0]!.hint).toMatch(/JSON/);
  });

  it('reports invalid JSON with its line and column', () => {
    const a = analyze({ text: '{\n  "resourceSpans": [\n    {"resource": }\n  ]\n}' });
    expect(a.unreadable).toBe(true);
    const d = a.diagnostics.find(x => x.code === 'parse.json.invalid');
    expect(d?.location).toMatchObject({ line: 3 });
    expect(d?.message).toMatch(/line 3, column \d+/);
  });

  it('names the keys of an unknown JSON shape', () => {
    const a = analyze({ text: '{"hello": "world", "items": []}' });
    expect(a.diagnostics[0]).toMatchObject({ code: 'format.unknown' });
    expect(a.diagnostics[0]!.message).toMatch(/hello, items/);
  });

  it('reads the spans before the cut of a truncated dump and says where it was cut', () => {
    const text = sample('otlp-json/basic.json');
    const cut = text.slice(0, text.indexOf('"name": "run_agent"'));
    const a = analyze({ text: cut });
    const d = a.diagnostics.find(x => x.code === 'parse.json.truncated');
    expect(d?.severity).toBe('error');
    expect(d?.location?.line).toBeGreaterThan(1);
    expect(a.spans.map(s => s.name).sort()).toEqual(['chat gpt-4o-mini', 'get_weather']);
    expect(a.unreadable).toBe(false);
  });

  it('uses the format chosen by hand', () => {
    const a = analyze({ text: sample('otlp-json/basic.json'), format: 'zipkin-v2' });
    expect(a.format).toBe('zipkin-v2');
    expect(a.detection).toMatch(/chosen by you/);
  });

  it('refuses input above the size limit with a clear message', () => {
    const a = analyze({ text: '{"resourceSpans": []}' + ' '.repeat(100) }, { maxChars: 50 });
    expect(a.diagnostics[0]).toMatchObject({ code: 'input.too-large' });
    expect(a.unreadable).toBe(true);
  });

  it('orders traces with the most problems first', () => {
    const ok = sample('otlp-json/basic.json');
    const json = JSON.parse(ok);
    // second trace: a copy with another trace id and a duplicated span id
    const other = JSON.parse(
      ok.replaceAll('7d3a1f2c9b8e4d6fa1c2b3d4e5f60718', '11111111111111111111111111111111'),
    );
    const spans = other.resourceSpans[0].scopeSpans[0].spans;
    spans.push({ ...spans[0] });
    json.resourceSpans.push(...other.resourceSpans);
    const a = analyze({ text: JSON.stringify(json) });
    expect(a.forest.traces.map(t => t.traceId)).toEqual([
      '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
      '1'.repeat(32),
    ]);
    expect(a.traceOrder).toEqual([1, 0]);
    expect(a.findings.some(f => f.rule === 'duplicate-span-id')).toBe(true);
  });
});
