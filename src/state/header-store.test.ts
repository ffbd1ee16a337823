import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearHeaders,
  fromParams,
  initialHeaders,
  setHeaderBlock,
  setHeaderValue,
  toParams,
  useHeaderStore,
} from './header-store.ts';
import { navigate, useRouteStore } from './route-store.ts';

const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

beforeEach(() => {
  navigate('headers');
  clearHeaders();
});

describe('header-store', () => {
  it('mirrors edited values in the route parameters', () => {
    setHeaderValue('traceparent', TP);
    expect(useRouteStore.getState().params).toMatchObject({ traceparent: TP });
    expect(useHeaderStore.getState().source).toBe('fields');
  });

  it('derives the values from a pasted block and keeps the block in the URL', () => {
    setHeaderBlock(`TraceParent: ${TP}\ntracestate: a=1\ntracestate: b=2\nbaggage: k=v`);
    expect(useHeaderStore.getState()).toMatchObject({
      traceparent: TP,
      tracestate: 'a=1,b=2',
      baggage: 'k=v',
      source: 'block',
    });
    expect(Object.keys(useRouteStore.getState().params)).toEqual(['headers']);
  });

  it('edits the block when a value is edited', () => {
    setHeaderBlock(`Host: x\ntraceparent: ${TP}`);
    setHeaderValue('baggage', 'k=v');
    expect(useHeaderStore.getState().block).toBe(`Host: x\ntraceparent: ${TP}\nbaggage: k=v`);
    setHeaderValue('traceparent', '');
    expect(useHeaderStore.getState().block).toBe('Host: x\nbaggage: k=v');
  });

  it('adopts a state from the URL (back/forward, shared link)', () => {
    useRouteStore.setState({ view: 'headers', params: { baggage: 'a=1' } }, true);
    expect(useHeaderStore.getState().baggage).toBe('a=1');
  });

  it('restores its URL when the tab is opened again without parameters', () => {
    setHeaderValue('traceparent', TP);
    navigate('analyze');
    navigate('headers');
    expect(useRouteStore.getState().params).toMatchObject({ traceparent: TP });
  });

  it('round-trips params', () => {
    const s = { ...initialHeaders(), traceparent: TP, baggage: 'k=v', agentUrl: 'http://a' };
    expect(fromParams(toParams(s))).toEqual(s);
  });
});
