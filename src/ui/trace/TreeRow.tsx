// One row of the span tree: the tree cell (indent, twisty, kind, name, service, error and finding
// badges) and the timeline cell (WaterfallBar). Synthetic rows — a parent that is not in the dump,
// a remote caller, a cut cycle — are drawn dashed, and so is the link of the spans hanging from them.

import { memo } from 'react';
import type { Analysis } from '../../core/analyze.ts';
import { selectNode, selectSpan } from '../../state/selection-store.ts';
import { kindClass, type SpanBadge } from './span-badges.ts';
import type { TimeWindow } from './timeline.ts';
import type { TreeLayout } from './useTreeLayout.ts';
import { WaterfallBar } from './WaterfallBar.tsx';
import { formatCount } from '../common/format-count.ts';

export const ROW_HEIGHT = 26;

function syntheticLabel(kind: string, id: string | undefined): string {
  if (kind === 'remote-parent')
    return `remote parent ${id} (experiment/caller span, not in this dump)`;
  if (kind === 'cycle') return `parent cycle — ${id} is also a descendant`;
  return `missing parent ${id} (not in this dump)`;
}

interface Props {
  analysis: Analysis;
  layout: TreeLayout;
  view: TimeWindow;
  nodeId: number;
  top: number;
  selected: boolean;
  collapsed: boolean;
  badge: SpanBadge | undefined;
  onToggle: (nodeId: number) => void;
}

export const TreeRow = memo(function TreeRow(p: Props) {
  const { analysis, layout, view, nodeId, selected, collapsed, badge } = p;
  const node = analysis.forest.nodes[nodeId]!;
  const hasKids = node.children.length > 0;
  const parent = node.parent >= 0 ? analysis.forest.nodes[node.parent] : undefined;
  const orphan = parent !== undefined && parent.spanIndex < 0;
  const indent = { paddingLeft: `min(${4 + node.depth * 12}px, 50%)` };
  const common = {
    id: `row-${nodeId}`,
    role: 'treeitem',
    'aria-level': node.depth + 1,
    'aria-selected': selected,
    'aria-expanded': hasKids ? !collapsed : undefined,
    style: { transform: `translateY(${p.top}px)`, height: ROW_HEIGHT },
  } as const;
  const toggle = hasKids ? (
    <button
      type="button"
      className="twisty"
      tabIndex={-1}
      aria-label={collapsed ? 'Expand' : 'Collapse'}
      title={collapsed ? `Expand (${formatCount(layout.descendants[nodeId]!)} below)` : 'Collapse'}
      onClick={e => {
        e.stopPropagation();
        p.onToggle(nodeId);
      }}
    >
      {collapsed ? '▸' : '▾'}
    </button>
  ) : (
    <span className="twisty" />
  );

  if (node.spanIndex < 0) {
    const label = syntheticLabel(node.kind, node.missingSpanId);
    return (
      <div
        {...common}
        className={`tree-row synthetic ${node.kind}${selected ? ' selected' : ''}`}
        onClick={() => selectNode(nodeId)}
      >
        <div className="wf-name" style={indent}>
          {toggle}
          <span className="synthetic-label">{label}</span>
          <span className="muted">
            {' '}
            · {node.children.length} span{node.children.length === 1 ? '' : 's'}
          </span>
        </div>
        <WaterfallBar
          nodeId={nodeId}
          layout={layout}
          view={view}
          name={label}
          synthetic
          badge={undefined}
        />
      </div>
    );
  }

  const s = analysis.spans[node.spanIndex]!;
  const kind = s.oiKind ?? s.kind;
  const findings = badge ? `, ${badge.count} finding${badge.count === 1 ? '' : 's'}` : '';
  return (
    <div
      {...common}
      aria-label={`${s.name}${kind ? ` ${kind}` : ''}${findings}`}
      className={`tree-row${selected ? ' selected' : ''}${orphan ? ' orphan' : ''}`}
      onClick={() => selectSpan(s.index)}
    >
      <div className="wf-name" style={indent}>
        {toggle}
        <span className={kindClass(s.oiKind)}>{kind ?? 'SPAN'}</span>
        <span className="span-name">{s.name || '(unnamed)'}</span>
        {s.serviceName && <span className="service">{s.serviceName}</span>}
        {s.status.code === 'ERROR' && (
          <span className="status-error" title={s.status.message}>
            error
          </span>
        )}
        {badge && (
          <span className={`badge sev-${badge.severity}`} title={badge.rules.join(', ')}>
            {badge.severity === 'error' ? '✖' : badge.severity === 'warning' ? '⚠' : 'ℹ'}{' '}
            {badge.rules[0]}
            {badge.count > 1 ? ` +${badge.count - 1}` : ''}
          </span>
        )}
      </div>
      <WaterfallBar
        nodeId={nodeId}
        layout={layout}
        view={view}
        name={s.name || '(unnamed)'}
        synthetic={false}
        badge={badge}
      />
    </div>
  );
});
