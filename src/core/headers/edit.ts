// Structured edits of header text for the editor ("edit a field → the header updates"). Each edit
// changes only the part it is about and keeps the rest of the text as written, so an invalid
// member elsewhere stays visible instead of being silently normalised away.

import { encodeBaggageValue, parseBaggage } from './baggage.ts';
import { hex2, parseTraceparent, type TraceparentField } from './traceparent.ts';
import { parseTracestate } from './tracestate.ts';

/** Replace one traceparent field; other fields keep their text (defaults when missing). */
export function editTraceparent(text: string, field: TraceparentField, value: string): string {
  const seg = parseTraceparent(text).segments;
  const parts = {
    version: seg.version?.text ?? '00',
    traceId: seg.traceId?.text ?? '',
    parentId: seg.parentId?.text ?? '',
    flags: seg.flags?.text ?? '00',
  };
  parts[field] = value;
  const base = `${parts.version}-${parts.traceId}-${parts.parentId}-${parts.flags}`;
  return seg.extra ? `${base}-${seg.extra.text}` : base;
}

/** The flags byte as written, or 0 when the flags field is not 2 hex digits. */
export function currentFlags(text: string): number {
  const f = parseTraceparent(text).segments.flags?.text ?? '';
  return /^[0-9a-fA-F]{2}$/.test(f) ? parseInt(f, 16) : 0;
}

/** Set or clear one flag bit (e.g. 0x01 sampled, 0x02 random). */
export function setTraceparentFlag(text: string, bit: number, on: boolean): string {
  const f = currentFlags(text);
  return editTraceparent(text, 'flags', hex2(on ? f | bit : f & ~bit));
}

function removeRange(text: string, start: number, end: number): string {
  // Take the following "," (and the whitespace around it) along; for the last member the preceding one.
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  if (text[e] === ',') {
    e++;
    while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
    return text.slice(0, start) + text.slice(e);
  }
  let s = start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  if (s > 0 && text[s - 1] === ',') {
    s--;
    while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  }
  return text.slice(0, s) + text.slice(end);
}

// ---- baggage ----

function baggageMemberParts(text: string, position: number, end: number) {
  const raw = text.slice(position, end);
  const semi = raw.indexOf(';');
  const props = semi < 0 ? '' : raw.slice(semi);
  return { props };
}

/**
 * Change the key and/or the (decoded) value of the `index`-th baggage member; the value is
 * percent-encoded, the properties are kept as written.
 */
export function editBaggageMember(
  text: string,
  index: number,
  patch: { key?: string; value?: string },
): string {
  const m = parseBaggage(text).members[index];
  if (!m) return text;
  const { props } = baggageMemberParts(text, m.position, m.end);
  const key = patch.key ?? m.key;
  const value = patch.value !== undefined ? encodeBaggageValue(patch.value) : m.rawValue;
  return text.slice(0, m.position) + `${key}=${value}${props}` + text.slice(m.end);
}

export function removeBaggageMember(text: string, index: number): string {
  const m = parseBaggage(text).members[index];
  return m ? removeRange(text, m.position, m.end) : text;
}

/** Append `key=value` (value percent-encoded). */
export function addBaggageEntry(text: string, key: string, value: string): string {
  const member = `${key}=${encodeBaggageValue(value)}`;
  return text.trim() === '' ? member : `${text.replace(/[ \t,]+$/, '')},${member}`;
}

/**
 * Set the first member with `key` to `value` (removed when the value is ''). A missing member is
 * added right after the last member whose key is in `group` (e.g. the other routing key), else in
 * front. Used for the Arize routing entries.
 */
export function setBaggageKey(
  text: string,
  key: string,
  value: string,
  group: string[] = [key],
): string {
  const members = parseBaggage(text.trim() === '' ? undefined : text).members;
  const i = members.findIndex(m => m.key === key);
  if (value === '') return i < 0 ? text : removeBaggageMember(text, i);
  if (i >= 0) return editBaggageMember(text, i, { value });
  const member = `${key}=${encodeBaggageValue(value)}`;
  if (text.trim() === '') return member;
  let after = -1;
  members.forEach((m, j) => {
    if (group.includes(m.key)) after = j;
  });
  if (after < 0) return `${member},${text.replace(/^[ \t,]+/, '')}`;
  const end = members[after]!.end;
  return `${text.slice(0, end)},${member}${text.slice(end)}`;
}

// ---- tracestate ----

export function editTracestateMember(
  text: string,
  index: number,
  patch: { key?: string; value?: string },
): string {
  const m = parseTracestate(text).members[index];
  if (!m) return text;
  return (
    text.slice(0, m.position) +
    `${patch.key ?? m.key}=${patch.value ?? m.value}` +
    text.slice(m.end)
  );
}

export function removeTracestateMember(text: string, index: number): string {
  const m = parseTracestate(text).members[index];
  return m ? removeRange(text, m.position, m.end) : text;
}

/** Add a member on the left, where the spec puts new and updated keys. */
export function addTracestateMember(text: string, key: string, value: string): string {
  const member = `${key}=${value}`;
  return text.trim() === '' ? member : `${member},${text.replace(/^[ \t,]+/, '')}`;
}
