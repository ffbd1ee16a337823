// The waterfall's view state: the zoomed time window (per analysis: a new analysis starts
// unzoomed) and the width of the name column. Not persisted.

import { create } from 'zustand';
import type { Analysis } from '../core/analyze.ts';
import type { TimeWindow } from '../ui/trace/timeline.ts';

export interface TimelineState {
  /** The analysis the window belongs to; a window of another analysis is ignored. */
  analysis: Analysis | null;
  /** Zoomed window in ms from the layout origin, or null for the whole trace. */
  window: TimeWindow | null;
  /** Width of the name column, in % of the row. */
  nameWidth: number;
}

export const initialTimeline = (): TimelineState => ({
  analysis: null,
  window: null,
  nameWidth: 42,
});

export const useTimelineStore = create<TimelineState>(() => initialTimeline());

export function setTimeWindow(analysis: Analysis, window: TimeWindow | null): void {
  useTimelineStore.setState({ analysis, window });
}

export function setNameWidth(nameWidth: number): void {
  useTimelineStore.setState({ nameWidth: Math.min(80, Math.max(15, nameWidth)) });
}

/** The zoom window for this analysis (null = whole trace). */
export function useTimeWindow(analysis: Analysis): TimeWindow | null {
  return useTimelineStore(s => (s.analysis === analysis ? s.window : null));
}
