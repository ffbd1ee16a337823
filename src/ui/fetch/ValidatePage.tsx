// The "validate an experiment row" view: a trace id (and optionally the traceparent / baggage the
// agent received, or the expected space and project) → the trace from the chosen source → the
// experiment checklist. The query lives in the URL (#/validate?source=…&trace=…), so a result can
// be bookmarked and shared; source URLs and projects come from the settings panel.

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, errorHint } from '../../api/api-error.ts';
import type { TraceQuery } from '../../api/query-keys.ts';
import { SOURCES, sourceById, traceQueryOptions } from '../../api/remote.ts';
import type { Analysis } from '../../core/analyze.ts';
import { loadAnalysis } from '../../state/analysis-store.ts';
import { navigate, setRouteParams, useRouteStore } from '../../state/route-store.ts';
import { selectSpan } from '../../state/selection-store.ts';
import { useSourceSettingsStore } from '../../state/source-settings-store.ts';
import { ExperimentChecklist } from './ExperimentChecklist.tsx';
import { SourceSettings } from './SourceSettings.tsx';
import './fetch.css';

/** The URL parameters of this view. */
interface ValidateParams {
  source: string;
  trace: string;
  project: string;
  traceparent: string;
  baggage: string;
  space: string;
  projectName: string;
}

const FIELDS: (keyof ValidateParams)[] = [
  'source',
  'trace',
  'project',
  'traceparent',
  'baggage',
  'space',
  'projectName',
];

function paramsFrom(route: Record<string, string>): ValidateParams {
  const p = Object.fromEntries(FIELDS.map(f => [f, route[f] ?? ''])) as unknown as ValidateParams;
  if (!sourceById(p.source)) p.source = 'local';
  return p;
}

/** The expected routing as baggage when only space / project name were given. */
function expectedBaggage(p: ValidateParams): string | undefined {
  const parts = [p.baggage.trim()].filter(Boolean);
  if (p.space.trim() && !/arize\.space_id=/.test(p.baggage))
    parts.push(`arize.space_id=${encodeURIComponent(p.space.trim())}`);
  if (p.projectName.trim() && !/arize\.project_name=/.test(p.baggage))
    parts.push(`arize.project_name=${encodeURIComponent(p.projectName.trim())}`);
  return parts.length ? parts.join(',') : undefined;
}

function ValidateForm({ initial }: { initial: ValidateParams }) {
  const [form, setForm] = useState(initial);
  const set = (k: keyof ValidateParams) => (e: { target: { value: string } }) =>
    setForm(f => ({ ...f, [k]: e.target.value }));
  const source = sourceById(form.source)!;
  const defaultProject = useSourceSettingsStore(s => s.projects[form.source] ?? '');
  function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim()]));
    setRouteParams(trimmed);
  }
  return (
    <form className="panel validate-form" onSubmit={submit} aria-label="Trace to validate">
      <fieldset className="source-picker">
        <legend>Source</legend>
        {SOURCES.map(s => (
          <label key={s.id} className="source-option">
            <input
              type="radio"
              name="source"
              value={s.id}
              checked={form.source === s.id}
              onChange={set('source')}
            />
            {s.label}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span className="label-text">Trace id</span>
        <input
          className="mono"
          value={form.trace}
          onChange={set('trace')}
          placeholder="32 hex characters, e.g. from the experiment row"
          spellCheck={false}
          autoComplete="off"
          required
        />
      </label>
      {source.project && (
        <label className="field">
          <span className="label-text">
            {source.project.label}
            {source.project.required ? '' : ' (optional)'}
          </span>
          <input
            value={form.project}
            onChange={set('project')}
            placeholder={defaultProject || undefined}
            spellCheck={false}
          />
        </label>
      )}
      <details
        className="context-details"
        open={!!(initial.traceparent || initial.baggage || initial.space || initial.projectName)}
      >
        <summary>What the agent received (optional)</summary>
        <label className="field">
          <span className="label-text">traceparent header</span>
          <input
            className="mono"
            value={form.traceparent}
            onChange={set('traceparent')}
            placeholder="00-<trace id>-<span id>-01"
            spellCheck={false}
          />
        </label>
        <label className="field">
          <span className="label-text">baggage header</span>
          <input
            className="mono"
            value={form.baggage}
            onChange={set('baggage')}
            placeholder="arize.space_id=…,arize.project_name=…"
            spellCheck={false}
          />
        </label>
        <div className="field-row">
          <label className="field">
            <span className="label-text">Expected space id</span>
            <input value={form.space} onChange={set('space')} spellCheck={false} />
          </label>
          <label className="field">
            <span className="label-text">Expected project name</span>
            <input value={form.projectName} onChange={set('projectName')} spellCheck={false} />
          </label>
        </div>
      </details>
      <button type="submit" className="primary">
        Fetch and check
      </button>
    </form>
  );
}

function Result({ query, sourceLabel }: { query: TraceQuery; sourceLabel: string }) {
  const result = useQuery(traceQueryOptions(query));
  if (result.isPending)
    return (
      <p role="status" className="progress">
        <span className="spinner" aria-hidden="true" /> Fetching trace {query.traceId} from{' '}
        {sourceLabel}…
      </p>
    );
  if (result.isError) {
    const e = result.error;
    const hint = e instanceof ApiError ? errorHint(e, query.source) : null;
    return (
      <div role="alert" className="error-box validate-error">
        <strong>Could not get the trace.</strong> {e.message}
        {hint && <p>{hint}</p>}
      </div>
    );
  }
  const { analysis, label, notes, spanCount } = result.data;
  const open = (spanIndex?: number) => showInAnalysis(analysis, label, spanIndex);
  return (
    <section className="panel validate-result" aria-label="Validation result">
      <div className="validate-summary">
        <span>
          {spanCount} span{spanCount === 1 ? '' : 's'} from {label}
          {result.isFetching ? ' (refreshing…)' : ''}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => open()}>
          Open in analysis view
        </button>
        <button type="button" onClick={() => void result.refetch()}>
          Fetch again
        </button>
      </div>
      {notes.length > 0 && (
        <ul className="muted source-notes">
          {notes.map(n => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {analysis.unreadable && (
        <p role="alert" className="error-box">
          {analysis.diagnostics[0]?.message ?? 'The trace could not be read.'}
        </p>
      )}
      <ExperimentChecklist analysis={analysis} onSelectSpan={i => open(i)} />
      <p className="muted">
        {analysis.findings.length} finding{analysis.findings.length === 1 ? '' : 's'} in total (
        {analysis.verdict.errors} error
        {analysis.verdict.errors === 1 ? '' : 's'}, {analysis.verdict.warnings} warning
        {analysis.verdict.warnings === 1 ? '' : 's'}
        ): open the analysis view for the tree, every finding and its fix.
      </p>
    </section>
  );
}

function showInAnalysis(analysis: Analysis, label: string, spanIndex?: number): void {
  loadAnalysis(analysis, { label });
  if (spanIndex !== undefined) selectSpan(spanIndex, true);
  navigate('analyze');
}

export function ValidatePage() {
  const route = useRouteStore(s => s.params);
  const params = paramsFrom(route);
  const settings = useSourceSettingsStore();
  const source = sourceById(params.source)!;
  const query: TraceQuery = {
    source: params.source,
    traceId: params.trace,
    url: settings.urls[params.source]?.trim() || source.defaultUrl,
    project: params.project || settings.projects[params.source]?.trim() || '',
    days: settings.arizeDays,
    context: {
      traceId: params.trace || undefined,
      traceparent: params.traceparent || undefined,
      baggage: expectedBaggage(params),
    },
  };
  return (
    <div className="validate-view">
      <div className="validate-intro">
        <h2>Validate an experiment row</h2>
        <p className="muted">
          Enter the trace id of an experiment run: the trace is fetched from the chosen source and
          checked against what an agent experiment needs. The address of this page keeps the query,
          so it can be bookmarked or shared.
        </p>
      </div>
      <ValidateForm key={FIELDS.map(f => params[f]).join('\u0000')} initial={params} />
      <SourceSettings />
      {params.trace ? (
        <Result query={query} sourceLabel={source.label} />
      ) : (
        <p className="muted">Enter a trace id and choose where to fetch it from.</p>
      )}
    </div>
  );
}
