// Rule registry. runRules guards each rule: a rule that throws becomes one `internal` finding
// instead of blanking the analysis.

import type { Finding } from '../model/diagnostic.ts';
import { severityRank } from '../model/diagnostic.ts';
import { childOutsideParent } from './child-outside-parent.ts';
import { duplicateSpanId } from './duplicate-span-id.ts';
import { invalidId } from './invalid-id.ts';
import { missingChainSpan } from './missing-chain-span.ts';
import { multipleRoots } from './multiple-roots.ts';
import { orphanedSpan } from './orphaned-span.ts';
import { orphanedToolSpan } from './orphaned-tool-span.ts';
import { parentCycle } from './parent-cycle.ts';
import { remoteParent } from './remote-parent.ts';
import { routingMismatch } from './routing-mismatch.ts';
import { traceIdMismatch } from './trace-id-mismatch.ts';
import type { Rule, RuleContext } from './types.ts';
import { unroutedSpan } from './unrouted-span.ts';

/** Every rule, in report order within a severity. Rule ids are part of the CLI contract. */
export const RULES: readonly Rule[] = [
  invalidId,
  duplicateSpanId,
  parentCycle,
  orphanedToolSpan,
  orphanedSpan,
  traceIdMismatch,
  missingChainSpan,
  unroutedSpan,
  routingMismatch,
  multipleRoots,
  childOutsideParent,
  remoteParent,
];

export const RULE_IDS: readonly string[] = RULES.map(r => r.id);

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
