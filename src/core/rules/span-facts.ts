// Small facts about spans that several propagation rules share: which spans are agent entry
// points, where Arize routing is read from, and cached walks over the forest (routed ancestors,
// CHAIN ancestors, children lists). Everything is computed once per forest, in linear time, into
// typed arrays: with 100k spans, every pass over the span objects costs, so the kinds and the
// routing attributes are read in one pass that all rules share.

import type { Span } from '../model/span.ts';
import type { SpanForest } from '../tree/build-span-tree.ts';

/** Span attribute names arize-otel sets (arize.md §1). */
export const ARIZE_SPACE_ATTR = 'arize.space_id';
export const ARIZE_PROJECT_ATTR = 'arize.project.name';
/** Resource attribute a plain `register()` sets instead (not a routing attribute). */
export const OI_PROJECT_RESOURCE_ATTR = 'openinference.project.name';

/** A CHAIN or AGENT span: the OpenInference spans that group an agent's work. */
export function isChainLike(s: Span): boolean {
  return s.oiKind === 'CHAIN' || s.oiKind === 'AGENT';
}

/** Where a request or message enters a process: SERVER/CONSUMER, or an agent's CHAIN/AGENT span. */
export function isEntrySpan(s: Span): boolean {
  return s.kind === 'SERVER' || s.kind === 'CONSUMER' || isChainLike(s);
}

function stringAttr(s: Span, key: string): string | null {
  const v = s.attributes[key];
  if (v === undefined || v === null) return null;
  const text = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return text.trim() === '' ? null : text.trim();
}

export function spaceOf(s: Span): string | null {
  return stringAttr(s, ARIZE_SPACE_ATTR);
}

export function projectOf(s: Span): string | null {
  return stringAttr(s, ARIZE_PROJECT_ATTR);
}

export function resourceProjectOf(s: Span): string | null {
  const v = s.resource[OI_PROJECT_RESOURCE_ATTR] ?? s.attributes[OI_PROJECT_RESOURCE_ATTR];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** Carries at least one of the two routing attributes. */
export function hasRouting(s: Span): boolean {
  return spaceOf(s) !== null || projectOf(s) !== null;
}

/** Ms / ns helpers (all times are exact bigint ns). */
export const NS_PER_MS = 1_000_000n;

export function formatMs(ns: bigint): string {
  const ms = Number(ns) / 1e6;
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (Math.abs(ms) >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(ms % 1 === 0 ? 0 : 2)} ms`;
}

/** Per-forest derived data, memoised (rules run on the same forest object). */
export interface ForestFacts {
  /**
   * Child span indexes of each span (resolved parents only, in index order): the children of `i`
   * are `childList[childStart[i] .. childStart[i + 1])`.
   */
  childStart: Int32Array;
  childList: Int32Array;
  /** Span indexes ordered so that every parent comes before its children. */
  topDown: Int32Array;
  /** Trace index (into `forest.traces`) of each span. */
  traceOf: Int32Array;
}

interface Memo extends ForestFacts {
  spans: Span[];
  top?: Int32Array;
  subtreeSize?: Int32Array;
  routing?: RoutingFacts;
  kinds?: Uint8Array;
}

const cache = new WeakMap<SpanForest, Memo>();

function memo(spans: Span[], forest: SpanForest): Memo {
  const hit = cache.get(forest);
  if (hit && hit.spans === spans) return hit;
  const n = spans.length;
  const parentOf = forest.parentOfSpan;
  // Children in compressed rows: count, prefix sums, then fill in index order.
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = parentOf[i]!;
    if (p !== -1) childStart[p + 1]!++;
  }
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const childList = new Int32Array(childStart[n]!);
  const fill = childStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    const p = parentOf[i]!;
    if (p !== -1) childList[fill[p]!++] = i;
  }
  // Breadth-first from every span without a resolved parent (roots, missing/remote parents, cut
  // cycles): parents strictly before children, no recursion.
  const topDown = new Int32Array(n);
  let len = 0;
  for (let i = 0; i < n; i++) if (parentOf[i] === -1) topDown[len++] = i;
  for (let k = 0; k < len; k++) {
    const i = topDown[k]!;
    for (let c = childStart[i]!; c < childStart[i + 1]!; c++) topDown[len++] = childList[c]!;
  }
  const traceOf = new Int32Array(n);
  forest.traces.forEach((t, ti) => {
    for (const i of t.spanIndexes) traceOf[i] = ti;
  });
  const m: Memo = { spans, childStart, childList, topDown, traceOf };
  cache.set(forest, m);
  return m;
}

export function forestFacts(spans: Span[], forest: SpanForest): ForestFacts {
  return memo(spans, forest);
}

/** Number of resolved children of span `i`. */
export function childCount(facts: ForestFacts, i: number): number {
  return facts.childStart[i + 1]! - facts.childStart[i]!;
}

/** For each span, whether a strict ancestor (resolved parents only) is marked in `mark`. */
export function marksAbove(spans: Span[], forest: SpanForest, mark: Uint8Array): Uint8Array {
  const { topDown } = memo(spans, forest);
  const parentOf = forest.parentOfSpan;
  const out = new Uint8Array(spans.length);
  for (let k = 0; k < topDown.length; k++) {
    const i = topDown[k]!;
    const p = parentOf[i]!;
    if (p !== -1 && (out[p] === 1 || mark[p] === 1)) out[i] = 1;
  }
  return out;
}

/** For each span, whether a strict descendant is marked in `mark`. */
export function marksBelow(spans: Span[], forest: SpanForest, mark: Uint8Array): Uint8Array {
  const { topDown } = memo(spans, forest);
  const parentOf = forest.parentOfSpan;
  const out = new Uint8Array(spans.length);
  for (let k = topDown.length - 1; k >= 0; k--) {
    const i = topDown[k]!;
    const p = parentOf[i]!;
    if (p !== -1 && (out[i] === 1 || mark[i] === 1)) out[p] = 1;
  }
  return out;
}

/** The topmost span above each span, following resolved parents (memoised). */
export function topsOf(spans: Span[], forest: SpanForest): Int32Array {
  const m = memo(spans, forest);
  if (m.top) return m.top;
  const top = new Int32Array(spans.length);
  const parentOf = forest.parentOfSpan;
  for (let k = 0; k < m.topDown.length; k++) {
    const i = m.topDown[k]!;
    const p = parentOf[i]!;
    top[i] = p === -1 ? i : top[p]!;
  }
  m.top = top;
  return top;
}

/** Size of the subtree of each span, itself included (memoised). */
export function subtreeSizes(spans: Span[], forest: SpanForest): Int32Array {
  const m = memo(spans, forest);
  if (m.subtreeSize) return m.subtreeSize;
  const size = new Int32Array(spans.length).fill(1);
  const parentOf = forest.parentOfSpan;
  for (let k = m.topDown.length - 1; k >= 0; k--) {
    const i = m.topDown[k]!;
    const p = parentOf[i]!;
    if (p !== -1) size[p]! += size[i]!;
  }
  m.subtreeSize = size;
  return size;
}

/** Bits of `kindFacts`. */
export const KIND_CHAIN_LIKE = 1;
export const KIND_TOOL = 2;
export const KIND_LLM = 4;
/** Has an OpenInference kind (any). */
export const KIND_OI = 8;
/** `isEntrySpan`. */
export const KIND_ENTRY = 16;

/** The kind bits of every span, read once (memoised per forest). */
export function kindFacts(spans: Span[], forest: SpanForest): Uint8Array {
  return readSpans(spans, forest).kinds;
}

/** Routing attributes of every span, read once (memoised per forest). */
export interface RoutingFacts {
  /** `spaceOf` / `projectOf` of each span. */
  space: (string | null)[];
  project: (string | null)[];
  /** Some span carries at least one of the two attributes. */
  anyRouted: boolean;
  /** Every span carries both. */
  allRouted: boolean;
}

export function routingFacts(spans: Span[], forest: SpanForest): RoutingFacts {
  return readSpans(spans, forest).routing;
}

/** Kinds and routing in one pass over the spans (each pass over 100k spans is memory-bound). */
function readSpans(
  spans: Span[],
  forest: SpanForest,
): { kinds: Uint8Array; routing: RoutingFacts } {
  const m = memo(spans, forest);
  if (m.kinds && m.routing) return { kinds: m.kinds, routing: m.routing };
  const n = spans.length;
  const kinds = new Uint8Array(n);
  const space = new Array<string | null>(n);
  const project = new Array<string | null>(n);
  let anyRouted = false;
  let allRouted = true;
  for (let i = 0; i < n; i++) {
    const s = spans[i]!;
    const oi = s.oiKind;
    let k = 0;
    if (oi !== null) {
      k = KIND_OI;
      if (oi === 'CHAIN' || oi === 'AGENT') k |= KIND_CHAIN_LIKE | KIND_ENTRY;
      else if (oi === 'TOOL') k |= KIND_TOOL;
      else if (oi === 'LLM') k |= KIND_LLM;
    }
    if (s.kind === 'SERVER' || s.kind === 'CONSUMER') k |= KIND_ENTRY;
    kinds[i] = k;
    const sp = spaceOf(s);
    const pr = projectOf(s);
    space[i] = sp;
    project[i] = pr;
    if (sp !== null || pr !== null) anyRouted = true;
    if (sp === null || pr === null) allRouted = false;
  }
  m.kinds = kinds;
  m.routing = { space, project, anyRouted, allRouted };
  return { kinds, routing: m.routing };
}
