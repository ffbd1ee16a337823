// Waterfall geometry for every tree node, once per analysis: where its bar starts and ends (ms
// from the earliest span), the extent of its whole sub-tree (what a synthetic "missing parent" row
// draws, dashed), how many nodes it hides when collapsed, its colour and whether it failed.
// The walk is d3-hierarchy over the *repaired* forest (tree/build-span-tree.ts): duplicates,
// orphans and cycles are already resolved there into one clean tree per trace, which d3 requires
// (its stratify throws "missing", "multiple roots" or "cycle" otherwise). The only d3 use in the app.
// The worker runs computeTreeLayout for the dumps it analyses (so the page gets the arrays
// ready-made); the hook computes it on the page for analyses made there (fetched traces).

import { hierarchy } from 'd3-hierarchy';
import { createStore } from 'zustand/vanilla';
import type { Analysis } from '../../core/analyze.ts';

/** Palette slots (the canvas minimap and the bars use the same order; see waterfall.css). */
export const PALETTE = [
  'other',
  'chain',
  'llm',
  'tool',
  'agent',
  'retriever',
  'embedding',
  'reranker',
  'guardrail',
  'evaluator',
  'prompt',
  'missing',
  'remote',
  'cycle',
] as const;
export type PaletteName = (typeof PALETTE)[number];

// OpenInference kinds by name (slots 1-10); anything else is 'other'.
const SLOT = new Map<string, number>(PALETTE.slice(1, 11).map((p, i) => [p.toUpperCase(), i + 1]));
const SYNTHETIC_SLOT = { 'missing-parent': 11, 'remote-parent': 12, cycle: 13 } as const;

export interface TreeLayout {
  /** Earliest start of any span (ns), or null when no span has a time. */
  origin: bigint | null;
  /** Milliseconds from the origin to the latest end (at least a tiny positive span). */
  total: number;
  /** Per node id: bar start / end in ms from the origin; NaN when unknown (or synthetic). */
  start: Float64Array;
  end: Float64Array;
  /** Per node id: earliest start / latest end over the node and everything below it. */
  hullStart: Float64Array;
  hullEnd: Float64Array;
  /** Per node id: number of nodes below it. */
  descendants: Int32Array;
  /** Per node id: index into PALETTE. */
  color: Uint8Array;
  /** Per node id: 1 when the span's status is ERROR. */
  error: Uint8Array;
}

export function computeTreeLayout(a: Analysis): TreeLayout {
  const { forest, spans } = a;
  const n = forest.nodes.length;
  let origin: bigint | null = null;
  let last: bigint | null = null;
  for (const t of forest.traces) {
    if (t.startNs !== null && (origin === null || t.startNs < origin)) origin = t.startNs;
    if (t.endNs !== null && (last === null || t.endNs > last)) last = t.endNs;
  }
  const start = new Float64Array(n).fill(NaN);
  const end = new Float64Array(n).fill(NaN);
  const color = new Uint8Array(n);
  const error = new Uint8Array(n);
  for (let id = 0; id < n; id++) {
    const node = forest.nodes[id]!;
    if (node.spanIndex < 0) {
      color[id] = SYNTHETIC_SLOT[node.kind as keyof typeof SYNTHETIC_SLOT] ?? 11;
      continue;
    }
    const s = spans[node.spanIndex]!;
    color[id] = (s.oiKind && SLOT.get(s.oiKind)) || 0;
    if (s.status.code === 'ERROR') error[id] = 1;
    if (origin === null) continue;
    if (s.startNs !== null) start[id] = Number(s.startNs - origin) / 1e6;
    if (s.endNs !== null) end[id] = Number(s.endNs - origin) / 1e6;
    // A span with only one of its times is drawn as an instant at the known one.
    if (Number.isNaN(start[id]!) && !Number.isNaN(end[id]!)) start[id] = end[id]!;
    if (Number.isNaN(end[id]!) && !Number.isNaN(start[id]!)) end[id] = start[id]!;
  }

  const hullStart = start.slice();
  const hullEnd = end.slice();
  const descendants = new Int32Array(n);
  const roots: number[] = [];
  for (const ti of a.traceOrder) roots.push(...forest.traces[ti]!.roots);
  // Node ids are the data; -1 is a virtual root holding every trace's roots.
  hierarchy<number>(-1, id => (id < 0 ? roots : forest.nodes[id]!.children)).eachAfter(h => {
    const id = h.data;
    if (id < 0 || !h.parent || h.parent.data < 0) return;
    const p = h.parent.data;
    descendants[p]! += descendants[id]! + 1;
    const hs = hullStart[id]!;
    const he = hullEnd[id]!;
    if (!Number.isNaN(hs) && !(hullStart[p]! <= hs)) hullStart[p] = hs;
    if (!Number.isNaN(he) && !(hullEnd[p]! >= he)) hullEnd[p] = he;
  });

  const total = origin !== null && last !== null ? Math.max(Number(last - origin) / 1e6, 1e-6) : 1;
  return { origin, total, start, end, hullStart, hullEnd, descendants, color, error };
}

const cache = new WeakMap<Analysis, TreeLayout>();
/** Analyses whose layout is being computed elsewhere (the worker) and will be primed. */
const expected = new WeakSet<Analysis>();
/** Counts the layouts that arrived from elsewhere: renderers subscribe to read theirs again. */
export const layoutArrivals = createStore<{ arrived: number }>(() => ({ arrived: 0 }));

/** The layout of `a` will arrive through `primeTreeLayout`: do not compute it here meanwhile. */
export function expectTreeLayout(a: Analysis): void {
  if (!cache.has(a)) expected.add(a);
}

/** Record a layout computed elsewhere (the worker computes it for the dumps it analyses). */
export function primeTreeLayout(a: Analysis, layout: TreeLayout): void {
  cache.set(a, layout);
  expected.delete(a);
  layoutArrivals.setState(s => ({ arrived: s.arrived + 1 }));
}

/** The layout of an analysis, computed once; null while it is expected from elsewhere. */
export function treeLayoutOf(a: Analysis): TreeLayout | null {
  let layout = cache.get(a);
  if (!layout) {
    if (expected.has(a)) return null;
    layout = computeTreeLayout(a);
    cache.set(a, layout);
  }
  return layout;
}
