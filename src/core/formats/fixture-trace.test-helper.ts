// The 3-span fixture trace every sample in public/samples/ describes (formats.md §0). Importer
// tests call `expectFixtureTrace` so every format is held to the same spans and parent links.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { InputText } from '../input/input-text.ts';
import type { Span } from '../model/span.ts';
import type { FormatModule, ParseResult } from './types.ts';

export const FIXTURE_TRACE_ID = '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718';
export const FIXTURE_REMOTE_PARENT = '00f067aa0ba902b7';

export const FIXTURE_SPANS = [
  {
    name: 'run_agent',
    spanId: '3c5d7e9f1a2b4c6d',
    parentSpanId: FIXTURE_REMOTE_PARENT,
    kind: 'SERVER',
    oiKind: 'CHAIN',
    startNs: 1736937000012345000n,
    endNs: 1736937001523456000n,
    status: 'OK',
  },
  {
    name: 'chat gpt-4o-mini',
    spanId: '8e1f2a3b4c5d6e7f',
    parentSpanId: '3c5d7e9f1a2b4c6d',
    kind: 'CLIENT',
    oiKind: 'LLM',
    startNs: 1736937000105000000n,
    endNs: 1736937000905250000n,
    status: 'UNSET',
  },
  {
    name: 'get_weather',
    spanId: '5a6b7c8d9e0f1a2b',
    parentSpanId: '3c5d7e9f1a2b4c6d',
    kind: 'INTERNAL',
    oiKind: 'TOOL',
    startNs: 1736937000950100000n,
    endNs: 1736937001401700000n,
    status: 'ERROR',
  },
] as const;

/** Read a sample from public/samples (path relative to it). */
export function readSample(rel: string): InputText {
  const url = new URL(`../../../public/samples/${rel}`, import.meta.url);
  return new InputText(readFileSync(fileURLToPath(url), 'utf8'), rel.split('/').pop());
}

/** Same text with the file name removed (detection must not depend on it). */
export function withoutName(input: InputText): InputText {
  return new InputText(input.text);
}

export interface FixtureOptions {
  /** Time precision of the format: 'ns' exact, 'us' truncated to µs, 'ms' to ms. */
  precision?: 'ns' | 'us' | 'ms';
  /** Formats that do not carry an OTel span kind (Phoenix) pass false. */
  otelKind?: boolean;
  /** Formats without a service name pass false. */
  serviceName?: boolean;
  /** Formats that cannot tell OK from UNSET (Langfuse `level`) pass false: OK is expected as UNSET. */
  okStatus?: boolean;
}

function trunc(ns: bigint, precision: 'ns' | 'us' | 'ms'): bigint {
  const d = precision === 'ns' ? 1n : precision === 'us' ? 1000n : 1_000_000n;
  return (ns / d) * d;
}

/** Assert a parse result holds exactly the fixture trace (any span order). */
export function expectFixtureTrace(result: ParseResult, opts: FixtureOptions = {}): Span[] {
  const precision = opts.precision ?? 'ns';
  expect(result.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
  expect(result.spans).toHaveLength(3);
  const byId = new Map(result.spans.map(s => [s.spanId, s]));
  result.spans.forEach((s, i) => expect(s.index).toBe(i));
  for (const want of FIXTURE_SPANS) {
    const got = byId.get(want.spanId);
    expect(got, `span ${want.name}`).toBeDefined();
    if (!got) continue;
    expect(got.traceId).toBe(FIXTURE_TRACE_ID);
    expect(got.name).toBe(want.name);
    expect(got.parentSpanId).toBe(want.parentSpanId);
    expect(got.oiKind).toBe(want.oiKind);
    if (opts.otelKind !== false) expect(got.kind).toBe(want.kind);
    const status = opts.okStatus === false && want.status === 'OK' ? 'UNSET' : want.status;
    expect(got.status.code).toBe(status);
    expect(got.startNs !== null && trunc(got.startNs, precision)).toBe(
      trunc(want.startNs, precision),
    );
    expect(got.endNs !== null && trunc(got.endNs, precision)).toBe(trunc(want.endNs, precision));
    if (opts.serviceName !== false) expect(got.serviceName).toBe('weather-agent');
    expect(got.source.line).toBeGreaterThan(0);
  }
  const tool = byId.get('5a6b7c8d9e0f1a2b');
  expect(tool?.status.message).toBe('weather API timeout');
  return result.spans;
}

/**
 * Parses `text` cut off after every 5th character: the parse never throws, every imported span
 * has a source line, and each cut for which `damaged(cut)` holds yields a warning or an error.
 */
export function expectTruncationsReported(
  format: FormatModule,
  text: string,
  damaged: (cut: number) => boolean,
): void {
  for (let cut = 0; cut <= text.length; cut += 5) {
    const r = format.parse(new InputText(text.slice(0, cut)));
    for (const s of r.spans) expect(s.source.line).toBeGreaterThan(0);
    if (damaged(cut)) {
      expect(
        r.diagnostics.some(d => d.severity !== 'info'),
        `cut at ${cut}`,
      ).toBe(true);
    }
  }
}
