// Parsing, tree building and rules run here, off the main thread. The worker keeps the last full
// analysis (and its input) and sends the page a compact copy (compact-analysis.ts); the page asks
// back for what it shows on demand: one span's full details with its raw text, or the span
// indexes matching a filter (attribute terms need the attribute maps, which stay here).

import { spansToOtlpJsonText } from '../../core/export/otlp-json-writer.ts';
import {
  analyze,
  type Analysis,
  type AnalyzeInput,
  type AnalyzeOptions,
} from '../../core/analyze.ts';
import { InputText } from '../../core/input/input-text.ts';
import type { Span } from '../../core/model/span.ts';
import { filterSpans } from '../../core/tree/filter-spans.ts';
import {
  analysisMeta,
  buffersOf,
  packForest,
  packSpans,
  type AnalysisMeta,
  type PackedForest,
  type PackedSpans,
} from './compact-analysis.ts';
import { wallNow, type LoadStage } from './load-marks.ts';
import { computeTreeLayout, type TreeLayout } from '../trace/useTreeLayout.ts';
import { rawExcerpt, type RawExcerpt } from './raw-excerpt.ts';

export type WorkerRequest =
  | {
      type: 'analyze';
      id: number;
      input: AnalyzeInput;
      /** A file to read here instead of `input.text` / `input.bytes`. */
      blob?: Blob;
      /** The text came before in 'text-part' messages of this id. */
      textParts?: boolean;
      options: Omit<AnalyzeOptions, 'onProgress'>;
    }
  | { type: 'text-part'; id: number; part: string }
  | { type: 'span'; id: number; reqId: number; spanIndex: number }
  | { type: 'filter'; id: number; reqId: number; query: string }
  | { type: 'export-otlp'; id: number; reqId: number };

/**
 * An analysis comes back in three messages, so the page rebuilds the tree while the worker packs
 * the spans, and shows the findings while the worker lays out the waterfall: 'tree' (the tree's
 * columns and the small rest: findings, checklist …), 'spans' (the span columns), then 'layout'
 * (the waterfall geometry). Each lists when its stages ended here (load-marks.ts).
 */
export type WorkerResponse =
  | { type: 'progress'; id: number; stage: string; fraction: number }
  | {
      type: 'tree';
      id: number;
      meta: AnalysisMeta;
      forest: PackedForest;
      elapsedMs: number;
      stages: [LoadStage, number][];
    }
  | {
      type: 'spans';
      id: number;
      spans: PackedSpans;
      stages: [LoadStage, number][];
    }
  | { type: 'layout'; id: number; layout: TreeLayout; stages: [LoadStage, number][] }
  | { type: 'span'; reqId: number; span: Span | null; raw: RawExcerpt | null }
  | { type: 'filter'; reqId: number; spanIndexes: Int32Array | null }
  | { type: 'export-otlp'; reqId: number; text: string | null };

interface Current {
  id: number;
  analysis: Analysis;
  input: AnalyzeInput;
  text: InputText | null;
}

let current: Current | null = null;
/** Parts of a big text, for the analysis with this id. */
let parts: { id: number; list: string[] } | null = null;

const post = (msg: WorkerResponse, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(msg, transfer);

function inputText(c: Current): InputText {
  c.text ??=
    c.input.bytes !== undefined
      ? InputText.fromBytes(c.input.bytes, c.input.fileName)
      : new InputText(c.input.text ?? '', c.input.fileName);
  return c.text;
}

/** Requests are handled one after another (reading a file is the only wait). */
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  queue = queue
    .then(() => handle(e.data))
    .catch((err: unknown) => {
      // Surface it as the worker's error event (the page reports a crash and keeps the input).
      setTimeout(() => {
        throw err;
      });
    });
};

async function handle(msg: WorkerRequest): Promise<void> {
  switch (msg.type) {
    case 'analyze': {
      const t0 = performance.now();
      const stages: [LoadStage, number][] = [['w.start', wallNow()]];
      current = null; // let the previous analysis go before this one allocates
      if (msg.textParts) {
        const text = parts?.id === msg.id ? parts.list.join('') : '';
        parts = null;
        msg.input = { ...msg.input, text };
      }
      if (msg.blob) {
        msg.input = { ...msg.input, bytes: new Uint8Array(await msg.blob.arrayBuffer()) };
        stages.push(['w.read', wallNow()]);
      }
      const analysis = analyze(msg.input, {
        ...msg.options,
        onProgress: (stage, fraction) => {
          stages.push([`w.${stage}`, wallNow()]);
          post({ type: 'progress', id: msg.id, stage, fraction });
        },
      });
      stages.push(['w.analyzed', wallNow()]);
      const elapsedMs = performance.now() - t0;
      current = { id: msg.id, analysis, input: msg.input, text: null };
      // The tree first: the page rebuilds its nodes while the spans are packed here (the page
      // reads the spans from their columns, lazily).
      const forest = packForest(analysis.forest);
      stages.push(['w.forest', wallNow()]);
      post(
        {
          type: 'tree',
          id: msg.id,
          meta: analysisMeta(analysis),
          forest: forest.forest,
          elapsedMs,
          stages,
        },
        forest.transfer,
      );
      const spans = packSpans(analysis.spans, analysis.forest.parentOfSpan);
      post(
        { type: 'spans', id: msg.id, spans: spans.spans, stages: [['w.spans', wallNow()]] },
        spans.transfer,
      );
      // The waterfall geometry (d3-hierarchy over the repaired forest): computed here, it costs
      // the page nothing; the page shows the findings meanwhile (the tree waits for it).
      const layout = computeTreeLayout(analysis);
      post(
        { type: 'layout', id: msg.id, layout, stages: [['w.layout', wallNow()]] },
        buffersOf(Object.values(layout)),
      );
      break;
    }
    case 'text-part': {
      if (parts?.id !== msg.id) parts = { id: msg.id, list: [] };
      parts.list.push(msg.part);
      break;
    }
    case 'span': {
      const c = current?.id === msg.id ? current : null;
      const span = c?.analysis.spans[msg.spanIndex] ?? null;
      const raw = c && span ? rawExcerpt(inputText(c), span.source, span.spanId) : null;
      post({ type: 'span', reqId: msg.reqId, span, raw });
      break;
    }
    case 'export-otlp': {
      // The page holds lite spans; the export needs every attribute, event and link.
      const c = current?.id === msg.id ? current : null;
      post({
        type: 'export-otlp',
        reqId: msg.reqId,
        text: c ? spansToOtlpJsonText(c.analysis.spans) : null,
      });
      break;
    }
    case 'filter': {
      const c = current?.id === msg.id ? current : null;
      const spanIndexes = c ? Int32Array.from(filterSpans(c.analysis.spans, msg.query)) : null;
      post(
        { type: 'filter', reqId: msg.reqId, spanIndexes },
        spanIndexes ? [spanIndexes.buffer] : [],
      );
      break;
    }
  }
}
