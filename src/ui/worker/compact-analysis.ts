// The analysis crosses from the worker to the page as columns, not as 100,000 span objects:
// structured-cloning a full Analysis of a 100k-span dump costs seconds of main-thread time to
// deserialize (every attribute map, event and link is rebuilt), and the page never needs most of it
// up front. What crosses:
// - every small part as is (findings, diagnostics, checklist, context, verdict …);
// - per span the scalar fields the page reads (ids, name, kinds, service, times, status, source
//   line) as typed arrays plus one table of distinct strings; the buffers are transferred, not
//   copied;
// - the tree as typed arrays (parent, depth, children in one flat list).
// The page rebuilds plain `Span` / `TreeNode` objects from them in slices (so no task blocks it
// for long). Those spans are "lite": attributes, resource, scope, events, links and notes are
// empty; the span details panel asks the worker for the full span (analyze-client.ts).
// Pure TypeScript: used in the worker and on the page.

import type { Analysis } from '../../core/analyze.ts';
import type { OtelKind, Span, StatusCode } from '../../core/model/span.ts';
import type { NodeKind, SpanForest, TraceTree, TreeNode } from '../../core/tree/build-span-tree.ts';
import type { TreeLayout } from '../trace/useTreeLayout.ts';

const OTEL_KINDS: OtelKind[] = [
  'INTERNAL',
  'SERVER',
  'CLIENT',
  'PRODUCER',
  'CONSUMER',
  'UNSPECIFIED',
];
const STATUS_CODES: StatusCode[] = ['UNSET', 'OK', 'ERROR'];
const NODE_KINDS: NodeKind[] = ['span', 'missing-parent', 'remote-parent', 'cycle'];

export type AnalysisMeta = Omit<Analysis, 'spans' | 'forest'>;

export interface PackedSpans {
  count: number;
  /** Distinct names, services, kinds, trace ids, messages … (indexes below point here). */
  strings: string[];
  /** Span ids in span order (unique in practice, so not interned). */
  spanIds: string[];
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
  kind: Int8Array;
  spanIndex: Int32Array;
  parent: Int32Array;
  depth: Int32Array;
  traceIndex: Int32Array;
  /** String index (in PackedSpans.strings) or -1. */
  missingSpanId: Int32Array;
  /** Children of node i are children[childStart[i] .. childStart[i + 1]). */
  childStart: Int32Array;
  children: Int32Array;
  nodeOfSpan: Int32Array;
  parentOfSpan: Int32Array;
  maxDepth: number;
  traces: PackedTrace[];
}

export interface PackedAnalysis {
  meta: AnalysisMeta;
  spans: PackedSpans;
  forest: PackedForest;
  /** Waterfall geometry, when the sender computed it (ui/trace/useTreeLayout.ts). */
  layout?: TreeLayout;
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

/** Columns of an analysis plus the buffers to transfer with it. */
export function packAnalysis(a: Analysis): { packed: PackedAnalysis; transfer: ArrayBuffer[] } {
  const { spans: allSpans, forest: fullForest, ...meta } = a;
  const n = allSpans.length;
  const table = new StringTable();
  const spanIds: string[] = new Array<string>(n);
  const ps: PackedSpans = {
    count: n,
    strings: table.list,
    spanIds,
    traceId: new Int32Array(n),
    parentRef: new Int32Array(n),
    name: new Int32Array(n),
    oiKind: new Int32Array(n),
    service: new Int32Array(n),
    statusMessage: new Int32Array(n),
    traceState: new Int32Array(n),
    kind: new Int8Array(n),
    status: new Int8Array(n),
    parentIsRemote: new Int8Array(n),
    flags: new Float64Array(n),
    start: new BigInt64Array(n),
    end: new BigInt64Array(n),
    timeNull: new Uint8Array(n),
    line: new Int32Array(n),
    column: new Int32Array(n),
    endLine: new Int32Array(n),
  };
  const parentOfSpan = fullForest.parentOfSpan;
  for (let i = 0; i < n; i++) {
    const s = allSpans[i]!;
    spanIds[i] = s.spanId;
    ps.traceId[i] = table.add(s.traceId);
    const p = parentOfSpan[i]!;
    ps.parentRef[i] =
      s.parentSpanId === null
        ? -1
        : p >= 0 && allSpans[p]!.spanId === s.parentSpanId
          ? p
          : -table.add(s.parentSpanId) - 2;
    ps.name[i] = table.add(s.name);
    ps.oiKind[i] = table.addOrNone(s.oiKind);
    ps.service[i] = table.addOrNone(s.serviceName);
    ps.statusMessage[i] = table.addOrNone(s.status.message);
    ps.traceState[i] = table.addOrNone(s.traceState);
    ps.kind[i] = s.kind === null ? -1 : OTEL_KINDS.indexOf(s.kind);
    ps.status[i] = STATUS_CODES.indexOf(s.status.code);
    ps.parentIsRemote[i] = s.parentIsRemote === null ? -1 : s.parentIsRemote ? 1 : 0;
    ps.flags[i] = s.flags ?? NaN;
    let nulls = 0;
    if (s.startNs === null) nulls |= 1;
    else ps.start[i] = s.startNs;
    if (s.endNs === null) nulls |= 2;
    else ps.end[i] = s.endNs;
    ps.timeNull[i] = nulls;
    ps.line[i] = s.source.line;
    ps.column[i] = s.source.column ?? -1;
    ps.endLine[i] = s.source.endLine ?? -1;
  }

  const nodes = fullForest.nodes;
  const m = nodes.length;
  let childCount = 0;
  for (const node of nodes) childCount += node.children.length;
  const pf: PackedForest = {
    count: m,
    kind: new Int8Array(m),
    spanIndex: new Int32Array(m),
    parent: new Int32Array(m),
    depth: new Int32Array(m),
    traceIndex: new Int32Array(m),
    missingSpanId: new Int32Array(m),
    childStart: new Int32Array(m + 1),
    children: new Int32Array(childCount),
    nodeOfSpan: fullForest.nodeOfSpan.slice(),
    parentOfSpan: fullForest.parentOfSpan.slice(),
    maxDepth: fullForest.maxDepth,
    traces: fullForest.traces.map(t => ({
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
    for (const k of node.children) pf.children[c++] = k;
  }
  pf.childStart[m] = c;

  const transfer: ArrayBuffer[] = [];
  for (const v of [...Object.values(ps), ...Object.values(pf)]) {
    if (ArrayBuffer.isView(v)) transfer.push(v.buffer as ArrayBuffer);
  }
  for (const t of pf.traces)
    transfer.push(t.spanIndexes.buffer as ArrayBuffer, t.rootSpanIndexes.buffer as ArrayBuffer);
  return { packed: { meta, spans: ps, forest: pf }, transfer };
}

// Lite spans share these (frozen: nothing on the page may write into a span).
const NO_ATTRIBUTES = Object.freeze(Object.create(null) as Span['attributes']);
const NO_EVENTS = Object.freeze([]) as unknown as Span['events'];
const NO_LINKS = Object.freeze([]) as unknown as Span['links'];
const NO_CHILDREN = Object.freeze([]) as unknown as number[];

/** Rows rebuilt per slice: small enough that one slice stays well under a frame budget. */
export const UNPACK_SLICE = 5_000;

/**
 * Rebuild a (lite) Analysis from its columns, one slice at a time: each `next()` does about
 * UNPACK_SLICE rows of work; the last returns the analysis. Drive it with `unpackAnalysis` (all at
 * once) or from a scheduler that yields between slices.
 */
export function* unpackAnalysisSteps(p: PackedAnalysis): Generator<void, Analysis, void> {
  const ps = p.spans;
  const S = ps.strings;
  const n = ps.count;
  const spans: Span[] = new Array<Span>(n);
  const statusCache = new Map<string, Span['status']>();
  const statusOf = (code: StatusCode, msg: number): Span['status'] => {
    const key = msg < 0 ? code : `${code}\u0000${msg}`;
    let st = statusCache.get(key);
    if (!st) {
      st = msg < 0 ? { code } : { code, message: S[msg]! };
      Object.freeze(st);
      statusCache.set(key, st);
    }
    return st;
  };
  for (let i = 0; i < n; i++) {
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
      spanId: ps.spanIds[i]!,
      parentSpanId: pr === -1 ? null : pr >= 0 ? ps.spanIds[pr]! : S[-pr - 2]!,
      name: S[ps.name[i]!]!,
      kind: kind < 0 ? null : OTEL_KINDS[kind]!,
      oiKind: oi < 0 ? null : S[oi]!,
      serviceName: svc < 0 ? null : S[svc]!,
      resource: NO_ATTRIBUTES,
      scope: null,
      attributes: NO_ATTRIBUTES,
      startNs: nulls & 1 ? null : ps.start[i]!,
      endNs: nulls & 2 ? null : ps.end[i]!,
      status: statusOf(STATUS_CODES[ps.status[i]!] ?? 'UNSET', ps.statusMessage[i]!),
      events: NO_EVENTS,
      links: NO_LINKS,
      parentIsRemote: pir < 0 ? null : pir === 1,
      source,
    };
    const ts = ps.traceState[i]!;
    if (ts >= 0) span.traceState = S[ts]!;
    const flags = ps.flags[i]!;
    if (!Number.isNaN(flags)) span.flags = flags;
    spans[i] = span;
    if (i % UNPACK_SLICE === UNPACK_SLICE - 1) yield;
  }

  const pf = p.forest;
  const m = pf.count;
  const nodes: TreeNode[] = new Array<TreeNode>(m);
  for (let i = 0; i < m; i++) {
    const a = pf.childStart[i]!;
    const b = pf.childStart[i + 1]!;
    const node: TreeNode = {
      id: i,
      kind: NODE_KINDS[pf.kind[i]!] ?? 'span',
      spanIndex: pf.spanIndex[i]!,
      parent: pf.parent[i]!,
      children: a === b ? NO_CHILDREN : Array.from(pf.children.subarray(a, b)),
      depth: pf.depth[i]!,
      traceIndex: pf.traceIndex[i]!,
    };
    const missing = pf.missingSpanId[i]!;
    if (missing >= 0) node.missingSpanId = S[missing]!;
    nodes[i] = node;
    if (i % UNPACK_SLICE === UNPACK_SLICE - 1) yield;
  }
  const forest: SpanForest = {
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
  return { ...p.meta, spans, forest };
}

/** Rebuild the whole lite Analysis in one go (tests, small inputs). */
export function unpackAnalysis(p: PackedAnalysis): Analysis {
  const steps = unpackAnalysisSteps(p);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
