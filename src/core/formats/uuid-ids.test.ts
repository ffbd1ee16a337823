import { describe, expect, it } from 'vitest';
import { UuidSpanIds, isUuid, spanIdFromUuid, uuidTraceId } from './uuid-ids.ts';

describe('uuid ids', () => {
  it('uses the first 16 hex digits as span id, like LangSmith’s uuid_to_otel_span_id', () => {
    expect(spanIdFromUuid('01946983-4C4C-7acf-84d5-e6f708192a3b')).toBe('019469834c4c7acf');
  });

  it('reads back the OTel span id a UUID wraps (first 8 bytes zero)', () => {
    expect(spanIdFromUuid('00000000-0000-0000-3c5d-7e9f1a2b4c6d')).toBe('3c5d7e9f1a2b4c6d');
  });

  it('makes the trace id from all 32 digits and passes other values through', () => {
    expect(uuidTraceId('7d3a1f2c-9b8e-4d6f-a1c2-b3d4e5f60718')).toBe(
      '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
    );
    expect(uuidTraceId('7d3a1f2c9b8e4d6fa1c2b3d4e5f60718')).toBe(
      '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
    );
    expect(isUuid('7d3a1f2c9b8e4d6fa1c2b3d4e5f60718')).toBe(false);
  });

  it('gives the second of two colliding UUIDs its last 16 digits and records it', () => {
    const ids = new UuidSpanIds();
    ids.assign('01946983-4c4c-7acf-84d5-000000000001');
    ids.assign('01946983-4c4c-7acf-84d5-000000000002');
    expect(ids.spanId('01946983-4c4c-7acf-84d5-000000000001')).toBe('019469834c4c7acf');
    expect(ids.spanId('01946983-4c4c-7acf-84d5-000000000002')).toBe('84d5000000000002');
    expect(ids.collisions).toHaveLength(1);
    expect(ids.spanId('a1b2')).toBe('a1b2');
  });
});
