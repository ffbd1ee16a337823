// Malformed OTLP payloads get 400 with a message and store nothing (not even the valid spans
// before the bad one); oversized bodies get 413; the API answers the app only.

import * as grpc from '@grpc/grpc-js';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcStatus, TRACE_EXPORT_PATH } from '../otlp/otlp-schema.ts';
import { startTempServer, type TempServer } from '../sdk-spans.test-helper.ts';

let server: TempServer;
beforeAll(async () => {
  server = await startTempServer({ maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await server.dispose();
});

const TRACE = 'aa'.repeat(16);
const span = (spanId: string, extra: object = {}) => ({
  traceId: TRACE,
  spanId,
  name: 'op',
  ...extra,
});
const request1 = (spans: object[]) =>
  JSON.stringify({
    resourceSpans: [{ resource: {}, scopeSpans: [{ scope: { name: 's' }, spans }] }],
  });

function post(
  body: string | Uint8Array,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
  path = '/v1/traces',
) {
  return fetch(`${server.otlpHttpUrl}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

const stored = () => server.store.stats().spans;

describe('OTLP/HTTP malformed payloads', () => {
  it('answers 400 with the line and column of invalid JSON and stores nothing', async () => {
    const before = stored();
    const res = await post('{"resourceSpans": [ {"scopeSpans": [}');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.code).toBe(3);
    expect(body.message).toMatch(/invalid JSON at line 1, column \d+/);
    expect(stored()).toBe(before);
  });

  it('rejects the whole request when one span is bad, naming its path', async () => {
    const before = stored();
    const res = await post(request1([span('0123456789abcdef'), span('ASNFZ4mrze8=')]));
    expect(res.status).toBe(400);
    const { message } = (await res.json()) as { message: string };
    expect(message).toContain('resourceSpans[0].scopeSpans[0].spans[1].spanId');
    expect(message).toContain('base64');
    expect(stored()).toBe(before);
    expect(server.store.getTrace(TRACE)).toBeNull();
  });

  it.each([
    ['snake_case keys', '{"resource_spans": []}', /lowerCamelCase/],
    ['a Jaeger dump', '{"data": [{"traceID": "x"}]}', /no resourceSpans/],
    ['a span without trace id', request1([{ spanId: '0123456789abcdef' }]), /traceId is missing/],
    [
      'a short trace id',
      request1([span('0123456789abcdef', { traceId: 'abc' })]),
      /traceId must be 32 hex/,
    ],
    [
      'a non-array spans list',
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: {} }] }] }),
      /spans must be an array/,
    ],
    [
      'legacy instrumentationLibrarySpans',
      JSON.stringify({ resourceSpans: [{ instrumentationLibrarySpans: [] }] }),
      /legacy/,
    ],
  ])('rejects %s with 400', async (_what, body, message) => {
    const before = stored();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(message);
    expect(stored()).toBe(before);
  });

  it('answers protobuf garbage with a protobuf google.rpc.Status', async () => {
    const before = stored();
    const res = await post(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), {
      'Content-Type': 'application/x-protobuf',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const status = RpcStatus.toObject(
      RpcStatus.decode(new Uint8Array(await res.arrayBuffer())),
    ) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/not a valid OTLP ExportTraceServiceRequest/);
    expect(stored()).toBe(before);
  });

  it('answers 415 for an unknown content type and 405 for GET', async () => {
    expect((await post('x', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`${server.otlpHttpUrl}/v1/traces`)).status).toBe(405);
    expect(
      (await post('x', { 'Content-Type': 'application/json', 'Content-Encoding': 'br' })).status,
    ).toBe(415);
  });

  it('accepts an empty request and ignores metrics and logs without storing them', async () => {
    const before = stored();
    expect((await post('{}')).status).toBe(200);
    expect((await post('{"resourceMetrics": []}', undefined, '/v1/metrics')).status).toBe(200);
    expect(stored()).toBe(before);
  });

  it('answers 400 for a body that claims gzip but is not', async () => {
    const res = await post('not gzip', {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    });
    expect(res.status).toBe(400);
  });
});

describe('size limits', () => {
  it('answers 413 for a body over the limit', async () => {
    const big = request1([span('0123456789abcdef', { name: 'x'.repeat(100 * 1024) })]);
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /exceeds the 0.06 MiB limit/,
    );
    expect(server.store.getTrace(TRACE)).toBeNull();
  });

  it('answers 413 for a gzip body that inflates past the limit', async () => {
    const bomb = gzipSync(
      Buffer.from(request1([span('0123456789abcdef', { name: 'x'.repeat(1024 * 1024) })])),
    );
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await post(bomb, {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /decompressed body exceeds/,
    );
  });
});

describe('OTLP/gRPC malformed and oversized messages', () => {
  function exportRaw(bytes: Buffer): Promise<grpc.ServiceError | null> {
    const client = new grpc.Client(server.otlpGrpcAddress!, grpc.credentials.createInsecure());
    return new Promise(resolve =>
      client.makeUnaryRequest(
        TRACE_EXPORT_PATH,
        (b: Buffer) => b,
        (b: Buffer) => b,
        bytes,
        err => {
          client.close();
          resolve(err);
        },
      ),
    );
  }

  it('answers INVALID_ARGUMENT and stores nothing', async () => {
    const before = stored();
    const err = await exportRaw(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err?.details).toMatch(/malformed OTLP trace request/);
    expect(stored()).toBe(before);
  });

  it('answers RESOURCE_EXHAUSTED over the size limit', async () => {
    const err = await exportRaw(Buffer.alloc(100 * 1024, 0));
    expect(err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });
});

describe('binding and origin checks', () => {
  it('binds the receivers and the app to 127.0.0.1 by default', () => {
    expect(server.otlpHttpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.otlpGrpcAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(server.appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses API calls from another origin', async () => {
    const res = await fetch(`${server.appUrl}/api/local/traces`, {
      headers: { Origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const port = new URL(server.appUrl).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/local/traces',
          headers: { Host: `evil.example:${port}` },
        },
        res => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('serves the app with a strict Content-Security-Policy and an SPA fallback', async () => {
    const res = await fetch(`${server.appUrl}/some/deep/link`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<div id="root">');
    expect((await fetch(`${server.appUrl}/missing.js`)).status).toBe(404);
    for (const escape of ['/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd'])
      expect(await (await fetch(`${server.appUrl}${escape}`)).text()).not.toContain('root:');
  });
});
