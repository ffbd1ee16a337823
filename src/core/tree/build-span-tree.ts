// Rebuild span trees from a flat span list (any order; children often precede parents), in
// linear time with maps and without recursion (100k spans, depth 10k). Nothing is silently
// repaired or hidden:
// - a span whose parent is absent hangs under a synthetic "missing parent <id>" node that groups
//   every span pointing at that id (a "remote parent" node when the format or the expected
//   context says the parent is the caller in another process);
// - duplicate span ids keep every copy visible; children attach to the first copy;
// - parent cycles are cut at one span, which hangs under a synthetic "parent cycle" node;
// each defect is reported as a Finding by the tree checks (tree/tree-findings.ts).
// The result is clean and single-parented, so d3-hierarchy's stratify can take any sub-tree.

import type { Span } from '../model/span.ts';

export type NodeKind = 'span' | 'missing-parent' | 'remote-parent' | 'cycle';

export interface TreeNode {
  /** Index in `SpanForest.nodes`. */
  id: number;
  kind: NodeKind;
  /** Index into the spans array, or -1 for synthetic nodes. */
  spanIndex: number;
  /** For 'missing-parent' / 'remote-parent': the absent parent span id. */
  missingSpanId?: string;
  /** Parent node id, or -1 for a root. */
  parent: number;
  /** Child node ids, in start-time order. */
  children: number[];
  depth: number;
  traceIndex: number;
}

export interface TraceTree {
  traceId: string;
  /** Root node ids (real roots, then synthetic nodes), in start-time order. */
  roots: number[];
  /** Indexes of this trace's spans, in input order. */
  spanIndexes: number[];
  /** Spans without a parent id. */
  rootSpanIndexes: number[];
  /** Absent parent ids → the spans pointing at them. */
  missingParents: Map<string, number[]>;
  /** Span ids that occur more than once → every index carrying it. */
  duplicates: Map<string, number[]>;
  /** Each cycle found, as the span indexes on it (in parent order). */
  cycles: number[][];
  startNs: bigint | null;
  endNs: bigint | null;
}

export interface SpanForest {
  nodes: TreeNode[];
  traces: TraceTree[];
  /** Node id of each span (by span index). */
  nodeOfSpan: Int32Array;
  /** Index of each span's resolved parent span, or -1 (root, missing parent, or cut cycle). */
  parentOfSpan: Int32Array;
  /** Deepest level in any tree. */
  maxDepth: number;
}

export interface BuildTreeOptions {
  /** Parent span ids known to be remote (e.g. the parent id of the incoming traceparent). */
  remoteParentIds?: ReadonlySet<string>;
}

function cmpStart(spans: Span[], a: number, b: number): number {
  const sa = spans[a]!.startNs;
  const sb = spans[b]!.startNs;
  if (sa === sb) return a - b;
  if (sa === null) return 1;
  if (sb === null) return -1;
  return sa < sb ? -1 : 1;
}

/** Build one tree per trace id (trace order = first appearance in the input). */
export function buildSpanTree(spans: Span[], options: BuildTreeOptions = {}): SpanForest {
  const remote = options.remoteParentIds ?? new Set<string>();
  const nodes: TreeNode[] = [];
  const nodeOfSpan = new Int32Array(spans.length).fill(-1);
  const parentOfSpan = new Int32Array(spans.length).fill(-1);
  const traces: TraceTree[] = [];
  const traceIndexById = new Map<string, number>();
  // Span id → first span index carrying it, per trace (filled in the same pass over the spans:
  // with 100k spans each pass is mostly memory traffic).
  const firstByIdOf: Map<string, number>[] = [];

  for (const s of spans) {
    let ti = traceIndexById.get(s.traceId);
    if (ti === undefined) {
      ti = traces.length;
      traceIndexById.set(s.traceId, ti);
      firstByIdOf.push(new Map());
      traces.push({
        traceId: s.traceId,
        roots: [],
        spanIndexes: [],
        rootSpanIndexes: [],
        missingParents: new Map(),
        duplicates: new Map(),
        cycles: [],
        startNs: null,
        endNs: null,
      });
    }
    const t = traces[ti]!;
    t.spanIndexes.push(s.index);
    // 1. Index span ids (first copy wins; all copies recorded).
    const firstById = firstByIdOf[ti]!;
    const first = firstById.get(s.spanId);
    if (first === undefined) firstById.set(s.spanId, s.index);
    else {
      const dup = t.duplicates.get(s.spanId);
      if (dup) dup.push(s.index);
      else t.duplicates.set(s.spanId, [first, s.index]);
    }
    if (s.startNs !== null && (t.startNs === null || s.startNs < t.startNs)) t.startNs = s.startNs;
    if (s.endNs !== null && (t.endNs === null || s.endNs > t.endNs)) t.endNs = s.endNs;
    nodeOfSpan[s.index] = nodes.length;
    nodes.push({
      id: nodes.length,
      kind: 'span',
      spanIndex: s.index,
      parent: -1,
      children: [],
      depth: 0,
      traceIndex: ti,
    });
  }

  let maxDepth = 0;
  // Cycle search colouring by span index: 0 new, 1 on the current walk, 2 done.
  const state = new Uint8Array(spans.length);
  const path: number[] = [];
  traces.forEach((t, ti) => {
    const firstById = firstByIdOf[ti]!;
    // 2. Resolve parents.
    for (const i of t.spanIndexes) {
      const pid = spans[i]!.parentSpanId;
      if (pid === null) {
        t.rootSpanIndexes.push(i);
        continue;
      }
      const p = firstById.get(pid);
      if (p === undefined) {
        const list = t.missingParents.get(pid);
        if (list) list.push(i);
        else t.missingParents.set(pid, [i]);
      } else {
        parentOfSpan[i] = p; // may be itself or form a cycle; checked below
      }
    }
    // 3. Cycles: follow parent pointers with colouring (0 new, 1 on current walk, 2 done).
    for (const start of t.spanIndexes) {
      if (state[start]) continue;
      path.length = 0;
      let cur = start;
      while (cur !== -1 && !state[cur]) {
        state[cur] = 1;
        path.push(cur);
        cur = parentOfSpan[cur]!;
      }
      if (cur !== -1 && state[cur] === 1) {
        const cycle = path.slice(path.indexOf(cur));
        t.cycles.push(cycle);
        // Cut the cycle at its earliest-starting span.
        let cut = cycle[0]!;
        for (const c of cycle) if (cmpStart(spans, c, cut) < 0) cut = c;
        parentOfSpan[cut] = -1;
      }
      for (const p of path) state[p] = 2;
    }
    // 4. Link nodes: real parents, synthetic missing/remote/cycle parents.
    const synthetic = new Map<string, number>();
    for (const i of t.spanIndexes) {
      const n = nodeOfSpan[i]!;
      const p = parentOfSpan[i]!;
      const span = spans[i]!;
      if (p !== -1) {
        nodes[n]!.parent = nodeOfSpan[p]!;
        nodes[nodeOfSpan[p]!]!.children.push(n);
        continue;
      }
      if (span.parentSpanId === null) {
        t.roots.push(n);
        continue;
      }
      const inCycle = firstById.has(span.parentSpanId);
      const key = inCycle ? `cycle:${i}` : `missing:${span.parentSpanId}`;
      let sn = synthetic.get(key);
      if (sn === undefined) {
        sn = nodes.length;
        const members = inCycle ? [i] : t.missingParents.get(span.parentSpanId)!;
        const isRemote =
          !inCycle &&
          (remote.has(span.parentSpanId) ||
            (members.every(m => spans[m]!.parentIsRemote === true) && members.length > 0));
        nodes.push({
          id: sn,
          kind: inCycle ? 'cycle' : isRemote ? 'remote-parent' : 'missing-parent',
          spanIndex: -1,
          missingSpanId: span.parentSpanId,
          parent: -1,
          children: [],
          depth: 0,
          traceIndex: ti,
        });
        synthetic.set(key, sn);
        t.roots.push(sn);
      }
      nodes[n]!.parent = sn;
      nodes[sn]!.children.push(n);
    }
    // 5. Order children and roots by start time; synthetic nodes sort by their first child.
    const firstSpanOf = (nodeId: number): number => {
      const node = nodes[nodeId]!;
      return node.spanIndex >= 0 ? node.spanIndex : nodes[node.children[0]!]!.spanIndex;
    };
    const byStart = (a: number, b: number) => cmpStart(spans, firstSpanOf(a), firstSpanOf(b));
    // A span node's children are span nodes (synthetic nodes are roots): compare them directly.
    const bySpanStart = (a: number, b: number) =>
      cmpStart(spans, nodes[a]!.spanIndex, nodes[b]!.spanIndex);
    for (const i of t.spanIndexes) {
      const kids = nodes[nodeOfSpan[i]!]!.children;
      if (kids.length > 1) kids.sort(bySpanStart);
    }
    for (const sn of synthetic.values()) nodes[sn]!.children.sort(byStart);
    // Real roots first, then synthetic groups; each group in start order.
    t.roots.sort((a, b) => {
      const ra = nodes[a]!.kind === 'span' ? 0 : 1;
      const rb = nodes[b]!.kind === 'span' ? 0 : 1;
      return ra - rb || byStart(a, b);
    });
    // 6. Depths, iteratively.
    const stack = [...t.roots];
    while (stack.length) {
      const id = stack.pop()!;
      const node = nodes[id]!;
      const d = node.parent === -1 ? 0 : nodes[node.parent]!.depth + 1;
      node.depth = d;
      if (d > maxDepth) maxDepth = d;
      for (const c of node.children) stack.push(c);
    }
  });

  return { nodes, traces, nodeOfSpan, parentOfSpan, maxDepth };
}

/** Ancestor span indexes of a span, nearest first (stops at a root, missing parent or cut). */
export function ancestorsOf(forest: SpanForest, spanIndex: number): number[] {
  const out: number[] = [];
  let p = forest.parentOfSpan[spanIndex]!;
  while (p !== -1 && out.length <= forest.parentOfSpan.length) {
    out.push(p);
    p = forest.parentOfSpan[p]!;
  }
  return out;
}
