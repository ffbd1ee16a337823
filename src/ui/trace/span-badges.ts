// Per-span finding severity (worst) and count, computed once per analysis for row badges.

import type { Analysis } from '../../core/analyze.ts';
import type { Severity } from '../../core/model/diagnostic.ts';
import { severityRank } from '../../core/model/diagnostic.ts';

export interface SpanBadge {
  severity: Severity;
  count: number;
  rules: string[];
}

export function spanBadges(a: Analysis): Map<number, SpanBadge> {
  const out = new Map<number, SpanBadge>();
  for (const f of a.findings) {
    for (const i of f.spanIndexes) {
      const b = out.get(i);
      if (!b) out.set(i, { severity: f.severity, count: 1, rules: [f.rule] });
      else {
        b.count++;
        if (!b.rules.includes(f.rule)) b.rules.push(f.rule);
        if (severityRank[f.severity] < severityRank[b.severity]) b.severity = f.severity;
      }
    }
  }
  return out;
}

const KIND_CLASS = new Set([
  'CHAIN',
  'LLM',
  'TOOL',
  'AGENT',
  'RETRIEVER',
  'EMBEDDING',
  'RERANKER',
  'GUARDRAIL',
  'EVALUATOR',
  'PROMPT',
]);

/** CSS class for a kind badge. */
export function kindClass(kind: string | null): string {
  return kind && KIND_CLASS.has(kind) ? `kind kind-${kind.toLowerCase()}` : 'kind kind-other';
}
