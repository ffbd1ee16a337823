// A trace with more than one parentless span: the SDK starts a new trace only for a span without a
// parent, so two roots sharing one trace id mean ids were reused or parent links were lost on the
// way (a processor or exporter that drops parent ids). Copies of one span id count once.

import type { Finding } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import { listNames, makeFinding } from './finding.ts';
import { DOCS } from './fixes.ts';
import type { Rule } from './types.ts';

export const multipleRoots: Rule = {
  id: 'multiple-roots',
  title: 'Multiple roots',
  check({ spans, forest }) {
    const out: Finding[] = [];
    for (const t of forest.traces) {
      const seen = new Set<string>();
      const roots: Span[] = [];
      for (const i of t.rootSpanIndexes) {
        const s = spans[i]!;
        if (seen.has(s.spanId)) continue;
        seen.add(s.spanId);
        roots.push(s);
      }
      if (roots.length < 2) continue;
      roots.sort((a, b) =>
        a.startNs === b.startNs
          ? a.index - b.index
          : a.startNs === null
            ? 1
            : b.startNs === null
              ? -1
              : a.startNs < b.startNs
                ? -1
                : 1,
      );
      const allRoots = roots.length === t.spanIndexes.length;
      out.push(
        makeFinding(
          'multiple-roots',
          'warning',
          roots,
          `Trace ${t.traceId} has ${roots.length} spans without a parent: ${listNames(roots)}.`,
          {
            traceId: t.traceId,
            details: allRoots
              ? 'No span of this trace has a parent id: the dump or the exporter probably dropped parent ids, so the tree cannot be rebuilt.'
              : 'Only one span of a trace can start it; the others should have a parent.',
            causes: [
              'Spans were created with a hand-built SpanContext or a custom IdGenerator that reuses the trace id without setting a parent.',
              'A processor, collector transform or exporter dropped parent span ids (e.g. the collector debug exporter at `normal` verbosity prints no parent ids).',
              'Dumps from several runs were merged with a rewritten trace id.',
            ],
            fix: [
              {
                language: 'python',
                title: 'Python: start children from the parent context',
                code: `# Let the SDK derive the trace id from the parent; never build SpanContext by hand.
with tracer.start_as_current_span("run_agent") as parent:
    with tracer.start_as_current_span("step"):   # child: same trace, parent = run_agent
        ...`,
              },
            ],
            docs: [DOCS.otelSpan, DOCS.traceparent],
          },
        ),
      );
    }
    return out;
  },
};
