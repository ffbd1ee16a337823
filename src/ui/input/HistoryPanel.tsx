import { useState } from 'react';
import { setExpectedContext } from '../../state/context-store.ts';
import { clearHistory, historyText, useHistoryStore } from '../../state/history-store.ts';
import { loadInputText, setInputFormat } from '../../state/input-store.ts';
import { isFormatId } from '../../core/formats/index.ts';

/** Recent analyses of pasted/dropped input, newest first, to return to. */
export function HistoryPanel() {
  const entries = useHistoryStore(s => s.entries);
  const [error, setError] = useState<string | null>(null);
  if (entries.length === 0) return null;
  async function open(id: string) {
    const e = entries.find(x => x.id === id)!;
    const text = await historyText(id);
    if (text === undefined) {
      setError('That entry is no longer stored.');
      return;
    }
    setError(null);
    setExpectedContext(e.context);
    loadInputText(text, e.fileName);
    setInputFormat(e.format && isFormatId(e.format) ? e.format : null);
  }
  return (
    <details className="panel history-panel">
      <summary>
        <h2>Recent analyses</h2> <span className="muted">({entries.length})</span>
      </summary>
      <ul className="history" aria-label="Recent analyses">
        {entries.map(e => (
          <li key={e.id}>
            <button type="button" className="link" onClick={() => void open(e.id)}>
              {e.label}
            </button>{' '}
            <span className="muted">
              {e.format ?? 'unknown format'} · {(e.chars / 1000).toFixed(e.chars < 10_000 ? 1 : 0)}{' '}
              kB · {e.verdict} · {new Date(e.savedAt).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
      {error && <p className="error-text">{error}</p>}
      <button type="button" className="small" onClick={() => void clearHistory()}>
        Clear history
      </button>
    </details>
  );
}
