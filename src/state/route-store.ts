// The app's view and its URL parameters live in the location hash (`#/headers?traceparent=…`),
// so every view can be bookmarked and shared and survives reload. Nothing here is sent anywhere.

import { create } from 'zustand';

export type View = 'analyze' | 'headers' | 'validate';
const VIEWS: View[] = ['analyze', 'headers', 'validate'];

export interface RouteState {
  view: View;
  params: Record<string, string>;
}

export function parseHash(hash: string): RouteState {
  const h = hash.replace(/^#\/?/, '');
  const q = h.indexOf('?');
  const path = q >= 0 ? h.slice(0, q) : h;
  const view = (VIEWS as string[]).includes(path) ? (path as View) : 'analyze';
  const params: Record<string, string> = {};
  if (q >= 0) new URLSearchParams(h.slice(q + 1)).forEach((v, k) => (params[k] = v));
  return { view, params };
}

export function formatHash(state: RouteState): string {
  const qs = new URLSearchParams(
    Object.entries(state.params).filter(([, v]) => v !== '' && v !== undefined),
  ).toString();
  return `#/${state.view === 'analyze' ? '' : state.view}${qs ? `?${qs}` : ''}`;
}

const initial = (): RouteState =>
  typeof location === 'undefined' ? { view: 'analyze', params: {} } : parseHash(location.hash);

export const useRouteStore = create<RouteState>(() => initial());

function write(state: RouteState, replace: boolean): void {
  useRouteStore.setState(state, true);
  const hash = formatHash(state);
  if (typeof location !== 'undefined' && location.hash !== hash) {
    if (replace) history.replaceState(null, '', hash);
    else history.pushState(null, '', hash);
  }
}

/** Switch view (pushes a history entry). */
export function navigate(view: View, params: Record<string, string> = {}): void {
  write({ view, params }, false);
}

/** Replace the current view's parameters (no new history entry; for live-edited fields). */
export function setRouteParams(params: Record<string, string>): void {
  write({ view: useRouteStore.getState().view, params }, true);
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () =>
    useRouteStore.setState(parseHash(location.hash), true),
  );
  window.addEventListener('popstate', () => useRouteStore.setState(parseHash(location.hash), true));
}
