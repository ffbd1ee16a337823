// The analysis crosses from the worker to the page as columns, not as 100,000 span objects:
// structured-cloning a full Analysis of a 100k-span dump costs seconds of main-thread time to
// deserialize (every attribute map, event and link is rebuilt), and the page never needs most of it
// up front. What crosses:
// - every small part as is (findings, diagnostics, checklist, context, verdict …);
// - per span the scalar fields the page reads (ids, name, kinds, service, times, status, source
//   line) as typed arrays plus one table of distinct strings and one string of all span ids;
//   the buffers are transferred, not copied;
// - the tree as typed arrays (parent, depth, children in one flat list).
// The page rebuilds the `TreeNode` objects from them in slices (so no task blocks it for long)
// and makes each `Span` object when it is first read (lazySpans). Those spans are "lite":
// attributes, resource, scope, events, links and notes are empty; the span details panel asks
// the worker for the full span (analyze-client.ts).
// Pure TypeScript: used in the worker and on the page.

import type { Analysis } from '../../core/analyze.ts';
import type { OtelKind, Span, StatusCode } from '../../core/model/span.ts';
import type { NodeKind, SpanForest, TraceTree, TreeNode } from '../../core/tree/build-span-tree.ts';

export const OTEL_KINDS: readonly OtelKind[] = [
  'INTERNAL',
  'SERVER',
  'CLIENT',
  'PRODUCER',
  'CONSUMER',
  'UNSPECIFIED',
];
export const STATUS_CODES: readonly StatusCode[] = ['UNSET', 'OK', 'ERROR'];
export const NODE_KINDS: readonly NodeKind[] = ['span', 'missing-parent', 'remote-parent', 'cycle'];

export type AnalysisMeta = Omit<Analysis, 'spans' | 'forest'>;

export interface PackedSpans {
  count: number;
  /** Distinct names, services, kinds, trace ids, messages … (indexes below point here). */
  strings: string[];
  /**
   * Every span id, concatenated in span order (one string clones far faster than 100,000);
   * span i's id is `ids.slice(idEnd[i - 1] ?? 0, idEnd[i])`.
   */
  ids: string;
  idEnd: Int32Array;
  traceId: Int32Array;
  /** -1 none; >= 0 the span index whose id it is; <= -2 string -(v) - 2. */
  parentRef: Int32Array;
  name: Int32Array;
  /** String index or -1 (null) for these three. */
  oiKind: Int32Array;
  service: Int32Array;
  statusMessage: Int32Array;
  traceState: Int32Array;
  /** Index into OTEL_KINDS, or -1 for null. */
  kind: Int8Array;
  status: Int8Array;
  /** -1 null, 0 false, 1 true. */
  parentIsRemote: Int8Array;
  /** NaN when absent. */
  flags: Float64Array;
  start: BigInt64Array;
  end: BigInt64Array;
  /** Bit 1: start is null, bit 2: end is null. */
  timeNull: Uint8Array;
  line: Int32Array;
  /** -1 when absent. */
  column: Int32Array;
  endLine: Int32Array;
}

export interface PackedTrace extends Omit<TraceTree, 'spanIndexes' | 'rootSpanIndexes'> {
  spanIndexes: Int32Array;
  rootSpanIndexes: Int32Array;
}

export interface PackedForest {
  count: number;
  /** The missing parents' span ids (missingSpanId points here). */
  strings: string[];
  kind: Int8Array;
  spanIndex: Int32Array;
  parent: Int32Array;
  depth: Int32Array;
  traceIndex: Int32Array;
  /** String index or -1. */
  missingSpanId: Int32Array;
  /** Children of node i are children[childStart[i] .. childStart[i + 1]). */
  childStart: Int32Array;
  children: Int32Array;
  nodeOfSpan: Int32Array;
  parentOfSpan: Int32Array;
  maxDepth: number;
  traces: PackedTrace[];
}

class StringTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  add(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
  addOrNone(s: string | null | undefined): number {
    return s === null || s === undefined ? -1 : this.add(s);
  }
}

/** The buffers of every typed array among `values` (to transfer them). */
export function buffersOf(values: Iterable<unknown>): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of values) if (ArrayBuffer.isView(v)) out.push(v.buffer as ArrayBuffer);
  return out;
}

/** The span columns (the tree's parent links tell which parent ids are spans of the dump). */
export function packSpans(
  allSpans: readonly Span[],
  parentOfSpan: Int32Array,
): { spans: PackedSpans; transfer: ArrayBuffer[] } {
  const n = allSpans.length;
  const table = new StringTable();
  const idParts = new Array<string>(n);
  // Columns in locals: this runs once per dump, mostly before the engine has optimised it.
  const idEnd = new Int32Array(n);
  const traceId = new Int32Array(n);
  const parentRef = new Int32Array(n);
  const name = new Int32Array(n);
  const oiKind = new Int32Array(n);
  const service = new Int32Array(n);
  const statusMessage = new Int32Array(n);
  const traceState = new Int32Array(n);
  const kind = new Int8Array(n);
  const status = new Int8Array(n);
  const parentIsRemote = new Int8Array(n);
  const flags = new Float64Array(n);
  const start = new BigInt64Array(n);
  const end = new BigInt64Array(n);
  const timeNull = new Uint8Array(n);
  const line = new Int32Array(n);
  const column = new Int32Array(n);
  const endLine = new Int32Array(n);
  // Neighbouring spans mostly share their trace and service: skip the lookup then.
  let lastTrace: string | null = null;
  let lastTraceIndex = -1;
  let lastService: string | null = null;
  let lastServiceIndex = -1;
  let idLength = 0;
  for (let i = 0; i < n; i++) {
    const s = allSpans[i]!;
    const spanId = s.spanId;
    idParts[i] = spanId;
    idLength += spanId.length;
    idEnd[i] = idLength;
    if (s.traceId !== lastTrace) {
      lastTrace = s.traceId;
      lastTraceIndex = table.add(s.traceId);
    }
    traceId[i] = lastTraceIndex;
    const p = parentOfSpan[i]!;
    const parentId = s.parentSpanId;
    parentRef[i] =
      parentId === null
        ? -1
        : p >= 0 && allSpans[p]!.spanId === parentId
          ? p
          : -table.add(parentId) - 2;
    name[i] = table.add(s.name);
    oiKind[i] = table.addOrNone(s.oiKind);
    if (s.serviceName !== lastService) {
      lastService = s.serviceName;
      lastServiceIndex = table.addOrNone(s.serviceName);
    }
    service[i] = lastServiceIndex;
    const st = s.status;
    statusMessage[i] = table.addOrNone(st.message);
    status[i] = STATUS_CODES.indexOf(st.code);
    traceState[i] = table.addOrNone(s.traceState);
    kind[i] = s.kind === null ? -1 : OTEL_KINDS.indexOf(s.kind);
    parentIsRemote[i] = s.parentIsRemote === null ? -1 : s.parentIsRemote ? 1 : 0;
    flags[i] = s.flags ?? NaN;
    let nulls = 0;
    if (s.startNs === null) nulls |= 1;
    else start[i] = s.startNs;
    if (s.endNs === null) nulls |= 2;
    else end[i] = s.endNs;
    timeNull[i] = nulls;
    const src = s.source;
    line[i] = src.line;
    column[i] = src.column ?? -1;
    endLine[i] = src.endLine ?? -1;
  }
  const ps: PackedSpans = {
    count: n,
    strings: table.list,
    ids: idParts.join(''),
    idEnd,
    traceId,
    parentRef,
    name,
    oiKind,
    service,
    statusMessage,
    traceState,
    kind,
    status,
    parentIsRemote,
    flags,
    start,
    end,
    timeNull,
    line,
    column,
    endLine,
  };
  return { spans: ps, transfer: buffersOf(Object.values(ps)) };
}

/** The tree as columns. */
export function packForest(forest: SpanForest): { forest: PackedForest; transfer: ArrayBuffer[] } {
  const nodes = forest.nodes;
  const m = nodes.length;
  const table = new StringTable();
  let childCount = 0;
  for (const node of nodes) childCount += node.children.length;
  const pf: PackedForest = {
    count: m,
    strings: table.list,
    kind: new Int8Array(m),
    spanIndex: new Int32Array(m),
    parent: new Int32Array(m),
    depth: new Int32Array(m),
    traceIndex: new Int32Array(m),
    missingSpanId: new Int32Array(m),
    childStart: new Int32Array(m + 1),
    children: new Int32Array(childCount),
    nodeOfSpan: forest.nodeOfSpan.slice(),
    parentOfSpan: forest.parentOfSpan.slice(),
    maxDepth: forest.maxDepth,
    traces: forest.traces.map(t => ({
      ...t,
      spanIndexes: Int32Array.from(t.spanIndexes),
      rootSpanIndexes: Int32Array.from(t.rootSpanIndexes),
    })),
  };
  let c = 0;
  for (let i = 0; i < m; i++) {
    const node = nodes[i]!;
    pf.kind[i] = NODE_KINDS.indexOf(node.kind);
    pf.spanIndex[i] = node.spanIndex;
    pf.parent[i] = node.parent;
    pf.depth[i] = node.depth;
    pf.traceIndex[i] = node.traceIndex;
    pf.missingSpanId[i] = table.addOrNone(node.missingSpanId);
    pf.childStart[i] = c;
    const children = node.children;
    for (let k = 0; k < children.length; k++) pf.children[c++] = children[k]!;
  }
  pf.childStart[m] = c;
  const transfer = buffersOf(Object.values(pf));
  for (const t of pf.traces)
    transfer.push(t.spanIndexes.buffer as ArrayBuffer, t.rootSpanIndexes.buffer as ArrayBuffer);
  return { forest: pf, transfer };
}

/** The small rest of an analysis (findings, diagnostics, checklist …), sent as it is. */
export function analysisMeta(a: Analysis): AnalysisMeta {
  const { spans: _spans, forest: _forest, ...meta } = a;
  return meta;
}

// Lite spans share these (frozen: nothing on the page may write into a span).
const NO_ATTRIBUTES = Object.freeze(Object.create(null) as Span['attributes']);
const NO_EVENTS = Object.freeze([]) as unknown as Span['events'];
const NO_LINKS = Object.freeze([]) as unknown as Span['links'];
const NO_CHILDREN = Object.freeze([]) as unknown as number[];

/** Nodes rebuilt between two yields of the step generator (a few ms of work). */
export const UNPACK_SLICE = 2_000;

/** The array index a property key names, or -1. */
function indexKey(key: string | symbol): number {
  if (typeof key !== 'string') return -1;
  const i = Number(key);
  return Number.isInteger(i) && i >= 0 && String(i) === key ? i : -1;
}

/**
 * The (lite) spans, read from their columns. Each span object is made the first time it is read
 * and then kept: the page reads the few dozen on screen, not all 100,000, so showing a big dump
 * does not wait for (nor collect the garbage of) half a million small objects. It behaves as a
 * read-only array (index, length, iteration, map …).
 */
export function lazySpans(ps: PackedSpans): Span[] {
  const S = ps.strings;
  const n = ps.count;
  const made = new Array<Span | undefined>(n);
  // Statuses are few: one frozen object per (code, message) pair.
  const statusCache = new Map<number, Span['status']>();
  const statusOf = (code: number, msg: number): Span['status'] => {
    const key = (msg + 1) * 4 + code;
    let st = statusCache.get(key);
    if (!st) {
      const c = STATUS_CODES[code] ?? 'UNSET';
      st = Object.freeze(msg < 0 ? { code: c } : { code: c, message: S[msg]! });
      statusCache.set(key, st);
    }
    return st;
  };
  const spanId = (i: number) => ps.ids.slice(i > 0 ? ps.idEnd[i - 1]! : 0, ps.idEnd[i]!);
  const build = (i: number): Span => {
    const pr = ps.parentRef[i]!;
    const column = ps.column[i]!;
    const endLine = ps.endLine[i]!;
    const source: Span['source'] = { line: ps.line[i]! };
    if (column >= 0) source.column = column;
    if (endLine >= 0) source.endLine = endLine;
    const nulls = ps.timeNull[i]!;
    const kind = ps.kind[i]!;
    const pir = ps.parentIsRemote[i]!;
    const oi = ps.oiKind[i]!;
    const svc = ps.service[i]!;
    const span: Span = {
      index: i,
      traceId: S[ps.traceId[i]!]!,
      spanId: spanId(i),
      parentSpanId: pr === -1 ? null : pr >= 0 ? spanId(pr) : S[-pr - 2]!,
      name: S[ps.name[i]!]!,
      kind: kind < 0 ? null : OTEL_KINDS[kind]!,
      oiKind: oi < 0 ? null : S[oi]!,
      serviceName: svc < 0 ? null : S[svc]!,
      resource: NO_ATTRIBUTES,
      scope: null,
      attributes: NO_ATTRIBUTES,
      startNs: nulls & 1 ? null : ps.start[i]!,
      endNs: nulls & 2 ? null : ps.end[i]!,
      status: statusOf(ps.status[i]!, ps.statusMessage[i]!),
      events: NO_EVENTS,
      links: NO_LINKS,
      parentIsRemote: pir < 0 ? null : pir === 1,
      source,
    };
    const ts = ps.traceState[i]!;
    if (ts >= 0) span.traceState = S[ts]!;
    const flags = ps.flags[i]!;
    if (!Number.isNaN(flags)) span.flags = flags;
    return span;
  };
  const spanOf = (i: number): Span => (made[i] ??= build(i));

  // for…of and spreading go straight through the columns, not through the proxy per element.
  const values = (): IterableIterator<Span> => {
    let i = 0;
    return {
      next: () => (i < n ? { value: spanOf(i++), done: false } : { value: undefined, done: true }),
      [Symbol.iterator]() {
        return this;
      },
    };
  };

  // The target is a plain array of the right length (so Array.isArray holds and the length is
  // there); every index is answered from the columns.
  const target = new Array<Span>(n);
  return new Proxy(target, {
    get(t, key, receiver) {
      const i = indexKey(key);
      if (i >= 0) return i < n ? spanOf(i) : undefined;
      if (key === Symbol.iterator || key === 'values') return values;
      return Reflect.get(t, key, receiver) as unknown;
    },
    has(t, key) {
      const i = indexKey(key);
      return i < 0 ? Reflect.has(t, key) : i < n;
    },
    getOwnPropertyDescriptor(t, key) {
      const i = indexKey(key);
      if (i < 0) return Reflect.getOwnPropertyDescriptor(t, key);
      return i < n
        ? { value: spanOf(i), writable: false, enumerable: true, configurable: true }
        : undefined;
    },
    ownKeys(t) {
      const keys: (string | symbol)[] = [];
      for (let i = 0; i < n; i++) keys.push(String(i));
      for (const k of Reflect.ownKeys(t)) if (indexKey(k) < 0) keys.push(k);
      return keys;
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** Rebuild the tree from its columns, UNPACK_SLICE nodes per `next()`; the last returns it. */
export function* unpackForestSteps(pf: PackedForest): Generator<void, SpanForest, void> {
  const m = pf.count;
  const S = pf.strings;
  const nodes: TreeNode[] = new Array<TreeNode>(m);
  // Columns in locals: this runs once per dump, mostly before the engine has optimised it.
  const { childStart, children: all, kind, spanIndex, parent, depth, traceIndex } = pf;
  const { missingSpanId } = pf;
  for (let i = 0; i < m; i++) {
    const a = childStart[i]!;
    const b = childStart[i + 1]!;
    let children = NO_CHILDREN;
    if (b > a) {
      children = new Array<number>(b - a);
      for (let k = a; k < b; k++) children[k - a] = all[k]!;
    }
    const node: TreeNode = {
      id: i,
      kind: NODE_KINDS[kind[i]!] ?? 'span',
      spanIndex: spanIndex[i]!,
      parent: parent[i]!,
      children,
      depth: depth[i]!,
      traceIndex: traceIndex[i]!,
    };
    const missing = missingSpanId[i]!;
    if (missing >= 0) node.missingSpanId = S[missing]!;
    nodes[i] = node;
    if (i % UNPACK_SLICE === UNPACK_SLICE - 1) yield;
  }
  return {
    nodes,
    traces: pf.traces.map(t => ({
      ...t,
      spanIndexes: Array.from(t.spanIndexes),
      rootSpanIndexes: Array.from(t.rootSpanIndexes),
    })),
    nodeOfSpan: pf.nodeOfSpan,
    parentOfSpan: pf.parentOfSpan,
    maxDepth: pf.maxDepth,
  };
}

/** The (lite) Analysis the page shows: the worker's small rest, its span columns, the tree. */
export function assembleAnalysis(
  meta: AnalysisMeta,
  spans: PackedSpans,
  forest: SpanForest,
): Analysis {
  return { ...meta, spans: lazySpans(spans), forest };
}
