// Settings of the remote sources: base URL and default project per source, the Arize AX window,
// and whether the server has each API key (keys are environment variables of `tpd serve`, never
// typed into the browser).

import { useQuery } from '@tanstack/react-query';
import { serverConfigQueryOptions } from '../../api/config.ts';
import { SOURCES } from '../../api/remote.ts';
import {
  setArizeDays,
  setSourceProject,
  setSourceUrl,
  useSourceSettingsStore,
} from '../../state/source-settings-store.ts';

export function SourceSettings() {
  const urls = useSourceSettingsStore(s => s.urls);
  const projects = useSourceSettingsStore(s => s.projects);
  const arizeDays = useSourceSettingsStore(s => s.arizeDays);
  const config = useQuery(serverConfigQueryOptions());
  const envOf = (id: string) => config.data?.sources.find(s => s.id === id)?.env ?? [];
  return (
    <details className="panel source-settings">
      <summary>
        <h3>Source settings</h3>
      </summary>
      <p className="muted">
        URLs and projects are kept in this browser. API keys are read by the server from environment
        variables and never reach the browser.
      </p>
      <div className="settings-grid">
        {SOURCES.filter(s => s.id !== 'local').map(s => (
          <fieldset key={s.id}>
            <legend>{s.label}</legend>
            <label>
              <span className="label-text">{s.label} URL</span>
              <input
                type="url"
                value={urls[s.id] ?? ''}
                placeholder={s.defaultUrl}
                onChange={e => setSourceUrl(s.id, e.target.value)}
                spellCheck={false}
              />
            </label>
            {s.project && (
              <label>
                <span className="label-text">Default {s.project.label}</span>
                <input
                  value={projects[s.id] ?? ''}
                  onChange={e => setSourceProject(s.id, e.target.value)}
                  spellCheck={false}
                />
              </label>
            )}
            {s.id === 'arize' && (
              <label>
                <span className="label-text">Search window (days)</span>
                <input
                  type="number"
                  min={1}
                  max={365}
                  value={arizeDays}
                  onChange={e => setArizeDays(Math.max(1, Number(e.target.value) || 30))}
                />
              </label>
            )}
            {envOf(s.id).map(v => (
              <p key={v.name} className="muted key-state">
                <code>{v.name}</code>:{' '}
                {v.set ? (
                  <span className="ok-text">set on the server</span>
                ) : s.id === 'arize' ? (
                  <span className="error-text">not set: required for Arize AX</span>
                ) : (
                  <span>not set (only needed when the backend requires auth)</span>
                )}
              </p>
            ))}
          </fieldset>
        ))}
      </div>
    </details>
  );
}
