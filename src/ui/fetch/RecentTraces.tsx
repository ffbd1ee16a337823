// Recent traces of the built-in OTLP receiver, newest first, updated live while spans arrive.
// Picking one fetches it, analyses it with the expected context of the analyze view, and shows it
// there.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { serverConfigQueryOptions } from '../../api/config.ts';
import {
  localTraceQueryOptions,
  recentTracesQueryOptions,
  type RecentTrace,
} from '../../api/local.ts';
import { useLocalTraceEvents, type LiveState } from '../../api/useLocalTraceEvents.ts';
import { loadAnalysis, useAnalysisStore } from '../../state/analysis-store.ts';
import { useContextStore } from '../../state/context-store.ts';
import { navigate, useRouteStore } from '../../state/route-store.ts';
import './fetch.css';

function expectedContext() {
  const c = useContextStore.getState();
  return {
    traceId: c.traceId.trim() || undefined,
    traceparent: c.traceparent.trim() || undefined,
    baggage: c.baggage.trim() || undefined,
  };
}

function findingsText(t: RecentTrace): string {
  const f = t.findings;
  if (!f) return 'findings: open to see';
  if (!f.errors && !f.warnings)
    return f.total ? `${f.total} note${f.total === 1 ? '' : 's'}` : 'no findings';
  const parts = [];
  if (f.errors) parts.push(`${f.errors} error${f.errors === 1 ? '' : 's'}`);
  if (f.warnings) parts.push(`${f.warnings} warning${f.warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: 'connecting…',
  live: 'live',
  offline: 'offline, reconnecting…',
};

export function RecentTraces({ limit = 30 }: { limit?: number }) {
  const queryClient = useQueryClient();
  const live = useLocalTraceEvents();
  const list = useQuery(recentTracesQueryOptions(limit));
  const config = useQuery(serverConfigQueryOptions());
  const currentLabel = useAnalysisStore(s => s.label);
  const [opening, setOpening] = useState<string | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);

  async function open(t: RecentTrace) {
    setOpening(t.traceId);
    setOpenError(null);
    try {
      const got = await queryClient.fetchQuery(
        localTraceQueryOptions(t.traceId, expectedContext()),
      );
      loadAnalysis(got.analysis, { label: got.label });
      if (useRouteStore.getState().view !== 'analyze') navigate('analyze');
    } catch (e) {
      setOpenError(e instanceof Error ? e.message : String(e));
    } finally {
      setOpening(null);
    }
  }

  const receiver = config.data?.receiver;
  const traces = list.data?.traces ?? [];
  const serverDown = list.error instanceof ApiError && list.error.kind === 'server-down';
  return (
    <section className="panel recent-traces" aria-labelledby="recent-traces-title">
      <div className="recent-head">
        <h2 id="recent-traces-title">Recent traces</h2>
        {!serverDown && (
          <span
            className={`live-state live-${live}`}
            role="status"
            aria-label={`Live updates: ${LIVE_TEXT[live]}`}
          >
            <span aria-hidden="true">●</span> {LIVE_TEXT[live]}
          </span>
        )}
      </div>
      {receiver && (
        <p className="muted receiver-line">
          Local receiver: OTLP/HTTP <code>{receiver.otlpHttpUrl ?? 'off'}</code> · gRPC{' '}
          <code>{receiver.otlpGrpcAddress ?? 'off'}</code>
        </p>
      )}
      {list.isPending && <p role="status">Loading recent traces…</p>}
      {list.error && (
        <p role="alert" className="error-box">
          {serverDown
            ? 'The local receiver is not available: start the app with `node bin/tpd.js serve` to receive spans here.'
            : list.error.message}
        </p>
      )}
      {list.data && traces.length === 0 && (
        <p className="muted">
          No spans received yet. Run your agent with{' '}
          <code>
            OTEL_EXPORTER_OTLP_ENDPOINT={receiver?.otlpHttpUrl ?? 'http://127.0.0.1:4318'}
          </code>
          , or add a second span processor exporting there.
        </p>
      )}
      {openError && (
        <p role="alert" className="error-box">
          {openError}
        </p>
      )}
      {traces.length > 0 && (
        <ul className="recent-list" aria-label="Recent traces list">
          {traces.map(t => {
            const current = currentLabel.endsWith(t.traceId);
            return (
              <li key={t.traceId}>
                <button
                  type="button"
                  className={current ? 'recent-item current' : 'recent-item'}
                  onClick={() => void open(t)}
                  aria-busy={opening === t.traceId}
                  aria-current={current ? 'true' : undefined}
                  disabled={opening !== null}
                >
                  <span className="recent-name">
                    {t.rootName ?? t.firstSpanName}
                    {t.rootParentMissing && (
                      <span
                        className="recent-tag"
                        title="The top span's parent is not in this trace (remote caller, or lost)"
                      >
                        {' '}
                        parent absent
                      </span>
                    )}
                  </span>
                  <span className="recent-meta">
                    <span>{t.serviceName ?? 'unknown service'}</span>
                    <span>
                      {t.spanCount} span{t.spanCount === 1 ? '' : 's'}
                    </span>
                    <span
                      className={
                        t.findings?.errors
                          ? 'recent-bad'
                          : t.findings?.warnings
                            ? 'recent-warn'
                            : ''
                      }
                    >
                      {findingsText(t)}
                    </span>
                    <time dateTime={new Date(t.lastReceivedMs).toISOString()}>
                      {new Date(t.lastReceivedMs).toLocaleTimeString()}
                    </time>
                  </span>
                  <span className="mono recent-id">{t.traceId}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
