// Read a request body with a size limit, before and after decompression (gzip / deflate), so an
// oversized or decompression-bomb body is refused with 413 instead of filling memory.

import type { IncomingMessage } from 'node:http';
import { gunzip, inflate } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 0)} MiB`;

/** The body, decompressed. Throws BodyError (413 too large, 415 unknown encoding, 400 bad gzip). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (!['identity', 'gzip', 'x-gzip', 'deflate'].includes(encoding)) {
    req.resume();
    throw new BodyError(415, `unsupported Content-Encoding "${encoding}" (use gzip or none)`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw new BodyError(413, `body of ${mb(declared)} exceeds the ${mb(maxBytes)} limit`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  if (tooLarge) throw new BodyError(413, `body exceeds the ${mb(maxBytes)} limit`);
  const raw = Buffer.concat(chunks);
  if (encoding === 'identity') return raw;
  try {
    const opts = { maxOutputLength: maxBytes };
    return encoding === 'deflate' ? await inflateAsync(raw, opts) : await gunzipAsync(raw, opts);
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BodyError(413, `decompressed body exceeds the ${mb(maxBytes)} limit`);
    throw new BodyError(400, `body is not valid ${encoding} data (${(e as Error).message})`);
  }
}
