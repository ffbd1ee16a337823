// OTLP/gRPC trace receiver: the `opentelemetry.proto.collector.trace.v1.TraceService/Export`
// unary method on port 4317 (the OTLP default), with grpc-js. Messages are passed through as raw
// bytes and decoded by the same protobuf → OTLP/JSON path as OTLP/HTTP; grpc-js handles gzip
// message compression and the size limit (RESOURCE_EXHAUSTED). A malformed request answers
// INVALID_ARGUMENT and stores nothing; a store failure answers UNAVAILABLE (retryable).
// Spec: https://opentelemetry.io/docs/specs/otlp/#otlpgrpc

import * as grpc from '@grpc/grpc-js';
import { PayloadError, readExportRequest, type ReceivedBatch } from '../otlp/export-request.ts';
import { TRACE_EXPORT_PATH } from '../otlp/otlp-schema.ts';
import { decodeTraceRequest, ProtobufDecodeError } from '../otlp/protobuf-to-json.ts';

export interface OtlpGrpcOptions {
  ingest: (batch: ReceivedBatch) => void;
  maxBodyBytes: number;
  log?: (line: string) => void;
}

const passThrough = (b: Buffer): Buffer => b;

const traceService: grpc.ServiceDefinition = {
  Export: {
    path: TRACE_EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
    originalName: 'Export',
  },
};

/** Start the gRPC server; resolves with the bound port. */
export async function startOtlpGrpc(
  host: string,
  port: number,
  opts: OtlpGrpcOptions,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': opts.maxBodyBytes,
  });
  server.addService(traceService, {
    Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      let batch: ReceivedBatch;
      try {
        batch = readExportRequest(decodeTraceRequest(call.request));
      } catch (e) {
        if (e instanceof PayloadError || e instanceof ProtobufDecodeError)
          return callback({
            code: grpc.status.INVALID_ARGUMENT,
            details: `malformed OTLP trace request: ${e.message}`,
          });
        return callback({ code: grpc.status.INTERNAL, details: (e as Error).message });
      }
      try {
        opts.ingest(batch);
      } catch (e) {
        opts.log?.(`storing spans failed: ${(e as Error).message}`);
        return callback({
          code: grpc.status.UNAVAILABLE,
          details: `could not store the spans: ${(e as Error).message}`,
        });
      }
      // An empty ExportTraceServiceResponse encodes to zero bytes.
      callback(null, Buffer.alloc(0));
    },
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${host.includes(':') ? `[${host}]` : host}:${port}`,
      grpc.ServerCredentials.createInsecure(),
      (err, p) => (err ? reject(err) : resolve(p)),
    ),
  );
  return {
    port: bound,
    close: () =>
      new Promise<void>(resolve => {
        server.tryShutdown(() => resolve());
        // Do not wait forever for a client that keeps a stream open.
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}
