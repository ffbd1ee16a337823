import { describe, expect, it } from 'vitest';
import {
  blockToFields,
  combinedValues,
  parseHeaderBlock,
  replaceHeaderInBlock,
  valuesToFields,
} from './header-block.ts';

const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const pairs = (text: string) => parseHeaderBlock(text).fields.map(f => [f.key, f.value]);

describe('parseHeaderBlock', () => {
  it('reads Name: value lines with case-insensitive names and keeps repeats in order', () => {
    const b = parseHeaderBlock(
      `TraceParent: ${TP}\ntracestate: a=1\nTRACESTATE: b=2\nbaggage: k=v\nContent-Type: application/json`,
    );
    expect(b.fields.map(f => [f.name, f.key, f.value, f.line])).toEqual([
      ['TraceParent', 'traceparent', TP, 1],
      ['tracestate', 'tracestate', 'a=1', 2],
      ['TRACESTATE', 'tracestate', 'b=2', 3],
      ['baggage', 'baggage', 'k=v', 4],
      ['Content-Type', 'content-type', 'application/json', 5],
    ]);
    expect(blockToFields(b)).toEqual({
      traceparent: [TP],
      tracestate: ['a=1', 'b=2'],
      baggage: ['k=v'],
      nonLowercaseNames: ['TraceParent', 'TRACESTATE'],
    });
  });

  it('reads curl -v output, skipping request, response and info lines', () => {
    const text = [
      '*   Trying 127.0.0.1:8000...',
      '> POST /agent HTTP/1.1',
      '> Host: localhost:8000',
      `> traceparent: ${TP}`,
      '> ',
      '< HTTP/1.1 200 OK',
      '< traceresponse: 00-x',
    ].join('\r\n');
    const b = parseHeaderBlock(text);
    expect(b.fields.map(f => [f.key, f.value])).toEqual([
      ['host', 'localhost:8000'],
      ['traceparent', TP],
    ]);
    expect(b.notes.some(n => n.message.includes('Response header'))).toBe(true);
  });

  it('reads -H arguments of a curl command', () => {
    expect(
      pairs(
        `curl -X POST http://x -H 'traceparent: ${TP}' \\\n  --header "baggage: a=1,b=2" -H 'x: y'`,
      ),
    ).toEqual([
      ['traceparent', TP],
      ['baggage', 'a=1,b=2'],
      ['x', 'y'],
    ]);
  });

  it('reads a "Name: value" line as a header even when its value looks like a curl -H', () => {
    expect(pairs('baggage: k=v -H#:x')).toEqual([['baggage', 'k=v -H#:x']]);
    expect(pairs('traceparent: --header a:b')).toEqual([['traceparent', '--header a:b']]);
  });

  it('reads JSON and Python dict entries', () => {
    expect(pairs(`{"traceparent": "${TP}", "baggage": "k=v"}`)).toEqual([
      ['traceparent', TP],
      ['baggage', 'k=v'],
    ]);
    expect(pairs(`{'traceparent': '${TP}'}`)).toEqual([['traceparent', TP]]);
  });

  it('strips optional whitespace around the value but keeps other characters', () => {
    expect(pairs(`traceparent:\t  ${TP} \t`)).toEqual([['traceparent', TP]]);
    expect(pairs(`traceparent: \u00a0${TP}`)).toEqual([['traceparent', `\u00a0${TP}`]]);
  });

  it('gives the 1-based line and column of each value', () => {
    const b = parseHeaderBlock(`\n  traceparent:   ${TP}`);
    expect(b.fields[0]).toMatchObject({ line: 2, column: 18 });
  });

  it('keeps an empty value as a present, empty field', () => {
    expect(pairs('traceparent:')).toEqual([['traceparent', '']]);
  });

  it('warns about whitespace before ":" and skips non-header lines', () => {
    const b = parseHeaderBlock('traceparent : x\nnot a header\nbad name: y\n:authority: host');
    expect(b.fields.map(f => f.key)).toEqual(['traceparent']);
    expect(b.notes.map(n => n.line)).toEqual([1, 2, 3, 4]);
  });

  it('reads log styles: name=value and a bare traceparent', () => {
    expect(pairs(`traceparent=${TP}\nbaggage = a=1,b=2`)).toEqual([
      ['traceparent', TP],
      ['baggage', 'a=1,b=2'],
    ]);
    expect(pairs(`  ${TP}  `)).toEqual([['traceparent', TP]]);
    expect(pairs(`${TP.toUpperCase()}`)).toEqual([['traceparent', TP.toUpperCase()]]);
  });

  it('does not treat trace-parent or trace.parent as traceparent', () => {
    const f = blockToFields(parseHeaderBlock(`trace-parent: ${TP}\ntrace.parent: ${TP}`));
    expect(f.traceparent).toEqual([]);
  });
});

describe('field helpers', () => {
  it('treats empty single values as absent', () => {
    expect(valuesToFields({ traceparent: TP, tracestate: '', baggage: undefined })).toEqual({
      traceparent: [TP],
      tracestate: [],
      baggage: [],
    });
  });

  it('combines repeated fields the way HTTP stacks do', () => {
    expect(
      combinedValues({ traceparent: ['a', 'b'], tracestate: ['x=1', 'y=2'], baggage: ['k=v'] }),
    ).toEqual({
      traceparent: 'a, b',
      tracestate: 'x=1,y=2',
      baggage: 'k=v',
    });
  });

  it('replaces all lines of a header by one, keeping other lines', () => {
    const block = `Host: x\ntraceparent: a\nbaggage: k=v\ntraceparent: b`;
    expect(replaceHeaderInBlock(block, 'traceparent', 'c')).toBe(
      'Host: x\ntraceparent: c\nbaggage: k=v',
    );
    expect(replaceHeaderInBlock(block, 'traceparent', undefined)).toBe('Host: x\nbaggage: k=v');
    expect(replaceHeaderInBlock('Host: x\n', 'tracestate', 'a=1')).toBe('Host: x\ntracestate: a=1');
    expect(replaceHeaderInBlock('', 'baggage', 'k=v')).toBe('baggage: k=v');
  });
});
