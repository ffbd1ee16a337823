// The full span for the details panel. For dumps analysed in the worker, the page holds lite spans
// (no attributes, events, links); the worker sends the selected one with its raw input text.

import { useEffect, useState } from 'react';
import type { Analysis } from '../../core/analyze.ts';
import { fetchSpanDetail, isCompact, type SpanDetail } from '../worker/analyze-client.ts';

export interface SpanDetailState {
  detail: SpanDetail | null;
  loading: boolean;
}

interface Answer {
  analysis: Analysis;
  index: number;
  detail: SpanDetail | null;
}

export function useSpanDetail(analysis: Analysis, index: number | null): SpanDetailState {
  const compact = isCompact(analysis);
  const [answer, setAnswer] = useState<Answer | null>(null);
  useEffect(() => {
    if (!compact || index === null) return;
    let live = true;
    void fetchSpanDetail(analysis, index).then(detail => {
      if (live) setAnswer({ analysis, index, detail });
    });
    return () => {
      live = false;
    };
  }, [analysis, index, compact]);

  if (index === null) return { detail: null, loading: false };
  if (!compact) {
    const span = analysis.spans[index];
    return { detail: span ? { span, raw: null } : null, loading: false };
  }
  const fresh = answer && answer.analysis === analysis && answer.index === index;
  return { detail: fresh ? answer.detail : null, loading: !fresh };
}
