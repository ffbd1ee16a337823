// Small facts about spans that several propagation rules share: which spans are agent entry
// points, where Arize routing is read from, and cached walks over the forest (routed ancestors,
// CHAIN ancestors, children lists). Everything is computed once per forest, in linear time.

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

/** TOOL or LLM: the work spans that must sit under a CHAIN/AGENT span. */
export function isToolOrLlm(s: Span): boolean {
  return s.oiKind === 'TOOL' || s.oiKind === 'LLM';
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
  /** Child span indexes of each span (resolved parents only). */
  children: number[][];
  /** Span indexes ordered so that every parent comes before its children. */
  topDown: number[];
}

const cache = new WeakMap<SpanForest, ForestFacts>();

export function forestFacts(spans: Span[], forest: SpanForest): ForestFacts {
  const hit = cache.get(forest);
  if (hit) return hit;
  const children: number[][] = spans.map(() => []);
  for (let i = 0; i < spans.length; i++) {
    const p = forest.parentOfSpan[i]!;
    if (p !== -1) children[p]!.push(i);
  }
  // Breadth-first from every span without a resolved parent (roots, missing/remote parents, cut
  // cycles): parents strictly before children, no recursion.
  const topDown: number[] = [];
  for (let i = 0; i < spans.length; i++) if (forest.parentOfSpan[i] === -1) topDown.push(i);
  for (let k = 0; k < topDown.length; k++) for (const c of children[topDown[k]!]!) topDown.push(c);
  const facts = { children, topDown };
  cache.set(forest, facts);
  return facts;
}

/** For each span, whether `pred` holds for some strict ancestor (resolved parents only). */
export function ancestorFlags(
  spans: Span[],
  forest: SpanForest,
  pred: (s: Span) => boolean,
): Uint8Array {
  const { topDown } = forestFacts(spans, forest);
  const out = new Uint8Array(spans.length);
  for (const i of topDown) {
    const p = forest.parentOfSpan[i]!;
    if (p !== -1 && (out[p] === 1 || pred(spans[p]!))) out[i] = 1;
  }
  return out;
}

/** For each span, whether `pred` holds for some strict descendant. */
export function descendantFlags(
  spans: Span[],
  forest: SpanForest,
  pred: (s: Span) => boolean,
): Uint8Array {
  const { topDown } = forestFacts(spans, forest);
  const out = new Uint8Array(spans.length);
  for (let k = topDown.length - 1; k >= 0; k--) {
    const i = topDown[k]!;
    const p = forest.parentOfSpan[i]!;
    if (p !== -1 && (out[i] === 1 || pred(spans[i]!))) out[p] = 1;
  }
  return out;
}

/** The topmost span above `i` (following resolved parents). */
export function topOf(forest: SpanForest, i: number): number {
  let cur = i;
  let guard = 0;
  while (forest.parentOfSpan[cur] !== -1 && guard++ <= forest.parentOfSpan.length)
    cur = forest.parentOfSpan[cur]!;
  return cur;
}

/** Every span in the subtree of `i` (including it), parents before children. */
export function subtreeOf(spans: Span[], forest: SpanForest, i: number): number[] {
  const { children } = forestFacts(spans, forest);
  const out = [i];
  for (let k = 0; k < out.length; k++) for (const c of children[out[k]!]!) out.push(c);
  return out;
}

/** `a` starts no earlier than `b` starts and no later than `b` ends (± tolerance). */
export function startsWithin(a: Span, b: Span, tolNs: bigint): boolean {
  if (a.startNs === null || b.startNs === null || b.endNs === null) return false;
  return a.startNs >= b.startNs - tolNs && a.startNs <= b.endNs + tolNs;
}
