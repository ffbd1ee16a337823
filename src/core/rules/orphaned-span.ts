// Non-TOOL spans whose parent is absent from the dump and is not the remote caller (see
// missing-parents.ts for how remote parents are told apart from lost ones).

import { orphanFindings } from './orphan-findings.ts';
import type { Rule } from './types.ts';

export const orphanedSpan: Rule = {
  id: 'orphaned-span',
  title: 'Orphaned span',
  check: ctx => orphanFindings(ctx, false),
};
