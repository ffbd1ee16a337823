import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import { collectorDebug } from './collector-debug.ts';
import { collectorFile } from './collector-file.ts';
import { expectFixtureTrace, readSample, withoutName } from './fixture-trace.test-helper.ts';
import { otlpJson } from './otlp-json.ts';
import { describeCorpusDetection } from './sample-corpus.test-helper.ts';

const TRACE = '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718';

/** One compact OTLP request (one collector export batch) holding spans with these ids. */
function line(...spanIds: string[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [
          {
            scope: {},
            spans: spanIds.map(spanId => ({
              traceId: TRACE,
              spanId,
              name: `op-${spanId.slice(0, 4)}`,
              kind: 2,
              startTimeUnixNano: '1736937000000000000',
              endTimeUnixNano: '1736937001000000000',
              status: {},
            })),
          },
        ],
      },
    ],
  });
}

const parse = (text: string, name?: string) => collectorFile.parse(new InputText(text, name));

describe('collector-file sample', () => {
  it('reads collector-file/basic.jsonl as the fixture trace', () => {
    const result = collectorFile.parse(readSample('collector-file/basic.jsonl'));
    expectFixtureTrace(result);
    expect(result.dialect).toBe('JSON Lines, 2 requests, hex ids');
  });

  it('is detected with and without its file name, and not by otlp-json', () => {
    const input = readSample('collector-file/basic.jsonl');
    for (const i of [input, withoutName(input)]) {
      expect(collectorFile.sniff(i)).toMatch(/JSON Lines/);
      expect(otlpJson.sniff(i)).toBeNull();
      expect(collectorDebug.sniff(i)).toBeNull();
    }
  });

  it('gives each span the line of its batch and the column of its object', () => {
    const input = readSample('collector-file/basic.jsonl');
    const spans = collectorFile.parse(input).spans;
    expect(spans.map(s => s.source.line)).toEqual([1, 1, 2]);
    for (const s of spans) {
      expect(input.lineText(s.source.line).slice(s.source.column! - 1)).toMatch(
        new RegExp(`^\\{"traceId":"${TRACE}","spanId":"${s.spanId}"`),
      );
    }
  });

  it('keeps the remote-parent flags the collector copied (768 / 256)', () => {
    const spans = collectorFile.parse(readSample('collector-file/basic.jsonl')).spans;
    expect(spans.map(s => [s.name, s.parentIsRemote])).toEqual([
      ['chat gpt-4o-mini', false],
      ['get_weather', false],
      ['run_agent', true],
    ]);
  });
});

describe('collector-file robustness', () => {
  it('reports a truncated line with its line number and still reads the others', () => {
    const input = readSample('collector-file/one-truncated-line.jsonl');
    expect(collectorFile.sniff(input)).toBeTruthy();
    expect(collectorFile.sniff(withoutName(input))).toBeTruthy();
    const r = collectorFile.parse(input);
    expect(r.spans.map(s => s.name)).toEqual(['chat gpt-4o-mini', 'get_weather', 'run_agent']);
    expect(r.spans.map(s => s.source.line)).toEqual([1, 1, 3]);
    const errors = r.diagnostics.filter(d => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'parse.jsonl.invalid-line', location: { line: 2 } });
    expect(errors[0]!.message).toMatch(/^Line 2 .*ends too early/);
  });

  it('reads the other lines when the first line is the broken one', () => {
    const text = `${line('1000000000000001').slice(0, 60)}\n${line('2000000000000002')}\n`;
    const input = new InputText(text);
    expect(collectorFile.sniff(input)).toMatch(/first line unreadable/);
    expect(otlpJson.sniff(input)).toBeNull();
    const r = collectorFile.parse(input);
    expect(r.spans.map(s => s.spanId)).toEqual(['2000000000000002']);
    expect(r.diagnostics.find(d => d.severity === 'error')?.location?.line).toBe(1);
  });

  it('reads CRLF line endings, a BOM and blank lines', () => {
    const text = `\ufeff${line('1000000000000001')}\r\n\r\n${line('2000000000000002', '3000000000000003')}\r\n`;
    const input = new InputText(text);
    expect(collectorFile.sniff(input)).toBeTruthy();
    const r = collectorFile.parse(input);
    expect(r.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
    expect(r.spans.map(s => [s.spanId, s.source.line])).toEqual([
      ['1000000000000001', 1],
      ['2000000000000002', 3],
      ['3000000000000003', 3],
    ]);
  });

  it('warns about a JSON line that is not an OTLP request and reads the rest', () => {
    const r = parse(
      `${line('1000000000000001')}\n{"level":"info","msg":"rotated"}\n${line('2000000000000002')}\n`,
    );
    expect(r.spans).toHaveLength(2);
    expect(
      r.diagnostics.find(d => d.code === 'format.collector-file.not-otlp')?.location?.line,
    ).toBe(2);
  });

  it('keeps a trace split over several batches (children in earlier lines than parents)', () => {
    const child = JSON.parse(line('2000000000000002')) as {
      resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
    };
    child.resourceSpans[0]!.scopeSpans[0]!.spans[0]!['parentSpanId'] = '1000000000000001';
    const r = parse(`${JSON.stringify(child)}\n${line('1000000000000001')}\n`);
    expect(r.spans.map(s => [s.spanId, s.parentSpanId])).toEqual([
      ['2000000000000002', '1000000000000001'],
      ['1000000000000001', null],
    ]);
  });

  it('reads several pretty-printed requests pasted one after another', () => {
    const pretty = (s: string) => JSON.stringify(JSON.parse(s), null, 2);
    const text = `${pretty(line('1000000000000001'))}\n${pretty(line('2000000000000002'))}\n`;
    const input = new InputText(text);
    expect(collectorFile.sniff(input)).toMatch(/concatenated/);
    expect(otlpJson.sniff(input)).toBeNull();
    const r = collectorFile.parse(input);
    expect(r.spans.map(s => s.spanId)).toEqual(['1000000000000001', '2000000000000002']);
    expect(r.dialect).toMatch(/^2 concatenated requests/);
    for (const s of r.spans) expect(input.lineText(s.source.line).trim()).toBe('{');
  });

  it('takes a one-line .jsonl file, but leaves the same text without a name to otlp-json', () => {
    const text = `${line('1000000000000001')}\n`;
    expect(collectorFile.sniff(new InputText(text, 'traces.jsonl'))).toBeTruthy();
    expect(collectorFile.sniff(new InputText(text))).toBeNull();
    expect(parse(text, 'traces.jsonl').spans).toHaveLength(1);
  });
});

describeCorpusDetection(collectorFile);
