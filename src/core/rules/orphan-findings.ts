// Shared by `orphaned-tool-span` and `orphaned-span`: one finding per lost parent (a parent id
// that spans point at, absent from the dump, and not the remote caller — see missing-parents.ts).
// A group with any TOOL child is reported by `orphaned-tool-span` (error: the tool calls float
// free in the experiment view); a group without is reported by `orphaned-span` (warning).

import type { Finding } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import { listNames, makeFinding } from './finding.ts';
import {
  DOCS,
  JS_EXTRACT_CHAIN,
  PY_CONTEXT_TRAP,
  PY_EXTRACT_ROUTE_CHAIN,
  PY_SERVER_SPAN_OUTSIDE_ROUTING,
} from './fixes.ts';
import { classifyMissingParents, type MissingParent } from './missing-parents.ts';
import { hasRouting, isChainLike, subtreeSizes } from './span-facts.ts';
import type { RuleContext } from './types.ts';

function causesFor(group: MissingParent, members: Span[], ctx: RuleContext): string[] {
  const routed = members.some(hasRouting);
  const workers = members.every(s => !isChainLike(s) && s.kind !== 'SERVER');
  const causes: string[] = [];
  if (members.length > 1 || workers) {
    causes.push(
      routed
        ? 'The `context=` trap: the CHAIN span was started with `start_as_current_span(..., context=parent_ctx)` inside `set_routing_context`; the explicit context carries no routing, so arize-otel dropped that span while its children (started from the routed current context) were exported.'
        : 'The span that groups them (usually the CHAIN span) was started but never exported: a sampler, a filtering span processor or exporter, or a second TracerProvider without an exporter.',
    );
  }
  if (routed) {
    causes.push(
      'A server span started by HTTP auto-instrumentation (FastAPI/ASGI middleware) before the handler entered `set_routing_context`: it has no `arize.*` attributes, so arize-otel dropped it and everything below it lost its parent.',
    );
  } else if (members.length === 1 && !workers) {
    causes.push(
      'An intermediate span (HTTP server span, framework span) was filtered out or dropped by a sampler or span processor.',
    );
  }
  causes.push(
    'The parent was still open, or the process exited before the BatchSpanProcessor flushed (call `tracer_provider.force_flush()` before exit), when the dump was taken.',
  );
  causes.push(
    'The dump is partial: the parent is in another project, outside the exported time window, or in a file that was not included.',
  );
  if (ctx.expected.remoteParentSpanId === null) {
    causes.push(
      'If this parent is in fact the experiment/caller span, give the incoming `traceparent` so it is recognised as the remote parent.',
    );
  }
  return causes;
}

export function orphanFindings(ctx: RuleContext, withTools: boolean): Finding[] {
  const { spans, forest } = ctx;
  const out: Finding[] = [];
  for (const group of classifyMissingParents(ctx)) {
    if (group.cls !== 'lost') continue;
    const members = group.members.map(i => spans[i]!);
    const tools = members.filter(s => s.oiKind === 'TOOL');
    if (withTools !== tools.length > 0) continue;
    const ordered = [...tools, ...members.filter(s => s.oiKind !== 'TOOL')];
    const size = subtreeSizes(spans, forest);
    const below = group.members.reduce((n, i) => n + size[i]! - 1, 0);
    const routed = members.some(hasRouting);
    const many = members.length > 1;
    const what = withTools
      ? many
        ? `${members.length} spans (${tools.length} TOOL) ${listNames(ordered)}`
        : `TOOL span ${listNames(ordered)}`
      : many
        ? `${members.length} spans ${listNames(ordered)}`
        : `Span ${listNames(ordered)}`;
    const message = many
      ? `${what} point at parent ${group.parentId}, which is not in the dump: one span — most likely the CHAIN span that should group them — was not exported.`
      : `${what} points at parent ${group.parentId}, which is not in the dump and is not the remote caller.`;
    out.push(
      makeFinding(
        withTools ? 'orphaned-tool-span' : 'orphaned-span',
        withTools ? 'error' : 'warning',
        ordered,
        message,
        {
          traceId: group.traceId,
          missingSpanId: group.parentId,
          details:
            `Treated as a lost span, not a remote parent, because ${group.reason}. ` +
            `${members.length} span${many ? 's hang' : ' hangs'} directly from it${below ? `, with ${below} more below them` : ''}. ` +
            'In Arize or Phoenix these spans show up as extra roots under the experiment run, and the missing span is gone for good.',
          causes: causesFor(group, members, ctx),
          fix: !routed
            ? [PY_EXTRACT_ROUTE_CHAIN, JS_EXTRACT_CHAIN]
            : many || members.every(s => !isChainLike(s) && s.kind !== 'SERVER')
              ? [PY_CONTEXT_TRAP, PY_SERVER_SPAN_OUTSIDE_ROUTING, PY_EXTRACT_ROUTE_CHAIN]
              : [PY_SERVER_SPAN_OUTSIDE_ROUTING, PY_EXTRACT_ROUTE_CHAIN, PY_CONTEXT_TRAP],
          docs: [DOCS.agentTracing, DOCS.arizeOtel, DOCS.otlpFlags],
        },
      ),
    );
  }
  return out;
}
