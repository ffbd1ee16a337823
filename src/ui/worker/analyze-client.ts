// Runs analyze() in a Web Worker. One request at a time: a newer request supersedes (and
// terminates) an older one, so typing in the paste box never queues stale work. A crashed
// worker is reported and replaced; the input is untouched.
//
// The result arrives as columns (compact-analysis.ts): the tree is rebuilt here in slices,
// yielding to the page between them, so a 100k-span dump never blocks the main thread for long;
// the spans are read from their columns when shown. They are lite: `fetchSpanDetail` and
// `fetchFilter` ask the worker for what only it holds.
// Analyses made on the page (fetched traces) are full and answered locally.

import { spansToOtlpJsonText } from '../../core/export/otlp-json-writer.ts';
import type { Analysis, AnalyzeInput, AnalyzeOptions } from '../../core/analyze.ts';
import type { Span } from '../../core/model/span.ts';
import {
  failAnalysis,
  loadAnalysis,
  setAnalysisProgress,
  startAnalysis,
} from '../../state/analysis-store.ts';
import type { WorkerRequest, WorkerResponse } from './analyze.worker.ts';
import {
  assembleAnalysis,
  unpackForestSteps,
  type AnalysisMeta,
  type PackedForest,
  type PackedSpans,
} from './compact-analysis.ts';
import type { RawExcerpt } from './raw-excerpt.ts';
import { markStage, markWallStages } from './load-marks.ts';
import { expectTreeLayout, primeTreeLayout, type TreeLayout } from '../trace/useTreeLayout.ts';

/** Inputs above this many characters are refused in the browser with a clear message. */
export const MAX_INPUT_CHARS = 400_000_000;

let worker: Worker | null = null;
let busy = false;
let nextId = 1;
let currentId = 0;
let labelOf = '';
let nextReq = 1;
const pending = new Map<number, (msg: WorkerResponse | null) => void>();
/** Analyses rebuilt from the worker's columns → the worker's id for them. */
const compactIds = new WeakMap<Analysis, number>();

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>(r => (resolve = r));
  return { promise, resolve };
}

/** The parts of the current analysis as they arrive (analyze.worker.ts sends three). */
interface Incoming {
  id: number;
  tree: Deferred<{ meta: AnalysisMeta; forest: PackedForest; elapsedMs: number }>;
  spans: Deferred<{ spans: PackedSpans }>;
  layout: Deferred<TreeLayout>;
}
let incoming: Incoming | null = null;

function dropPending(): void {
  for (const resolve of pending.values()) resolve(null);
  pending.clear();
}

function spawn(): Worker {
  const w = new Worker(new URL('./analyze.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<WorkerResponse>) => {
    const msg = e.data;
    if (msg.type === 'span' || msg.type === 'filter' || msg.type === 'export-otlp') {
      pending.get(msg.reqId)?.(msg);
      pending.delete(msg.reqId);
      return;
    }
    if (msg.id !== currentId || incoming?.id !== msg.id) return;
    if (msg.type === 'progress') {
      setAnalysisProgress(msg.stage, msg.fraction);
      return;
    }
    markWallStages(msg.stages);
    if (msg.type === 'tree') {
      markStage('received');
      setAnalysisProgress('showing', 0.95);
      incoming.tree.resolve(msg);
    } else if (msg.type === 'spans') {
      incoming.spans.resolve(msg);
    } else {
      busy = false;
      incoming.layout.resolve(msg.layout);
    }
  };
  w.onerror = e => {
    e.preventDefault();
    busy = false;
    worker?.terminate();
    worker = null;
    incoming = null;
    dropPending();
    failAnalysis(
      `The analysis crashed (${e.message || 'worker error'}). Your input is kept; try again, or choose the format by hand.`,
    );
  };
  return w;
}

/**
 * Start the worker ahead of the first analysis (loading its script takes ~100 ms), so a dropped
 * file is read at once. Safe to call more than once; a no-op where there are no workers.
 */
export function prepareAnalysisWorker(): void {
  if (typeof Worker !== 'undefined') worker ??= spawn();
}

/** Let the page paint and handle input between slices of work. */
function yieldToPage(): Promise<void> {
  return new Promise(resolve => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}

/** Main-thread time per slice of rebuilding (well under the 50 ms of a long task). */
const SLICE_MS = 25;

/** Run rebuild steps in slices of about SLICE_MS; null when a newer analysis superseded this one. */
async function drive<T>(id: number, steps: Generator<void, T, void>): Promise<T | null> {
  for (;;) {
    await yieldToPage();
    if (id !== currentId) return null;
    const deadline = performance.now() + SLICE_MS;
    let r = steps.next();
    while (!r.done && performance.now() < deadline) r = steps.next();
    if (r.done) return r.value;
  }
}

async function receive(inc: Incoming): Promise<void> {
  const tree = await inc.tree.promise;
  const forest = await drive(inc.id, unpackForestSteps(tree.forest));
  if (forest === null) return;
  markStage('forest');
  await yieldToPage();
  if (inc.id !== currentId) return;
  // The span columns (packed in the worker while the page rebuilt the tree).
  const { spans: columns } = await inc.spans.promise;
  await yieldToPage(); // showing it is a task of its own (React renders it synchronously)
  if (inc.id !== currentId) return;
  const analysis = assembleAnalysis(tree.meta, columns, forest);
  compactIds.set(analysis, inc.id);
  // The waterfall geometry is laid out in the worker (d3-hierarchy) while the findings are
  // shown; the tree waits for it rather than computing it here.
  expectTreeLayout(analysis);
  markStage('unpacked');
  loadAnalysis(analysis, { label: labelOf, elapsedMs: tree.elapsedMs });
  markStage('loaded');
  const layout = await inc.layout.promise;
  primeTreeLayout(analysis, layout);
  markStage('laid-out');
}

/** Texts longer than this are posted in parts of this size, one task each. */
const TEXT_PART = 8_000_000;

/**
 * Analyse `input` in the worker. A big pasted or dropped text is posted in parts, one task each:
 * copying 90 MB in one postMessage blocks the page for ~100 ms on a 2-core machine. A file can be
 * passed as `blob` instead of `input.text`: the worker then reads and decodes it itself, and the
 * page neither decodes nor copies it.
 */
export function runAnalysis(
  input: AnalyzeInput,
  options: Omit<AnalyzeOptions, 'onProgress'>,
  label: string,
  blob?: Blob,
): void {
  if (busy && worker) {
    worker.terminate();
    worker = null;
    incoming = null;
    dropPending();
  }
  const w = (worker ??= spawn());
  const id = (currentId = nextId++);
  labelOf = label;
  busy = true;
  incoming = { id, tree: deferred(), spans: deferred(), layout: deferred() };
  void receive(incoming);
  startAnalysis(label);
  const req: WorkerRequest = {
    type: 'analyze',
    id,
    input,
    blob,
    options: { ...options, maxChars: MAX_INPUT_CHARS },
  };
  const text = input.text;
  if (text === undefined || text.length <= TEXT_PART) {
    w.postMessage(req);
    markStage('post');
    return;
  }
  void (async () => {
    for (let at = 0; at < text.length; at += TEXT_PART) {
      if (id !== currentId) return; // superseded: the worker drops the parts it got
      w.postMessage({
        type: 'text-part',
        id,
        part: text.slice(at, at + TEXT_PART),
      } satisfies WorkerRequest);
      await yieldToPage();
    }
    if (id === currentId) {
      w.postMessage({ ...req, input: { ...input, text: undefined }, textParts: true });
      markStage('post');
    }
  })();
}

function ask(build: (reqId: number) => WorkerRequest): Promise<WorkerResponse | null> {
  if (!worker) return Promise.resolve(null);
  const reqId = nextReq++;
  const w = worker;
  return new Promise(resolve => {
    pending.set(reqId, resolve);
    w.postMessage(build(reqId));
  });
}

/** True when the analysis' spans are lite (attributes etc. live in the worker). */
export function isCompact(a: Analysis): boolean {
  return compactIds.has(a);
}

export interface SpanDetail {
  span: Span;
  raw: RawExcerpt | null;
}

/**
 * The full span (attributes, resource, events, links, notes) and its raw text. Null when the
 * worker no longer holds this analysis (a newer one replaced it).
 */
export async function fetchSpanDetail(a: Analysis, spanIndex: number): Promise<SpanDetail | null> {
  const id = compactIds.get(a);
  if (id === undefined) {
    const span = a.spans[spanIndex];
    return span ? { span, raw: null } : null;
  }
  const msg = await ask(reqId => ({ type: 'span', id, reqId, spanIndex }));
  return msg?.type === 'span' && msg.span ? { span: msg.span, raw: msg.raw } : null;
}

/** The full normalised trace as OTLP/JSON text (built where the full spans are). */
export async function exportOtlpJson(a: Analysis): Promise<string | null> {
  const id = compactIds.get(a);
  if (id === undefined) return spansToOtlpJsonText(a.spans);
  const msg = await ask(reqId => ({ type: 'export-otlp', id, reqId }));
  return msg?.type === 'export-otlp' ? msg.text : null;
}

/** Span indexes matching a filter query, computed where the attributes are. Null if unavailable. */
export async function fetchFilter(a: Analysis, query: string): Promise<Int32Array | null> {
  const id = compactIds.get(a);
  if (id === undefined) return null;
  const msg = await ask(reqId => ({ type: 'filter', id, reqId, query }));
  return msg?.type === 'filter' ? msg.spanIndexes : null;
}
