// The experiment checklist of a fetched trace: pass / fail / unknown per line, the spans a line is
// about (clicking one shows it in the analysis view's tree) and the fix for each failure.

import type { Analysis } from '../../core/analyze.ts';
import type { ChecklistItem } from '../../core/rules/checklist.ts';

const ICON: Record<ChecklistItem['status'], string> = { pass: '✔', fail: '✖', unknown: '?' };
const WORD: Record<ChecklistItem['status'], string> = {
  pass: 'pass',
  fail: 'fail',
  unknown: 'cannot tell',
};

export function ExperimentChecklist({
  analysis,
  onSelectSpan,
}: {
  analysis: Analysis;
  onSelectSpan: (spanIndex: number) => void;
}) {
  const checklist = analysis.checklist;
  if (!checklist)
    return (
      <p className="muted">
        No experiment checklist: the trace has no agent spans (OpenInference kinds or routing) and
        no expected context.
      </p>
    );
  const failed = checklist.items.filter(i => i.status === 'fail').length;
  return (
    <section className="experiment-checklist" aria-labelledby="experiment-checklist-title">
      <h3 id="experiment-checklist-title">
        Experiment checklist{' '}
        <span className={failed ? 'recent-bad' : 'ok-text'}>
          {failed
            ? `${failed} of ${checklist.items.length} failed`
            : 'all lines pass or cannot be told'}
        </span>
      </h3>
      {checklist.experimentSpanId && (
        <p className="muted">
          Experiment span: <span className="mono">{checklist.experimentSpanId}</span>
        </p>
      )}
      <ul className="check-list" aria-label="Checklist lines">
        {checklist.items.map(item => (
          <li
            key={item.id}
            className={`check-line check-line-${item.status}`}
            aria-label={`${item.label}: ${WORD[item.status]}`}
          >
            <span className="check-icon" aria-hidden="true">
              {ICON[item.status]}
            </span>
            <div className="check-text">
              <div>
                <strong>{item.label}</strong>{' '}
                <span className="check-word">{WORD[item.status]}</span>
              </div>
              {item.detail && <p className="muted">{item.detail}</p>}
              {item.status !== 'pass' && item.spanIndexes.length > 0 && (
                <div className="check-spans">
                  {item.spanIndexes.slice(0, 20).map(i => {
                    const s = analysis.spans[i];
                    if (!s) return null;
                    return (
                      <button
                        key={i}
                        type="button"
                        className="span-chip"
                        onClick={() => onSelectSpan(i)}
                        title="Show this span in the trace tree"
                      >
                        {s.name || '(unnamed)'} <span className="mono">{s.spanId}</span>
                      </button>
                    );
                  })}
                  {item.spanIndexes.length > 20 && (
                    <span className="muted">and {item.spanIndexes.length - 20} more</span>
                  )}
                </div>
              )}
              {item.status === 'fail' && item.fix && (
                <div className="check-fix">
                  <div className="muted">Fix: {item.fix.title}</div>
                  <pre className="code">
                    <code>{item.fix.code}</code>
                  </pre>
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
