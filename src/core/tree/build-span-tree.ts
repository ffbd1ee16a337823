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

// Span ids are looked up once per span and once per parent id, which with 100k spans is most of
// the work (each lookup reads an id string somewhere in a large heap). Canonical ids (16 lowercase
// hex digits, nearly all of them) are therefore read once, as two 32-bit halves, and looked up in
// open-addressing tables of span indexes, one region per trace (so a trace's lookups stay close
// together); any other id text goes to a per-trace Map. Both are exact: the halves are a
// one-to-one encoding of a canonical id.

let idHi = 0;
let idLo = 0;

/** Hex digit value by UTF-16 code unit: 0-15 for 0-9 and a-f, -1 for anything else. */
const HEX_VALUE = new Int8Array(65536).fill(-1);
for (let c = 0; c < 16; c++) HEX_VALUE['0123456789abcdef'.charCodeAt(c)] = c;

/** Sets idHi/idLo and returns true when `id` is 16 lowercase hex digits. */
function readCanonicalId(id: string): boolean {
  if (id.length !== 16) return false;
  let hi = 0;
  let lo = 0;
  let bad = 0; // turns negative on a non-hex digit (checked once, not per digit)
  for (let k = 0; k < 8; k++) {
    const v = HEX_VALUE[id.charCodeAt(k)]!;
    bad |= v;
    hi = (hi << 4) | (v & 15);
  }
  for (let k = 8; k < 16; k++) {
    const v = HEX_VALUE[id.charCodeAt(k)]!;
    bad |= v;
    lo = (lo << 4) | (v & 15);
  }
  if (bad < 0) return false;
  idHi = hi;
  idLo = lo;
  return true;
}

function idHash(hi: number, lo: number): number {
  const h = Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}

/**
 * Canonical span ids → first span index carrying each, per trace. Trace `t` owns the slots
 * `start[t] .. start[t] + mask[t]` (a power of two at least twice its span count); a slot holds
 * span index + 1 (0 = empty), whose halves are in `hi`/`lo`.
 */
class IdTable {
  private readonly slots: Int32Array;
  private readonly start: Int32Array;
  private readonly mask: Int32Array;

  constructor(
    private readonly hi: Int32Array,
    private readonly lo: Int32Array,
    traces: readonly TraceTree[],
  ) {
    this.start = new Int32Array(traces.length);
    this.mask = new Int32Array(traces.length);
    let total = 0;
    for (let t = 0; t < traces.length; t++) {
      let size = 2;
      while (size < traces[t]!.spanIndexes.length * 2) size *= 2;
      this.start[t] = total;
      this.mask[t] = size - 1;
      total += size;
    }
    this.slots = new Int32Array(total);
  }

  /** The span index stored for the id in trace `trace`, or -1. */
  get(trace: number, hi: number, lo: number): number {
    const slots = this.slots;
    const base = this.start[trace]!;
    const mask = this.mask[trace]!;
    for (let h = idHash(hi, lo) & mask; ; h = (h + 1) & mask) {
      const v = slots[base + h]!;
      if (v === 0) return -1;
      if (this.hi[v - 1] === hi && this.lo[v - 1] === lo) return v - 1;
    }
  }

  /** Stores span `index` (its halves are in hi/lo) unless its id is present; returns the index stored before, or -1. */
  add(trace: number, index: number): number {
    const slots = this.slots;
    const hi = this.hi[index]!;
    const lo = this.lo[index]!;
    const base = this.start[trace]!;
    const mask = this.mask[trace]!;
    for (let h = idHash(hi, lo) & mask; ; h = (h + 1) & mask) {
      const v = slots[base + h]!;
      if (v === 0) {
        slots[base + h] = index + 1;
        return -1;
      }
      if (this.hi[v - 1] === hi && this.lo[v - 1] === lo) return v - 1;
    }
  }
}

/**
 * What the build saw of the ids, for the `invalid-id` rule (which would otherwise read every id
 * again): whether every span id is 16 lowercase hex digits and not all zeros, and whether every
 * parent id is 16 lowercase hex digits.
 */
export interface TreeIdFacts {
  spans: readonly Span[];
  spanIdsValid: boolean;
  parentIdsHex: boolean;
}

const idFacts = new WeakMap<SpanForest, TreeIdFacts>();

/** The id facts of a forest built by `buildSpanTree` (undefined for any other object). */
export function treeIdFacts(forest: SpanForest): TreeIdFacts | undefined {
  return idFacts.get(forest);
}

/** Build one tree per trace id (trace order = first appearance in the input). */
export function buildSpanTree(spans: Span[], options: BuildTreeOptions = {}): SpanForest {
  const remote = options.remoteParentIds ?? new Set<string>();
  const n = spans.length;
  const parentOfSpan = new Int32Array(n).fill(-1);
  const traces: TraceTree[] = [];
  const traceIndexById = new Map<string, number>();
  const traceOf = new Int32Array(n);
  // Span ids: 1 when canonical (halves in sidHi/sidLo), else 0.
  const sidKind = new Uint8Array(n);
  const sidHi = new Int32Array(n);
  const sidLo = new Int32Array(n);
  // Parent ids, read in the same pass: 0 none, 1 canonical (halves in pidHi/pidLo), 2 other.
  const pidKind = new Uint8Array(n);
  const pidHi = new Int32Array(n);
  const pidLo = new Int32Array(n);
  // Start times as doubles (+Infinity when missing): rounding is monotonic, so a smaller key
  // means an earlier start; equal keys need the exact comparison.
  const key = new Float64Array(n);
  let spanIdsValid = true;
  let parentIdsHex = true;

  // 1. One pass over the spans (with 100k spans each pass is mostly memory traffic): traces, span
  // and parent ids, time range.
  // Consecutive spans mostly share a trace: remember the last one instead of hashing every id.
  let lastTraceId: string | null = null;
  let ti = -1;
  let t: TraceTree | null = null;
  for (let i = 0; i < n; i++) {
    const s = spans[i]!;
    if (s.traceId !== lastTraceId || t === null) {
      lastTraceId = s.traceId;
      const known = traceIndexById.get(s.traceId);
      if (known === undefined) {
        ti = traces.length;
        traceIndexById.set(s.traceId, ti);
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
      } else ti = known;
      t = traces[ti]!;
    }
    traceOf[i] = ti;
    t.spanIndexes.push(i);
    if (readCanonicalId(s.spanId)) {
      sidKind[i] = 1;
      sidHi[i] = idHi;
      sidLo[i] = idLo;
      if (idHi === 0 && idLo === 0) spanIdsValid = false;
    } else spanIdsValid = false;
    const pid = s.parentSpanId;
    if (pid !== null) {
      if (readCanonicalId(pid)) {
        pidKind[i] = 1;
        pidHi[i] = idHi;
        pidLo[i] = idLo;
      } else {
        pidKind[i] = 2;
        parentIdsHex = false;
      }
    }
    const start = s.startNs;
    if (start !== null) {
      key[i] = Number(start);
      if (t.startNs === null || start < t.startNs) t.startNs = start;
    } else key[i] = Infinity;
    const end = s.endNs;
    if (end !== null && (t.endNs === null || end > t.endNs)) t.endNs = end;
  }

  // 2. Index span ids, per trace (first copy wins; all copies recorded): canonical ids in
  // `table`, others in `otherIds[trace]`.
  const table = new IdTable(sidHi, sidLo, traces);
  const otherIds: (Map<string, number> | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const tr = traceOf[i]!;
    let first: number;
    if (sidKind[i] === 1) first = table.add(tr, i);
    else {
      const sid = spans[i]!.spanId;
      const other = (otherIds[tr] ??= new Map());
      first = other.get(sid) ?? -1;
      if (first === -1) other.set(sid, i);
    }
    if (first !== -1) {
      const sid = spans[i]!.spanId;
      const duplicates = traces[tr]!.duplicates;
      const dup = duplicates.get(sid);
      if (dup) dup.push(i);
      else duplicates.set(sid, [first, i]);
    }
  }

  // 3. Resolve parents (within the trace). `found`: the parent id names a span of the trace.
  const found = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const kind = pidKind[i]!;
    const tr = traceOf[i]!;
    if (kind === 0) {
      traces[tr]!.rootSpanIndexes.push(i);
      continue;
    }
    const p =
      kind === 1
        ? table.get(tr, pidHi[i]!, pidLo[i]!)
        : (otherIds[tr]?.get(spans[i]!.parentSpanId!) ?? -1);
    if (p === -1) {
      const pid = spans[i]!.parentSpanId!;
      const missing = traces[tr]!.missingParents;
      const list = missing.get(pid);
      if (list) list.push(i);
      else missing.set(pid, [i]);
    } else {
      found[i] = 1;
      parentOfSpan[i] = p; // may be itself or form a cycle; checked below
    }
  }

  // 4. Cycles: follow parent pointers with colouring (0 new, 1 on the current walk, 2 done).
  // Walks stay inside one trace, so going through all spans in input order finds each trace's
  // cycles in its own input order.
  const state = new Uint8Array(n);
  const path: number[] = [];
  for (let start = 0; start < n; start++) {
    if (state[start]) continue;
    let cur = start;
    let len = 0;
    while (cur !== -1 && !state[cur]) {
      state[cur] = 1;
      path[len++] = cur;
      cur = parentOfSpan[cur]!;
    }
    if (cur !== -1 && state[cur] === 1) {
      path.length = len;
      const cycle = path.slice(path.indexOf(cur));
      traces[traceOf[start]!]!.cycles.push(cycle);
      // Cut the cycle at its earliest-starting span.
      let cut = cycle[0]!;
      for (const c of cycle) if (cmpStart(spans, c, cut) < 0) cut = c;
      parentOfSpan[cut] = -1;
    }
    for (let q = 0; q < len; q++) state[path[q]!] = 2;
  }

  // 5. Span nodes (node id = span index), children lists sized up front (children in input
  // order for now).
  const childCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = parentOfSpan[i]!;
    if (p !== -1) childCount[p]!++;
  }
  const nodes: TreeNode[] = new Array<TreeNode>(n);
  const nodeOfSpan = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    nodeOfSpan[i] = i;
    const count = childCount[i]!;
    nodes[i] = {
      id: i,
      kind: 'span',
      spanIndex: i,
      parent: parentOfSpan[i]!,
      children: count === 0 ? [] : new Array<number>(count),
      depth: 0,
      traceIndex: traceOf[i]!,
    };
  }
  childCount.fill(0); // from here: children filled so far
  for (let i = 0; i < n; i++) {
    const p = parentOfSpan[i]!;
    if (p !== -1) nodes[p]!.children[childCount[p]!++] = i;
  }

  // Span nodes in start order: the double keys decide unless they tie (same or nearly the same
  // start), then the exact comparison does (ties by index).
  const byStart = (a: number, b: number): number => {
    const ka = key[a]!;
    const kb = key[b]!;
    if (ka < kb) return -1;
    if (ka > kb) return 1;
    return cmpStart(spans, a, b);
  };

  let maxDepth = 0;
  // Depth-first scratch stack (node ids), shared by all traces: a trace has at most one synthetic
  // node per span, so it never holds more than 2n ids.
  const stack = new Int32Array(2 * n + 1);
  for (let tIndex = 0; tIndex < traces.length; tIndex++) {
    const tr = traces[tIndex]!;
    const spanIndexes = tr.spanIndexes;
    // 6. Roots, and synthetic missing/remote/cycle parents (created in input order, after all
    // span nodes and the previous traces' synthetic nodes).
    const missingNode = new Map<string, number>();
    const synthetic: number[] = [];
    const roots = tr.roots;
    for (let k = 0; k < spanIndexes.length; k++) {
      const i = spanIndexes[k]!;
      if (parentOfSpan[i] !== -1) continue;
      if (pidKind[i] === 0) {
        roots.push(i);
        continue;
      }
      const pid = spans[i]!.parentSpanId!;
      // The parent is present but was cut out of a cycle, or absent.
      const inCycle = found[i] === 1;
      let sn = inCycle ? undefined : missingNode.get(pid);
      if (sn === undefined) {
        sn = nodes.length;
        const members = inCycle ? [i] : tr.missingParents.get(pid)!;
        const isRemote =
          !inCycle &&
          (remote.has(pid) ||
            (members.every(m => spans[m]!.parentIsRemote === true) && members.length > 0));
        nodes.push({
          id: sn,
          kind: inCycle ? 'cycle' : isRemote ? 'remote-parent' : 'missing-parent',
          spanIndex: -1,
          missingSpanId: pid,
          parent: -1,
          children: [],
          depth: 0,
          traceIndex: tIndex,
        });
        if (!inCycle) missingNode.set(pid, sn);
        synthetic.push(sn);
      }
      nodes[i]!.parent = sn;
      nodes[sn]!.children.push(i);
    }
    // 7. Order roots by start time: real roots first, then synthetic groups in the order of their
    // first child. (Span nodes' children are ordered in the depth pass below.)
    for (const sn of synthetic) sortNodes(nodes[sn]!.children, byStart);
    sortNodes(roots, byStart);
    if (synthetic.length > 1) {
      synthetic.sort((a, b) => byStart(nodes[a]!.children[0]!, nodes[b]!.children[0]!));
    }
    for (const sn of synthetic) roots.push(sn);
    // 8. Depths, iteratively (a node's parent is reached before the node), ordering each span
    // node's children by start time on the way. Children lists are often already in order:
    // sortNodes checks before sorting.
    let top = 0;
    for (let k = roots.length - 1; k >= 0; k--) stack[top++] = roots[k]!;
    while (top > 0) {
      const id = stack[--top]!;
      const node = nodes[id]!;
      const d = node.parent === -1 ? 0 : nodes[node.parent]!.depth + 1;
      node.depth = d;
      if (d > maxDepth) maxDepth = d;
      const kids = node.children;
      if (kids.length > 1 && node.spanIndex >= 0) sortNodes(kids, byStart);
      for (let c = 0; c < kids.length; c++) stack[top++] = kids[c]!;
    }
  }

  const forest: SpanForest = { nodes, traces, nodeOfSpan, parentOfSpan, maxDepth };
  idFacts.set(forest, { spans, spanIdsValid, parentIdsHex });
  return forest;
}

/** Sort in place with `cmp`, skipping the sort when the list is already in order. */
function sortNodes(list: number[], cmp: (a: number, b: number) => number): void {
  for (let k = 1; k < list.length; k++) {
    if (cmp(list[k - 1]!, list[k]!) > 0) {
      list.sort(cmp);
      return;
    }
  }
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
