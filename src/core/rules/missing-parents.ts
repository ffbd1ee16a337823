// Classify every parent id that spans point at but that is absent from the dump (formats.md §1.6,
// arize.md §1): a *remote* parent (the caller or experiment span in another process — expected),
// a *probable caller* (nothing says, but the shape is that of a service entry), or a *lost* span
// (never exported: the `context=` trap, a dropped server span, a filtered exporter).
//
// Evidence, strongest first:
// 1. the parent id equals the incoming traceparent's parent id → remote;
// 2. the format's remote marker (OTLP flags 0x100/0x200, JS `parentSpanContext.isRemote`):
//    any child that says "local parent" → lost; children that say "remote" → remote;
// 3. no marker: lost when the traceparent is known for this trace and names another parent, or
//    when the trace's own root is in the dump (the parent was inside the traced request);
//    a probable caller when the only child is one entry span (CHAIN/AGENT/SERVER/CONSUMER) or
//    all children are SERVER/CONSUMER spans (calls received from one client span);
//    lost otherwise (several CHAIN/TOOL/LLM spans sharing an absent parent = one span dropped).

import type { Span } from '../model/span.ts';
import { isChainLike } from './span-facts.ts';
import type { RuleContext } from './types.ts';

export type ParentClass = 'remote' | 'probable-caller' | 'lost';

export interface MissingParent {
  traceIndex: number;
  traceId: string;
  /** The absent parent span id. */
  parentId: string;
  /** Spans whose parent id is `parentId` (input order). */
  members: number[];
  cls: ParentClass;
  /** Why it was classified so, in plain words. */
  reason: string;
}

const cache = new WeakMap<object, { expected: object; result: MissingParent[] }>();

function isServerLike(s: Span): boolean {
  return s.kind === 'SERVER' || s.kind === 'CONSUMER';
}

export function classifyMissingParents(ctx: RuleContext): MissingParent[] {
  const hit = cache.get(ctx.forest);
  if (hit && hit.expected === ctx.expected) return hit.result;
  const { spans, forest, expected } = ctx;
  const out: MissingParent[] = [];
  forest.traces.forEach((t, traceIndex) => {
    for (const [parentId, members] of t.missingParents) {
      const ms = members.map(i => spans[i]!);
      const base = { traceIndex, traceId: t.traceId, parentId, members };
      const local = ms.filter(s => s.parentIsRemote === false);
      if (expected.remoteParentSpanId !== null && parentId === expected.remoteParentSpanId) {
        out.push({
          ...base,
          cls: 'remote',
          reason: 'it is the parent id of the traceparent you gave',
        });
      } else if (local.length > 0) {
        out.push({
          ...base,
          cls: 'lost',
          reason: `the exporter marks the parent of ${local.length === ms.length ? 'these spans' : `${local.length} of these spans`} as local (same process), so the span existed but was not exported`,
        });
      } else if (ms.some(s => s.parentIsRemote === true)) {
        out.push({
          ...base,
          cls: 'remote',
          reason: 'the exporter marks it as a remote parent (span flags)',
        });
      } else if (
        expected.remoteParentSpanId !== null &&
        (expected.traceId === null || expected.traceId === t.traceId)
      ) {
        out.push({
          ...base,
          cls: 'lost',
          reason: `the traceparent names ${expected.remoteParentSpanId} as the remote parent, not this one`,
        });
      } else if (t.rootSpanIndexes.length > 0) {
        out.push({
          ...base,
          cls: 'lost',
          reason:
            'the trace starts inside this dump (it has a root span), so its parent should be here too',
        });
      } else if (
        (ms.length === 1 && (isServerLike(ms[0]!) || isChainLike(ms[0]!))) ||
        ms.every(isServerLike)
      ) {
        out.push({
          ...base,
          cls: 'probable-caller',
          reason:
            ms.length === 1
              ? `its only child ${ms[0]!.name ? `"${ms[0]!.name}" ` : ''}is an entry span (${ms[0]!.oiKind && isChainLike(ms[0]!) ? ms[0]!.oiKind : ms[0]!.kind}), the shape of a request received from a caller`
              : 'all its children are SERVER/CONSUMER spans, the shape of calls received from one caller',
        });
      } else {
        out.push({
          ...base,
          cls: 'lost',
          reason:
            ms.length > 1
              ? `${ms.length} spans hang from it, so it was a span inside this process that was not exported`
              : 'its child is not an entry span, so the parent was inside this process',
        });
      }
    }
  });
  cache.set(forest, { expected, result: out });
  return out;
}

/**
 * Show remote and probable-caller parents as "remote parent" nodes in the tree (the tree builder
 * only knows the traceparent's parent id; the exporter flags and the entry-span shape are read
 * here). Lost parents stay "missing parent" nodes.
 */
export function markRemoteParentNodes(ctx: RuleContext): void {
  const remote = new Set(
    classifyMissingParents(ctx)
      .filter(g => g.cls !== 'lost')
      .map(g => `${g.traceIndex}:${g.parentId}`),
  );
  if (remote.size === 0) return;
  for (const node of ctx.forest.nodes) {
    if (node.kind === 'missing-parent' && remote.has(`${node.traceIndex}:${node.missingSpanId}`)) {
      node.kind = 'remote-parent';
    }
  }
}
