// Where each trace source lives (base URL), the default project per source and the Arize AX
// search window. Persisted in localStorage. API keys are never here: the server reads them from
// its environment.

import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export interface SourceSettingsState {
  /** Base URL per source id; empty = the source's default. */
  urls: Record<string, string>;
  /** Default project per source id (Phoenix name, Arize AX project id). */
  projects: Record<string, string>;
  /** Arize AX: days back to search. */
  arizeDays: number;
}

export const initialSourceSettings = (): SourceSettingsState => ({
  urls: {},
  projects: {},
  arizeDays: 30,
});

export const useSourceSettingsStore = create<SourceSettingsState>()(
  persist(() => initialSourceSettings(), { name: 'tpd.source-settings' }),
);

export function setSourceUrl(source: string, url: string): void {
  useSourceSettingsStore.setState(s => ({ urls: { ...s.urls, [source]: url } }));
}

export function setSourceProject(source: string, project: string): void {
  useSourceSettingsStore.setState(s => ({ projects: { ...s.projects, [source]: project } }));
}

export function setArizeDays(days: number): void {
  useSourceSettingsStore.setState({ arizeDays: days });
}
