import { describe, expect, it } from 'vitest';
import { isValidSpanId, isValidTraceId, normalizeId, normalizeParentId } from './ids.ts';

describe('normalizeId', () => {
  it('lower-cases hex and strips 0x', () => {
    expect(normalizeId('7D3A1F2C9B8E4D6FA1C2B3D4E5F60718', 16)).toEqual({
      id: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
    });
    expect(normalizeId('0x3c5d7e9f1a2b4c6d', 8)).toEqual({ id: '3c5d7e9f1a2b4c6d' });
  });
  it('decodes base64 ids by length', () => {
    expect(normalizeId('fTofLJuOTW+hwrPU5fYHGA==', 16).id).toBe('7d3a1f2c9b8e4d6fa1c2b3d4e5f60718');
    expect(normalizeId('PF1+nxorTG0=', 8).id).toBe('3c5d7e9f1a2b4c6d');
    expect(normalizeId('PF1-nxorTG0', 8).id).toBe('3c5d7e9f1a2b4c6d');
  });
  it('pads a 64-bit trace id and says so', () => {
    const r = normalizeId('a1c2b3d4e5f60718', 16);
    expect(r.id).toBe('0000000000000000a1c2b3d4e5f60718');
    expect(r.note).toMatch(/64-bit/);
    expect(r.problem).toBeUndefined();
  });
  it('converts decimal uint64 losslessly', () => {
    const r = normalizeId('18446744073709551615', 8);
    expect(r.id).toBe('ffffffffffffffff');
    expect(normalizeId(12345, 8).id).toBe('0000000000003039');
  });
  it('reports wrong lengths, non-hex and all-zero ids', () => {
    expect(normalizeId('abc', 8).problem).toMatch(/3 hex digits/);
    expect(normalizeId('zzzzzzzzzzzzzzzz', 8).problem).toBeDefined();
    expect(normalizeId('0000000000000000', 8).problem).toMatch(/all zeros/);
    expect(normalizeId('', 8).problem).toMatch(/empty/);
    expect(normalizeId(undefined, 8).problem).toMatch(/missing/);
  });
  it('treats absent, empty and all-zero parent ids as no parent', () => {
    expect(normalizeParentId(undefined)).toBeNull();
    expect(normalizeParentId('')).toBeNull();
    expect(normalizeParentId('0000000000000000')).toBeNull();
    expect(normalizeParentId('AAAAAAAAAAA=')).toBeNull();
    expect(normalizeParentId('00f067aa0ba902b7')?.id).toBe('00f067aa0ba902b7');
  });
  it('validates', () => {
    expect(isValidTraceId('7d3a1f2c9b8e4d6fa1c2b3d4e5f60718')).toBe(true);
    expect(isValidTraceId('0'.repeat(32))).toBe(false);
    expect(isValidSpanId('3c5d7e9f1a2b4c6d')).toBe(true);
    expect(isValidSpanId('3C5D7E9F1A2B4C6D')).toBe(false);
  });
});
