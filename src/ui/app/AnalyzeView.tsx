import { useEffect, useState } from 'react';
import type { Analysis } from '../../core/analyze.ts';
import { findingsToJson } from '../../core/report/findings-json.ts';
import { analysisToMarkdown } from '../../core/report/markdown.ts';
import { useAnalysisStore } from '../../state/analysis-store.ts';
import { CopyButton, downloadText } from '../common/CopyButton.tsx';
import { ChecklistPanel } from '../findings/ChecklistPanel.tsx';
import { FindingsPanel } from '../findings/FindingsPanel.tsx';
import { verdictText } from '../findings/verdict-text.ts';
import { RecentTraces } from '../fetch/RecentTraces.tsx';
import { ExpectedContextPanel } from '../input/ExpectedContextPanel.tsx';
import { HistoryPanel } from '../input/HistoryPanel.tsx';
import { InputPanel } from '../input/InputPanel.tsx';
import { buildShareLink, openSharedLinkFromUrl } from '../share/share-link.ts';
import { SpanDetails } from '../trace/SpanDetails.tsx';
import { TraceTree } from '../trace/TraceTree.tsx';
import { exportOtlpJson } from '../worker/analyze-client.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { formatCount } from '../common/format-count.ts';

function VerdictBar({
  analysis,
  label,
  elapsedMs,
}: {
  analysis: Analysis;
  label: string;
  elapsedMs: number | null;
}) {
  const v = analysis.verdict;
  const cls = analysis.unreadable || v.errors ? 'bad' : v.warnings ? 'warn' : 'good';
  return (
    <div className={`verdict ${cls}`} role="status" aria-label="Verdict">
      <h2>{verdictText(analysis)}</h2>
      <span className="muted">
        {label} · {formatCount(analysis.spans.length)} spans in {analysis.forest.traces.length}{' '}
        trace
        {analysis.forest.traces.length === 1 ? '' : 's'}
        {elapsedMs !== null ? ` · analysed in ${Math.round(elapsedMs)} ms` : ''}
      </span>
      <span className="spacer" />
      <CopyButton text={() => analysisToMarkdown(analysis)} label="Copy report">
        Copy report
      </CopyButton>
      <button
        type="button"
        className="small"
        onClick={() =>
          downloadText('findings.json', JSON.stringify(findingsToJson(analysis), null, 2))
        }
      >
        Download findings
      </button>
      <button
        type="button"
        className="small"
        disabled={analysis.spans.length === 0}
        onClick={async () => {
          const text = await exportOtlpJson(analysis);
          if (text !== null) downloadText('trace.otlp.json', text);
        }}
      >
        Export OTLP/JSON
      </button>
      <ShareButton />
    </div>
  );
}

function ShareButton() {
  const [result, setResult] = useState<{ url: string } | { error: string } | null>(null);
  return (
    <>
      <button
        type="button"
        className="small"
        onClick={async () => setResult(await buildShareLink())}
      >
        Share link
      </button>
      {result && (
        <div className="share-result" role="dialog" aria-label="Share link">
          {'url' in result ? (
            <>
              <label>
                <span className="label-text">
                  Link (the dump travels in the # fragment, never to a server)
                </span>
                <input readOnly value={result.url} onFocus={e => e.target.select()} />
              </label>
              <CopyButton text={result.url} label="Copy share link">
                Copy link
              </CopyButton>
            </>
          ) : (
            <p role="alert" className="error-text">
              {result.error}
            </p>
          )}
          <button type="button" className="small" onClick={() => setResult(null)}>
            Close
          </button>
        </div>
      )}
    </>
  );
}

export function AnalyzeView() {
  const analysis = useAnalysisStore(s => s.analysis);
  const status = useAnalysisStore(s => s.status);
  const stage = useAnalysisStore(s => s.stage);
  const error = useAnalysisStore(s => s.error);
  const label = useAnalysisStore(s => s.label);
  const elapsedMs = useAnalysisStore(s => s.elapsedMs);
  const [shareError, setShareError] = useState<string | null>(null);
  useEffect(() => {
    void openSharedLinkFromUrl().then(setShareError);
  }, []);
  return (
    <div className="analyze-view">
      <div className="left-col">
        <InputPanel />
        <ExpectedContextPanel />
        <HistoryPanel />
        <RecentTraces />
      </div>
      <div className="right-col">
        {status === 'running' && (
          <p role="status" className="progress">
            <span className="spinner" aria-hidden="true" /> Analysing… {stage}
          </p>
        )}
        {shareError && (
          <p role="alert" className="error-box">
            {shareError}
          </p>
        )}
        {error && (
          <p role="alert" className="error-box">
            {error}
          </p>
        )}
        {!analysis && status !== 'running' && (
          <div className="panel empty-state">
            <h2>Paste a span dump to start</h2>
            <p>
              Paste or drop what your exporter, terminal or backend gave you, or pick a sample. The
              spans appear as a tree, exactly as exported, with every propagation defect flagged,
              explained and with its fix.
            </p>
          </div>
        )}
        {analysis && (
          <ErrorBoundary label="results">
            <VerdictBar analysis={analysis} label={label} elapsedMs={elapsedMs} />
            <FindingsPanel analysis={analysis} />
            <ChecklistPanel analysis={analysis} />
            {analysis.spans.length > 0 && (
              <div className="tree-and-details">
                <TraceTree analysis={analysis} />
                <SpanDetails analysis={analysis} />
              </div>
            )}
          </ErrorBoundary>
        )}
      </div>
    </div>
  );
}
