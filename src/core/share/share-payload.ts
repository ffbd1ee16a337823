// A share link carries a small dump and its expected context in the URL fragment (never sent to
// a server): JSON → deflate-raw (CompressionStream, available in browsers and Node ≥ 18) →
// base64url. Decoding validates the shape and reports problems instead of throwing.

export interface SharePayload {
  v: 1;
  text: string;
  format: string | null;
  context: { traceId: string; traceparent: string; baggage: string };
}

/** Compressed fragments above this size are refused (browsers and chat tools cut long URLs). */
export const MAX_SHARE_CHARS = 60_000;

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function encodeSharePayload(p: SharePayload): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(p));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

export async function decodeSharePayload(
  encoded: string,
): Promise<{ payload: SharePayload } | { error: string }> {
  try {
    const json = new TextDecoder().decode(
      await pipe(fromBase64Url(encoded), new DecompressionStream('deflate-raw')),
    );
    const v = JSON.parse(json) as Partial<SharePayload>;
    const ctx = v.context;
    if (
      v.v !== 1 ||
      typeof v.text !== 'string' ||
      (v.format !== null && typeof v.format !== 'string') ||
      !ctx ||
      typeof ctx.traceId !== 'string' ||
      typeof ctx.traceparent !== 'string' ||
      typeof ctx.baggage !== 'string'
    ) {
      return { error: 'The share link does not hold a dump this version understands.' };
    }
    return {
      payload: {
        v: 1,
        text: v.text,
        format: v.format ?? null,
        context: { traceId: ctx.traceId, traceparent: ctx.traceparent, baggage: ctx.baggage },
      },
    };
  } catch {
    return { error: 'The share link is damaged (it may have been cut short when it was copied).' };
  }
}
