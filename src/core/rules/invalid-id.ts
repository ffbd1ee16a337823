// Trace, span or parent ids that are not valid W3C ids after normalisation: wrong length,
// not hex, or all zeros. The spans stay in the tree as they are; ids are shown as written.

import { lowerHexKind } from '../model/ids.ts';
import type { Span } from '../model/span.ts';
import { treeIdFacts, type SpanForest } from '../tree/build-span-tree.ts';
import { listNames, makeFinding } from './finding.ts';
import type { Rule } from './types.ts';

type Field = 'trace id' | 'span id' | 'parent span id';

// Character checks instead of regexes: this runs for three ids of every span.
function problem(field: Field, id: string): string | null {
  if (field === 'trace id') return lowerHexKind(id, 32) === 1 ? null : describe(id, 32);
  if (field === 'span id') return lowerHexKind(id, 16) === 1 ? null : describe(id, 16);
  return lowerHexKind(id, 16) !== 0 ? null : describe(id, 16);
}

function describe(id: string, len: number): string {
  if (id === '') return 'empty';
  if (/^0+$/.test(id)) return 'all zeros';
  if (!/^[0-9a-f]+$/i.test(id)) return 'not hex';
  return `${id.length} hex digits instead of ${len}`;
}

/**
 * Whether any id needs a look: trace ids once per trace, span ids once per span, and parent ids
 * only where they did not resolve to a span of the trace (a resolved one equals a span id).
 */
function anyInvalid(spans: Span[], forest: SpanForest): boolean {
  for (const t of forest.traces) if (problem('trace id', t.traceId)) return true;
  // The tree build read every span and parent id already.
  const known = treeIdFacts(forest);
  if (known && known.spans === spans) return !known.spanIdsValid || !known.parentIdsHex;
  const parentOf = forest.parentOfSpan;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (lowerHexKind(s.spanId, 16) !== 1) return true;
    const pid = s.parentSpanId;
    if (pid !== null && parentOf[i] === -1 && problem('parent span id', pid)) return true;
  }
  return false;
}

export const invalidId: Rule = {
  id: 'invalid-id',
  title: 'Invalid id',
  check({ spans, forest }) {
    if (!anyInvalid(spans, forest)) return [];
    const groups = new Map<string, Span[]>();
    const add = (s: Span, field: Field, id: string | null) => {
      if (id === null) return;
      const p = problem(field, id);
      if (!p) return;
      const key = `${field}: ${p}`;
      const g = groups.get(key);
      if (g) g.push(s);
      else groups.set(key, [s]);
    };
    for (const s of spans) {
      add(s, 'trace id', s.traceId);
      add(s, 'span id', s.spanId);
      add(s, 'parent span id', s.parentSpanId);
    }
    return [...groups].map(([key, members]) =>
      makeFinding(
        'invalid-id',
        'error',
        members,
        `${members.length === 1 ? 'Span' : `${members.length} spans`} ${listNames(members)} ${members.length === 1 ? 'has' : 'have'} an invalid ${key.replace(': ', ' (')})${key.startsWith('trace') && members[0] ? `: "${members[0].traceId}"` : ''}.`,
        {
          causes: [
            'The exporter or a processor wrote ids in another encoding (decimal, truncated, padded).',
            'A hand-built SpanContext or a test fixture with placeholder ids.',
            'An invalid traceparent was accepted by a custom propagator.',
          ],
          fix: [
            {
              language: 'text',
              title: 'What to do',
              code: 'Trace ids are 32 lowercase hex digits, span ids 16, neither all zeros. Let the SDK generate them and use the standard W3C propagator.',
            },
          ],
          docs: [
            {
              title: 'W3C Trace Context: trace-id',
              url: 'https://www.w3.org/TR/trace-context/#trace-id',
            },
          ],
        },
      ),
    );
  },
};
