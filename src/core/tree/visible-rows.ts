// The flat row list a virtualized tree renders: trace header rows, then each trace's nodes in
// depth-first order, skipping collapsed sub-trees. With a filter, only matching nodes and their
// ancestors are kept (so a match is always shown in context). Linear time, no recursion.

import type { SpanForest } from './build-span-tree.ts';

/** A row is a node id (>= 0) or a trace header, encoded as -(traceIndex + 1). */
export type Row = number;

export const traceHeaderRow = (traceIndex: number): Row => -(traceIndex + 1);
export const rowTraceIndex = (row: Row): number => -row - 1;

export interface VisibleRowsOptions {
  traceOrder: number[];
  collapsed: ReadonlySet<number>;
  /** Node ids that match a filter; null = no filter. */
  matches?: ReadonlySet<number> | null;
  /** Show a header row per trace (when there is more than one). */
  traceHeaders?: boolean;
}

export function visibleRows(forest: SpanForest, opts: VisibleRowsOptions): Int32Array {
  const { nodes } = forest;
  let keep: Uint8Array | null = null;
  if (opts.matches) {
    keep = new Uint8Array(nodes.length);
    for (const id of opts.matches) {
      let cur = id;
      while (cur !== -1 && keep[cur] === 0) {
        keep[cur] = 1;
        cur = nodes[cur]!.parent;
      }
    }
  }
  const out = new Int32Array(nodes.length + forest.traces.length);
  let n = 0;
  const stack: number[] = [];
  const collapsed = opts.collapsed.size > 0 ? opts.collapsed : null; // "expand all": no lookups
  for (const ti of opts.traceOrder) {
    const t = forest.traces[ti]!;
    if (keep && !t.roots.some(r => keep![r])) continue;
    if (opts.traceHeaders) out[n++] = traceHeaderRow(ti);
    for (let k = t.roots.length - 1; k >= 0; k--) stack.push(t.roots[k]!);
    while (stack.length) {
      const id = stack.pop()!;
      if (keep && !keep[id]) continue;
      out[n++] = id;
      if (collapsed?.has(id)) continue;
      const kids = nodes[id]!.children;
      for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
    }
  }
  return out.subarray(0, n);
}
