// Small helpers to build findings uniformly.

import type { Finding, Severity } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';

export function describeSpan(s: Span): string {
  return `"${s.name || '(unnamed)'}" (${s.spanId || 'no id'})`;
}

export function makeFinding(
  rule: string,
  severity: Severity,
  spans: Span[],
  message: string,
  extra: Partial<Omit<Finding, 'rule' | 'severity' | 'message'>> = {},
): Finding {
  const first = spans[0];
  const f: Finding = {
    rule,
    severity,
    spanIds: spans.map(s => s.spanId),
    spanIndexes: spans.map(s => s.index),
    message,
    causes: [],
    fix: [],
    docs: [],
    ...extra,
  };
  if (first && f.traceId === undefined) f.traceId = first.traceId;
  if (first && !f.location) f.location = { line: first.source.line, spanId: first.spanId };
  return f;
}

/** "a, b, c and 4 more" */
export function listNames(spans: Span[], max = 5): string {
  const names = spans.slice(0, max).map(describeSpan);
  const rest = spans.length - names.length;
  return rest > 0 ? `${names.join(', ')} and ${rest} more` : names.join(', ');
}
