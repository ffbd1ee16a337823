// TOOL spans whose parent is absent from the dump and is not the remote caller: the signature of
// the `context=` trap (the CHAIN span dropped by arize-otel routing) or a dropped server span.

import { orphanFindings } from './orphan-findings.ts';
import type { Rule } from './types.ts';

export const orphanedToolSpan: Rule = {
  id: 'orphaned-tool-span',
  title: 'Orphaned tool span',
  check: ctx => orphanFindings(ctx, true),
};
