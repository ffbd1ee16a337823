// Spans that ended up in another trace than the one they belong to.
//
// With an expected trace id (--trace-id, or the traceparent's): every trace with another id is
// reported — except, when the expected trace is in the dump, traces that clearly belong to other
// requests (they do not overlap it in time, continue a caller of their own, or hold no agent span:
// no OpenInference kind and no routing).
//
// Without one, only breaks the dump itself shows (tolerances: 1 ms in one service, 10 ms across
// services for clock skew):
// - a caller span with no children — a CLIENT span, or a lone experiment span — while a
//   parentless entry span (SERVER/CONSUMER/CHAIN/AGENT) of another trace and, for CLIENT spans,
//   another service runs snugly inside it (starting and ending within max(100 ms, 25 % of the
//   caller's duration) of its edges): the callee did not extract the traceparent;
// - a parentless TOOL/RETRIEVER/RERANKER span of another trace running inside a CHAIN/AGENT span
//   of the same service, or two or more parentless LLM/EMBEDDING spans inside one such span (one
//   alone may be an unrelated request): the context was lost across a thread or callback.

import type { Finding } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import type { TraceTree } from '../tree/build-span-tree.ts';
import { describeSpan, makeFinding } from './finding.ts';
import {
  DOCS,
  JS_ASYNC_CONTEXT,
  JS_CROSS_SERVICE,
  JS_EXTRACT_CHAIN,
  PY_CROSS_SERVICE,
  PY_EXTRACT_ROUTE_CHAIN,
  PY_THREAD_CONTEXT,
} from './fixes.ts';
import { classifyMissingParents } from './missing-parents.ts';
import {
  childCount,
  forestFacts,
  hasRouting,
  isChainLike,
  isEntrySpan,
  NS_PER_MS,
} from './span-facts.ts';
import type { Rule, RuleContext } from './types.ts';

const SAME_SERVICE_TOL = 1n * NS_PER_MS;
const CROSS_SERVICE_TOL = 10n * NS_PER_MS;
const SNUG_MIN_SLACK = 100n * NS_PER_MS;
const WORK_KINDS = new Set(['TOOL', 'LLM', 'RETRIEVER', 'EMBEDDING', 'RERANKER']);
/** Work spans that never start a trace in a healthy run (unlike a plain LLM-call request). */
const THREAD_ALWAYS = new Set(['TOOL', 'RETRIEVER', 'RERANKER']);
/** Caller spans that are calls to a model provider, not to an agent or service of the user. */
const PROVIDER_CALL_KINDS = new Set(['LLM', 'EMBEDDING']);
/** OpenInference kinds that cannot be an experiment/caller span. */
const NOT_A_CALLER = new Set([
  'LLM',
  'EMBEDDING',
  'TOOL',
  'RETRIEVER',
  'RERANKER',
  'EVALUATOR',
  'GUARDRAIL',
  'PROMPT',
]);
/** Bound on candidate callers scanned per new trace, so pathological dumps stay linear-ish. */
const MAX_SCAN = 5000;

function contained(inner: Span, outer: Span, tol: bigint): boolean {
  if (inner.startNs === null || outer.startNs === null || outer.endNs === null) return false;
  if (inner.startNs < outer.startNs - tol || inner.startNs > outer.endNs + tol) return false;
  return inner.endNs === null || inner.endNs <= outer.endNs + tol;
}

/**
 * `inner` fills `outer` the way a handled call fills the caller's span: contained, and starting
 * and ending close to its edges (gaps ≤ max(100 ms, a quarter of the caller's duration)). An
 * unrelated request that merely happens during a long call rarely fits this snugly.
 */
function snug(inner: Span, outer: Span, tol: bigint): boolean {
  if (!contained(inner, outer, tol) || inner.endNs === null) return false;
  const dur = outer.endNs! - outer.startNs!;
  const slack = dur / 4n > SNUG_MIN_SLACK ? dur / 4n : SNUG_MIN_SLACK;
  return inner.startNs! - outer.startNs! <= slack && outer.endNs! - inner.endNs <= slack;
}

/** Spans of a trace with its top spans first (roots, then spans hanging from absent parents). */
function traceSpans(spans: Span[], t: TraceTree): Span[] {
  const top = new Set<number>(t.rootSpanIndexes);
  for (const m of t.missingParents.values()) for (const i of m) top.add(i);
  const first = [...top].sort((a, b) => a - b);
  return [...first, ...t.spanIndexes.filter(i => !top.has(i))].map(i => spans[i]!);
}

type Break = { kind: 'callee' | 'experiment' | 'thread'; caller: Span; entry: Span };

/**
 * Candidate callers sorted by start, with what the scans test first in typed arrays (a scan may
 * look at thousands of them for each new trace).
 */
interface Candidates {
  spans: Span[];
  trace: Int32Array;
  /** Service id (from `ServiceIds`), -1 for none. */
  service: Int32Array;
  chainLike: Uint8Array;
  /** Position of the nearest earlier candidate of another service, or -1. */
  prevOtherService: Int32Array;
}

/** Small ids for service names (null → -1): equal ids ⇔ equal names. */
class ServiceIds {
  private readonly ids = new Map<string, number>();
  of(name: string | null): number {
    if (name === null) return -1;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(name, id);
    }
    return id;
  }
}

function candidates(list: Span[], traceOf: Int32Array, services: ServiceIds): Candidates {
  const n = list.length;
  const c: Candidates = {
    spans: list,
    trace: new Int32Array(n),
    service: new Int32Array(n),
    chainLike: new Uint8Array(n),
    prevOtherService: new Int32Array(n),
  };
  for (let k = 0; k < n; k++) {
    const x = list[k]!;
    c.trace[k] = traceOf[x.index]!;
    c.service[k] = services.of(x.serviceName);
    c.chainLike[k] = isChainLike(x) ? 1 : 0;
    c.prevOtherService[k] =
      k === 0 ? -1 : c.service[k - 1] !== c.service[k] ? k - 1 : c.prevOtherService[k - 1]!;
  }
  return c;
}

/**
 * The nearest candidate (by start, scanning back from entry.start + tolerance, at most MAX_SCAN
 * of them) that `pick` accepts. When `pick` rejects every candidate of service `skipService`
 * (≥ 0), runs of them are stepped over at once (still counted in the MAX_SCAN).
 */
function findCaller(
  entry: Span,
  c: Candidates,
  pick: (k: number) => boolean,
  skipService = -1,
): Span | null {
  if (entry.startNs === null) return null;
  const candidates = c.spans;
  const limit = entry.startNs + CROSS_SERVICE_TOL;
  let lo = 0;
  let hi = candidates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (candidates[mid]!.startNs! <= limit) lo = mid + 1;
    else hi = mid;
  }
  let scanned = 0;
  for (let k = lo - 1; k >= 0 && scanned < MAX_SCAN;) {
    if (skipService >= 0 && c.service[k] === skipService) {
      const next = c.prevOtherService[k]!;
      scanned += k - next;
      k = next;
      continue;
    }
    if (pick(k)) return candidates[k]!;
    k--;
    scanned++;
  }
  return null;
}

function selfEvidentBreaks(ctx: RuleContext): Map<number, Break> {
  const { spans, forest } = ctx;
  const out = new Map<number, Break>();
  // Every caller must be in another trace than the new trace it calls.
  if (forest.traces.length < 2) return out;
  // Only a parentless span (a trace root) can start a new trace inside another one's call: with
  // none that is an entry or work span, there is nothing to look for.
  let anyCandidate = false;
  for (const t of forest.traces) {
    for (const r of t.rootSpanIndexes) {
      const y = spans[r]!;
      if (y.startNs !== null && (isEntrySpan(y) || WORK_KINDS.has(y.oiKind ?? ''))) {
        anyCandidate = true;
        break;
      }
    }
    if (anyCandidate) break;
  }
  if (!anyCandidate) return out;
  const facts = forestFacts(spans, forest);
  const { traceOf } = facts;

  const clients: Span[] = [];
  const lone: Span[] = [];
  const chains: Span[] = [];
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (s.startNs === null || s.endNs === null) continue;
    const childless = childCount(facts, i) === 0;
    if (childless && s.kind === 'CLIENT' && !PROVIDER_CALL_KINDS.has(s.oiKind ?? ''))
      clients.push(s);
    if (
      childless &&
      s.parentSpanId === null &&
      forest.traces[traceOf[i]!]!.spanIndexes.length === 1 &&
      s.kind !== 'SERVER' &&
      s.kind !== 'CONSUMER' &&
      !NOT_A_CALLER.has(s.oiKind ?? '')
    ) {
      lone.push(s);
    }
    if (isChainLike(s)) chains.push(s);
  }
  const byStart = (a: Span, b: Span) =>
    a.startNs! < b.startNs! ? -1 : a.startNs! > b.startNs! ? 1 : 0;
  clients.sort(byStart);
  lone.sort(byStart);
  chains.sort(byStart);
  const services = new ServiceIds();
  const clientC = candidates(clients, traceOf, services);
  const loneC = candidates(lone, traceOf, services);
  const chainC = candidates(chains, traceOf, services);

  const modelCalls = new Map<number, [number, Span][]>();
  forest.traces.forEach((t, ti) => {
    for (const r of t.rootSpanIndexes) {
      const y = spans[r]!;
      if (y.startNs === null) continue;
      const yService = services.of(y.serviceName);
      const yKnown = yService !== -1;
      const yChain = isChainLike(y);
      if (isEntrySpan(y)) {
        // Clients of the entry's own service never count (so their runs are skipped).
        const client = findCaller(
          y,
          clientC,
          k => {
            if (clientC.trace[k] === ti) return false;
            const known = clientC.service[k] !== -1 && yKnown;
            if (known && clientC.service[k] === yService) return false;
            return snug(y, clientC.spans[k]!, known ? CROSS_SERVICE_TOL : SAME_SERVICE_TOL);
          },
          yService,
        );
        if (client) {
          out.set(ti, { kind: 'callee', caller: client, entry: y });
          return;
        }
        // A lone experiment/caller span: an agent entry (CHAIN/AGENT) inside it, or a server
        // entry of a service other than the caller's (a long job span of the same service
        // running beside unrelated requests must not count).
        const exp = findCaller(y, loneC, k => {
          if (loneC.trace[k] === ti) return false;
          const known = loneC.service[k] !== -1 && yKnown;
          const otherService = known && loneC.service[k] !== yService;
          // A server entry, or a CHAIN-kinded lone span (e.g. one SDK experiment task beside
          // another), only counts across services.
          if ((!yChain || loneC.chainLike[k] === 1) && !otherService) return false;
          return snug(y, loneC.spans[k]!, otherService ? CROSS_SERVICE_TOL : SAME_SERVICE_TOL);
        });
        if (exp) {
          out.set(ti, { kind: yChain ? 'experiment' : 'callee', caller: exp, entry: y });
          return;
        }
      } else if (WORK_KINDS.has(y.oiKind ?? '')) {
        const chain = findCaller(
          y,
          chainC,
          k =>
            chainC.trace[k] !== ti &&
            chainC.service[k] === yService &&
            contained(y, chainC.spans[k]!, SAME_SERVICE_TOL),
        );
        if (chain && THREAD_ALWAYS.has(y.oiKind!)) {
          out.set(ti, { kind: 'thread', caller: chain, entry: y });
          return;
        }
        if (chain) {
          // A lone LLM/EMBEDDING root inside a CHAIN may be an unrelated request of the same
          // service; two or more inside one CHAIN is the parallel fan-out signature.
          const list = modelCalls.get(chain.index);
          if (list) list.push([ti, y]);
          else modelCalls.set(chain.index, [[ti, y]]);
          return;
        }
      }
    }
  });
  for (const [chainIndex, list] of modelCalls) {
    if (list.length < 2) continue;
    for (const [ti, y] of list)
      out.set(ti, { kind: 'thread', caller: spans[chainIndex]!, entry: y });
  }
  return out;
}

function breakFinding(ctx: RuleContext, t: TraceTree, b: Break): Finding {
  const members = traceSpans(ctx.spans, t);
  const ordered = [b.entry, ...members.filter(s => s !== b.entry)];
  const where = (s: Span) => (s.serviceName ? ` of service ${s.serviceName}` : '');
  if (b.kind === 'thread') {
    return makeFinding(
      'trace-id-mismatch',
      'error',
      ordered,
      `${b.entry.oiKind} span ${describeSpan(b.entry)} starts a new trace ${t.traceId} while ${b.caller.oiKind} span ${describeSpan(b.caller)} (trace ${b.caller.traceId}) of the same service is running: the context was lost on the way.`,
      {
        traceId: t.traceId,
        details: `It starts inside the time of ${describeSpan(b.caller)} and has no parent, so it was created where no span was active — a worker thread or a callback that did not inherit the context. With arize-otel routing such spans also lose their routing and are dropped.`,
        causes: [
          'The work ran in a `ThreadPoolExecutor`, `loop.run_in_executor` or a raw `threading.Thread`, which do not copy contextvars (`asyncio.to_thread` does).',
          'A callback, queue consumer or event handler ran outside the active context (JavaScript: a callback not bound with `context.bind`).',
          'A framework integration that runs tools in its own thread pool without copying the context (e.g. older crewAI/smolagents versions).',
        ],
        fix: [PY_THREAD_CONTEXT, JS_ASYNC_CONTEXT],
        docs: [DOCS.contextvars, DOCS.pyThreading, DOCS.jsContext],
      },
    );
  }
  const callee = b.kind === 'callee';
  return makeFinding(
    'trace-id-mismatch',
    'error',
    ordered,
    callee
      ? `${b.entry.kind ?? b.entry.oiKind ?? ''} span ${describeSpan(b.entry)}${where(b.entry)} starts a new trace ${t.traceId} inside ${b.caller.kind ?? ''} span ${describeSpan(b.caller)}${where(b.caller)} (trace ${b.caller.traceId}), which has no children: the callee did not continue the caller's trace.`.replace(
          / {2,}/g,
          ' ',
        )
      : `Agent span ${describeSpan(b.entry)} starts a new trace ${t.traceId} while ${describeSpan(b.caller)} (trace ${b.caller.traceId}) has no children: the agent did not continue the experiment/caller trace.`,
    {
      traceId: t.traceId,
      details: callee
        ? `The caller span ran from before ${describeSpan(b.entry)} started until after it ended and has no child, and ${describeSpan(b.entry)} has no parent: the traceparent was not sent, or not extracted by the receiving side.`
        : `The agent's entry span has no parent and runs entirely inside ${describeSpan(b.caller)}, which has no child: the incoming traceparent was not extracted and attached, so the agent started a separate, orphan trace.`,
      causes: callee
        ? [
            'The receiving service does not extract the `traceparent` header (no server instrumentation, or a handler that starts spans without `propagate.extract` + `attach`).',
            'The calling side does not inject the headers (HTTP client not instrumented, or a custom transport/queue without `propagate.inject`).',
            'A proxy or gateway between them strips `traceparent`.',
          ]
        : [
            'The agent does not extract the incoming `traceparent` (no `propagate.extract(headers)` + `attach`), so its first span starts a new trace.',
            'The context was extracted but the span was started under another context (`context=Context()`, or a different thread).',
            'A proxy in front of the agent drops the `traceparent` header.',
          ],
      fix: callee
        ? [PY_CROSS_SERVICE, JS_CROSS_SERVICE]
        : [PY_EXTRACT_ROUTE_CHAIN, JS_EXTRACT_CHAIN],
      docs: callee
        ? [DOCS.traceparent, DOCS.pyPropagation, DOCS.jsPropagation]
        : [DOCS.agentTracing, DOCS.traceparent],
    },
  );
}

function expectedFindings(ctx: RuleContext, expectedId: string): Finding[] {
  const { spans, forest } = ctx;
  const expected = forest.traces.find(t => t.traceId === expectedId);
  const continuesCaller = new Set<number>();
  for (const g of classifyMissingParents(ctx))
    if (g.cls !== 'lost') continuesCaller.add(g.traceIndex);
  const out: Finding[] = [];
  forest.traces.forEach((t, ti) => {
    if (t.traceId === expectedId) return;
    if (expected) {
      const tol = CROSS_SERVICE_TOL;
      const overlaps =
        t.startNs !== null &&
        expected.startNs !== null &&
        expected.endNs !== null &&
        t.startNs >= expected.startNs - tol &&
        t.startNs <= expected.endNs + tol;
      // Another request that continues its own caller, or runs at another time: not this run.
      if (!overlaps || (continuesCaller.has(ti) && t.rootSpanIndexes.length === 0)) return;
      // A concurrent request without agent spans (health check, plain HTTP call): not this run.
      if (!t.spanIndexes.some(i => spans[i]!.oiKind !== null || hasRouting(spans[i]!))) return;
    }
    const members = traceSpans(spans, t);
    const top = members[0]!;
    const fragment = WORK_KINDS.has(top.oiKind ?? '');
    out.push(
      makeFinding(
        'trace-id-mismatch',
        'error',
        members,
        `${members.length === 1 ? 'Span' : `${members.length} spans, from`} ${describeSpan(top)}${members.length > 1 ? ' down,' : ''} ${members.length === 1 ? 'is' : 'are'} in trace ${t.traceId}, not in the expected trace ${expectedId}.`,
        {
          traceId: t.traceId,
          details: expected
            ? `The expected trace is in the dump, and this trace runs at the same time without continuing any caller, so it is most likely a piece of the same run that lost its context.`
            : 'No span of the dump is in the expected trace: the agent did not continue the trace it was called with.',
          causes: fragment
            ? [
                'The context was lost across a thread, executor or callback, so this span started a new trace.',
                'The agent does not extract and attach the incoming `traceparent`.',
              ]
            : [
                'The agent does not extract and attach the incoming `traceparent` (`propagate.extract(headers)` + `attach`), so its first span starts a new trace.',
                'The span was started with an explicit fresh context (`context=Context()`), which also starts a new trace.',
                'The expected trace id belongs to another run than this dump (check the experiment row).',
              ],
          fix: fragment
            ? [PY_THREAD_CONTEXT, PY_EXTRACT_ROUTE_CHAIN, JS_ASYNC_CONTEXT]
            : [PY_EXTRACT_ROUTE_CHAIN, JS_EXTRACT_CHAIN],
          docs: [DOCS.agentTracing, DOCS.traceparent, DOCS.pyPropagation],
        },
      ),
    );
  });
  return out;
}

export const traceIdMismatch: Rule = {
  id: 'trace-id-mismatch',
  title: 'Trace id mismatch',
  check(ctx) {
    const expectedId = ctx.expected.traceId;
    const out: Finding[] = expectedId ? expectedFindings(ctx, expectedId) : [];
    // Breaks the dump shows by itself (e.g. a downstream service's new trace beside the expected
    // one), for traces not reported above.
    const reported = new Set(out.map(f => f.traceId));
    for (const [ti, b] of selfEvidentBreaks(ctx)) {
      const t = ctx.forest.traces[ti]!;
      if (t.traceId === expectedId || reported.has(t.traceId)) continue;
      out.push(breakFinding(ctx, t, b));
    }
    return out;
  },
};
