import { describe, expect, it } from 'vitest';
import { curlSnippet, jsSnippet, pythonSnippet, shellQuote } from './snippets.ts';

const input = {
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  baggage: "arize.space_id=U3Bh,arize.project_name=it's",
  spaceId: 'U3Bh',
  projectName: "it's",
};

describe('shellQuote', () => {
  it('single-quotes and escapes embedded quotes', () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
});

describe('curlSnippet', () => {
  it('sends each header and an arize_metadata body', () => {
    const s = curlSnippet(input);
    expect(s).toContain(`-H 'traceparent: ${input.traceparent}'`);
    expect(s).toContain(`-H 'baggage: arize.space_id=U3Bh,arize.project_name=it'\\''s'`);
    expect(s).toContain(`"arize_metadata":{"space_id":"U3Bh","project_name":"it'\\''s"}`);
    expect(s).toContain("curl -X POST 'http://localhost:8000/agent'");
    expect(s).not.toContain('tracestate');
  });

  it('repeats -H for repeated header fields', () => {
    const s = curlSnippet({
      ...input,
      fields: { traceparent: ['a', 'b'], tracestate: [''], baggage: [] },
    });
    expect(s).toContain(`-H 'traceparent: a' \\\n  -H 'traceparent: b' \\\n  -H 'tracestate: '`);
    expect(s).not.toContain('baggage');
  });
});

describe('pythonSnippet', () => {
  it('extracts, attaches, then routes with set_routing_context', () => {
    const s = pythonSnippet(input);
    expect(s).toContain(`"traceparent": "${input.traceparent}",`);
    const order = [
      'propagate.extract(headers)',
      'context.attach(ctx)',
      'set_routing_context(',
      'start_as_current_span',
    ];
    const at = order.map(x => s.indexOf(x));
    expect(at.every(i => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(s).toContain('context.detach(token)');
    expect(s).not.toContain('context=ctx');
  });
});

describe('jsSnippet', () => {
  it('extracts with propagation.extract and runs in that context', () => {
    const s = jsSnippet(input);
    expect(s).toContain('propagation.extract(context.active(), headers)');
    expect(s).toContain(`traceparent: "${input.traceparent}",`);
    expect(s).toContain('context.with(ctx');
  });

  it('says when there is nothing to propagate', () => {
    expect(jsSnippet({})).toContain('would start a new trace');
    expect(pythonSnippet({})).toContain('would start a new trace');
  });
});
