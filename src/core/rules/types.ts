// A diagnosis rule: one file each, `{ id, title, check }`. Rules read the spans, the repaired
// forest and the expected context, and return Findings; they never throw (runRules guards them).

import type { FormatId } from '../formats/types.ts';
import type { ResolvedContext } from '../model/context.ts';
import type { Finding } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import type { SpanForest } from '../tree/build-span-tree.ts';

export interface RuleContext {
  spans: Span[];
  forest: SpanForest;
  expected: ResolvedContext;
  format: FormatId | null;
}

export interface Rule {
  /** kebab-case; part of the CLI contract. */
  id: string;
  title: string;
  check(ctx: RuleContext): Finding[];
}
