// The timeline cell of one row: the span's bar at its place in the visible time window, coloured
// by OpenInference kind, marked when the span failed or has findings, its duration beside it and
// its timings on hover. A synthetic row (missing / remote parent, cut cycle) draws the extent of
// the spans below it, dashed: that parent's own times are unknown.

import type { SpanBadge } from './span-badges.ts';
import { formatOffset, fraction, type TimeWindow } from './timeline.ts';
import { PALETTE, type TreeLayout } from './useTreeLayout.ts';

interface Props {
  nodeId: number;
  layout: TreeLayout;
  view: TimeWindow;
  name: string;
  synthetic: boolean;
  badge: SpanBadge | undefined;
}

function durationText(ms: number): string {
  return ms === 0 ? '0 ms' : formatOffset(ms);
}

export function WaterfallBar({ nodeId, layout, view, name, synthetic, badge }: Props) {
  const start = synthetic ? layout.hullStart[nodeId]! : layout.start[nodeId]!;
  const end = synthetic ? layout.hullEnd[nodeId]! : layout.end[nodeId]!;
  if (Number.isNaN(start) || Number.isNaN(end)) {
    return (
      <div className="wf-time" aria-hidden="true">
        <span className="wf-label wf-none">no time</span>
      </div>
    );
  }
  const dur = end - start;
  const title = synthetic
    ? `${name}\nthe spans below it run from +${formatOffset(start)} to +${formatOffset(end)} (${durationText(dur)})`
    : `${name}\nstarts at +${formatOffset(start)}, ends at +${formatOffset(end)}\nduration ${durationText(dur)}`;
  const left = fraction(start, view) * 100;
  const right = fraction(end, view) * 100;
  if (right < 0 || left > 100) {
    return (
      <div className="wf-time" aria-hidden="true" title={title}>
        <span className={`wf-offscreen ${right < 0 ? 'before' : 'after'}`}>
          {right < 0 ? '◂' : '▸'}
        </span>
      </div>
    );
  }
  const l = Math.max(left, 0);
  const r = Math.min(right, 100);
  const cls = [
    'wf-bar',
    `wf-${PALETTE[layout.color[nodeId]!]}`,
    synthetic ? 'wf-synthetic' : '',
    layout.error[nodeId] ? 'wf-error' : '',
    left < 0 ? 'cut-left' : '',
    right > 100 ? 'cut-right' : '',
  ]
    .filter(Boolean)
    .join(' ');
  // The duration goes after the bar, else before it, else (a bar across the window) inside it.
  const place = r < 80 ? 'after' : l > 20 ? 'before' : 'inside';
  const labelStyle =
    place === 'after'
      ? { left: `calc(${r}% + 4px)` }
      : { right: `calc(${100 - (place === 'before' ? l : r)}% + 4px)` };
  return (
    <div className="wf-time" aria-hidden="true" title={title}>
      <div className={cls} style={{ left: `${l}%`, width: `${r - l}%` }}>
        {badge && <span className={`wf-mark sev-${badge.severity}`} />}
      </div>
      <span className={`wf-label ${place}`} style={labelStyle}>
        {durationText(dur)}
      </span>
    </div>
  );
}
