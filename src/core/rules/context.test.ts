import { describe, expect, it } from 'vitest';
import { resolveExpectedContext } from './context.ts';

const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('resolveExpectedContext', () => {
  it('returns an empty context when nothing is given', () => {
    expect(resolveExpectedContext({})).toEqual({
      traceId: null,
      remoteParentSpanId: null,
      routing: { spaceId: null, projectName: null },
      diagnostics: [],
    });
  });

  it('takes the trace id and remote parent from a valid traceparent', () => {
    const r = resolveExpectedContext({ traceparent: TP });
    expect(r.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(r.remoteParentSpanId).toBe('00f067aa0ba902b7');
    expect(r.diagnostics).toEqual([]);
  });

  it('accepts a pasted "traceparent:" header line', () => {
    const r = resolveExpectedContext({ traceparent: `traceparent: ${TP}` });
    expect(r.remoteParentSpanId).toBe('00f067aa0ba902b7');
    expect(r.diagnostics.map(d => d.severity)).toEqual(['info']);
  });

  it('reports an invalid traceparent as an error and uses nothing from it', () => {
    const r = resolveExpectedContext({ traceparent: TP.toUpperCase() });
    expect(r.traceId).toBeNull();
    expect(r.remoteParentSpanId).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({
      code: 'context.traceparent.invalid',
      severity: 'error',
    });
  });

  it('normalises the expected trace id and pads a 64-bit one', () => {
    expect(resolveExpectedContext({ traceId: ' 4BF92F3577B34DA6A3CE929D0E0E4736 ' }).traceId).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    const r = resolveExpectedContext({ traceId: 'a3ce929d0e0e4736' });
    expect(r.traceId).toBe('0000000000000000a3ce929d0e0e4736');
    expect(r.diagnostics[0]?.code).toBe('context.trace-id.padded');
  });

  it('rejects an unusable expected trace id', () => {
    const r = resolveExpectedContext({ traceId: 'not-a-trace' });
    expect(r.traceId).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ code: 'context.trace-id.invalid', severity: 'error' });
  });

  it('warns when the expected trace id and the traceparent disagree, keeping the expected one', () => {
    const r = resolveExpectedContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      traceparent: TP,
    });
    expect(r.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(r.remoteParentSpanId).toBe('00f067aa0ba902b7');
    expect(r.diagnostics.map(d => d.code)).toEqual(['context.trace-id.conflict']);
  });

  it('reads Arize routing from the baggage, percent-decoded', () => {
    const r = resolveExpectedContext({
      baggage: 'arize.space_id=U3BhY2U6MTIz%3D,arize.project_name=travel%20agent,other=1',
    });
    expect(r.routing).toEqual({ spaceId: 'U3BhY2U6MTIz=', projectName: 'travel agent' });
    expect(r.diagnostics).toEqual([]);
  });

  it('accepts the span-attribute spelling arize.project.name in baggage with a note', () => {
    const r = resolveExpectedContext({ baggage: 'arize.space_id=S,arize.project.name=P' });
    expect(r.routing).toEqual({ spaceId: 'S', projectName: 'P' });
    expect(r.diagnostics.map(d => d.code)).toEqual(['context.baggage.project-key']);
  });

  it('warns when the baggage names only a space or only a project', () => {
    const r = resolveExpectedContext({ baggage: 'arize.space_id=S' });
    expect(r.routing).toEqual({ spaceId: 'S', projectName: null });
    expect(r.diagnostics.map(d => [d.code, d.severity])).toEqual([
      ['context.baggage.routing-incomplete', 'warning'],
    ]);
  });

  it('reports a malformed baggage member but keeps the valid ones', () => {
    const r = resolveExpectedContext({
      baggage: 'arize.space_id=S,arize.project_name=P,bad key=1',
    });
    expect(r.routing).toEqual({ spaceId: 'S', projectName: 'P' });
    expect(
      r.diagnostics.some(d => d.code === 'context.baggage.invalid' && d.severity === 'warning'),
    ).toBe(true);
  });

  it('treats a baggage with nothing valid as an error', () => {
    const r = resolveExpectedContext({ baggage: '=,,=' });
    expect(
      r.diagnostics.some(d => d.code === 'context.baggage.invalid' && d.severity === 'error'),
    ).toBe(true);
  });

  it('ignores blank inputs', () => {
    expect(
      resolveExpectedContext({ traceId: ' ', traceparent: '', baggage: '  ' }).diagnostics,
    ).toEqual([]);
  });
});
