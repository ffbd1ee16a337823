// Share links: build one from the current input + context, and open one found in the URL
// (`#/?share=<payload>`). The payload lives only in the fragment, which browsers never send.

import {
  decodeSharePayload,
  encodeSharePayload,
  MAX_SHARE_CHARS,
} from '../../core/share/share-payload.ts';
import { isFormatId } from '../../core/formats/index.ts';
import { setExpectedContext, useContextStore } from '../../state/context-store.ts';
import { loadInputText, setInputFormat, useInputStore } from '../../state/input-store.ts';
import { setRouteParams, useRouteStore } from '../../state/route-store.ts';

export async function buildShareLink(): Promise<{ url: string } | { error: string }> {
  const { text, format } = useInputStore.getState();
  const { traceId, traceparent, baggage } = useContextStore.getState();
  const encoded = await encodeSharePayload({
    v: 1,
    text,
    format,
    context: { traceId, traceparent, baggage },
  });
  if (encoded.length > MAX_SHARE_CHARS) {
    return {
      error: `This dump compresses to ${Math.round(encoded.length / 1000)} kB — too long for a link (limit ${MAX_SHARE_CHARS / 1000} kB). Share the file, or trim it to the trace in question.`,
    };
  }
  return { url: `${location.origin}${location.pathname}#/?share=${encoded}` };
}

/** If the URL carries a shared dump, load it (once) and drop it from the address bar. */
export async function openSharedLinkFromUrl(): Promise<string | null> {
  const { view, params } = useRouteStore.getState();
  const encoded = params['share'];
  if (view !== 'analyze' || !encoded) return null;
  const rest = { ...params };
  delete rest['share'];
  setRouteParams(rest);
  const r = await decodeSharePayload(encoded);
  if ('error' in r) return r.error;
  // Wait for the persisted input to be restored, so it does not overwrite the shared one.
  if (!useInputStore.getState().hydrated) {
    await new Promise<void>(resolve => {
      const unsub = useInputStore.subscribe(s => {
        if (s.hydrated) {
          unsub();
          resolve();
        }
      });
    });
  }
  setExpectedContext(r.payload.context);
  loadInputText(r.payload.text, 'shared link');
  setInputFormat(r.payload.format && isFormatId(r.payload.format) ? r.payload.format : null);
  return null;
}
