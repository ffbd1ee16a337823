// Info only: a parent absent from the dump that is the caller in another process (the experiment
// span, an upstream service). Known from the traceparent or the exporter's remote flag, or
// inferred from the shape (one entry span hanging from it). Never a warning: this is how a
// correctly propagated trace looks from inside one service.

import { listNames, makeFinding } from './finding.ts';
import { DOCS } from './fixes.ts';
import { classifyMissingParents } from './missing-parents.ts';
import type { Rule } from './types.ts';

export const remoteParent: Rule = {
  id: 'remote-parent',
  title: 'Remote parent (experiment/caller span)',
  check(ctx) {
    return classifyMissingParents(ctx)
      .filter(g => g.cls !== 'lost')
      .map(g => {
        const members = g.members.map(i => ctx.spans[i]!);
        const known = g.cls === 'remote';
        return makeFinding(
          'remote-parent',
          'info',
          members,
          known
            ? `${listNames(members)} continue${members.length === 1 ? 's' : ''} remote parent ${g.parentId} (experiment/caller span): ${g.reason}.`
            : `${listNames(members)} hang${members.length === 1 ? 's' : ''} from ${g.parentId}, which is not in the dump; most likely the remote parent (experiment/caller span), because ${g.reason}.`,
          {
            traceId: g.traceId,
            missingSpanId: g.parentId,
            details: known
              ? "A parent in another process is expected to be absent from this process's spans; it is not an orphan."
              : 'Nothing in the dump says whether this parent was remote. Give the incoming traceparent (or export OTLP with span flags) to confirm; if its parent id differs, the parent was a lost span instead.',
            docs: [DOCS.traceparent, DOCS.otlpFlags],
          },
        );
      });
  },
};
