// Trace ids as each backend accepts them: W3C 32-hex everywhere; Jaeger, Zipkin and Tempo also
// take 64-bit (16-hex) ids from older tracers.

import { SourceError } from './source-error.ts';

export function checkTraceId(raw: string, opts: { allowShort: boolean; label: string }): string {
  const id = raw.trim().toLowerCase().replace(/^0x/, '');
  const ok = opts.allowShort ? /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/ : /^[0-9a-f]{32}$/;
  if (!ok.test(id)) {
    const expected = opts.allowShort ? '32 (or 16) hex characters' : '32 hex characters';
    const got =
      raw.trim() === ''
        ? 'nothing'
        : `"${raw.trim().slice(0, 60)}" (${raw.trim().length} characters)`;
    throw new SourceError(
      'bad-trace-id',
      `Bad trace id format for ${opts.label}: expected ${expected}, got ${got}.` +
        (/^[A-Za-z0-9+/]{22}==$/.test(raw.trim())
          ? ' That looks like base64; convert it to hex.'
          : ''),
    );
  }
  if (/^0+$/.test(id))
    throw new SourceError('bad-trace-id', `Bad trace id: all zeros is not a valid trace id.`);
  return id;
}
