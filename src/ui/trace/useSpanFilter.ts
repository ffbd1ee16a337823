// The spans matching the tree filter. Attribute terms (`key=value`) need the attribute maps, which
// stay in the worker for dumps analysed there, so the query is answered by the worker (debounced;
// the previous result stays on screen meanwhile). Analyses made on the page are filtered here.

import { useEffect, useMemo, useState } from 'react';
import type { Analysis } from '../../core/analyze.ts';
import { filterSpans } from '../../core/tree/filter-spans.ts';
import { fetchFilter, isCompact } from '../worker/analyze-client.ts';

export interface SpanFilterResult {
  /** Matching span indexes, or null when there is no query (or no answer yet). */
  spanIndexes: ArrayLike<number> | null;
  /** True while the worker is answering the current query. */
  pending: boolean;
}

interface Answer {
  analysis: Analysis;
  query: string;
  spanIndexes: ArrayLike<number>;
}

const DEBOUNCE_MS = 120;

export function useSpanFilter(analysis: Analysis, query: string): SpanFilterResult {
  const q = query.trim();
  const compact = isCompact(analysis);
  const local = useMemo(
    () => (!compact && q ? filterSpans(analysis.spans, q) : null),
    [analysis, q, compact],
  );
  const [answer, setAnswer] = useState<Answer | null>(null);
  useEffect(() => {
    if (!compact || !q) return;
    let live = true;
    const timer = setTimeout(() => {
      void fetchFilter(analysis, q).then(r => {
        // Worker gone (a newer analysis replaced it): filter the lite spans (no attributes).
        if (live)
          setAnswer({ analysis, query: q, spanIndexes: r ?? filterSpans(analysis.spans, q) });
      });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [analysis, q, compact]);

  if (!q) return { spanIndexes: null, pending: false };
  if (!compact) return { spanIndexes: local, pending: false };
  const usable = answer?.analysis === analysis ? answer : null;
  return { spanIndexes: usable?.spanIndexes ?? null, pending: usable?.query !== q };
}
