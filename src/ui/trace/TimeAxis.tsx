// The time axis above the timeline column: tick labels for the visible window (ms from the first
// span). Drag across it to zoom into that range; double-click to see the whole trace again.

import { useRef } from 'react';
import { useElementWidth } from './useBoxSize.ts';
import { useDragRange } from './useDragRange.ts';
import { axisTicks, formatOffset, fraction, type TimeWindow } from './timeline.ts';

interface Props {
  view: TimeWindow;
  onZoom: (w: TimeWindow | null) => void;
}

export function TimeAxis({ view, onZoom }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const span = view.end - view.start;
  const { handlers, selection } = useDragRange({
    onRange: r => onZoom({ start: view.start + r.from * span, end: view.start + r.to * span }),
  });
  return (
    <div
      ref={ref}
      className="wf-axis"
      title="Drag to zoom into a time range; double-click to show the whole trace"
      onDoubleClick={() => onZoom(null)}
      {...handlers}
    >
      {width > 0 &&
        axisTicks(view, width).map(t => (
          <span key={t} className="wf-tick" style={{ left: `${fraction(t, view) * 100}%` }}>
            {formatOffset(t)}
          </span>
        ))}
      {selection && (
        <div
          className="wf-selection"
          style={{
            left: `${selection.from * 100}%`,
            width: `${(selection.to - selection.from) * 100}%`,
          }}
        />
      )}
    </div>
  );
}
