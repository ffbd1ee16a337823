// Ready-to-run snippets for a set of headers: a curl request to the agent (headers plus an
// `arize_metadata` body, as Arize agent experiments send), the Python receiving side
// (propagate.extract → attach → set_routing_context) and the JavaScript one (propagation.extract).

import { ARIZE_PROJECT_KEY, ARIZE_SPACE_KEY } from './decode.ts';

export interface SnippetInput {
  traceparent?: string;
  tracestate?: string;
  baggage?: string;
  spaceId?: string;
  projectName?: string;
  /** Agent endpoint for curl; default http://localhost:8000/agent. */
  url?: string;
  /**
   * The header fields one by one, when some are repeated: curl then sends each as its own -H, to
   * reproduce the request exactly (the Python/JS dicts can only hold the combined values).
   */
  fields?: { traceparent: string[]; tracestate: string[]; baggage: string[] };
}

export const DEFAULT_AGENT_URL = 'http://localhost:8000/agent';

/** POSIX shell single-quoting. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function headerList(i: SnippetInput): [string, string][] {
  const h: [string, string][] = [];
  if (i.traceparent) h.push(['traceparent', i.traceparent]);
  if (i.tracestate) h.push(['tracestate', i.tracestate]);
  if (i.baggage) h.push(['baggage', i.baggage]);
  return h;
}

function curlHeaders(i: SnippetInput): [string, string][] {
  if (!i.fields) return headerList(i);
  const out: [string, string][] = [];
  for (const name of ['traceparent', 'tracestate', 'baggage'] as const) {
    for (const v of i.fields[name]) out.push([name, v]);
  }
  return out;
}

export function curlSnippet(i: SnippetInput): string {
  const meta: Record<string, string> = {};
  if (i.spaceId) meta.space_id = i.spaceId;
  if (i.projectName) meta.project_name = i.projectName;
  const body = JSON.stringify({ input: { query: 'Hello' }, arize_metadata: meta });
  const lines = [
    `curl -X POST ${shellQuote(i.url || DEFAULT_AGENT_URL)}`,
    `  -H 'Content-Type: application/json'`,
    ...curlHeaders(i).map(([k, v]) => `  -H ${shellQuote(`${k}: ${v}`)}`),
    `  --data ${shellQuote(body)}`,
  ];
  return lines.join(' \\\n');
}

/** A Python/JS string literal (JSON string syntax is valid in both). */
const lit = (s: string) => JSON.stringify(s);

export function pythonSnippet(i: SnippetInput): string {
  const h = headerList(i);
  const dict = h.length
    ? `{\n${h.map(([k, v]) => `    ${lit(k)}: ${lit(v)},`).join('\n')}\n}`
    : '{}  # no propagation headers: the agent would start a new trace';
  return `# pip install opentelemetry-sdk arize-otel
from opentelemetry import baggage, context, propagate, trace
from arize.otel import set_routing_context

# The headers the agent received (e.g. dict(request.headers) in your web framework).
headers = ${dict}

# 1. Continue the caller's trace: extract, then attach.
ctx = propagate.extract(headers)
token = context.attach(ctx)
try:
    # 2. Route the spans: arize-otel does not read baggage itself, so pass the values on.
    space_id = baggage.get_baggage(${lit(ARIZE_SPACE_KEY)}, ctx)${i.spaceId ? `  # ${lit(i.spaceId)}` : ''}
    project_name = baggage.get_baggage(${lit(ARIZE_PROJECT_KEY)}, ctx)${i.projectName ? `  # ${lit(i.projectName)}` : ''}
    with set_routing_context(space_id=space_id, project_name=project_name):
        # 3. Start spans without context=...: they nest under the caller's span and keep routing.
        tracer = trace.get_tracer("my-agent")
        with tracer.start_as_current_span("run_agent"):
            ...  # your agent
finally:
    context.detach(token)
`;
}

export function jsSnippet(i: SnippetInput): string {
  const h = headerList(i);
  const obj = h.length
    ? `{\n${h.map(([k, v]) => `  ${k}: ${lit(v)},`).join('\n')}\n}`
    : '{} // no propagation headers: the agent would start a new trace';
  return `import { context, propagation, trace } from '@opentelemetry/api';

// The headers the agent received. Use lowercase names: the default getter is case-sensitive.
const headers = ${obj};

// Needs the W3C propagators registered (the Node SDK registers trace context + baggage).
const ctx = propagation.extract(context.active(), headers);
const bag = propagation.getBaggage(ctx);
const spaceId = bag?.getEntry(${lit(ARIZE_SPACE_KEY)})?.value;
const projectName = bag?.getEntry(${lit(ARIZE_PROJECT_KEY)})?.value;
// set_routing_context is Python-only; in JS choose the space/project in your exporter setup.

const tracer = trace.getTracer('my-agent');
context.with(ctx, () =>
  tracer.startActiveSpan('run_agent', span => {
    // ... your agent (spaceId, projectName) ...
    span.end();
  }),
);
`;
}
