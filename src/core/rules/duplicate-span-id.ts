// Two or more spans of one trace with the same span id: children attach to the first copy, so
// the tree may be wrong. Usually an exporter re-sending a batch, or a hand-rolled id generator.

import { makeFinding } from './finding.ts';
import type { Rule } from './types.ts';

export const duplicateSpanId: Rule = {
  id: 'duplicate-span-id',
  title: 'Duplicate span id',
  check({ spans, forest }) {
    const out = [];
    for (const t of forest.traces) {
      for (const [id, indexes] of t.duplicates) {
        const dup = indexes.map(i => spans[i]!);
        const identical = dup.every(
          s =>
            s.name === dup[0]!.name && s.startNs === dup[0]!.startNs && s.endNs === dup[0]!.endNs,
        );
        out.push(
          makeFinding(
            'duplicate-span-id',
            'warning',
            dup,
            `Span id ${id} occurs ${dup.length} times in trace ${t.traceId}${identical ? ' (identical copies)' : ''}; children are attached to the first copy.`,
            {
              causes: identical
                ? [
                    'The same batch was exported or pasted twice (retry after a timeout, two exporters writing one file).',
                  ]
                : [
                    'A custom id generator that is not random (e.g. seeded per process, or a counter).',
                    'Spans from two different traces were merged with a rewritten trace id.',
                  ],
              fix: [
                {
                  language: 'text',
                  title: 'What to do',
                  code: identical
                    ? 'Remove the repeated batch from the dump, or de-duplicate exports (one exporter per destination).'
                    : 'Use the SDK default RandomIdGenerator; never derive span ids from counters or timestamps.',
                },
              ],
              docs: [
                {
                  title: 'W3C Trace Context: parent-id',
                  url: 'https://www.w3.org/TR/trace-context/#parent-id',
                },
              ],
            },
          ),
        );
      }
    }
    return out;
  },
};
