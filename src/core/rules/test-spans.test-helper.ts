// Tiny span builders for rule tests: `makeSpan` fills every field of the model with a harmless
// default, `makeTrace` lays out a tree from a compact spec with parents-before-children times, and
// `check` runs one rule (or all) over spans with an optional expected context.

import type { ExpectedContextInput } from '../model/context.ts';
import type { Finding } from '../model/diagnostic.ts';
import type { Attributes, OiKind, OtelKind, Span } from '../model/span.ts';
import { buildSpanTree } from '../tree/build-span-tree.ts';
import { resolveExpectedContext } from './context.ts';
import { runRules } from './index.ts';
import type { Rule, RuleContext } from './types.ts';

export const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
export const TRACE_B = '0af7651916cd43dd8448eb211c80319c';
export const TRACE_C = 'a3ce929d0e0e47364bf92f3577b34da6';
/** The experiment span id a traceparent names in tests. */
export const EXPERIMENT_ID = '00f067aa0ba902b7';
export const T0 = 1_736_937_000_000_000_000n;
export const MS = 1_000_000n;

export interface SpanSpec {
  id: string;
  parent?: string | null;
  trace?: string;
  name?: string;
  kind?: OtelKind | null;
  oi?: OiKind | null;
  service?: string | null;
  /** Start/end in ms from T0. */
  start?: number;
  end?: number;
  attrs?: Record<string, string | number | boolean>;
  resource?: Record<string, string>;
  remote?: boolean | null;
  notes?: string[];
}

function attrs(obj: Record<string, unknown> | undefined): Attributes {
  const out = Object.create(null) as Attributes;
  for (const [k, v] of Object.entries(obj ?? {})) out[k] = v as Attributes[string];
  return out;
}

/** Pads a short id ("a1") to 16 hex digits, so tests can write readable ids. */
export function sid(short: string): string {
  return /^[0-9a-f]{16}$/.test(short) ? short : short.padStart(16, '0');
}

export function makeSpan(spec: SpanSpec, index = 0): Span {
  const service = spec.service === undefined ? 'agent' : spec.service;
  const resource = attrs({
    ...(service !== null ? { 'service.name': service } : {}),
    ...spec.resource,
  });
  const a = attrs({ ...(spec.oi ? { 'openinference.span.kind': spec.oi } : {}), ...spec.attrs });
  const span: Span = {
    index,
    traceId: spec.trace ?? TRACE_A,
    spanId: sid(spec.id),
    parentSpanId: spec.parent ? sid(spec.parent) : null,
    name: spec.name ?? spec.id,
    kind: spec.kind === undefined ? 'INTERNAL' : spec.kind,
    oiKind: spec.oi ?? null,
    serviceName: service,
    resource,
    scope: null,
    attributes: a,
    startNs: T0 + BigInt(Math.round((spec.start ?? 0) * 1000)) * 1000n,
    endNs: T0 + BigInt(Math.round((spec.end ?? 100) * 1000)) * 1000n,
    status: { code: 'UNSET' },
    events: [],
    links: [],
    parentIsRemote: spec.remote === undefined ? null : spec.remote,
    source: { line: index + 1 },
  };
  if (spec.notes) span.notes = spec.notes;
  return span;
}

export function makeSpans(specs: SpanSpec[]): Span[] {
  return specs.map((s, i) => makeSpan(s, i));
}

/** Routing attributes as arize-otel sets them. */
export function routed(space = 'U3BhY2U6MTIz', project = 'travel-agent'): Record<string, string> {
  return { 'arize.space_id': space, 'arize.project.name': project };
}

export function ruleContext(spans: Span[], context: ExpectedContextInput = {}): RuleContext {
  const expected = resolveExpectedContext(context);
  const remoteParentIds = new Set<string>();
  if (expected.remoteParentSpanId) remoteParentIds.add(expected.remoteParentSpanId);
  return { spans, forest: buildSpanTree(spans, { remoteParentIds }), expected, format: null };
}

/** Run one rule (or every rule) on span specs. */
export function check(
  rule: Rule | null,
  specs: SpanSpec[] | Span[],
  context: ExpectedContextInput = {},
): Finding[] {
  const spans = (specs as (SpanSpec | Span)[]).every(s => 'index' in s)
    ? (specs as Span[])
    : makeSpans(specs as SpanSpec[]);
  const ctx = ruleContext(spans, context);
  return rule ? rule.check(ctx) : runRules(ctx);
}

/** Findings at warning or error level, as `rule:spanId,spanId` strings (order-free comparisons). */
export function problems(findings: Finding[]): string[] {
  return findings
    .filter(f => f.severity !== 'info')
    .map(f => `${f.rule}:${[...f.spanIds].sort().join(',')}`)
    .sort();
}

export const traceparentFor = (trace = TRACE_A, parent = EXPERIMENT_ID) =>
  `00-${trace}-${parent}-01`;

/**
 * A healthy agent run: run_agent (CHAIN) under the remote experiment span, an LLM call and two
 * tool calls, all routed. Times in ms.
 */
export function healthyRun(
  overrides: Partial<Record<'agent' | 'llm' | 'tool1' | 'tool2', Partial<SpanSpec>>> = {},
): SpanSpec[] {
  const r = routed();
  return [
    {
      id: 'a1',
      parent: EXPERIMENT_ID,
      name: 'run_agent',
      oi: 'CHAIN',
      start: 0,
      end: 1000,
      attrs: r,
      ...overrides.agent,
    },
    {
      id: 'b1',
      parent: 'a1',
      name: 'chat gpt-4o-mini',
      kind: 'CLIENT',
      oi: 'LLM',
      start: 10,
      end: 300,
      attrs: r,
      ...overrides.llm,
    },
    {
      id: 'c1',
      parent: 'a1',
      name: 'search_flights',
      oi: 'TOOL',
      start: 310,
      end: 600,
      attrs: r,
      ...overrides.tool1,
    },
    {
      id: 'c2',
      parent: 'a1',
      name: 'book_hotel',
      oi: 'TOOL',
      start: 610,
      end: 990,
      attrs: r,
      ...overrides.tool2,
    },
  ];
}
