// The app's API: the remote-source proxy (keys stay on the server), the config endpoint, the
// recent-traces list and the live update channel.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempServer, type TempServer } from '../sdk-spans.test-helper.ts';
import {
  SAMPLE_TRACE_ID as ID,
  sample,
  startFakeBackend,
  type FakeBackend,
} from '../sources/fake-backend.test-helper.ts';

let server: TempServer;
let phoenix: FakeBackend;
beforeAll(async () => {
  phoenix = await startFakeBackend(r => {
    if (r.headers.authorization !== 'Bearer secret-key')
      return { status: 401, body: { detail: 'no' } };
    return r.path === '/v1/projects/travel-agent/spans'
      ? { body: sample('phoenix-spans/basic.json') as object }
      : undefined;
  });
  server = await startTempServer({ env: { PHOENIX_API_KEY: 'secret-key' }, sourceTimeoutMs: 2000 });
});
afterAll(async () => {
  await server.dispose();
  await phoenix.close();
});

const api = (path: string, init?: RequestInit) => fetch(`${server.appUrl}${path}`, init);

function postSpans(
  spans: { traceId: string; spanId: string; parentSpanId?: string; name: string }[],
) {
  return fetch(`${server.otlpHttpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeSpans: [{ scope: { name: 'test' }, spans }],
        },
      ],
    }),
  });
}

describe('proxy', () => {
  it('fetches from the backend with the server-side key and returns the text', async () => {
    const res = await api(
      `/api/proxy/phoenix/trace/${ID}?url=${encodeURIComponent(phoenix.url)}&project=travel-agent`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { text: string; format: string; spanCount: number };
    expect(body).toMatchObject({ format: 'phoenix-spans', spanCount: 3 });
    expect(JSON.stringify(body)).not.toContain('secret-key');
  });

  it('maps source errors to HTTP statuses with the message', async () => {
    const notFound = await api(
      `/api/proxy/phoenix/trace/${ID}?url=${encodeURIComponent(phoenix.url)}&project=other`,
    );
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: { kind: string } }).error.kind).toBe('not-found');
    const bad = await api(`/api/proxy/zipkin/trace/nothex?url=http://127.0.0.1:9`);
    expect(bad.status).toBe(400);
    const unreachable = await api(`/api/proxy/zipkin/trace/${ID}?url=http://127.0.0.1:9`);
    expect(unreachable.status).toBe(502);
    expect(((await unreachable.json()) as { error: { message: string } }).error.message).toMatch(
      /Cannot reach Zipkin/,
    );
  });

  it('answers the local source from the store, in the proxy shape', async () => {
    const id = '4'.repeat(32);
    await postSpans([{ traceId: id, spanId: 'f'.repeat(16), name: 'local-via-proxy' }]);
    const body = (await (await api(`/api/proxy/local/trace/${id}`)).json()) as {
      format: string;
      spanCount: number;
      text: string;
    };
    expect(body).toMatchObject({ format: 'otlp-json', spanCount: 1 });
    expect(body.text).toContain('local-via-proxy');
    expect((await api(`/api/proxy/local/trace/${'5'.repeat(32)}`)).status).toBe(404);
    expect((await api('/api/local/traces/%E0%A4%A')).status).toBe(400);
  });

  it('refuses a cross-site page that tries to use the proxy', async () => {
    const res = await api(`/api/proxy/phoenix/trace/${ID}?url=https://attacker.example`, {
      headers: { Origin: 'https://attacker.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(res.status).toBe(403);
    expect(phoenix.requests.some(r => r.headers.host === 'attacker.example')).toBe(false);
  });
});

describe('config', () => {
  it('says which keys are set without revealing them', async () => {
    const config = (await (await api('/api/config')).json()) as {
      sources: { id: string; env: { name: string; set: boolean }[] }[];
      receiver: { otlpHttpUrl: string };
    };
    expect(config.sources.find(s => s.id === 'phoenix')!.env).toEqual([
      { name: 'PHOENIX_API_KEY', set: true },
    ]);
    expect(config.sources.find(s => s.id === 'arize')!.env).toEqual([
      { name: 'ARIZE_API_KEY', set: false },
    ]);
    expect(config.receiver.otlpHttpUrl).toBe(server.otlpHttpUrl);
    expect(JSON.stringify(config)).not.toContain('secret-key');
  });
});

describe('local traces', () => {
  it('lists newest first with root, service and finding counts; a remote-parented root is named', async () => {
    const a = '1'.repeat(32);
    const b = '2'.repeat(32);
    await postSpans([{ traceId: a, spanId: 'a'.repeat(16), name: 'root-a' }]);
    await postSpans([
      { traceId: b, spanId: 'c'.repeat(16), parentSpanId: 'b'.repeat(16), name: 'child' },
      {
        traceId: b,
        spanId: 'b'.repeat(16),
        parentSpanId: 'e'.repeat(16),
        name: 'agent-under-experiment',
      },
    ]);
    const list = (await (await api('/api/local/traces?limit=2')).json()) as {
      traces: {
        traceId: string;
        rootName: string;
        rootParentMissing: boolean;
        serviceName: string;
        spanCount: number;
        findings: { total: number };
      }[];
    };
    expect(list.traces.map(t => t.traceId)).toEqual([b, a]);
    expect(list.traces[0]).toMatchObject({
      rootName: 'agent-under-experiment',
      rootParentMissing: true,
      serviceName: 'svc',
      spanCount: 2,
    });
    expect(list.traces[1]).toMatchObject({ rootName: 'root-a', rootParentMissing: false });
    expect(list.traces[0]!.findings.total).toBeGreaterThan(0);
  });

  it('pushes a `traces` event when spans arrive', async () => {
    const controller = new AbortController();
    const res = await api('/api/local/events', { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const id = '3'.repeat(32);
    let seen = '';
    const read = (async () => {
      const decoder = new TextDecoder();
      while (!seen.includes(id)) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value);
      }
    })();
    await postSpans([{ traceId: id, spanId: 'd'.repeat(16), name: 'live' }]);
    await Promise.race([read, new Promise(r => setTimeout(r, 3000))]);
    controller.abort();
    expect(seen).toMatch(new RegExp(`event: traces\\ndata: \\{"traceIds":\\[[^\\]]*"${id}"`));
  });
});
