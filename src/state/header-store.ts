// The header editor's state: the three header values, or a pasted block of request headers that
// they come from. Mirrored in the URL (`#/headers?traceparent=…` or `#/headers?headers=<block>`),
// so a decoded header can be shared as a link and survives reload.
//
// Data flow: an edit calls one of the actions below → the store updates → the URL is rewritten
// (replaceState). Back/forward or an edited URL → route store → `fromParams` → the store.

import { create } from 'zustand';
import {
  blockToFields,
  combinedValues,
  parseHeaderBlock,
  replaceHeaderInBlock,
} from '../core/headers/header-block.ts';
import { setRouteParams, useRouteStore } from './route-store.ts';

export type HeaderName = 'traceparent' | 'tracestate' | 'baggage';

export interface HeaderEditorState {
  /** '' means the header is absent. */
  traceparent: string;
  tracestate: string;
  baggage: string;
  /** The pasted request headers (kept in sync with the three values). */
  block: string;
  /** What the decoder reads: the block (when not empty) keeps repeated fields apart. */
  source: 'fields' | 'block';
  /** Agent endpoint for the curl snippet. */
  agentUrl: string;
}

export const initialHeaders = (): HeaderEditorState => ({
  traceparent: '',
  tracestate: '',
  baggage: '',
  block: '',
  source: 'fields',
  agentUrl: '',
});

/** Editor state from URL parameters. */
export function fromParams(params: Record<string, string>): HeaderEditorState {
  const s = initialHeaders();
  s.agentUrl = params.url ?? '';
  if (params.headers !== undefined && params.headers !== '') {
    return { ...s, ...valuesFromBlock(params.headers), block: params.headers, source: 'block' };
  }
  s.traceparent = params.traceparent ?? '';
  s.tracestate = params.tracestate ?? '';
  s.baggage = params.baggage ?? '';
  return s;
}

/** URL parameters for a state (empty values are left out by the route store). */
export function toParams(s: HeaderEditorState): Record<string, string> {
  const p: Record<string, string> =
    s.source === 'block'
      ? { headers: s.block }
      : { traceparent: s.traceparent, tracestate: s.tracestate, baggage: s.baggage };
  if (s.agentUrl) p.url = s.agentUrl;
  return p;
}

function valuesFromBlock(block: string): Pick<HeaderEditorState, HeaderName> {
  const c = combinedValues(blockToFields(parseHeaderBlock(block)));
  return {
    traceparent: c.traceparent ?? '',
    tracestate: c.tracestate ?? '',
    baggage: c.baggage ?? '',
  };
}

function same(a: HeaderEditorState, b: HeaderEditorState): boolean {
  return (Object.keys(a) as (keyof HeaderEditorState)[]).every(k => a[k] === b[k]);
}

const routeState = useRouteStore.getState();
export const useHeaderStore = create<HeaderEditorState>(() =>
  routeState.view === 'headers' ? fromParams(routeState.params) : initialHeaders(),
);

function commit(next: HeaderEditorState): void {
  next.source = next.block.trim() === '' ? 'fields' : 'block';
  useHeaderStore.setState(next, true);
  if (useRouteStore.getState().view === 'headers') setRouteParams(toParams(next));
}

/** Edit one header value (the block, if any, gets the same change). */
export function setHeaderValue(name: HeaderName, value: string): void {
  const s = useHeaderStore.getState();
  const block =
    s.block.trim() === ''
      ? s.block
      : replaceHeaderInBlock(s.block, name, value === '' ? undefined : value);
  commit({ ...s, [name]: value, block });
}

/** Replace several values at once (generator, "child of span"). */
export function setHeaderValues(values: Partial<Pick<HeaderEditorState, HeaderName>>): void {
  let s = useHeaderStore.getState();
  let block = s.block;
  for (const [name, value] of Object.entries(values) as [HeaderName, string][]) {
    if (block.trim() !== '')
      block = replaceHeaderInBlock(block, name, value === '' ? undefined : value);
    s = { ...s, [name]: value };
  }
  commit({ ...s, block });
}

/** Paste or edit the raw request-header block: the three values follow it. */
export function setHeaderBlock(block: string): void {
  const s = useHeaderStore.getState();
  commit({ ...s, ...valuesFromBlock(block), block });
}

export function setAgentUrl(agentUrl: string): void {
  commit({ ...useHeaderStore.getState(), agentUrl });
}

export function clearHeaders(): void {
  commit({ ...initialHeaders(), agentUrl: useHeaderStore.getState().agentUrl });
}

// Back/forward, a pasted link or an edited hash: adopt the URL's state. Coming back to the tab
// (no parameters) restores the editor's current state into the URL instead of clearing it.
useRouteStore.subscribe(r => {
  if (r.view !== 'headers') return;
  const current = useHeaderStore.getState();
  if (Object.keys(r.params).length === 0 && !same(current, initialHeaders())) {
    setRouteParams(toParams(current));
    return;
  }
  if (!sameParams(toParams(current), r.params)) useHeaderStore.setState(fromParams(r.params), true);
});

function sameParams(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? '') !== (b[k] ?? '')) return false;
  return true;
}
