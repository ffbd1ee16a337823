import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.ts';
import { fetchLocalTrace } from './local.ts';
import type { TraceQuery } from './query-keys.ts';
import { fetchRemoteTrace } from './remote.ts';

const sample = (rel: string) =>
  readFileSync(new URL(`../../public/samples/${rel}`, import.meta.url), 'utf8');
const ID = '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718';

const query = (over: Partial<TraceQuery> = {}): TraceQuery => ({
  source: 'zipkin',
  traceId: ID,
  url: 'http://zipkin:9411',
  project: '',
  days: 30,
  context: { traceId: ID },
  ...over,
});

function stubFetch(respond: (url: string) => Response | Promise<Response>) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    return respond(url);
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('fetchRemoteTrace', () => {
  it('asks the proxy and analyses the text with the expected context', async () => {
    const calls = stubFetch(() =>
      Response.json({
        source: 'zipkin',
        traceId: ID,
        text: sample('zipkin-v2/basic.json'),
        fileName: `zipkin-${ID}.json`,
        format: 'zipkin-v2',
        spanCount: 3,
        notes: [],
      }),
    );
    const got = await fetchRemoteTrace(query());
    expect(calls[0]).toBe(`/api/proxy/zipkin/trace/${ID}?url=http%3A%2F%2Fzipkin%3A9411`);
    expect(got.analysis.format).toBe('zipkin-v2');
    expect(got.analysis.spans).toHaveLength(3);
    expect(got.analysis.context.traceId).toBe(ID);
    expect(got.label).toBe(`Zipkin · trace ${ID}`);
  });

  it('passes project and the Arize window', async () => {
    const calls = stubFetch(() =>
      Response.json({ error: { kind: 'not-found', message: 'nope' } }, { status: 404 }),
    );
    await expect(
      fetchRemoteTrace(query({ source: 'arize', project: 'P1', days: 7 })),
    ).rejects.toThrow('nope');
    expect(calls[0]).toContain('project=P1');
    expect(calls[0]).toContain('days=7');
  });

  it('turns the proxy error envelope into an ApiError with kind and status', async () => {
    stubFetch(() =>
      Response.json({ error: { kind: 'auth', message: 'set PHOENIX_API_KEY' } }, { status: 401 }),
    );
    const e = await fetchRemoteTrace(query({ source: 'phoenix' })).catch(x => x as ApiError);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({
      kind: 'auth',
      status: 401,
      message: 'set PHOENIX_API_KEY',
      retryable: false,
    });
  });

  it('says the server is down when fetch fails or another server answers', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(fetchRemoteTrace(query())).rejects.toMatchObject({ kind: 'server-down' });
    stubFetch(() => new Response('<html>vite</html>', { status: 404 }));
    await expect(fetchRemoteTrace(query())).rejects.toMatchObject({
      kind: 'server-down',
      message: /bin\/tpd\.js serve/,
    });
  });

  it('rejects a proxy answer of the wrong shape', async () => {
    stubFetch(() => Response.json({ text: 1 }));
    await expect(fetchRemoteTrace(query())).rejects.toMatchObject({ kind: 'bad-response' });
  });
});

describe('fetchLocalTrace', () => {
  it('reads the receiver trace as OTLP/JSON', async () => {
    const calls = stubFetch(
      () => new Response(sample('otlp-json/basic.json'), { headers: { 'x-tpd-span-count': '3' } }),
    );
    const got = await fetchLocalTrace(ID.toUpperCase(), {});
    expect(calls[0]).toBe(`/api/local/traces/${ID}`);
    expect(got.analysis.format).toBe('otlp-json');
    expect(got.spanCount).toBe(3);
  });
});
