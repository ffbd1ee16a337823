// Span search/filter: free text matches name, service, span id; `service:x`, `kind:TOOL`,
// `status:error`, `trace:<id>` and `key=value` (attribute, resource) terms narrow it. All terms must
// match (AND). Used by the tree filter; matches keep their ancestors visible (visible-rows.ts).

import type { Span } from '../model/span.ts';

interface Term {
  field: 'text' | 'service' | 'kind' | 'status' | 'attr' | 'trace' | 'id';
  key?: string;
  value: string;
}

export function parseFilter(query: string): Term[] {
  const terms: Term[] = [];
  for (const raw of query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []) {
    const tok = raw.replace(/"/g, '');
    const eq = tok.indexOf('=');
    const colon = tok.indexOf(':');
    if (eq > 0)
      terms.push({ field: 'attr', key: tok.slice(0, eq), value: tok.slice(eq + 1).toLowerCase() });
    else if (colon > 0) {
      const f = tok.slice(0, colon).toLowerCase();
      const v = tok.slice(colon + 1).toLowerCase();
      if (f === 'service' || f === 'kind' || f === 'status' || f === 'trace' || f === 'id')
        terms.push({ field: f, value: v });
      else terms.push({ field: 'text', value: tok.toLowerCase() });
    } else terms.push({ field: 'text', value: tok.toLowerCase() });
  }
  return terms;
}

function attrText(v: unknown): string {
  return typeof v === 'string' ? v.toLowerCase() : (JSON.stringify(v)?.toLowerCase() ?? '');
}

export function spanMatches(s: Span, terms: Term[]): boolean {
  for (const t of terms) {
    switch (t.field) {
      case 'text':
        if (
          !s.name.toLowerCase().includes(t.value) &&
          !(s.serviceName ?? '').toLowerCase().includes(t.value) &&
          !s.spanId.includes(t.value)
        )
          return false;
        break;
      case 'service':
        if (!(s.serviceName ?? '').toLowerCase().includes(t.value)) return false;
        break;
      case 'kind':
        if ((s.oiKind ?? '').toLowerCase() !== t.value && (s.kind ?? '').toLowerCase() !== t.value)
          return false;
        break;
      case 'status':
        if (s.status.code.toLowerCase() !== t.value) return false;
        break;
      case 'trace':
        if (!s.traceId.startsWith(t.value)) return false;
        break;
      case 'id':
        if (!s.spanId.startsWith(t.value)) return false;
        break;
      case 'attr': {
        const key = t.key!;
        const v = key in s.attributes ? s.attributes[key] : s.resource[key];
        if (v === undefined) return false;
        if (t.value !== '' && t.value !== '*' && attrText(v) !== t.value) return false;
        break;
      }
    }
  }
  return true;
}

/** Span indexes matching the query (all when the query is blank). */
export function filterSpans(spans: Span[], query: string): number[] {
  const terms = parseFilter(query);
  const out: number[] = [];
  for (const s of spans) if (terms.length === 0 || spanMatches(s, terms)) out.push(s.index);
  return out;
}
