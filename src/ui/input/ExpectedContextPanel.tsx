import {
  clearExpectedContext,
  setExpectedContext,
  useContextStore,
} from '../../state/context-store.ts';
import { useAnalysisStore } from '../../state/analysis-store.ts';

/** Optional expected trace id / traceparent / baggage that sharpen every rule. */
export function ExpectedContextPanel() {
  const ctx = useContextStore();
  const resolved = useAnalysisStore(s => s.analysis?.context);
  const diagnostics = resolved?.diagnostics ?? [];
  const any = ctx.traceId || ctx.traceparent || ctx.baggage;
  return (
    <details className="panel context-panel" open={Boolean(any)}>
      <summary>
        <h2>Expected context</h2>
        <span className="muted">
          {' '}
          optional: from the experiment row or the agent&apos;s request log
        </span>
      </summary>
      <div className="context-fields">
        <label>
          <span className="label-text">Expected trace id</span>
          <input
            value={ctx.traceId}
            spellCheck={false}
            placeholder="32 hex digits, e.g. from the experiment row"
            onChange={e => setExpectedContext({ traceId: e.target.value })}
          />
        </label>
        <label>
          <span className="label-text">Incoming traceparent</span>
          <input
            value={ctx.traceparent}
            spellCheck={false}
            placeholder="00-<trace id>-<parent id>-01"
            onChange={e => setExpectedContext({ traceparent: e.target.value })}
          />
        </label>
        <label>
          <span className="label-text">Incoming baggage</span>
          <input
            value={ctx.baggage}
            spellCheck={false}
            placeholder="arize.space_id=…,arize.project_name=…"
            onChange={e => setExpectedContext({ baggage: e.target.value })}
          />
        </label>
        {any && (
          <button type="button" onClick={clearExpectedContext}>
            Clear context
          </button>
        )}
      </div>
      {resolved &&
        (resolved.traceId || resolved.remoteParentSpanId || resolved.routing.spaceId) && (
          <dl className="resolved-context">
            {resolved.traceId && (
              <>
                <dt>Expected trace</dt>
                <dd className="mono">{resolved.traceId}</dd>
              </>
            )}
            {resolved.remoteParentSpanId && (
              <>
                <dt>Remote parent (experiment/caller span)</dt>
                <dd className="mono">{resolved.remoteParentSpanId}</dd>
              </>
            )}
            {(resolved.routing.spaceId || resolved.routing.projectName) && (
              <>
                <dt>Expected routing</dt>
                <dd className="mono">
                  space {resolved.routing.spaceId ?? '—'} · project{' '}
                  {resolved.routing.projectName ?? '—'}
                </dd>
              </>
            )}
          </dl>
        )}
      {diagnostics.length > 0 && (
        <ul className="context-problems">
          {diagnostics.map((d, i) => (
            <li key={i} className={`sev-${d.severity}`}>
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
