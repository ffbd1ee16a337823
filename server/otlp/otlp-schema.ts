// The OTLP trace messages the receiver decodes, as a protobufjs JSON descriptor written from the
// public OTLP specification (field numbers and types of opentelemetry/proto/{collector/trace,
// trace,common,resource}/v1 and google.rpc.Status). Only what an ExportTraceServiceRequest can
// carry is described; unknown fields on the wire are skipped by protobufjs, as proto3 requires.
// Spec: https://opentelemetry.io/docs/specs/otlp/ and
// https://github.com/open-telemetry/opentelemetry-proto/blob/main/docs/specification.md

import protobuf, { type INamespace } from 'protobufjs';

type Fields = Record<string, { type: string; id: number; rule?: 'repeated' }>;

const repeated = (type: string, id: number) => ({ type, id, rule: 'repeated' as const });

const common: Record<string, { fields: Fields; oneofs?: Record<string, { oneof: string[] }> }> = {
  AnyValue: {
    // Exactly one member is set; presence matters even for '' / 0 / false.
    oneofs: {
      value: {
        oneof: [
          'stringValue',
          'boolValue',
          'intValue',
          'doubleValue',
          'arrayValue',
          'kvlistValue',
          'bytesValue',
        ],
      },
    },
    fields: {
      stringValue: { type: 'string', id: 1 },
      boolValue: { type: 'bool', id: 2 },
      intValue: { type: 'int64', id: 3 },
      doubleValue: { type: 'double', id: 4 },
      arrayValue: { type: 'ArrayValue', id: 5 },
      kvlistValue: { type: 'KeyValueList', id: 6 },
      bytesValue: { type: 'bytes', id: 7 },
    },
  },
  ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
  KeyValueList: { fields: { values: repeated('KeyValue', 1) } },
  KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
  InstrumentationScope: {
    fields: {
      name: { type: 'string', id: 1 },
      version: { type: 'string', id: 2 },
      attributes: repeated('KeyValue', 3),
      droppedAttributesCount: { type: 'uint32', id: 4 },
    },
  },
  EntityRef: {
    fields: {
      schemaUrl: { type: 'string', id: 1 },
      type: { type: 'string', id: 2 },
      idKeys: repeated('string', 3),
      descriptionKeys: repeated('string', 4),
    },
  },
};

const resource = {
  Resource: {
    fields: {
      attributes: repeated('opentelemetry.proto.common.v1.KeyValue', 1),
      droppedAttributesCount: { type: 'uint32', id: 2 },
      entityRefs: repeated('opentelemetry.proto.common.v1.EntityRef', 3),
    },
  },
};

const KV = 'opentelemetry.proto.common.v1.KeyValue';

const trace = {
  ResourceSpans: {
    fields: {
      resource: { type: 'opentelemetry.proto.resource.v1.Resource', id: 1 },
      scopeSpans: repeated('ScopeSpans', 2),
      schemaUrl: { type: 'string', id: 3 },
    },
  },
  ScopeSpans: {
    fields: {
      scope: { type: 'opentelemetry.proto.common.v1.InstrumentationScope', id: 1 },
      spans: repeated('Span', 2),
      schemaUrl: { type: 'string', id: 3 },
    },
  },
  Span: {
    fields: {
      traceId: { type: 'bytes', id: 1 },
      spanId: { type: 'bytes', id: 2 },
      traceState: { type: 'string', id: 3 },
      parentSpanId: { type: 'bytes', id: 4 },
      flags: { type: 'fixed32', id: 16 },
      name: { type: 'string', id: 5 },
      kind: { type: 'int32', id: 6 }, // enum SpanKind; JSON writes the number
      startTimeUnixNano: { type: 'fixed64', id: 7 },
      endTimeUnixNano: { type: 'fixed64', id: 8 },
      attributes: repeated(KV, 9),
      droppedAttributesCount: { type: 'uint32', id: 10 },
      events: repeated('Event', 11),
      droppedEventsCount: { type: 'uint32', id: 12 },
      links: repeated('Link', 13),
      droppedLinksCount: { type: 'uint32', id: 14 },
      status: { type: 'Status', id: 15 },
    },
  },
  Event: {
    fields: {
      timeUnixNano: { type: 'fixed64', id: 1 },
      name: { type: 'string', id: 2 },
      attributes: repeated(KV, 3),
      droppedAttributesCount: { type: 'uint32', id: 4 },
    },
  },
  Link: {
    fields: {
      traceId: { type: 'bytes', id: 1 },
      spanId: { type: 'bytes', id: 2 },
      traceState: { type: 'string', id: 3 },
      attributes: repeated(KV, 4),
      droppedAttributesCount: { type: 'uint32', id: 5 },
      flags: { type: 'fixed32', id: 6 },
    },
  },
  // Field 1 is reserved in the spec.
  Status: { fields: { message: { type: 'string', id: 2 }, code: { type: 'int32', id: 3 } } },
};

const collector = {
  ExportTraceServiceRequest: {
    fields: { resourceSpans: repeated('opentelemetry.proto.trace.v1.ResourceSpans', 1) },
  },
  ExportTraceServiceResponse: {
    fields: { partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 } },
  },
  ExportTracePartialSuccess: {
    fields: { rejectedSpans: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } },
  },
};

// google.rpc.Status: the body of an OTLP/HTTP error response.
const rpc = {
  Status: {
    fields: {
      code: { type: 'int32', id: 1 },
      message: { type: 'string', id: 2 },
      details: repeated('Any', 3),
    },
  },
  Any: { fields: { typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
};

const v1 = (nested: INamespace['nested']): INamespace => ({ nested: { v1: { nested } } });

export const otlpRoot = protobuf.Root.fromJSON({
  nested: {
    opentelemetry: {
      nested: {
        proto: {
          nested: {
            common: v1(common),
            resource: v1(resource),
            trace: v1(trace),
            collector: { nested: { trace: v1(collector) } },
          },
        },
      },
    },
    google: { nested: { rpc: { nested: rpc } } },
  },
});

export const ExportTraceServiceRequest = otlpRoot.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);
export const ExportTraceServiceResponse = otlpRoot.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
);
export const RpcStatus = otlpRoot.lookupType('google.rpc.Status');

/** gRPC method path of the OTLP trace service. */
export const TRACE_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
