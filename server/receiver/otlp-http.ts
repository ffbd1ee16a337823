// OTLP/HTTP trace receiver: `POST /v1/traces` with `application/json` or
// `application/x-protobuf` bodies, optionally gzip-compressed — what every OpenTelemetry SDK's
// OTLP/HTTP exporter sends by default to port 4318. Success answers an empty
// ExportTraceServiceResponse in the request's encoding; errors answer a google.rpc.Status with
// 400 (malformed: nothing is stored), 413 (too large), 415 (unknown content type) or 503 (the
// store failed; exporters retry 503). Spec: https://opentelemetry.io/docs/specs/otlp/#otlphttp

import type { IncomingMessage, ServerResponse } from 'node:http';
import { InputText } from '../../src/core/input/input-text.ts';
import { PayloadError, readExportRequest, type ReceivedBatch } from '../otlp/export-request.ts';
import { RpcStatus } from '../otlp/otlp-schema.ts';
import { decodeTraceRequest, ProtobufDecodeError } from '../otlp/protobuf-to-json.ts';
import { BodyError, readBody } from './read-body.ts';

export interface OtlpHttpOptions {
  /** Store a checked request (synchronous: the response says whether it is stored). */
  ingest: (batch: ReceivedBatch) => void;
  maxBodyBytes: number;
  log?: (line: string) => void;
}

type Encoding = 'json' | 'protobuf';

// gRPC status codes used in google.rpc.Status bodies.
const INVALID_ARGUMENT = 3;
const RESOURCE_EXHAUSTED = 8;
const UNAVAILABLE = 14;

function encodingOf(contentType: string | undefined): Encoding | null {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (t === 'application/json') return 'json';
  if (t === 'application/x-protobuf' || t === 'application/protobuf') return 'protobuf';
  return null;
}

function reply(
  res: ServerResponse,
  status: number,
  encoding: Encoding,
  body: Uint8Array | string,
): void {
  res.writeHead(status, {
    'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function fail(
  res: ServerResponse,
  status: number,
  encoding: Encoding,
  code: number,
  message: string,
): void {
  const body =
    encoding === 'json'
      ? JSON.stringify({ code, message })
      : RpcStatus.encode(RpcStatus.create({ code, message })).finish();
  if (status === 413) res.setHeader('Connection', 'close');
  reply(res, status, encoding, body);
}

/** Decode a body into the OTLP/JSON object shape. Throws PayloadError. */
export function decodeBody(body: Buffer, encoding: Encoding): unknown {
  if (encoding === 'protobuf') {
    try {
      return decodeTraceRequest(body);
    } catch (e) {
      if (e instanceof ProtobufDecodeError) throw new PayloadError(e.message);
      throw e;
    }
  }
  const parsed = InputText.fromBytes(body).json();
  if (!parsed.ok)
    throw new PayloadError(
      `invalid JSON at line ${parsed.error.line}, column ${parsed.error.column}: ${parsed.error.message}`,
    );
  return parsed.value;
}

export function createOtlpHttpHandler(opts: OtlpHttpOptions) {
  const ignoredSignals = new Set<string>();
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const encoding = encodingOf(req.headers['content-type']);
    const signal = /^\/v1\/(traces|metrics|logs)\/?$/.exec(path)?.[1];
    if (!signal) {
      req.resume();
      return fail(
        res,
        404,
        encoding ?? 'json',
        5,
        `no OTLP endpoint at ${path}; send traces to /v1/traces`,
      );
    }
    if (req.method !== 'POST') {
      req.resume();
      res.setHeader('Allow', 'POST');
      return fail(res, 405, encoding ?? 'json', INVALID_ARGUMENT, `${path} accepts POST only`);
    }
    if (!encoding) {
      req.resume();
      return fail(
        res,
        415,
        'json',
        INVALID_ARGUMENT,
        `unsupported Content-Type "${req.headers['content-type'] ?? ''}" (use application/json or application/x-protobuf)`,
      );
    }
    let body: Buffer;
    try {
      body = await readBody(req, opts.maxBodyBytes);
    } catch (e) {
      if (!(e instanceof BodyError)) throw e;
      return fail(
        res,
        e.status,
        encoding,
        e.status === 413 ? RESOURCE_EXHAUSTED : INVALID_ARGUMENT,
        e.message,
      );
    }
    if (signal !== 'traces') {
      // Agents pointed at this receiver with OTEL_EXPORTER_OTLP_ENDPOINT also export metrics and
      // logs; accept and discard them (said once in the server log) so the agent does not log
      // export errors.
      if (!ignoredSignals.has(signal)) {
        ignoredSignals.add(signal);
        opts.log?.(`OTLP ${signal} received and ignored: this receiver keeps traces only`);
      }
      return reply(res, 200, encoding, encoding === 'json' ? '{}' : new Uint8Array());
    }
    let batch: ReceivedBatch;
    try {
      batch = readExportRequest(decodeBody(body, encoding));
    } catch (e) {
      if (!(e instanceof PayloadError)) throw e;
      return fail(
        res,
        400,
        encoding,
        INVALID_ARGUMENT,
        `malformed OTLP trace request: ${e.message}`,
      );
    }
    try {
      opts.ingest(batch);
    } catch (e) {
      opts.log?.(`storing spans failed: ${(e as Error).message}`);
      return fail(
        res,
        503,
        encoding,
        UNAVAILABLE,
        `could not store the spans: ${(e as Error).message}`,
      );
    }
    reply(res, 200, encoding, encoding === 'json' ? '{}' : new Uint8Array());
  };
}
