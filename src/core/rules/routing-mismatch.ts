// Spans of one trace routed to different Arize spaces or projects, or to other values than the
// request's baggage names. arize-otel routes each span by its own `arize.*` attributes, so such a
// trace is split across projects and the experiment view shows only part of it.
//
// Reference values: the baggage's, when given; else the most common value in the trace (ties:
// the value of the earliest span). Only spans that carry the attribute are compared; a missing
// attribute is `unrouted-span`'s business.

import type { Finding } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import { listNames, makeFinding } from './finding.ts';
import { DOCS, JS_ROUTE_FROM_BAGGAGE, PY_CONSISTENT_ROUTING } from './fixes.ts';
import { ARIZE_PROJECT_ATTR, ARIZE_SPACE_ATTR, routingFacts } from './span-facts.ts';
import type { Rule } from './types.ts';

function majority(values: { value: string; span: Span }[]): string {
  const count = new Map<string, { n: number; first: bigint | null; order: number }>();
  values.forEach(({ value, span }, order) => {
    const c = count.get(value);
    if (c) {
      c.n++;
      if (span.startNs !== null && (c.first === null || span.startNs < c.first))
        c.first = span.startNs;
    } else count.set(value, { n: 1, first: span.startNs, order });
  });
  let best: string | null = null;
  let bestC: { n: number; first: bigint | null; order: number } | null = null;
  for (const [v, c] of count) {
    const better =
      !bestC ||
      c.n > bestC.n ||
      (c.n === bestC.n &&
        ((c.first !== null && (bestC.first === null || c.first < bestC.first)) ||
          (c.first === bestC.first && c.order < bestC.order)));
    if (better) {
      best = v;
      bestC = c;
    }
  }
  return best!;
}

export const routingMismatch: Rule = {
  id: 'routing-mismatch',
  title: 'Routing mismatch',
  check(ctx) {
    const { spans, forest, expected } = ctx;
    const out: Finding[] = [];
    const routing = routingFacts(spans, forest);
    // Only spans carrying an attribute are compared: nothing to do when none does.
    if (!routing.anyRouted) return out;
    const attrs = [
      {
        attr: ARIZE_SPACE_ATTR,
        what: 'space',
        valueOf: routing.space,
        baggage: expected.routing.spaceId,
      },
      {
        attr: ARIZE_PROJECT_ATTR,
        what: 'project',
        valueOf: routing.project,
        baggage: expected.routing.projectName,
      },
    ];
    for (const t of forest.traces) {
      for (const { attr, what, valueOf, baggage } of attrs) {
        const values: { value: string; span: Span }[] = [];
        let uniform = true;
        for (const i of t.spanIndexes) {
          const v = valueOf[i] ?? null;
          if (v === null) continue;
          if (values.length && v !== values[0]!.value) uniform = false;
          values.push({ value: v, span: spans[i]! });
        }
        if (values.length === 0) continue;
        if (uniform && (baggage === null || values[0]!.value === baggage)) continue;
        const reference = baggage ?? majority(values);
        // One finding per deviating value.
        const byValue = new Map<string, Span[]>();
        for (const { value, span } of values) {
          if (value === reference) continue;
          const list = byValue.get(value);
          if (list) list.push(span);
          else byValue.set(value, [span]);
        }
        const agreeing = values.filter(v => v.value === reference).length;
        for (const [value, members] of byValue) {
          const n = members.length;
          out.push(
            makeFinding(
              'routing-mismatch',
              'warning',
              members,
              baggage !== null
                ? `${n === 1 ? 'Span' : `${n} spans`} ${listNames(members)} ${n === 1 ? 'is' : 'are'} routed to ${what} "${value}" (${attr}), but the baggage names ${what} "${baggage}".`
                : `${n === 1 ? 'Span' : `${n} spans`} ${listNames(members)} ${n === 1 ? 'is' : 'are'} routed to ${what} "${value}" (${attr}), while ${agreeing} other span${agreeing === 1 ? '' : 's'} of trace ${t.traceId} go${agreeing === 1 ? 'es' : ''} to "${reference}".`,
              {
                traceId: t.traceId,
                details:
                  'arize-otel routes each span by its own arize.* attributes: one trace whose spans name different spaces or projects is split, and each project shows an incomplete run.',
                causes: [
                  `A nested \`set_routing_context\` or a hand-written \`span.set_attribute("${attr}", ...)\` inside the run sets another ${what}.`,
                  baggage !== null
                    ? `The agent routes from a fixed configuration (env var, default "${what === 'project' ? 'default' : 'space'}") instead of the ${what} the request's baggage / arize_metadata names.`
                    : `Part of the run (a sub-agent, a tool service) routes from its own configuration instead of the request's ${what}.`,
                  'State leaking between requests: routing values cached from a previous request (e.g. a module-level variable) rather than read per request.',
                ],
                fix: [PY_CONSISTENT_ROUTING, JS_ROUTE_FROM_BAGGAGE],
                docs: [DOCS.agentTracing, DOCS.arizeOtel],
              },
            ),
          );
        }
      }
    }
    return out;
  },
};
