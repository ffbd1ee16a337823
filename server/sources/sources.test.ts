// Each remote source against a local fake backend that answers as the real API documents:
// pagination, the project lookup, 401, 404, an API that is missing, timeouts and unreachable hosts.
// What comes back must read as the same trace through analyze().

import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze.ts';
import {
  SAMPLE_TRACE_ID as ID,
  sample,
  startFakeBackend,
  type FakeBackend,
  type Route,
} from './fake-backend.test-helper.ts';
import { fetchTrace, SourceError, type SourceRequest } from './index.ts';

let fake: FakeBackend | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function backend(route: Route): Promise<FakeBackend> {
  fake = await startFakeBackend(route);
  return fake;
}

async function failure(source: string, req: SourceRequest): Promise<SourceError> {
  try {
    await fetchTrace(source, req);
  } catch (e) {
    if (e instanceof SourceError) return e;
    throw e;
  }
  throw new Error('expected a SourceError');
}

type Page<T> = { data: T[] };

/** A backend that answers `body` (a sample, or JSON written here) at `path` only. */
const only =
  (path: string, body: unknown): Route =>
  r =>
    r.path === path ? { body: body as object } : undefined;

describe('phoenix', () => {
  const spans = (sample('phoenix-spans/basic.json') as Page<unknown>).data;
  const pages: Route = r => {
    if (r.path !== '/v1/projects/travel-agent/spans' || r.query.get('trace_id') !== ID)
      return undefined;
    return r.query.get('cursor') === 'U3BhbjoxMA=='
      ? { body: { data: spans.slice(2), next_cursor: null } }
      : { body: { data: spans.slice(0, 2), next_cursor: 'U3BhbjoxMA==' } };
  };

  it('follows next_cursor and returns every page for analyze()', async () => {
    const b = await backend(pages);
    const t = await fetchTrace('phoenix', {
      url: b.url,
      traceId: ID,
      project: 'travel-agent',
      env: {},
    });
    expect(b.requests.map(r => r.query.get('cursor'))).toEqual([null, 'U3BhbjoxMA==']);
    expect(b.requests[0]!.query.get('limit')).toBe('1000');
    expect(t.spanCount).toBe(3);
    const a = analyze({ text: t.text, fileName: t.fileName });
    expect(a.format).toBe('phoenix-spans');
    expect(a.spans.map(s => s.spanId).sort()).toEqual(
      (spans as { context: { span_id: string } }[]).map(s => s.context.span_id).sort(),
    );
    expect(a.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
  });

  it('sends the API key from PHOENIX_API_KEY as a bearer token', async () => {
    const b = await backend(pages);
    await fetchTrace('phoenix', {
      url: b.url,
      traceId: ID,
      project: 'travel-agent',
      env: { PHOENIX_API_KEY: 'k-123' },
    });
    expect(b.requests[0]!.headers.authorization).toBe('Bearer k-123');
  });

  it('finds the project with GraphQL getTraceByOtelId when none is given', async () => {
    const b = await backend(r => {
      if (r.path === '/graphql') {
        const q = JSON.parse(r.body) as { query: string; variables: { traceId: string } };
        expect(q.query).toContain('getTraceByOtelId');
        return {
          body: {
            data: {
              getTraceByOtelId:
                q.variables.traceId === ID ? { project: { name: 'travel-agent' } } : null,
            },
          },
        };
      }
      return pages(r);
    });
    const t = await fetchTrace('phoenix', { url: b.url, traceId: ID, env: {} });
    expect(t.spanCount).toBe(3);
    expect(t.notes.join(' ')).toContain('travel-agent');
    const missing = await failure('phoenix', { url: b.url, traceId: 'f'.repeat(32), env: {} });
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toMatch(/not found in any project/);
  });

  it('says which key to set on 401', async () => {
    const b = await backend(() => ({ status: 401, body: { detail: 'Invalid token' } }));
    const e = await failure('phoenix', { url: b.url, traceId: ID, project: 'p', env: {} });
    expect(e.kind).toBe('auth');
    expect(e.proxyStatus).toBe(401);
    expect(e.message).toMatch(/PHOENIX_API_KEY/);
  });

  it('names the project on 404 and when the trace has no spans there', async () => {
    const b = await backend(r =>
      r.path.includes('/nope/')
        ? { status: 404, body: { detail: 'Project not found' } }
        : { body: { data: [], next_cursor: null } },
    );
    const noProject = await failure('phoenix', {
      url: b.url,
      traceId: ID,
      project: 'nope',
      env: {},
    });
    expect(noProject.kind).toBe('not-found');
    expect(noProject.message).toMatch(/no project "nope"/);
    const noSpans = await failure('phoenix', {
      url: b.url,
      traceId: ID,
      project: 'empty',
      env: {},
    });
    expect(noSpans.message).toMatch(/no spans in Phoenix project "empty"/);
  });

  it('stops when the server sends a page cursor a second time', async () => {
    const b = await backend(() => ({ body: { data: spans.slice(0, 1), next_cursor: 'again' } }));
    const e = await failure('phoenix', { url: b.url, traceId: ID, project: 'p', env: {} });
    expect(e.kind).toBe('bad-response');
    expect(e.message).toMatch(/same page cursor twice/);
    expect(b.requests).toHaveLength(2);
  });

  it('refuses a server that ignores the trace_id filter', async () => {
    const other = {
      ...(spans[0] as object),
      context: { trace_id: 'b'.repeat(32), span_id: '1'.repeat(16) },
    };
    const b = await backend(() => ({ body: { data: [other], next_cursor: null } }));
    const e = await failure('phoenix', { url: b.url, traceId: ID, project: 'p', env: {} });
    expect(e.message).toMatch(/ignored the trace_id filter/);
  });
});

describe('arize', () => {
  const spans = (sample('arize-export/rest-v2.json') as Page<unknown>).data;
  const pages: Route = r => {
    if (r.method !== 'POST' || r.path !== '/v2/spans') return undefined;
    return r.query.get('cursor') === 'c2'
      ? { body: { data: spans.slice(1), pagination: { has_more: false } } }
      : { body: { data: spans.slice(0, 1), pagination: { next_cursor: 'c2', has_more: true } } };
  };

  it('posts the trace filter with the key and follows the cursor', async () => {
    const b = await backend(pages);
    const t = await fetchTrace('arize', {
      url: b.url,
      traceId: ID,
      project: 'UHJvamVjdDox',
      env: { ARIZE_API_KEY: 'ak' },
    });
    expect(b.requests).toHaveLength(2);
    const body = JSON.parse(b.requests[0]!.body) as Record<string, string>;
    expect(body).toMatchObject({
      project_id: 'UHJvamVjdDox',
      filter: `context.trace_id = '${ID}'`,
    });
    expect(Date.parse(body.start_time!)).toBeLessThan(Date.parse(body.end_time!));
    expect(b.requests[0]!.headers.authorization).toBe('Bearer ak');
    expect(b.requests[1]!.query.get('cursor')).toBe('c2');
    const a = analyze({ text: t.text });
    expect(a.format).toBe('arize-export');
    expect(a.spans).toHaveLength(3);
  });

  it('needs a key and a project before calling anything', async () => {
    const b = await backend(pages);
    expect(
      (await failure('arize', { url: b.url, traceId: ID, project: 'p', env: {} })).message,
    ).toMatch(/ARIZE_API_KEY/);
    expect(
      (await failure('arize', { url: b.url, traceId: ID, env: { ARIZE_API_KEY: 'k' } })).kind,
    ).toBe('bad-request');
    expect(b.requests).toHaveLength(0);
  });

  it('reports 403, 404 and an empty window specifically', async () => {
    let status = 403;
    const b = await backend(() =>
      status === 200
        ? { body: { data: [], pagination: { has_more: false } } }
        : { status, body: { error: 'x' } },
    );
    const env = { ARIZE_API_KEY: 'k' };
    const forbidden = await failure('arize', { url: b.url, traceId: ID, project: 'p', env });
    expect([forbidden.kind, forbidden.proxyStatus]).toEqual(['auth', 403]);
    status = 404;
    expect(
      (await failure('arize', { url: b.url, traceId: ID, project: 'p', env })).message,
    ).toMatch(/project "p" was not found/);
    status = 200;
    expect(
      (await failure('arize', { url: b.url, traceId: ID, project: 'p', env, days: 3 })).message,
    ).toMatch(/last 3 days/);
  });
});

describe('jaeger', () => {
  it('reads API v3 (OTLP) first', async () => {
    const b = await backend(only(`/api/v3/traces/${ID}`, sample('otlp-json/jaeger-api-v3.json')));
    const t = await fetchTrace('jaeger', { url: b.url, traceId: ID, env: {} });
    expect(t.format).toBe('otlp-json');
    expect(analyze({ text: t.text }).spans.length).toBe(t.spanCount);
  });

  it('falls back to /api/traces when v3 is not served', async () => {
    const b = await backend(only(`/api/traces/${ID}`, sample('jaeger-json/basic.json')));
    const t = await fetchTrace('jaeger', { url: b.url, traceId: ID, env: {} });
    expect(t.format).toBe('jaeger-json');
    expect(analyze({ text: t.text }).format).toBe('jaeger-json');
    expect(b.requests.map(r => r.path)).toEqual([`/api/v3/traces/${ID}`, `/api/traces/${ID}`]);
  });

  it('reports not found from either API', async () => {
    let b = await backend(() => ({
      status: 404,
      body: { error: { httpCode: 404, message: 'trace not found' } },
    }));
    expect((await failure('jaeger', { url: b.url, traceId: ID, env: {} })).kind).toBe('not-found');
    await b.close();
    b = await backend(r =>
      r.path.startsWith('/api/traces/')
        ? {
            status: 404,
            body: {
              data: null,
              total: 0,
              limit: 0,
              offset: 0,
              errors: [{ code: 404, msg: 'trace not found' }],
            },
          }
        : undefined,
    );
    fake = b;
    const e = await failure('jaeger', { url: b.url, traceId: ID.slice(16), env: {} });
    expect(e.kind).toBe('not-found');
    expect(e.message).toMatch(/was not found in Jaeger/);
  });

  it('says when the URL is not a Jaeger query service', async () => {
    const b = await backend(() => undefined);
    expect((await failure('jaeger', { url: b.url, traceId: ID, env: {} })).message).toMatch(
      /port 16686/,
    );
  });
});

describe('tempo', () => {
  it('reads API v2 and notes a partial result; sends the tenant header', async () => {
    const body = {
      ...(sample('otlp-json/tempo-v2.json') as object),
      status: 'PARTIAL',
      message: 'querier timeout',
    };
    const b = await backend(only(`/api/v2/traces/${ID}`, body));
    const t = await fetchTrace('tempo', {
      url: b.url,
      traceId: ID,
      env: { TPD_TEMPO_ORG_ID: 'team-a' },
    });
    expect(b.requests[0]!.headers['x-scope-orgid']).toBe('team-a');
    expect(t.notes.join(' ')).toMatch(/PARTIAL: querier timeout/);
    expect(analyze({ text: t.text }).spans.length).toBe(t.spanCount);
  });

  it('falls back to /api/traces on an older Tempo', async () => {
    const b = await backend(only(`/api/traces/${ID}`, sample('otlp-json/tempo-batches.json')));
    const t = await fetchTrace('tempo', { url: b.url, traceId: ID, env: {} });
    expect(analyze({ text: t.text }).spans.length).toBe(t.spanCount);
  });

  it('reports "trace not found"', async () => {
    const b = await backend(() => ({ status: 404, body: 'trace not found\n' }));
    const e = await failure('tempo', { url: b.url, traceId: ID, env: {} });
    expect(e.kind).toBe('not-found');
    expect(b.requests).toHaveLength(1);
  });
});

describe('zipkin', () => {
  it('reads the span array', async () => {
    const b = await backend(only(`/api/v2/trace/${ID}`, sample('zipkin-v2/basic.json')));
    const t = await fetchTrace('zipkin', { url: b.url, traceId: ID, env: {} });
    expect(t.format).toBe('zipkin-v2');
    expect(analyze({ text: t.text }).spans).toHaveLength(t.spanCount);
  });

  it('reports 404 as not found', async () => {
    const b = await backend(() => ({ status: 404, body: 'Trace not found' }));
    expect((await failure('zipkin', { url: b.url, traceId: ID, env: {} })).kind).toBe('not-found');
  });
});

describe('every source', () => {
  it.each(['phoenix', 'arize', 'jaeger', 'tempo', 'zipkin', 'local'])(
    '%s rejects a malformed trace id before any request',
    async source => {
      const b = await backend(() => ({ body: {} }));
      const e = await failure(source, {
        url: b.url,
        traceId: 'not-a-trace-id',
        project: 'p',
        env: { ARIZE_API_KEY: 'k' },
      });
      expect(e.kind).toBe('bad-trace-id');
      expect(e.proxyStatus).toBe(400);
      expect(b.requests).toHaveLength(0);
    },
  );

  it('reports an unreachable host', async () => {
    const b = await backend(() => ({ body: {} }));
    const url = b.url;
    await b.close();
    fake = null;
    const e = await failure('zipkin', { url, traceId: ID, env: {} });
    expect(e.kind).toBe('unreachable');
    expect(e.message).toMatch(/Cannot reach Zipkin at .*connection refused/);
  });

  it('reports a timeout', async () => {
    const b = await backend(() => ({ body: [], delayMs: 1500 }));
    const e = await failure('tempo', { url: b.url, traceId: ID, env: {}, timeoutMs: 200 });
    expect(e.kind).toBe('timeout');
    expect(e.proxyStatus).toBe(504);
    expect(e.message).toMatch(/did not answer within 0.2 s/);
  });

  it('explains an HTML page (the UI instead of the API)', async () => {
    const b = await backend(() => ({
      body: '<!doctype html><html>…</html>',
      headers: { 'Content-Type': 'text/html' },
    }));
    const e = await failure('zipkin', { url: b.url, traceId: ID, env: {} });
    expect(e.kind).toBe('bad-response');
    expect(e.message).toMatch(/HTML page/);
  });

  it('rejects a URL that is not http(s)', async () => {
    expect((await failure('jaeger', { url: 'ftp://x', traceId: ID, env: {} })).kind).toBe(
      'bad-request',
    );
    expect((await failure('nosuch', { url: 'http://x', traceId: ID })).message).toMatch(
      /Unknown source/,
    );
  });
});
