import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { Analysis } from '../../core/analyze.ts';
import { filterSpans } from '../../core/tree/filter-spans.ts';
import { rowTraceIndex, visibleRows } from '../../core/tree/visible-rows.ts';
import { formatDuration } from '../../core/model/time.ts';
import {
  selectNode,
  selectSpan,
  setCollapsed,
  useSelectionStore,
} from '../../state/selection-store.ts';
import { setOnlyFindings, setTreeFilter, useTreeViewStore } from '../../state/tree-view-store.ts';
import { kindClass, spanBadges } from './span-badges.ts';

const ROW_HEIGHT = 26;

function syntheticLabel(kind: string, id: string | undefined): string {
  if (kind === 'remote-parent') return `remote parent ${id} (experiment/caller span, not in this dump)`;
  if (kind === 'cycle') return `parent cycle — ${id} is also a descendant`;
  return `missing parent ${id} (not in this dump)`;
}

export function TraceTree({ analysis }: { analysis: Analysis }) {
  const { forest, spans } = analysis;
  const collapsed = useSelectionStore(s => s.collapsed);
  const selectedSpanIndex = useSelectionStore(s => s.selectedSpanIndex);
  const selectedNodeId = useSelectionStore(s => s.selectedNodeId);
  const scrollRequest = useSelectionStore(s => s.scrollRequest);
  const filter = useTreeViewStore(s => s.filter);
  const onlyFindings = useTreeViewStore(s => s.onlyFindings);
  const badges = useMemo(() => spanBadges(analysis), [analysis]);

  const matches = useMemo(() => {
    if (!filter.trim() && !onlyFindings) return null;
    const set = new Set<number>();
    for (const i of filterSpans(spans, filter)) {
      if (!onlyFindings || badges.has(i)) set.add(forest.nodeOfSpan[i]!);
    }
    return set;
  }, [filter, onlyFindings, spans, forest, badges]);

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
  const activeRow = useMemo(() => (activeNode === null ? -1 : rows.indexOf(activeNode)), [rows, activeNode]);

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

  function toggle(nodeId: number) {
    const next = new Set(collapsed);
    if (next.has(nodeId)) next.delete(nodeId);
    else next.add(nodeId);
    setCollapsed(next);
  }

  function onKeyDown(e: KeyboardEvent) {
    const cur = activeRow;
    const node = cur >= 0 ? forest.nodes[rows[cur]!] : undefined;
    const step = (delta: number) => {
      let i = Math.max(0, Math.min(rows.length - 1, (cur < 0 ? -1 : cur) + delta));
      while (rows[i] !== undefined && rows[i]! < 0 && i + Math.sign(delta) >= 0 && i + Math.sign(delta) < rows.length)
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

  const items = virtualizer.getVirtualItems();
  return (
    <section className="panel tree-panel" aria-label="Span tree">
      <div className="toolbar">
        <button type="button" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button
          type="button"
          onClick={() => setCollapsed(new Set(forest.nodes.filter(n => n.children.length).map(n => n.id)))}
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
          <input type="checkbox" checked={onlyFindings} onChange={e => setOnlyFindings(e.target.checked)} />
          Only spans with findings
        </label>
        <span className="muted count">
          {rows.length.toLocaleString()} of {(forest.nodes.length + (forest.traces.length > 1 ? forest.traces.length : 0)).toLocaleString()} rows
        </span>
      </div>
      <div
        ref={scrollRef}
        className="tree-scroll"
        role="tree"
        aria-label="Spans"
        tabIndex={0}
        aria-activedescendant={activeNode !== null && activeRow >= 0 ? `row-${activeNode}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map(item => {
            const row = rows[item.index]!;
            const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
            if (row < 0) {
              const t = forest.traces[rowTraceIndex(row)]!;
              return (
                <div key={`t${row}`} className="trace-header" style={style} role="presentation">
                  Trace <span className="mono">{t.traceId}</span> · {t.spanIndexes.length} spans
                </div>
              );
            }
            const node = forest.nodes[row]!;
            const hasKids = node.children.length > 0;
            const isCollapsed = collapsed.has(row);
            const selected = row === activeNode;
            const common = {
              id: `row-${row}`,
              role: 'treeitem',
              'aria-level': node.depth + 1,
              'aria-selected': selected,
              'aria-expanded': hasKids ? !isCollapsed : undefined,
              style: { ...style, paddingLeft: 6 + node.depth * 16 },
            } as const;
            const toggleBtn = hasKids ? (
              <button
                type="button"
                className="twisty"
                tabIndex={-1}
                aria-label={isCollapsed ? 'Expand' : 'Collapse'}
                onClick={e => {
                  e.stopPropagation();
                  toggle(row);
                }}
              >
                {isCollapsed ? '▸' : '▾'}
              </button>
            ) : (
              <span className="twisty" />
            );
            if (node.spanIndex < 0) {
              return (
                <div key={row} {...common} className={`tree-row synthetic ${node.kind}${selected ? ' selected' : ''}`} onClick={() => selectNode(row)}>
                  {toggleBtn}
                  <span className="synthetic-label">{syntheticLabel(node.kind, node.missingSpanId)}</span>
                  <span className="muted"> · {node.children.length} span{node.children.length === 1 ? '' : 's'}</span>
                </div>
              );
            }
            const s = spans[node.spanIndex]!;
            const badge = badges.get(s.index);
            const kind = s.oiKind ?? s.kind;
            return (
              <div
                key={row}
                {...common}
                aria-label={`${s.name}${kind ? ` ${kind}` : ''}${badge ? `, ${badge.count} finding${badge.count === 1 ? '' : 's'}` : ''}`}
                className={`tree-row${selected ? ' selected' : ''}`}
                onClick={() => selectSpan(s.index)}
              >
                {toggleBtn}
                <span className={kindClass(s.oiKind)}>{kind ?? 'SPAN'}</span>
                <span className="span-name">{s.name || '(unnamed)'}</span>
                {s.serviceName && <span className="service">{s.serviceName}</span>}
                <span className="duration">
                  {s.startNs !== null && s.endNs !== null ? formatDuration(s.endNs - s.startNs) : '—'}
                </span>
                {s.status.code === 'ERROR' && (
                  <span className="status-error" title={s.status.message}>
                    error
                  </span>
                )}
                {badge && (
                  <span className={`badge sev-${badge.severity}`} title={badge.rules.join(', ')}>
                    {badge.severity === 'error' ? '✖' : badge.severity === 'warning' ? '⚠' : 'ℹ'} {badge.rules[0]}
                    {badge.count > 1 ? ` +${badge.count - 1}` : ''}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
