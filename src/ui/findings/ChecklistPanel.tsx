import type { Analysis } from '../../core/analyze.ts';
import { selectSpan } from '../../state/selection-store.ts';

/** The experiment checklist (pass/fail per line), when the dump or context shows an experiment. */
export function ChecklistPanel({
  analysis,
  onSelect,
}: {
  analysis: Analysis;
  onSelect?: (spanIndex: number) => void;
}) {
  const checklist = analysis.checklist;
  if (!checklist) return null;
  const select = onSelect ?? ((i: number) => selectSpan(i, true));
  return (
    <section className="panel checklist-panel" aria-label="Experiment checklist">
      <h2>Experiment checklist</h2>
      <ul className="checklist">
        {checklist.items.map(item => (
          <li key={item.id} className={`check check-${item.status}`}>
            <span className="check-status" aria-label={item.status}>
              {item.status === 'pass' ? '✔' : item.status === 'fail' ? '✖' : '?'}
            </span>
            <div className="check-body">
              <span className="check-label">{item.label}</span>
              <span className="sr-only"> — {item.status}</span>
              {item.detail && <p className="muted">{item.detail}</p>}
              {item.status === 'fail' && item.spanIndexes.length > 0 && (
                <div className="finding-spans">
                  {item.spanIndexes.slice(0, 20).map(i => {
                    const s = analysis.spans[i]!;
                    return (
                      <button key={i} type="button" className="span-chip" onClick={() => select(i)}>
                        {s.name || '(unnamed)'} <span className="mono muted">{s.spanId}</span>
                      </button>
                    );
                  })}
                </div>
              )}
              {item.status === 'fail' && item.fix && (
                <details className="fix">
                  <summary>Fix: {item.fix.title}</summary>
                  <pre className={`code lang-${item.fix.language}`}>{item.fix.code}</pre>
                </details>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
