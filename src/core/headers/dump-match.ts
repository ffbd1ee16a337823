// Relates a decoded traceparent to a loaded span dump: is its trace in the dump, and is its parent
// id a span of the dump (the experiment/caller span) or remote (not exported here)?

import type { Span } from '../model/span.ts';
import type { SpanForest } from '../tree/build-span-tree.ts';

export interface DumpMatch {
  /** Some span of the dump has the header's trace id. */
  traceIdInDump: boolean;
  /** Distinct trace ids in the dump (in first-seen order). */
  dumpTraceIds: string[];
  /** The span whose id is the header's parent id (same trace), when the dump has it. */
  parentSpan: Span | null;
  /** Spans of the dump whose parent is the header's parent id. */
  children: Span[];
  /** One-line summary. */
  summary: string;
}

/**
 * `forest` (the dump's span tree) answers the usual cases without reading every span — the page
 * makes its span objects only when they are read, and a 100,000-span dump would cost a long task:
 * the trace ids are the forest's, and a parent that is not in the dump (the experiment's span, as
 * a rule) has its children listed there. Otherwise the spans are read.
 */
export function matchDump(
  tp: { traceId: string; parentId: string },
  spans: Span[],
  forest?: SpanForest,
): DumpMatch {
  const ids: string[] = [];
  let inDump = false;
  let parentSpan: Span | null = null;
  let children: Span[] = [];
  const trace = forest?.traces.find(t => t.traceId === tp.traceId);
  const absent = trace?.missingParents.get(tp.parentId);
  if (forest && (!trace || absent)) {
    for (const t of forest.traces) ids.push(t.traceId);
    inDump = trace !== undefined;
    if (absent) children = absent.map(i => spans[i]!);
  } else {
    const seen = new Set<string>();
    for (const s of spans) {
      if (!seen.has(s.traceId)) {
        seen.add(s.traceId);
        ids.push(s.traceId);
      }
      if (s.traceId !== tp.traceId) continue;
      inDump = true;
      if (!parentSpan && s.spanId === tp.parentId) parentSpan = s;
      if (s.parentSpanId === tp.parentId) children.push(s);
    }
  }
  let summary: string;
  if (!inDump) {
    summary =
      ids.length === 1
        ? `The dump's trace is ${ids[0]}, not ${tp.traceId}: the agent's spans did not continue this traceparent.`
        : `None of the dump's ${ids.length} traces is ${tp.traceId}.`;
  } else if (parentSpan) {
    summary = `Trace ${tp.traceId} is in the dump, and the parent id ${tp.parentId} is the dump's span "${parentSpan.name}" (the caller/experiment span); ${children.length} span(s) are its children.`;
  } else {
    summary = `Trace ${tp.traceId} is in the dump; the parent id ${tp.parentId} is not a span of the dump (remote: the caller's span was not exported here). ${children.length} span(s) name it as parent.`;
  }
  return { traceIdInDump: inDump, dumpTraceIds: ids, parentSpan, children, summary };
}
