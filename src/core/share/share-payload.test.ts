import { describe, expect, it } from 'vitest';
import { decodeSharePayload, encodeSharePayload, type SharePayload } from './share-payload.ts';

const payload: SharePayload = {
  v: 1,
  text: '{"resourceSpans": []} <script>alert(1)</script> é 🚀',
  format: 'otlp-json',
  context: { traceId: 'a'.repeat(32), traceparent: '', baggage: 'arize.project_name=x' },
};

describe('share payload', () => {
  it('round-trips text, format and context through a URL-safe string', async () => {
    const enc = await encodeSharePayload(payload);
    expect(enc).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await decodeSharePayload(enc)).toEqual({ payload });
  });

  it('compresses repetitive dumps well', async () => {
    const big = {
      ...payload,
      text: JSON.stringify(Array.from({ length: 500 }, () => ({ spanId: 'abc', name: 'x' }))),
    };
    expect((await encodeSharePayload(big)).length).toBeLessThan(big.text.length / 10);
  });

  it('reports damaged or foreign links instead of throwing', async () => {
    const enc = await encodeSharePayload(payload);
    expect(await decodeSharePayload(enc.slice(0, enc.length / 2))).toHaveProperty('error');
    expect(await decodeSharePayload('!!!')).toHaveProperty('error');
    const foreign = await encodeSharePayload({ ...payload, v: 2 } as unknown as SharePayload);
    expect(await decodeSharePayload(foreign)).toEqual({
      error: 'The share link does not hold a dump this version understands.',
    });
  });
});
