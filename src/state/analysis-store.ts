// The current analysis (from the worker, or from a fetched trace) and its progress. The result
// itself is computed by the same analyze() everywhere; this store only holds it.

import { create } from 'zustand';
import type { Analysis } from '../core/analyze.ts';
import { resetSelection } from './selection-store.ts';

export type AnalysisStatus = 'idle' | 'running' | 'done' | 'failed';

export interface AnalysisState {
  analysis: Analysis | null;
  status: AnalysisStatus;
  /** 0..1 while running. */
  progress: number;
  stage: string;
  /** Where the analysis came from: "pasted input", a file name, "local receiver trace …". */
  label: string;
  /** A crash of the worker itself (the input stays; the user can retry). */
  error: string | null;
  /** Milliseconds the last analysis took (parse → findings). */
  elapsedMs: number | null;
}

export const initialAnalysis = (): AnalysisState => ({
  analysis: null,
  status: 'idle',
  progress: 0,
  stage: '',
  label: '',
  error: null,
  elapsedMs: null,
});

export const useAnalysisStore = create<AnalysisState>(() => initialAnalysis());

export function startAnalysis(label: string): void {
  useAnalysisStore.setState({
    status: 'running',
    progress: 0,
    stage: 'reading',
    label,
    error: null,
  });
}

export function setAnalysisProgress(stage: string, progress: number): void {
  useAnalysisStore.setState({ stage, progress });
}

/** Show an analysis (pasted, dropped or fetched). */
export function loadAnalysis(
  analysis: Analysis,
  opts: { label: string; elapsedMs?: number },
): void {
  resetSelection();
  useAnalysisStore.setState({
    analysis,
    status: 'done',
    progress: 1,
    stage: '',
    label: opts.label,
    error: null,
    elapsedMs: opts.elapsedMs ?? null,
  });
}

export function failAnalysis(error: string): void {
  useAnalysisStore.setState({ status: 'failed', error });
}

export function clearAnalysis(): void {
  resetSelection();
  useAnalysisStore.setState(initialAnalysis());
}
