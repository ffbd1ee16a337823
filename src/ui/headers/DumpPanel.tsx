import { useMemo } from 'react';
import type { DecodedHeaders } from '../../core/headers/decode.ts';
import { matchDump } from '../../core/headers/dump-match.ts';
import { useAnalysisStore } from '../../state/analysis-store.ts';
import { setExpectedContext } from '../../state/context-store.ts';
import { useHeaderStore } from '../../state/header-store.ts';
import { navigate } from '../../state/route-store.ts';

/** When a dump is loaded: does the decoded context belong to it, and is the parent in it? */
export function DumpPanel({ d }: { d: DecodedHeaders }) {
  const analysis = useAnalysisStore(s => s.analysis);
  const traceparent = useHeaderStore(s => s.traceparent);
  const baggage = useHeaderStore(s => s.baggage);
  const tp = d.traceparent;
  const match = useMemo(
    () =>
      analysis && tp.valid && tp.traceId && tp.parentId
        ? matchDump({ traceId: tp.traceId, parentId: tp.parentId }, analysis.spans, analysis.forest)
        : null,
    [analysis, tp.valid, tp.traceId, tp.parentId],
  );
  if (!analysis) return null;
  return (
    <section className="panel he-dump" aria-label="Loaded dump">
      <h3>Loaded dump ({analysis.spans.length} spans)</h3>
      {!match ? (
        <p className="muted">Enter a valid traceparent to compare it with the dump.</p>
      ) : (
        <>
          <ul className="he-dump-facts">
            <li className={match.traceIdInDump ? 'ok' : 'bad'}>
              {match.traceIdInDump
                ? '✓ The trace id matches the dump.'
                : '✗ The trace id is not in the dump.'}
            </li>
            {match.traceIdInDump && (
              <li>
                {match.parentSpan
                  ? `The parent id is the dump's span "${match.parentSpan.name}" (the experiment/caller span).`
                  : 'The parent id is remote: no span of the dump has it.'}{' '}
                {match.children.length} span(s) name it as parent.
              </li>
            )}
          </ul>
          <p>{match.summary}</p>
          <button
            type="button"
            onClick={() => {
              setExpectedContext({ traceId: tp.traceId!, traceparent, baggage });
              navigate('analyze');
            }}
          >
            Use as the dump&apos;s expected context
          </button>
        </>
      )}
    </section>
  );
}
