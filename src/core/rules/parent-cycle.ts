// Spans whose parent links form a loop (A → B → A, or a span that is its own parent). No real
// SDK does this; it points at ids rewritten by a processor or a broken hand-made dump. The tree
// cuts the loop at its earliest span and shows it under a "parent cycle" row.

import { listNames, makeFinding } from './finding.ts';
import type { Rule } from './types.ts';

export const parentCycle: Rule = {
  id: 'parent-cycle',
  title: 'Parent cycle',
  check({ spans, forest }) {
    return forest.traces.flatMap(t =>
      t.cycles.map(cycle => {
        const members = cycle.map(i => spans[i]!);
        const self = members.length === 1;
        return makeFinding(
          'parent-cycle',
          'error',
          members,
          self
            ? `Span ${listNames(members)} names itself as its parent.`
            : `Spans ${listNames(members)} are each other's ancestors (a parent cycle); the tree is cut at one of them.`,
          {
            causes: [
              'A span processor or collector transform rewrote span or parent ids.',
              'Spans were created with a hand-built SpanContext reusing an existing span id.',
            ],
            fix: [
              {
                language: 'text',
                title: 'What to do',
                code: 'Let the SDK generate span ids; start children with the parent context (trace.set_span_in_context / context.with) instead of building SpanContext objects by hand.',
              },
            ],
            docs: [
              {
                title: 'OTel trace API: SpanContext',
                url: 'https://opentelemetry.io/docs/specs/otel/trace/api/#spancontext',
              },
            ],
          },
        );
      }),
    );
  },
};
