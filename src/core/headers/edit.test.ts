import { describe, expect, it } from 'vitest';
import {
  addBaggageEntry,
  addTracestateMember,
  editBaggageMember,
  editTraceparent,
  editTracestateMember,
  removeBaggageMember,
  removeTracestateMember,
  setBaggageKey,
  setTraceparentFlag,
} from './edit.ts';
import { parseBaggage } from './baggage.ts';

const TID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TP = `00-${TID}-00f067aa0ba902b7-01`;

describe('traceparent edits', () => {
  it('replaces one field and keeps the others', () => {
    expect(editTraceparent(TP, 'parentId', 'a'.repeat(16))).toBe(`00-${TID}-${'a'.repeat(16)}-01`);
    expect(editTraceparent(TP, 'traceId', 'X')).toBe('00-X-00f067aa0ba902b7-01');
    expect(editTraceparent('', 'traceId', TID)).toBe(`00-${TID}--00`);
    expect(editTraceparent(`cc-${TID}-00f067aa0ba902b7-01-extra`, 'flags', '03')).toBe(
      `cc-${TID}-00f067aa0ba902b7-03-extra`,
    );
  });

  it('toggles single flag bits', () => {
    expect(setTraceparentFlag(TP, 0x02, true)).toBe(`00-${TID}-00f067aa0ba902b7-03`);
    expect(setTraceparentFlag(TP, 0x01, false)).toBe(`00-${TID}-00f067aa0ba902b7-00`);
    expect(setTraceparentFlag(TP.replace(/01$/, 'ff'), 0x01, false).endsWith('-fe')).toBe(true);
    expect(setTraceparentFlag(TP.replace(/01$/, 'zz'), 0x01, true).endsWith('-01')).toBe(true);
  });
});

describe('baggage edits', () => {
  const B = 'a=1;p, bad key=x ,c=%C3%A9';

  it('re-encodes an edited value and keeps properties and other members as written', () => {
    expect(editBaggageMember(B, 0, { value: 'x y' })).toBe('a=x%20y;p, bad key=x ,c=%C3%A9');
    expect(editBaggageMember(B, 1, { key: 'good' })).toBe('a=1;p, good=x ,c=%C3%A9');
    expect(parseBaggage(editBaggageMember(B, 1, { key: 'good' })).valid).toBe(true);
  });

  it('removes members with their separator', () => {
    expect(removeBaggageMember(B, 0)).toBe('bad key=x ,c=%C3%A9');
    expect(removeBaggageMember(B, 1)).toBe('a=1;p, c=%C3%A9');
    expect(removeBaggageMember(B, 2)).toBe('a=1;p, bad key=x');
  });

  it('adds entries at the end, encoded', () => {
    expect(addBaggageEntry('', 'k', 'é')).toBe('k=%C3%A9');
    expect(addBaggageEntry('a=1,', 'k', 'v')).toBe('a=1,k=v');
  });

  it('sets, updates and removes routing keys', () => {
    expect(setBaggageKey('', 'arize.space_id', 'S')).toBe('arize.space_id=S');
    expect(setBaggageKey('k=v', 'arize.space_id', 'S')).toBe('arize.space_id=S,k=v');
    expect(setBaggageKey('arize.space_id=S,k=v', 'arize.space_id', 'T U')).toBe(
      'arize.space_id=T%20U,k=v',
    );
    expect(setBaggageKey('arize.space_id=S,k=v', 'arize.space_id', '')).toBe('k=v');
    const group = ['arize.space_id', 'arize.project_name'];
    expect(setBaggageKey('arize.space_id=S,k=v', 'arize.project_name', 'P', group)).toBe(
      'arize.space_id=S,arize.project_name=P,k=v',
    );
    expect(setBaggageKey('k=v', 'arize.project_name', 'P', group)).toBe('arize.project_name=P,k=v');
  });
});

describe('tracestate edits', () => {
  it('edits, removes and adds members (new ones on the left)', () => {
    expect(editTracestateMember('a=1, b=2', 1, { value: '3' })).toBe('a=1, b=3');
    expect(removeTracestateMember('a=1, b=2', 0)).toBe('b=2');
    expect(addTracestateMember('a=1', 'v', 'x')).toBe('v=x,a=1');
    expect(addTracestateMember('', 'v', 'x')).toBe('v=x');
  });
});
