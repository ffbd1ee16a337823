// Rule registry. runRules guards each rule: a rule that throws becomes one `internal` finding
// instead of blanking the analysis.

import type { Finding } from '../model/diagnostic.ts';
import { severityRank } from '../model/diagnostic.ts';
import { duplicateSpanId } from './duplicate-span-id.ts';
import { invalidId } from './invalid-id.ts';
import { parentCycle } from './parent-cycle.ts';
import type { Rule, RuleContext } from './types.ts';

export const RULES: readonly Rule[] = [invalidId, duplicateSpanId, parentCycle];

export function runRules(ctx: RuleContext, rules: readonly Rule[] = RULES): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    try {
      out.push(...rule.check(ctx));
    } catch (e) {
      out.push({
        rule: 'internal',
        severity: 'error',
        spanIds: [],
        spanIndexes: [],
        message: `Rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)}. Please report this with the dump.`,
        causes: [],
        fix: [],
        docs: [],
      });
    }
  }
  return out.sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
}
