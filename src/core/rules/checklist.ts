// The experiment view: five pass/fail lines an Arize agent-experiment run must satisfy, built from
// the spans, the expected context and the rule findings (so a line fails exactly when a rule
// fired, and names the same spans). `unknown` when the dump cannot tell (e.g. no traceparent and
// the agent's entry span is a root: a direct run and a run that ignored the traceparent look
// alike). Null when nothing hints at an agent run (no OpenInference kinds, no routing, no context).

import type { Finding, FixSnippet } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import { describeSpan } from './finding.ts';
import { classifyMissingParents } from './missing-parents.ts';
import {
  forestFacts,
  KIND_CHAIN_LIKE,
  KIND_LLM,
  KIND_OI,
  KIND_TOOL,
  kindFacts,
  marksAbove,
  routingFacts,
} from './span-facts.ts';
import type { RuleContext } from './types.ts';

export type ChecklistStatus = 'pass' | 'fail' | 'unknown';

export interface ChecklistItem {
  id: 'experiment-span' | 'entry-child' | 'tools-under-chain' | 'routed' | 'no-orphans';
  label: string;
  status: ChecklistStatus;
  /** The spans that fail this line (or, for pass/unknown, the spans it is about). */
  spanIndexes: number[];
  detail: string;
  fix?: FixSnippet;
}

export interface Checklist {
  /** The experiment span id when known (traceparent) or seen in the dump. */
  experimentSpanId: string | null;
  items: ChecklistItem[];
}

/** CHAIN, AGENT, TOOL or LLM (kindFacts bits). */
const AGENT_KINDS = KIND_CHAIN_LIKE | KIND_TOOL | KIND_LLM;

function uniq(xs: number[]): number[] {
  return [...new Set(xs)];
}

function fromFindings(
  findings: Finding[],
  rules: string[],
): { spans: number[]; fix?: FixSnippet; first?: Finding } {
  const hits = findings.filter(f => rules.includes(f.rule) && f.severity !== 'info');
  const out: { spans: number[]; fix?: FixSnippet; first?: Finding } = {
    spans: uniq(hits.flatMap(f => f.spanIndexes)),
  };
  if (hits[0]) {
    out.first = hits[0];
    if (hits[0].fix[0]) out.fix = hits[0].fix[0];
  }
  return out;
}

function item(
  id: ChecklistItem['id'],
  label: string,
  status: ChecklistStatus,
  spanIndexes: number[],
  detail: string,
  fix?: FixSnippet,
): ChecklistItem {
  const it: ChecklistItem = { id, label, status, spanIndexes, detail };
  if (fix && status === 'fail') it.fix = fix;
  return it;
}

export function buildChecklist(ctx: RuleContext, findings: Finding[]): Checklist | null {
  const { spans, forest, expected } = ctx;
  const hasContext =
    expected.traceId !== null ||
    expected.remoteParentSpanId !== null ||
    expected.routing.spaceId !== null ||
    expected.routing.projectName !== null;
  const routing = routingFacts(spans, forest);
  const kinds = kindFacts(spans, forest);
  if (!hasContext && !routing.anyRouted && !kinds.some(k => (k & AGENT_KINDS) !== 0)) return null;

  // The experiment span: the traceparent's parent id when it is in the dump.
  const expId = expected.remoteParentSpanId;
  const experiment = expId
    ? (spans.find(
        s => s.spanId === expId && (expected.traceId === null || s.traceId === expected.traceId),
      ) ?? null)
    : null;
  // Agent entry spans: CHAIN/AGENT spans with no CHAIN/AGENT above them (the experiment span and
  // what is above it do not count).
  const above = new Uint8Array(spans.length);
  for (
    let i = experiment ? experiment.index : -1;
    i !== -1 && !above[i];
    i = forest.parentOfSpan[i]!
  )
    above[i] = 1;
  const chainMark = new Uint8Array(spans.length);
  for (let i = 0; i < spans.length; i++)
    if (kinds[i]! & KIND_CHAIN_LIKE && !above[i]) chainMark[i] = 1;
  const chainAbove = marksAbove(spans, forest, chainMark);
  const entries: Span[] = [];
  for (let i = 0; i < spans.length; i++)
    if (chainMark[i] && !chainAbove[i]) entries.push(spans[i]!);
  const remoteGroups = classifyMissingParents(ctx).filter(g => g.cls !== 'lost');
  const remoteIds = new Map(remoteGroups.map(g => [`${g.traceIndex}:${g.parentId}`, g]));
  const { traceOf } = forestFacts(spans, forest);
  const parentClass = (s: Span): 'remote' | 'probable-caller' | 'present' | 'root' | 'lost' => {
    if (s.parentSpanId === null) return 'root';
    if (forest.parentOfSpan[s.index] !== -1) return 'present';
    const g = remoteIds.get(`${traceOf[s.index]}:${s.parentSpanId}`);
    return g ? g.cls : 'lost';
  };
  const entryIdx = entries.map(s => s.index);
  // Without a CHAIN/AGENT span, the agent's topmost OpenInference spans stand in for it.
  let tops = entries;
  if (entries.length === 0) {
    const oiMark = new Uint8Array(spans.length);
    for (let i = 0; i < spans.length; i++) if (kinds[i]! & KIND_OI && !above[i]) oiMark[i] = 1;
    const oiAbove = marksAbove(spans, forest, oiMark);
    tops = spans.filter(s => oiMark[s.index] === 1 && !oiAbove[s.index]);
  }
  const items: ChecklistItem[] = [];

  // 1. Experiment span present or known remote.
  const mismatch = fromFindings(findings, ['trace-id-mismatch']);
  {
    const label = 'Experiment span present or known remote';
    if (expId) {
      const referenced = spans.some(s => s.parentSpanId === expId);
      if (experiment)
        items.push(
          item(
            'experiment-span',
            label,
            'pass',
            [experiment.index],
            `The experiment span ${describeSpan(experiment)} is in the dump.`,
          ),
        );
      else if (referenced)
        items.push(
          item(
            'experiment-span',
            label,
            'pass',
            spans.filter(s => s.parentSpanId === expId).map(s => s.index),
            `Known remote: the traceparent names ${expId}, and the agent points at it.`,
          ),
        );
      else
        items.push(
          item(
            'experiment-span',
            label,
            'fail',
            uniq([...mismatch.spans, ...entryIdx]),
            `No span has the traceparent's parent id ${expId} as its parent: the agent did not continue the experiment span.`,
            mismatch.fix,
          ),
        );
    } else if (tops.length === 0) {
      items.push(
        item(
          'experiment-span',
          label,
          'unknown',
          [],
          'No OpenInference span and no traceparent given: the experiment span cannot be located.',
        ),
      );
    } else {
      const classes = tops.map(parentClass);
      const sure = tops.filter((_, k) => classes[k] === 'remote');
      const probable = tops.filter((_, k) => classes[k] === 'probable-caller');
      const presentParent = tops.filter((_, k) => classes[k] === 'present');
      if (mismatch.spans.length) {
        items.push(
          item(
            'experiment-span',
            label,
            'fail',
            mismatch.spans,
            mismatch.first!.message,
            mismatch.fix,
          ),
        );
      } else if (sure.length) {
        items.push(
          item(
            'experiment-span',
            label,
            'pass',
            sure.map(s => s.index),
            `Known remote: the exporter marks the parent of ${describeSpan(sure[0]!)} as remote.`,
          ),
        );
      } else if (presentParent.length) {
        const p = spans[forest.parentOfSpan[presentParent[0]!.index]!]!;
        items.push(
          item(
            'experiment-span',
            label,
            'pass',
            [p.index],
            `${describeSpan(p)}, the parent of the agent's top span, is in the dump (most likely the experiment or caller span).`,
          ),
        );
      } else if (probable.length) {
        items.push(
          item(
            'experiment-span',
            label,
            'unknown',
            probable.map(s => s.index),
            `Probably remote: ${describeSpan(probable[0]!)} hangs from ${probable[0]!.parentSpanId}, which is not in the dump. Give the traceparent to confirm.`,
          ),
        );
      } else if (classes.every(c => c === 'lost')) {
        items.push(
          item(
            'experiment-span',
            label,
            'unknown',
            tops.map(s => s.index),
            `The agent's top spans hang from ${tops[0]!.parentSpanId}, a span that is not in the dump; give the traceparent to tell whether the experiment span is above it.`,
          ),
        );
      } else {
        items.push(
          item(
            'experiment-span',
            label,
            'unknown',
            tops.map(s => s.index),
            'The agent entry span is a root: either this run was not started by an experiment, or the traceparent was not extracted. Give the traceparent (or the expected trace id) to check.',
          ),
        );
      }
    }
  }

  // 2. The agent entry span is the experiment span's child, in the same trace.
  {
    const label = "Agent entry span (CHAIN/AGENT) is the experiment span's child in the same trace";
    const entrySet = new Set(entryIdx);
    const orphanedEntries = fromFindings(findings, [
      'orphaned-span',
      'orphaned-tool-span',
    ]).spans.filter(i => entrySet.has(i));
    if (entries.length === 0) {
      const mc = fromFindings(findings, ['missing-chain-span']);
      items.push(
        item(
          'entry-child',
          label,
          'fail',
          mc.spans,
          'There is no CHAIN or AGENT span in the dump.',
          mc.fix,
        ),
      );
    } else if (mismatch.spans.length) {
      items.push(
        item('entry-child', label, 'fail', mismatch.spans, mismatch.first!.message, mismatch.fix),
      );
    } else if (orphanedEntries.length) {
      const o = fromFindings(findings, ['orphaned-span', 'orphaned-tool-span']);
      items.push(
        item(
          'entry-child',
          label,
          'fail',
          orphanedEntries,
          `${describeSpan(spans[orphanedEntries[0]!]!)} points at a parent that is not in the dump and is not the experiment span.`,
          o.fix,
        ),
      );
    } else if (expId) {
      const good = entries.filter(
        s =>
          s.parentSpanId === expId && (expected.traceId === null || s.traceId === expected.traceId),
      );
      const goodSet = new Set(good);
      const bad = entries.filter(s => !goodSet.has(s));
      if (good.length && !bad.length)
        items.push(
          item(
            'entry-child',
            label,
            'pass',
            good.map(s => s.index),
            `${describeSpan(good[0]!)} is the child of the experiment span ${expId}.`,
          ),
        );
      else if (good.length)
        items.push(
          item(
            'entry-child',
            label,
            'pass',
            good.map(s => s.index),
            `${describeSpan(good[0]!)} is the child of the experiment span; ${bad.length} other CHAIN/AGENT span${bad.length === 1 ? '' : 's'} start elsewhere (other requests or roots).`,
          ),
        );
      else
        items.push(
          item(
            'entry-child',
            label,
            'fail',
            entryIdx,
            `No CHAIN/AGENT span has the experiment span ${expId} as its parent.`,
          ),
        );
    } else {
      const classes = entries.map(parentClass);
      if (classes.some(c => c === 'remote' || c === 'present')) {
        items.push(
          item(
            'entry-child',
            label,
            'pass',
            entryIdx,
            'The agent entry span continues its caller in the same trace.',
          ),
        );
      } else {
        items.push(
          item(
            'entry-child',
            label,
            'unknown',
            entryIdx,
            'Cannot tell without the traceparent: the agent entry span is a root or hangs from an absent parent.',
          ),
        );
      }
    }
  }

  // 3. TOOL/LLM spans sit under the CHAIN span.
  {
    const label = 'TOOL/LLM spans sit under the CHAIN span';
    const mc = fromFindings(findings, ['missing-chain-span']);
    let work = 0;
    if (!mc.spans.length)
      for (let i = 0; i < spans.length; i++) if (kinds[i]! & (KIND_TOOL | KIND_LLM)) work++;
    if (mc.spans.length)
      items.push(item('tools-under-chain', label, 'fail', mc.spans, mc.first!.message, mc.fix));
    else if (work === 0)
      items.push(
        item('tools-under-chain', label, 'unknown', [], 'The dump has no TOOL or LLM spans.'),
      );
    else
      items.push(
        item(
          'tools-under-chain',
          label,
          'pass',
          [],
          `All ${work} TOOL/LLM spans have a CHAIN or AGENT ancestor.`,
        ),
      );
  }

  // 4. Every span routed to the expected space/project.
  {
    const label = 'Every span routed to the expected space/project';
    const r = fromFindings(findings, ['unrouted-span', 'routing-mismatch']);
    const inUse =
      routing.anyRouted ||
      expected.routing.spaceId !== null ||
      expected.routing.projectName !== null;
    if (r.spans.length) items.push(item('routed', label, 'fail', r.spans, r.first!.message, r.fix));
    else if (!inUse)
      items.push(
        item(
          'routed',
          label,
          'unknown',
          [],
          'No span carries arize.space_id / arize.project.name and no baggage was given: routing is not in use (a plain register() routes by the resource project).',
        ),
      );
    else {
      const target = [
        expected.routing.spaceId && `space ${expected.routing.spaceId}`,
        expected.routing.projectName && `project ${expected.routing.projectName}`,
      ]
        .filter(Boolean)
        .join(', ');
      items.push(
        item(
          'routed',
          label,
          'pass',
          [],
          `Every agent span carries both routing attributes${target ? ` (${target})` : ''}, with one value per trace.`,
        ),
      );
    }
  }

  // 5. No orphans.
  {
    const label = 'No orphans';
    const o = fromFindings(findings, ['orphaned-tool-span', 'orphaned-span']);
    if (o.spans.length)
      items.push(item('no-orphans', label, 'fail', o.spans, o.first!.message, o.fix));
    else
      items.push(
        item(
          'no-orphans',
          label,
          'pass',
          [],
          remoteGroups.length
            ? 'Every absent parent is the remote caller/experiment span.'
            : 'Every parent id points at a span in the dump.',
        ),
      );
  }

  return { experimentSpanId: experiment?.spanId ?? expId ?? null, items };
}
