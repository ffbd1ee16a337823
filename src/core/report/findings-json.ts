// What "Download findings" saves: the verdict, the context, every finding with its spans named
// (not just indexed), the checklist and the input diagnostics — plain JSON (no bigint, no Map), so
// it can go into a ticket, a CI artifact or another tool as is.

import type { Analysis } from '../analyze.ts';
import type {
  Diagnostic,
  DocLink,
  FixSnippet,
  Severity,
  SourceLocation,
} from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import { nanosToIso } from '../model/time.ts';

export interface SpanRef {
  index: number;
  spanId: string;
  traceId: string;
  parentSpanId: string | null;
  name: string;
  service: string | null;
  kind: string | null;
  oiKind: string | null;
  start: string | null;
  end: string | null;
  line: number;
}

export interface FindingJson {
  rule: string;
  severity: Severity;
  message: string;
  details?: string;
  traceId?: string;
  missingSpanId?: string;
  spans: SpanRef[];
  causes: string[];
  fix: FixSnippet[];
  docs: DocLink[];
  location?: SourceLocation;
}

export interface FindingsJson {
  schema: 'tpd.findings/1';
  format: string | null;
  formatLabel: string | null;
  detection: string;
  spanCount: number;
  traceCount: number;
  verdict: Analysis['verdict'];
  context: {
    traceId: string | null;
    remoteParentSpanId: string | null;
    routing: { spaceId: string | null; projectName: string | null };
  };
  findings: FindingJson[];
  checklist: {
    experimentSpanId: string | null;
    items: {
      id: string;
      label: string;
      status: string;
      detail: string;
      spans: SpanRef[];
      fix?: FixSnippet;
    }[];
  } | null;
  diagnostics: Diagnostic[];
}

export function spanRef(s: Span): SpanRef {
  return {
    index: s.index,
    spanId: s.spanId,
    traceId: s.traceId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    service: s.serviceName,
    kind: s.kind,
    oiKind: s.oiKind,
    start: s.startNs === null ? null : nanosToIso(s.startNs),
    end: s.endNs === null ? null : nanosToIso(s.endNs),
    line: s.source.line,
  };
}

export function findingsToJson(analysis: Analysis): FindingsJson {
  const refs = (indexes: number[]) =>
    indexes
      .map(i => analysis.spans[i])
      .filter((s): s is Span => s !== undefined)
      .map(spanRef);
  return {
    schema: 'tpd.findings/1',
    format: analysis.format,
    formatLabel: analysis.formatLabel,
    detection: analysis.detection,
    spanCount: analysis.spans.length,
    traceCount: analysis.forest.traces.length,
    verdict: { ...analysis.verdict },
    context: {
      traceId: analysis.context.traceId,
      remoteParentSpanId: analysis.context.remoteParentSpanId,
      routing: { ...analysis.context.routing },
    },
    findings: analysis.findings.map(f => {
      const out: FindingJson = {
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        spans: refs(f.spanIndexes),
        causes: [...f.causes],
        fix: f.fix.map(x => ({ ...x })),
        docs: f.docs.map(d => ({ ...d })),
      };
      if (f.details !== undefined) out.details = f.details;
      if (f.traceId !== undefined) out.traceId = f.traceId;
      if (f.missingSpanId !== undefined) out.missingSpanId = f.missingSpanId;
      if (f.location) out.location = { ...f.location };
      return out;
    }),
    checklist: analysis.checklist
      ? {
          experimentSpanId: analysis.checklist.experimentSpanId,
          items: analysis.checklist.items.map(it => {
            const out: NonNullable<FindingsJson['checklist']>['items'][number] = {
              id: it.id,
              label: it.label,
              status: it.status,
              detail: it.detail,
              spans: refs(it.spanIndexes),
            };
            if (it.fix) out.fix = { ...it.fix };
            return out;
          }),
        }
      : null,
    diagnostics: analysis.diagnostics.map(d => ({
      ...d,
      ...(d.location ? { location: { ...d.location } } : {}),
    })),
  };
}
