// TOOL and LLM spans with no CHAIN or AGENT span above them (below the trace root, the remote
// parent or the experiment span). Arize's experiment view expects experiment span → CHAIN →
// LLM/TOOL; without the CHAIN the run's input/output and grouping are missing.
//
// TOOL spans always count. An LLM span counts only where an agent run is evident — its trace has
// TOOL/CHAIN/AGENT spans, it hangs directly from an absent (remote or lost) parent, or directly
// from the experiment span — so a plain single-LLM-call trace is not flagged. When the traceparent
// names the experiment span and it is in the dump, a CHAIN kind on it (or above it) does not count.

import type { Finding } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import { listNames, makeFinding, describeSpan } from './finding.ts';
import { DOCS, JS_ADD_CHAIN, PY_ADD_CHAIN, PY_CONTEXT_TRAP, PY_THREAD_CONTEXT } from './fixes.ts';
import { classifyMissingParents } from './missing-parents.ts';
import {
  forestFacts,
  KIND_CHAIN_LIKE,
  KIND_LLM,
  KIND_TOOL,
  kindFacts,
  marksAbove,
  topsOf,
} from './span-facts.ts';
import type { Rule } from './types.ts';

export const missingChainSpan: Rule = {
  id: 'missing-chain-span',
  title: 'Missing CHAIN span',
  check(ctx) {
    const { spans, forest, expected } = ctx;
    // The experiment span (traceparent parent id) and its ancestors do not count as the CHAIN.
    const aboveAgent = new Uint8Array(spans.length);
    let experiment: Span | null = null;
    if (expected.remoteParentSpanId) {
      experiment =
        spans.find(
          s =>
            s.spanId === expected.remoteParentSpanId &&
            (expected.traceId === null || s.traceId === expected.traceId),
        ) ?? null;
      for (let i = experiment ? experiment.index : -1; i !== -1; i = forest.parentOfSpan[i]!) {
        if (aboveAgent[i]) break;
        aboveAgent[i] = 1;
      }
    }
    const kinds = kindFacts(spans, forest);
    const chainMark = new Uint8Array(spans.length);
    for (let i = 0; i < spans.length; i++)
      if (kinds[i]! & KIND_CHAIN_LIKE && !aboveAgent[i]) chainMark[i] = 1;
    const hasChainAbove = marksAbove(spans, forest, chainMark);
    const { traceOf } = forestFacts(spans, forest);

    // Candidates: TOOL/LLM spans without a CHAIN/AGENT ancestor. Usually none, so everything
    // else is computed only when there are some.
    const candidates: number[] = [];
    for (let i = 0; i < spans.length; i++)
      if (kinds[i]! & (KIND_TOOL | KIND_LLM) && !hasChainAbove[i]) candidates.push(i);
    if (candidates.length === 0) return [];

    const lostParents = new Set<string>();
    for (const g of classifyMissingParents(ctx))
      if (g.cls === 'lost') lostParents.add(`${g.traceIndex}:${g.parentId}`);

    const agentTrace = new Uint8Array(forest.traces.length);
    for (let i = 0; i < spans.length; i++)
      if (kinds[i]! & (KIND_TOOL | KIND_CHAIN_LIKE)) agentTrace[traceOf[i]!] = 1;

    const tops = topsOf(spans, forest);
    const groups = new Map<string, { trace: number; top: Span; members: Span[] }>();
    for (const i of candidates) {
      const s = spans[i]!;
      const ti = traceOf[i]!;
      const parent = forest.parentOfSpan[i]!;
      if (s.oiKind === 'LLM') {
        const hangsFromAbsent = parent === -1 && s.parentSpanId !== null;
        const underExperiment = experiment !== null && parent === experiment.index;
        if (!agentTrace[ti] && !hangsFromAbsent && !underExperiment) continue;
      }
      const top = spans[tops[i]!]!;
      const key = `${ti}:${top.parentSpanId !== null ? `missing:${top.parentSpanId}` : `root:${top.index}`}`;
      const g = groups.get(key);
      if (g) g.members.push(s);
      else groups.set(key, { trace: ti, top, members: [s] });
    }

    const out: Finding[] = [];
    for (const { trace, top, members } of groups.values()) {
      const traceId = forest.traces[trace]!.traceId;
      const n = members.length;
      const kinds = [...new Set(members.map(m => m.oiKind))].join('/');
      const subject =
        n === 1
          ? `${kinds} span ${listNames(members)} has`
          : `${n} ${kinds} spans (${listNames(members)}) have`;
      let where: string;
      let causes: string[];
      let fix = [PY_ADD_CHAIN, JS_ADD_CHAIN];
      const absent = top.parentSpanId;
      const they = n === 1 ? 'it hangs' : 'they hang';
      if (absent !== null && lostParents.has(`${trace}:${absent}`)) {
        where = `${they} from ${absent}, a span that is not in the dump (see orphaned spans) — most likely the CHAIN span itself was dropped`;
        causes = [
          'The CHAIN span was started with `context=parent_ctx` inside `set_routing_context` and dropped by arize-otel routing (the `context=` trap).',
          'The CHAIN span was never exported (sampler, filtering processor, unflushed exporter).',
          'The agent never starts a CHAIN/AGENT span at all.',
        ];
        fix = [PY_CONTEXT_TRAP, PY_ADD_CHAIN, JS_ADD_CHAIN];
      } else if (absent !== null) {
        where = `${members.includes(top) ? they : `their top span ${describeSpan(top)} hangs`} directly from the remote parent ${absent} (experiment/caller span)`;
        causes = [
          'The agent creates LLM/TOOL spans (or lets instrumentors create them) directly under the extracted context, without starting a CHAIN span first.',
          'The CHAIN span is in another trace or was not exported.',
        ];
      } else if (experiment && top.index === experiment.index) {
        where = `${n === 1 ? 'it sits' : 'they sit'} directly under the experiment span ${describeSpan(experiment)}`;
        causes = [
          'The agent creates LLM/TOOL spans directly under the extracted context, without starting a CHAIN span first.',
        ];
      } else if (members.includes(top)) {
        where = `${describeSpan(top)} is the root of trace ${traceId}`;
        causes = [
          'The span was created where no span was active: a worker thread, executor or callback that did not inherit the context.',
          'The agent never starts a CHAIN/AGENT span, so auto-instrumented LLM/TOOL calls become roots.',
        ];
        fix = [PY_THREAD_CONTEXT, PY_ADD_CHAIN, JS_ADD_CHAIN];
      } else {
        where = `the trace's root is ${describeSpan(top)}${top.oiKind ? ` (${top.oiKind})` : top.kind ? ` (${top.kind})` : ''}, and nothing between it and them is a CHAIN/AGENT span`;
        causes = [
          'The agent creates LLM/TOOL spans directly under a server or framework span, without a CHAIN span for the run.',
          'The CHAIN span is in another trace (context lost) or was not exported.',
        ];
      }
      out.push(
        makeFinding(
          'missing-chain-span',
          'error',
          members,
          `${subject} no CHAIN or AGENT ancestor: ${where}.`,
          {
            traceId,
            details:
              'Arize expects experiment span → agent CHAIN/AGENT span → LLM/TOOL spans. Without the CHAIN span the run has no input/output at its top and its calls are not grouped.',
            causes,
            fix,
            docs: [DOCS.agentTracing, DOCS.oiSemconv],
          },
        ),
      );
    }
    return out;
  },
};
