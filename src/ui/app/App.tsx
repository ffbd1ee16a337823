import { lazy, Suspense } from 'react';
import { navigate, useRouteStore, type View } from '../../state/route-store.ts';
import { AnalyzeView } from './AnalyzeView.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';

const HeaderEditor = lazy(async () => ({
  default: (await import('../headers/HeaderEditor.tsx')).HeaderEditor,
}));
const ValidatePage = lazy(async () => ({
  default: (await import('../fetch/ValidatePage.tsx')).ValidatePage,
}));

const TABS: { view: View; label: string }[] = [
  { view: 'analyze', label: 'Analyze dump' },
  { view: 'headers', label: 'Headers' },
  { view: 'validate', label: 'Validate experiment row' },
];

export function App() {
  const view = useRouteStore(s => s.view);
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          <span aria-hidden="true" className="logo">
            ⟂
          </span>{' '}
          Trace Propagation Debugger
        </h1>
        <nav aria-label="Views" className="tabs">
          {TABS.map(t => (
            <button
              key={t.view}
              type="button"
              className={view === t.view ? 'tab active' : 'tab'}
              aria-current={view === t.view ? 'page' : undefined}
              onClick={() => navigate(t.view)}
            >
              {t.label}
            </button>
          ))}
        </nav>
      </header>
      <main className="app-main">
        <ErrorBoundary label={`${view} view`} key={view}>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            {view === 'analyze' && <AnalyzeView />}
            {view === 'headers' && <HeaderEditor />}
            {view === 'validate' && <ValidatePage />}
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
