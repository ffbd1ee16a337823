// CLI output: the JSON contract (`--json`) and the readable tree + findings.

import type { Analysis } from '../core/analyze.ts';
import type { Finding } from '../core/model/diagnostic.ts';
import type { AttrValue, Span } from '../core/model/span.ts';
import { formatDuration } from '../core/model/time.ts';

export interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** OpenInference kind, or null. */
  kind: string | null;
  otelKind: string | null;
  serviceName: string | null;
  startTimeUnixNano: string | null;
  endTimeUnixNano: string | null;
  status: { code: string; message?: string };
  parentIsRemote: boolean | null;
  attributes: Record<string, AttrValue>;
  line: number;
}

export interface JsonFinding {
  rule: string;
  severity: string;
  spanIds: string[];
  message: string;
  traceId?: string;
  missingSpanId?: string;
  causes: string[];
  fix: { language: string; title: string; code: string }[];
  docs: { title: string; url: string }[];
  line?: number;
  column?: number;
}

export function spanToJson(s: Span): JsonSpan {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    kind: s.oiKind,
    otelKind: s.kind,
    serviceName: s.serviceName,
    startTimeUnixNano: s.startNs === null ? null : s.startNs.toString(),
    endTimeUnixNano: s.endNs === null ? null : s.endNs.toString(),
    status: s.status,
    parentIsRemote: s.parentIsRemote,
    attributes: { ...s.attributes },
    line: s.source.line,
  };
}

function findingToJson(f: Finding): JsonFinding {
  const out: JsonFinding = {
    rule: f.rule,
    severity: f.severity,
    spanIds: f.spanIds,
    message: f.message,
    causes: f.causes,
    fix: f.fix,
    docs: f.docs,
  };
  if (f.traceId !== undefined) out.traceId = f.traceId;
  if (f.missingSpanId !== undefined) out.missingSpanId = f.missingSpanId;
  if (f.location?.line !== undefined) out.line = f.location.line;
  if (f.location?.column !== undefined) out.column = f.location.column;
  return out;
}

/** The `--json` object. Input/parse diagnostics are findings too (rule = their dotted code). */
export function analysisToJson(a: Analysis) {
  const diagnosticFindings: JsonFinding[] = a.diagnostics.map(d => {
    const f: JsonFinding = {
      rule: d.code,
      severity: d.severity,
      spanIds: d.location?.spanId ? [d.location.spanId] : [],
      message: d.message,
      causes: [],
      fix: d.hint ? [{ language: 'text', title: 'What to do', code: d.hint }] : [],
      docs: [],
    };
    if (d.location?.line !== undefined) f.line = d.location.line;
    if (d.location?.column !== undefined) f.column = d.location.column;
    return f;
  });
  return {
    format: a.format,
    detection: a.detection,
    verdict: a.verdict,
    traces: a.traceOrder.map(i => {
      const t = a.forest.traces[i]!;
      return { traceId: t.traceId, spanCount: t.spanIndexes.length };
    }),
    spans: a.spans.map(spanToJson),
    findings: [...diagnosticFindings, ...a.findings.map(findingToJson)],
  };
}

const C = {
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

/**
 * Which spans the readable report lists. `full`: every span. `findings`: the spans with a finding,
 * the synthetic nodes (missing, remote and cycle parents) and their ancestors, with a count of
 * what is left out under each. `none`: no tree. `auto` (the default): `full` up to
 * FULL_TREE_MAX_SPANS spans, else `findings` — a 100,000-line tree helps nobody in a terminal and
 * would push the findings out of sight.
 */
export type TreeMode = 'auto' | 'full' | 'findings' | 'none';
export const TREE_MODES: readonly TreeMode[] = ['auto', 'full', 'findings', 'none'];
export const FULL_TREE_MAX_SPANS = 2000;

/** Readable report: header, one tree per trace (biggest problems first), then findings. */
export function renderText(a: Analysis, opts: { color: boolean; tree?: TreeMode }): string {
  const c = (code: keyof typeof C, s: string) => (opts.color ? C[code] + s + C.reset : s);
  const requested = opts.tree ?? 'auto';
  const mode =
    requested === 'auto'
      ? a.spans.length <= FULL_TREE_MAX_SPANS
        ? 'full'
        : 'findings'
      : requested;
  const lines: string[] = [];
  lines.push(c('bold', `Format: ${a.formatLabel ?? 'unknown'} (${a.detection})`));
  if (a.dialect) lines.push(c('dim', `        ${a.dialect}`));
  lines.push(
    `${a.spans.length} span${a.spans.length === 1 ? '' : 's'} in ${a.forest.traces.length} trace${a.forest.traces.length === 1 ? '' : 's'}`,
  );
  // Worst badge per span: 0 none, 1 info, 2 warning, 3 error (the first finding wins, an error
  // always wins), as before.
  const badgeBySpan = new Uint8Array(a.spans.length);
  const badgeRank = { info: 1, warning: 2, error: 3 } as const;
  for (const f of a.findings) {
    for (const i of f.spanIndexes) {
      if (badgeBySpan[i] === 0 || f.severity === 'error') badgeBySpan[i] = badgeRank[f.severity];
    }
  }
  // The tree part is 100k lines for a big dump: keep the per-line strings short-lived by joining
  // them in blocks (a block string survives; the pieces of each line die young), and reuse the
  // indentation and mark strings.
  const indents: string[] = [];
  const indentOf = (depth: number): string => (indents[depth] ??= '  '.repeat(depth + 1));
  const errorMark = c('red', ' ✖');
  const warningMark = c('yellow', ' ⚠');
  const errorStatus = c('red', ' [ERROR]');
  // A span line is built by plain concatenation from these (no template or helper call per part).
  const kindLabels = new Map<string, string>();
  const kindLabel = (kind: string): string => {
    let label = kindLabels.get(kind);
    if (label === undefined) kindLabels.set(kind, (label = c('cyan', `[${kind}]`) + ' '));
    return label;
  };
  const dimOpen = opts.color ? C.dim : '';
  const dimClose = opts.color ? C.reset : '';
  let block: string[] = [];
  const flushBlock = () => {
    if (block.length) lines.push(block.join('\n'));
    block = [];
  };
  const nodes = a.forest.nodes;
  // In `findings` mode: which nodes are listed, and how many nodes each subtree holds.
  const shown = mode === 'findings' ? shownNodes(a, badgeBySpan) : null;
  const size = shown ? subtreeSizes(a) : null;
  const more = (depth: number, n: number, what: string) =>
    block.push(indentOf(depth) + c('dim', `… ${n} ${n === 1 ? 'span' : 'spans'} ${what}`));
  if (mode === 'findings') {
    let listed = 0;
    for (let id = 0; id < nodes.length; id++) if (shown![id] && nodes[id]!.spanIndex >= 0) listed++;
    lines.push(
      c(
        'dim',
        `Tree: the ${listed} span${listed === 1 ? '' : 's'} with findings and their ancestors (of ${a.spans.length}); \`--tree full\` lists every span.`,
      ),
    );
  }
  for (const ti of mode === 'none' ? [] : a.traceOrder) {
    const t = a.forest.traces[ti]!;
    block.push('');
    block.push(c('bold', `Trace ${t.traceId}`) + c('dim', ` (${t.spanIndexes.length} spans)`));
    if (shown && !t.roots.some(r => shown[r])) {
      more(0, t.spanIndexes.length, 'without findings');
      continue;
    }
    const stack: number[] = [...t.roots].reverse();
    while (stack.length) {
      if (block.length >= 512) flushBlock();
      const id = stack.pop()!;
      const node = nodes[id]!;
      const indent = indentOf(node.depth);
      if (shown && !shown[id]) continue;
      if (node.spanIndex < 0) {
        const label =
          node.kind === 'remote-parent'
            ? `remote parent ${node.missingSpanId} (experiment/caller span)`
            : node.kind === 'cycle'
              ? `parent cycle at ${node.missingSpanId}`
              : `missing parent ${node.missingSpanId}`;
        block.push(indent + c(node.kind === 'remote-parent' ? 'dim' : 'yellow', `┄ ${label}`));
      } else {
        const s = a.spans[node.spanIndex]!;
        const dur =
          s.startNs !== null && s.endNs !== null ? formatDuration(s.endNs - s.startNs) : '—';
        const badge = badgeBySpan[s.index];
        block.push(
          indent +
            kindLabel(s.oiKind ?? s.kind ?? 'SPAN') +
            s.name +
            ' ' +
            dimOpen +
            (s.serviceName ?? '') +
            ' ' +
            dur +
            ' ' +
            s.spanId +
            dimClose +
            (s.status.code === 'ERROR' ? errorStatus : '') +
            (badge === 3 ? errorMark : badge === 2 ? warningMark : ''),
        );
      }
      for (let k = node.children.length - 1; k >= 0; k--) stack.push(node.children[k]!);
      if (shown) {
        // What this node's hidden children hold (listed before its shown children, which the
        // stack takes next: the count belongs to this node, not to them).
        let hidden = 0;
        for (const child of node.children) if (!shown[child]) hidden += size![child]!;
        if (hidden > 0) more(node.depth + 1, hidden, 'below without findings');
      }
    }
    if (shown) {
      let hiddenRoots = 0;
      for (const r of t.roots) if (!shown[r]) hiddenRoots += size![r]!;
      if (hiddenRoots > 0) more(0, hiddenRoots, 'in other root trees without findings');
    }
  }
  flushBlock();
  lines.push('');
  const all = [
    ...a.diagnostics.map(d => ({
      severity: d.severity,
      rule: d.code,
      message: d.message,
      line: d.location?.line,
      hint: d.hint,
    })),
    ...a.findings.map(f => ({
      severity: f.severity,
      rule: f.rule,
      message: f.message,
      line: f.location?.line,
      hint: f.fix[0]?.code,
    })),
  ];
  if (all.length === 0) lines.push(c('bold', 'Propagation OK: no findings.'));
  else {
    const v = a.verdict;
    lines.push(
      c(
        'bold',
        `${v.errors} error${v.errors === 1 ? '' : 's'}, ${v.warnings} warning${v.warnings === 1 ? '' : 's'}, ${v.infos} info`,
      ),
    );
    for (const f of all) {
      const sev =
        f.severity === 'error'
          ? c('red', 'error  ')
          : f.severity === 'warning'
            ? c('yellow', 'warning')
            : c('dim', 'info   ');
      lines.push(
        `${sev} ${c('bold', f.rule)}${f.line ? c('dim', ` (line ${f.line})`) : ''}: ${f.message}`,
      );
      if (f.hint) lines.push(c('dim', '        fix: ' + f.hint.split('\n')[0]));
    }
  }
  return lines.join('\n') + '\n';
}

/** Nodes listed in `findings` mode: spans with a finding, synthetic nodes, and their ancestors. */
function shownNodes(a: Analysis, badgeBySpan: Uint8Array): Uint8Array {
  const nodes = a.forest.nodes;
  const shown = new Uint8Array(nodes.length);
  for (let id = 0; id < nodes.length; id++) {
    const node = nodes[id]!;
    if (node.spanIndex >= 0 && badgeBySpan[node.spanIndex] === 0) continue;
    for (let up = id; up >= 0 && !shown[up]; up = nodes[up]!.parent) shown[up] = 1;
  }
  return shown;
}

/** Number of span nodes in each node's subtree (itself included); synthetic nodes count 0. */
function subtreeSizes(a: Analysis): Int32Array {
  const nodes = a.forest.nodes;
  const size = new Int32Array(nodes.length);
  // A pre-order walk, then back to front: every child before its parent.
  const order: number[] = [];
  const stack: number[] = [];
  for (const t of a.forest.traces) stack.push(...t.roots);
  while (stack.length) {
    const id = stack.pop()!;
    order.push(id);
    stack.push(...nodes[id]!.children);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const node = nodes[order[k]!]!;
    if (node.spanIndex >= 0) size[node.id]! += 1;
    if (node.parent >= 0) size[node.parent]! += size[node.id]!;
  }
  return size;
}
