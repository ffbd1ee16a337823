// The span tree with its waterfall: one virtualized list whose rows have a tree cell and a
// timeline cell (Jaeger-style), a time axis to zoom with, and a minimap of the whole trace.
// Only the rows on screen are in the DOM, so 100,000 spans scroll like 100. Filters keep a
// match's ancestors visible (core/tree/visible-rows.ts); keyboard: arrows, Page Up/Down,
// Home/End, Left/Right to collapse/expand, Enter/Space to toggle.

import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
} from 'react';
import type { Analysis } from '../../core/analyze.ts';
import { rowTraceIndex, visibleRows } from '../../core/tree/visible-rows.ts';
import {
  selectNode,
  selectSpan,
  setCollapsed,
  useSelectionStore,
} from '../../state/selection-store.ts';
import {
  setNameWidth,
  setTimeWindow,
  useTimelineStore,
  useTimeWindow,
} from '../../state/timeline-store.ts';
import { setOnlyFindings, setTreeFilter, useTreeViewStore } from '../../state/tree-view-store.ts';
import { Minimap } from './Minimap.tsx';
import { spanBadges } from './span-badges.ts';
import { TimeAxis } from './TimeAxis.tsx';
import { gridBackground, zoomWindow, type TimeWindow } from './timeline.ts';
import { ROW_HEIGHT, TreeRow } from './TreeRow.tsx';
import { useBoxSize } from './useBoxSize.ts';
import { useSpanFilter } from './useSpanFilter.ts';
import type { TreeLayout } from './useTreeLayout.ts';
import { useWaterfallLayout } from './useWaterfallLayout.ts';
import './waterfall.css';
import { formatCount } from '../common/format-count.ts';

/**
 * The tree is rendered in the background (a deferred value) after the rest of the results, so
 * showing a 100k-span analysis is two shorter tasks instead of one long one; for a dump analysed
 * in the worker it also waits for the waterfall geometry laid out there.
 */
export function TraceTree({ analysis }: { analysis: Analysis }) {
  const shown = useDeferredValue<Analysis | null>(analysis, null);
  // Deferred too: the layout arrives through a store, whose updates React renders at once, in one
  // task; as a deferred value the 100k-span tree is rendered in the background, in slices.
  const layout = useDeferredValue(useWaterfallLayout(analysis));
  if (shown !== analysis || !layout) {
    return (
      <section className="panel tree-panel waterfall" aria-label="Span tree">
        <p className="muted" role="status">
          Building the tree of {formatCount(analysis.spans.length)} spans…
        </p>
      </section>
    );
  }
  return <Waterfall analysis={analysis} layout={layout} />;
}

function Waterfall({ analysis, layout }: { analysis: Analysis; layout: TreeLayout }) {
  const { forest } = analysis;
  const collapsed = useSelectionStore(s => s.collapsed);
  const selectedSpanIndex = useSelectionStore(s => s.selectedSpanIndex);
  const selectedNodeId = useSelectionStore(s => s.selectedNodeId);
  const scrollRequest = useSelectionStore(s => s.scrollRequest);
  const filter = useTreeViewStore(s => s.filter);
  const onlyFindings = useTreeViewStore(s => s.onlyFindings);
  const nameWidth = useTimelineStore(s => s.nameWidth);
  const zoom = useTimeWindow(analysis);
  const badges = useMemo(() => spanBadges(analysis), [analysis]);
  const filtered = useSpanFilter(analysis, filter);

  const matches = useMemo(() => {
    const found = filtered.spanIndexes;
    if (!found && !onlyFindings) return null;
    const set = new Set<number>();
    if (found) {
      for (let k = 0; k < found.length; k++) {
        const i = found[k]!;
        if (!onlyFindings || badges.has(i)) set.add(forest.nodeOfSpan[i]!);
      }
    } else for (const i of badges.keys()) set.add(forest.nodeOfSpan[i]!);
    return set;
  }, [filtered.spanIndexes, onlyFindings, forest, badges]);

  const rows = useMemo(
    () =>
      visibleRows(forest, {
        traceOrder: analysis.traceOrder,
        collapsed,
        matches,
        traceHeaders: forest.traces.length > 1,
      }),
    [forest, analysis.traceOrder, collapsed, matches],
  );

  const activeNode =
    selectedNodeId ?? (selectedSpanIndex !== null ? forest.nodeOfSpan[selectedSpanIndex]! : null);
  const activeRow = useMemo(
    () => (activeNode === null ? -1 : rows.indexOf(activeNode)),
    [rows, activeNode],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is the documented API
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  // Reveal and scroll to the selection when asked (finding clicked, checklist link, …).
  useEffect(() => {
    if (scrollRequest === 0 || activeNode === null) return;
    const hidden: number[] = [];
    for (let p = forest.nodes[activeNode]!.parent; p !== -1; p = forest.nodes[p]!.parent) {
      if (collapsed.has(p)) hidden.push(p);
    }
    if (hidden.length) {
      const next = new Set(collapsed);
      hidden.forEach(h => next.delete(h));
      setCollapsed(next);
      return; // re-runs with the new rows
    }
    if (matches && !matches.has(activeNode)) {
      setTreeFilter('');
      setOnlyFindings(false);
      return;
    }
    const idx = rows.indexOf(activeNode);
    if (idx >= 0) virtualizer.scrollToIndex(idx, { align: 'center' });
    scrollRef.current?.focus({ preventScroll: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on a new request or new rows
  }, [scrollRequest, rows]);

  function selectRow(rowIdx: number) {
    const row = rows[rowIdx];
    if (row === undefined || row < 0) return;
    const node = forest.nodes[row]!;
    if (node.spanIndex >= 0) selectSpan(node.spanIndex);
    else selectNode(row);
    virtualizer.scrollToIndex(rowIdx);
  }

  const toggle = useCallback(
    (nodeId: number) => {
      const next = new Set(collapsed);
      if (next.has(nodeId)) next.delete(nodeId);
      else next.add(nodeId);
      setCollapsed(next);
    },
    [collapsed],
  );

  function onKeyDown(e: KeyboardEvent) {
    const cur = activeRow;
    const node = cur >= 0 ? forest.nodes[rows[cur]!] : undefined;
    const step = (delta: number) => {
      let i = Math.max(0, Math.min(rows.length - 1, (cur < 0 ? -1 : cur) + delta));
      while (
        rows[i] !== undefined &&
        rows[i]! < 0 &&
        i + Math.sign(delta) >= 0 &&
        i + Math.sign(delta) < rows.length
      )
        i += Math.sign(delta) || 1;
      selectRow(i);
    };
    switch (e.key) {
      case 'ArrowDown':
        step(1);
        break;
      case 'ArrowUp':
        step(-1);
        break;
      case 'PageDown':
        step(20);
        break;
      case 'PageUp':
        step(-20);
        break;
      case 'Home':
        step(-rows.length);
        break;
      case 'End':
        step(rows.length);
        break;
      case 'ArrowRight':
        if (node && node.children.length) {
          if (collapsed.has(node.id)) toggle(node.id);
          else step(1);
        }
        break;
      case 'ArrowLeft':
        if (node) {
          if (node.children.length && !collapsed.has(node.id)) toggle(node.id);
          else if (node.parent !== -1) selectRow(rows.indexOf(node.parent));
        }
        break;
      case 'Enter':
      case ' ':
        if (node && node.children.length) toggle(node.id);
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  // Time window and the width the timeline column has on screen (for ticks and grid lines).
  const view = useMemo<TimeWindow>(
    () => zoom ?? { start: 0, end: layout.total },
    [zoom, layout.total],
  );
  const zoomTo = (w: TimeWindow | null) =>
    setTimeWindow(analysis, w && w.end - w.start > layout.total * 1e-7 ? w : null);
  const box = useBoxSize(scrollRef);
  const timeWidth = Math.max(0, (box.width * (100 - nameWidth)) / 100);
  const grid = useMemo(() => gridBackground(view, timeWidth), [view, timeWidth]);

  const items = virtualizer.getVirtualItems();
  const offset = virtualizer.scrollOffset ?? 0;
  const firstRow = items.find(i => i.start + ROW_HEIGHT > offset)?.index ?? 0;
  const visibleCount = Math.max(1, Math.floor(box.height / ROW_HEIGHT));
  const totalRows = forest.nodes.length + (forest.traces.length > 1 ? forest.traces.length : 0);
  const panelStyle = {
    '--wf-name-width': `${nameWidth}%`,
    '--wf-scrollbar': `${box.scrollbar}px`,
    '--wf-grid-bg': grid ?? 'none',
  } as CSSProperties;

  return (
    <section className="panel tree-panel waterfall" aria-label="Span tree" style={panelStyle}>
      <div className="toolbar">
        <button type="button" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button
          type="button"
          onClick={() => {
            const all = new Set<number>();
            for (const n of forest.nodes) if (n.children.length) all.add(n.id);
            setCollapsed(all);
          }}
        >
          Collapse all
        </button>
        <button
          type="button"
          onClick={() => {
            const next = new Set(collapsed);
            for (const r of rows) if (r >= 0) next.delete(r);
            setCollapsed(next);
          }}
        >
          Expand one level
        </button>
        <button
          type="button"
          onClick={() => {
            // Collapse the deepest level of open rows that are on screen.
            let deepest = -1;
            for (const r of rows) {
              const n = r >= 0 ? forest.nodes[r]! : null;
              if (n && n.children.length && !collapsed.has(r) && n.depth > deepest)
                deepest = n.depth;
            }
            if (deepest < 0) return;
            const next = new Set(collapsed);
            for (const r of rows) {
              const n = r >= 0 ? forest.nodes[r]! : null;
              if (n && n.children.length && n.depth === deepest) next.add(r);
            }
            setCollapsed(next);
          }}
        >
          Collapse one level
        </button>
        <label className="inline">
          <span className="label-text">Filter spans</span>
          <input
            type="search"
            value={filter}
            placeholder="name, service:x, kind:TOOL, key=value"
            onChange={e => setTreeFilter(e.target.value)}
          />
        </label>
        <label className="inline checkbox">
          <input
            type="checkbox"
            checked={onlyFindings}
            onChange={e => setOnlyFindings(e.target.checked)}
          />
          Only spans with findings
        </label>
        <span className="muted count" role="status" aria-label="Rows shown">
          {filtered.pending ? 'Filtering… ' : ''}
          {formatCount(rows.length)} of {formatCount(totalRows)} rows
        </span>
      </div>
      <div className="toolbar wf-zoom" role="group" aria-label="Timeline zoom">
        <button
          type="button"
          className="small"
          onClick={() => zoomTo(zoomWindow(view, 0.5, layout.total))}
        >
          Zoom in
        </button>
        <button
          type="button"
          className="small"
          disabled={!zoom}
          onClick={() => zoomTo(zoomWindow(view, 2, layout.total))}
        >
          Zoom out
        </button>
        <button type="button" className="small" disabled={!zoom} onClick={() => zoomTo(null)}>
          Reset zoom
        </button>
        <span className="muted">Drag across the minimap or the time axis to zoom to a range.</span>
      </div>
      <Minimap
        rows={rows}
        layout={layout}
        view={view}
        firstRow={firstRow}
        lastRow={Math.min(rows.length - 1, firstRow + visibleCount - 1)}
        onJump={r => virtualizer.scrollToIndex(r, { align: 'center' })}
        onZoom={zoomTo}
      />
      <div className="wf-head">
        <div className="wf-head-name">
          Span
          <input
            type="range"
            className="wf-split"
            aria-label="Name column width"
            min={15}
            max={80}
            value={nameWidth}
            onChange={e => setNameWidth(Number(e.target.value))}
          />
        </div>
        <TimeAxis view={view} onZoom={zoomTo} />
      </div>
      <div
        ref={scrollRef}
        className="tree-scroll"
        role="tree"
        aria-label="Spans"
        tabIndex={0}
        aria-activedescendant={
          activeNode !== null && activeRow >= 0 ? `row-${activeNode}` : undefined
        }
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map(item => {
            const row = rows[item.index]!;
            if (row < 0) {
              const t = forest.traces[rowTraceIndex(row)]!;
              return (
                <div
                  key={`t${row}`}
                  className="trace-header"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  role="presentation"
                >
                  Trace <span className="mono">{t.traceId}</span> · {t.spanIndexes.length} spans
                </div>
              );
            }
            const node = forest.nodes[row]!;
            return (
              <TreeRow
                key={row}
                analysis={analysis}
                layout={layout}
                view={view}
                nodeId={row}
                top={item.start}
                selected={row === activeNode}
                collapsed={collapsed.has(row)}
                badge={node.spanIndex >= 0 ? badges.get(node.spanIndex) : undefined}
                onToggle={toggle}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}
