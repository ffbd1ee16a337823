import { describe, expect, it } from 'vitest';
import { ExportTraceServiceRequest } from './otlp-schema.ts';
import { decodeTraceRequest, ProtobufDecodeError } from './protobuf-to-json.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

function encode(span: object, attributes: object[] = []): Uint8Array {
  return ExportTraceServiceRequest.encode(
    ExportTraceServiceRequest.fromObject({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeSpans: [
            { scope: { name: 'lib', version: '1.0' }, spans: [{ ...span, attributes }] },
          ],
          schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        },
      ],
    }),
  ).finish();
}

type Decoded = { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
const firstSpan = (bytes: Uint8Array) =>
  (decodeTraceRequest(bytes) as Decoded).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;

describe('decodeTraceRequest', () => {
  it('writes the OTLP/JSON mapping: hex ids, decimal-string 64-bit times, numeric enums', () => {
    const s = firstSpan(
      encode({
        traceId: hex('5b8efff798038103d269b633813fc60c'),
        spanId: hex('eee19b7ec3c1b174'),
        parentSpanId: hex('eee19b7ec3c1b173'),
        name: 'op',
        kind: 2,
        flags: 0x301,
        startTimeUnixNano: '18446744073709551615',
        endTimeUnixNano: '1544712660300000000',
        status: { code: 2, message: 'boom' },
        events: [{ timeUnixNano: '1544712660500000000', name: 'e' }],
        links: [
          {
            traceId: hex('5b8efff798038103d269b633813fc60c'),
            spanId: hex('0102030405060708'),
            flags: 1,
          },
        ],
      }),
    );
    expect(s).toEqual({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: 'eee19b7ec3c1b173',
      flags: 0x301,
      name: 'op',
      kind: 2,
      startTimeUnixNano: '18446744073709551615',
      endTimeUnixNano: '1544712660300000000',
      events: [{ timeUnixNano: '1544712660500000000', name: 'e' }],
      links: [
        { traceId: '5b8efff798038103d269b633813fc60c', spanId: '0102030405060708', flags: 1 },
      ],
      status: { message: 'boom', code: 2 },
    });
  });

  it('keeps every attribute value kind, including set-but-default ones', () => {
    const s = firstSpan(
      encode({ traceId: hex('01'.repeat(16)), spanId: hex('02'.repeat(8)) }, [
        { key: 'neg', value: { intValue: '-9223372036854775808' } },
        { key: 'zero', value: { intValue: 0 } },
        { key: 'empty', value: { stringValue: '' } },
        { key: 'no', value: { boolValue: false } },
        { key: 'nan', value: { doubleValue: NaN } },
        { key: 'raw', value: { bytesValue: Buffer.from([0xde, 0xad]) } },
        { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 2 }] } } },
        {
          key: 'map',
          value: { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }] } },
        },
        { key: 'unset', value: {} },
      ]),
    );
    expect(s.attributes).toEqual([
      { key: 'neg', value: { intValue: '-9223372036854775808' } },
      { key: 'zero', value: { intValue: '0' } },
      { key: 'empty', value: { stringValue: '' } },
      { key: 'no', value: { boolValue: false } },
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'raw', value: { bytesValue: '3q0=' } },
      { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }] } } },
      {
        key: 'map',
        value: { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }] } },
      },
      { key: 'unset', value: {} },
    ]);
  });

  it('keeps the resource, scope and schema URL', () => {
    const req = decodeTraceRequest(
      encode({ traceId: hex('01'.repeat(16)), spanId: hex('02'.repeat(8)) }),
    ) as {
      resourceSpans: Record<string, unknown>[];
    };
    const rs = req.resourceSpans[0]!;
    expect(rs.resource).toEqual({
      attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }],
    });
    expect(rs.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    expect((rs.scopeSpans as { scope: unknown }[])[0]!.scope).toEqual({
      name: 'lib',
      version: '1.0',
    });
  });

  it('decodes an empty request and rejects truncated bytes', () => {
    expect(decodeTraceRequest(new Uint8Array())).toEqual({});
    expect(() => decodeTraceRequest(encode({ name: 'x'.repeat(50) }).slice(0, 20))).toThrow(
      ProtobufDecodeError,
    );
  });
});
