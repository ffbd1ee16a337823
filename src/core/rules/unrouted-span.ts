// Spans without `arize.space_id` or `arize.project.name` while Arize routing is in use (some span
// carries them, or the baggage names a space/project). arize-otel's routing processor drops such a
// span at on_end with a log warning, so it never reaches Arize (arize.md §1).
//
// Not every span of a dump belongs to the routed agent. Skipped:
// - the experiment span (the traceparent's parent id) and caller-side spans above the agent:
//   spans with no routed ancestor, not SERVER/CONSUMER, that sit above an entry span
//   (CHAIN/AGENT/SERVER/CONSUMER) which is routed or has routed spans below it;
// - spans of other services, when services are known and that service routes nothing;
// - spans unconnected to routed spans (no routed ancestor or descendant) that carry no
//   OpenInference kind — e.g. a caller's own lone span — or that are the root of a trace the
//   routed spans joined (the caller's span, e.g. when the agent's CHAIN was dropped);
// - everything in an Arize AX export: what AX returns was routed (it got there).
// A span carrying one of the two attributes but not the other is always reported.

import type { Finding } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import { listNames, makeFinding } from './finding.ts';
import {
  DOCS,
  JS_ROUTE_FROM_BAGGAGE,
  PY_CONTEXT_TRAP,
  PY_ROUTE_EVERY_SPAN,
  PY_SERVER_SPAN_OUTSIDE_ROUTING,
  PY_THREAD_CONTEXT,
} from './fixes.ts';
import {
  ARIZE_PROJECT_ATTR,
  ARIZE_SPACE_ATTR,
  KIND_ENTRY,
  kindFacts,
  marksAbove,
  marksBelow,
  resourceProjectOf,
  routingFacts,
} from './span-facts.ts';
import type { Rule } from './types.ts';

type Why = 'partial' | 'under-routed' | 'above-routed' | 'detached';

export const unroutedSpan: Rule = {
  id: 'unrouted-span',
  title: 'Unrouted span',
  check(ctx) {
    const { spans, forest, expected } = ctx;
    const {
      space: spaceOfSpan,
      project: projectOfSpan,
      anyRouted,
      allRouted,
    } = routingFacts(spans, forest);
    const baggageRouting =
      expected.routing.spaceId !== null || expected.routing.projectName !== null;
    if ((!anyRouted && !baggageRouting) || allRouted) return [];
    // Every span of an Arize AX export reached Arize, so none was dropped by routing (and AX may
    // not return the arize.* attributes at all).
    if (ctx.format === 'arize-export') return [];
    // 0 = no routing attribute, 1 = one of the two, 2 = both.
    const level = new Uint8Array(spans.length);
    const routed = new Uint8Array(spans.length);
    const routedTraces = new Set<string>();
    const routedServices = new Set<string | null>();
    for (let i = 0; i < spans.length; i++) {
      const n = (spaceOfSpan[i] !== null ? 1 : 0) + (projectOfSpan[i] !== null ? 1 : 0);
      level[i] = n;
      if (n === 0) continue;
      routed[i] = 1;
      const s = spans[i]!;
      routedTraces.add(s.traceId);
      routedServices.add(s.serviceName);
    }
    const routedAbove = marksAbove(spans, forest, routed);
    const routedBelow = marksBelow(spans, forest, routed);
    // Entry spans that belong to the agent: routed or with routed spans below (or, when nothing
    // is routed, any entry span).
    const kinds = kindFacts(spans, forest);
    const agentEntry = new Uint8Array(spans.length);
    for (let i = 0; i < spans.length; i++) {
      if (kinds[i]! & KIND_ENTRY && (!anyRouted || routed[i] === 1 || routedBelow[i] === 1))
        agentEntry[i] = 1;
    }
    const aboveAgentEntry = marksBelow(spans, forest, agentEntry);

    const groups = new Map<
      string,
      { traceId: string; missing: string[]; why: Why; members: Span[] }
    >();
    for (const s of spans) {
      if (level[s.index] === 2) continue;
      const space = spaceOfSpan[s.index] ?? null;
      const project = projectOfSpan[s.index] ?? null;
      if (expected.remoteParentSpanId !== null && s.spanId === expected.remoteParentSpanId)
        continue;
      let why: Why;
      if (space !== null || project !== null) {
        why = 'partial';
      } else {
        if (
          anyRouted &&
          s.serviceName !== null &&
          !routedServices.has(null) &&
          !routedServices.has(s.serviceName)
        ) {
          continue; // another service, routing nothing: exported by its own pipeline
        }
        if (routedAbove[s.index]) why = 'under-routed';
        else if (aboveAgentEntry[s.index] && s.kind !== 'SERVER' && s.kind !== 'CONSUMER')
          continue; // caller side
        else if (routedBelow[s.index]) why = 'above-routed';
        else {
          if (s.oiKind === null) continue;
          // The root of a trace that routed spans joined through propagation is the caller's.
          if (s.parentSpanId === null && routedTraces.has(s.traceId)) continue;
          why = 'detached';
        }
      }
      const missing = [
        space === null ? ARIZE_SPACE_ATTR : null,
        project === null ? ARIZE_PROJECT_ATTR : null,
      ].filter((x): x is string => x !== null);
      const key = `${s.traceId}|${missing.join(',')}|${why}`;
      const g = groups.get(key);
      if (g) g.members.push(s);
      else groups.set(key, { traceId: s.traceId, missing, why, members: [s] });
    }

    const out: Finding[] = [];
    for (const { traceId, missing, why, members } of groups.values()) {
      const n = members.length;
      const both = missing.length === 2;
      const lacks = both ? `${ARIZE_SPACE_ATTR} and ${ARIZE_PROJECT_ATTR}` : missing[0]!;
      const resourceProject = members.map(resourceProjectOf).find(p => p !== null);
      const reference = anyRouted
        ? 'while other spans are routed'
        : `while the baggage names ${[expected.routing.spaceId && `space ${expected.routing.spaceId}`, expected.routing.projectName && `project ${expected.routing.projectName}`].filter(Boolean).join(' and ')}`;
      const message = `${n === 1 ? 'Span' : `${n} spans`} ${listNames(members)} ${n === 1 ? 'has' : 'have'} no ${lacks} ${reference}; arize-otel drops ${n === 1 ? 'it' : 'them'} before export.`;
      const causes: string[] = [];
      const fix = [PY_ROUTE_EVERY_SPAN, JS_ROUTE_FROM_BAGGAGE];
      if (why === 'partial') {
        causes.push(
          `\`set_routing_context\` was given only one value (it logs "Both space_id and project_name must be provided for routing to work"), or the ${both ? 'values were' : 'value was'} set by hand with \`span.set_attribute\`.`,
          `The ${missing[0] === ARIZE_PROJECT_ATTR ? 'project' : 'space'} was read from the wrong key: baggage says \`arize.project_name\` (underscore), spans need \`arize.project.name\` (dot), and a plain \`register()\` uses the resource attribute \`openinference.project.name\` instead.`,
        );
      } else if (why === 'above-routed') {
        const server = members.some(m => m.kind === 'SERVER');
        if (server)
          causes.push(
            'A server span started by HTTP auto-instrumentation before the handler entered `set_routing_context`.',
          );
        causes.push(
          'The `context=` trap: this span was started with `context=parent_ctx` inside `set_routing_context`, so it took the parent from a context without routing; its children (started from the current, routed context) are routed.',
        );
        if (!server) causes.push('The span was started before `set_routing_context` was entered.');
        fix.unshift(PY_CONTEXT_TRAP, PY_SERVER_SPAN_OUTSIDE_ROUTING);
      } else if (why === 'under-routed') {
        causes.push(
          'The span comes from an instrumentor or tracer bound to another TracerProvider (e.g. `instrument()` called before `register_with_routing`, or with `tracer_provider=` of a plain provider).',
          'The span was started with an explicit context (`context=...`) that does not carry the routing keys.',
        );
        if (resourceProject)
          causes.push(
            `It carries the resource project "${resourceProject}" (\`openinference.project.name\`) — the non-routing \`register()\` spelling, which arize-otel routing does not read.`,
          );
      } else {
        causes.push(
          'The span was created where the routing context was lost: a worker thread, executor or callback that did not inherit contextvars (routing keys and parent are lost together).',
          anyRouted
            ? 'This part of the agent runs outside `set_routing_context` or uses another TracerProvider.'
            : 'The agent does not apply the routing from the request: read `arize.space_id` / `arize.project_name` from the baggage (or `arize_metadata`) and wrap the run in `set_routing_context`.',
        );
        if (anyRouted) fix.unshift(PY_THREAD_CONTEXT);
      }
      out.push(
        makeFinding('unrouted-span', 'error', members, message, {
          traceId,
          details:
            'Users meet three spellings: the request baggage sends `arize.project_name` (underscore), span attributes need `arize.project.name` (dot), and a plain `register()` sets the resource attribute `openinference.project.name`. Only the two span attributes `arize.space_id` and `arize.project.name` route a span.',
          causes,
          fix,
          docs: [DOCS.agentTracing, DOCS.arizeOtel, DOCS.baggage],
        }),
      );
    }
    return out;
  },
};
