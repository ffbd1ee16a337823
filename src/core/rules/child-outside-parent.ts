// A child span that starts before its parent or ends after it, beyond a tolerance. Inside one
// process the SDK clock is shared, so a child can only escape its parent by running on after the
// parent ended (async work not awaited, a streamed response consumed later, a background task);
// across processes (remote parent, or another service) clock skew is the likelier reason.
//
// Tolerances: 1 ms inside one process (absorbs µs/ms export precision); 10 ms across processes
// (skew between hosts, corrected by backends like Jaeger but not by us). PRODUCER parents and
// CONSUMER children may legitimately outlive each other, and so may a Jaeger FOLLOWS_FROM child:
// only a start before the parent counts for the former, nothing for the latter.

import type { Finding } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import { describeSpan, listNames, makeFinding } from './finding.ts';
import { DOCS, JS_ASYNC_CONTEXT, PY_AWAIT_CHILD_WORK } from './fixes.ts';
import { formatMs, NS_PER_MS } from './span-facts.ts';
import type { Rule } from './types.ts';

export const SAME_PROCESS_TOLERANCE_NS = 1n * NS_PER_MS;
export const CROSS_PROCESS_TOLERANCE_NS = 10n * NS_PER_MS;

function crossProcess(child: Span, parent: Span): boolean {
  if (child.parentIsRemote === true) return true;
  if (
    child.serviceName !== null &&
    parent.serviceName !== null &&
    child.serviceName !== parent.serviceName
  )
    return true;
  return (
    (child.kind === 'SERVER' || child.kind === 'CONSUMER') &&
    (parent.kind === 'CLIENT' || parent.kind === 'PRODUCER')
  );
}

interface Escape {
  child: Span;
  early: bigint;
  late: bigint;
}

export const childOutsideParent: Rule = {
  id: 'child-outside-parent',
  title: 'Child outside its parent',
  check({ spans, forest }) {
    // One finding per parent and likely cause, listing every escaping child.
    const groups = new Map<
      string,
      { parent: Span; skew: boolean; remote: boolean; escapes: Escape[] }
    >();
    const parentOf = forest.parentOfSpan;
    for (let ci = 0; ci < spans.length; ci++) {
      const p = parentOf[ci]!;
      if (p === -1) continue;
      const child = spans[ci]!;
      const parent = spans[p]!;
      if (child.startNs === null || parent.startNs === null) continue;
      // Most children start and end inside their parent: nothing to compute (no BigInt
      // arithmetic) when they do.
      if (
        child.startNs >= parent.startNs &&
        (child.endNs === null || parent.endNs === null || child.endNs <= parent.endNs)
      )
        continue;
      // Jaeger FOLLOWS_FROM used as the parent (the importer notes it): may run after the parent.
      if (child.notes?.some(n => n.includes('FOLLOWS_FROM'))) continue;
      const remote = crossProcess(child, parent);
      const tol = remote ? CROSS_PROCESS_TOLERANCE_NS : SAME_PROCESS_TOLERANCE_NS;
      const early = parent.startNs - child.startNs;
      const messaging =
        parent.kind === 'PRODUCER' || child.kind === 'CONSUMER' || child.kind === 'PRODUCER';
      const late =
        !messaging && child.endNs !== null && parent.endNs !== null
          ? child.endNs - parent.endNs
          : 0n;
      if (early <= tol && late <= tol) continue;
      const skew = remote || (early > tol && late <= tol);
      const key = `${p}:${skew}`;
      const g = groups.get(key);
      const e = { child, early: early > tol ? early : 0n, late: late > tol ? late : 0n };
      if (g) g.escapes.push(e);
      else groups.set(key, { parent, skew, remote, escapes: [e] });
    }
    const out: Finding[] = [];
    for (const { parent, skew, remote, escapes } of groups.values()) {
      const maxEarly = escapes.reduce((m, e) => (e.early > m ? e.early : m), 0n);
      const maxLate = escapes.reduce((m, e) => (e.late > m ? e.late : m), 0n);
      const parts: string[] = [];
      const upTo = escapes.length > 1 ? 'up to ' : '';
      if (maxEarly > 0n)
        parts.push(`start${escapes.length > 1 ? '' : 's'} ${upTo}${formatMs(maxEarly)} before`);
      if (maxLate > 0n)
        parts.push(`end${escapes.length > 1 ? '' : 's'} ${upTo}${formatMs(maxLate)} after`);
      const children = escapes.map(e => e.child);
      const subject =
        children.length === 1
          ? `Span ${describeSpan(children[0]!)}`
          : `${children.length} children (${listNames(children)})`;
      out.push(
        makeFinding(
          'child-outside-parent',
          'warning',
          [...children, parent],
          `${subject} ${parts.join(' and ')} ${children.length === 1 ? 'its parent' : 'their parent'} ${describeSpan(parent)}; likelier cause: ${skew ? 'clock skew' : 'async work that outlived the request'}.`,
          {
            details: skew
              ? remote
                ? 'Child and parent were timed by different processes (remote parent or another service), whose clocks can differ.'
                : 'A child cannot start before its parent in one process unless times were set by hand or converted wrongly.'
              : 'Child and parent share a clock, so the child really kept running after its parent ended: work scheduled inside the span but finished (or awaited) outside it.',
            causes: skew
              ? [
                  'Clock skew between the hosts or containers that timed these spans (NTP not synced, VM clock drift).',
                  'Start/end times passed by hand (`start_time=`, `end_time=`) or converted with the wrong unit.',
                  'Async work that outlived the request.',
                ]
              : [
                  'An `asyncio.create_task`, thread or callback started inside the parent and finished after the parent ended (fire-and-forget, or awaited too late).',
                  'A streamed LLM response returned to the caller and consumed after the parent span was closed.',
                  'Clock skew, if these spans were in fact timed by different processes.',
                ],
            fix: skew
              ? [
                  {
                    language: 'text',
                    title: 'What to do',
                    code: 'Sync clocks (chrony/NTP) on every host; pass no explicit start/end times, or pass them as epoch nanoseconds (time.time_ns()).',
                  },
                ]
              : [PY_AWAIT_CHILD_WORK, JS_ASYNC_CONTEXT],
            docs: [DOCS.otelSpan],
          },
        ),
      );
    }
    return out;
  },
};
