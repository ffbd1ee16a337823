// Fix snippets and doc links shared by the propagation rules, written in the user's terms:
// Python OpenTelemetry + arize-otel (arize.md §1–2), with JavaScript where it differs. One place,
// so that two rules suggesting the same fix show the same code.

import type { DocLink, FixSnippet } from '../model/diagnostic.ts';

export const DOCS = {
  agentTracing: {
    title: 'Arize AX: Setting up tracing for agent experiments',
    url: 'https://arize.com/docs/ax/improve/agent-tracing-context',
  },
  agentEndpoint: {
    title: 'Arize AX: Set up an agent endpoint (headers and arize_metadata)',
    url: 'https://arize.com/docs/ax/improve/setup-agent-endpoint',
  },
  arizeOtel: {
    title: 'Arize AX: arize.otel helpers (register_with_routing, routing processor)',
    url: 'https://arize.com/docs/ax/concepts/otel-openinference/arize-otel-helpers',
  },
  traceparent: {
    title: 'W3C Trace Context: traceparent header',
    url: 'https://www.w3.org/TR/trace-context/#traceparent-header',
  },
  baggage: { title: 'W3C Baggage', url: 'https://www.w3.org/TR/baggage/' },
  pyPropagation: {
    title: 'OpenTelemetry Python: propagation',
    url: 'https://opentelemetry.io/docs/languages/python/propagation/',
  },
  jsPropagation: {
    title: 'OpenTelemetry JS: propagation',
    url: 'https://opentelemetry.io/docs/languages/js/propagation/',
  },
  jsContext: {
    title: 'OpenTelemetry JS: context',
    url: 'https://opentelemetry.io/docs/languages/js/context/',
  },
  pyThreading: {
    title: 'opentelemetry-instrumentation-threading',
    url: 'https://opentelemetry-python-contrib.readthedocs.io/en/latest/instrumentation/threading/threading.html',
  },
  contextvars: {
    title: 'Python contextvars: copy_context',
    url: 'https://docs.python.org/3/library/contextvars.html#contextvars.copy_context',
  },
  otlpFlags: {
    title: 'OTLP trace.proto: span flags (parent is remote)',
    url: 'https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/trace/v1/trace.proto',
  },
  oiSemconv: {
    title: 'OpenInference semantic conventions: span kinds',
    url: 'https://github.com/Arize-ai/openinference/blob/main/spec/semantic_conventions.md',
  },
  otelSpan: {
    title: 'OpenTelemetry trace API: Span',
    url: 'https://opentelemetry.io/docs/specs/otel/trace/api/#span',
  },
} satisfies Record<string, DocLink>;

/** The pattern the AX guide prescribes: extract + attach, then routing, then the CHAIN span. */
export const PY_EXTRACT_ROUTE_CHAIN: FixSnippet = {
  language: 'python',
  title: 'Python: continue the experiment trace, route, then start the CHAIN span',
  code: `from opentelemetry import baggage
from opentelemetry.context import attach, detach
from opentelemetry.propagate import extract
from arize.otel import register_with_routing, set_routing_context

tracer_provider = register_with_routing(api_key=ARIZE_API_KEY)
tracer = tracer_provider.get_tracer("my-agent")

@app.post("/invoke")
async def invoke(request: Request, body: dict):
    # 1. Continue the experiment trace: extract traceparent (+ baggage) and attach it.
    parent_ctx = extract(dict(request.headers))
    token = attach(parent_ctx)
    try:
        # 2. Routing from the request: baggage, else arize_metadata in the body.
        meta = body.get("arize_metadata", {})
        space_id = baggage.get_baggage("arize.space_id", parent_ctx) or meta.get("space_id")
        project = baggage.get_baggage("arize.project_name", parent_ctx) or meta.get("project_name")
        # 3. Layer routing on top, then start the CHAIN span with NO context= argument.
        with set_routing_context(space_id=space_id, project_name=project):
            with tracer.start_as_current_span(
                "run_agent", attributes={"openinference.span.kind": "CHAIN"}
            ):
                return await run_agent(body)
    finally:
        detach(token)`,
};

export const JS_EXTRACT_CHAIN: FixSnippet = {
  language: 'javascript',
  title: 'JavaScript: continue the incoming trace before starting the CHAIN span',
  code: `import { context, propagation, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('my-agent');

app.post('/invoke', (req, res) => {
  // Continue the experiment trace from the incoming traceparent (and baggage).
  const parentCtx = propagation.extract(context.active(), req.headers);
  return context.with(parentCtx, () =>
    tracer.startActiveSpan(
      'run_agent',
      { attributes: { 'openinference.span.kind': 'CHAIN' } },
      async span => {
        try {
          res.json(await runAgent(req.body));
        } finally {
          span.end();
        }
      },
    ),
  );
});`,
};

/** The `context=` trap (arize.md §1, consequence 1). */
export const PY_CONTEXT_TRAP: FixSnippet = {
  language: 'python',
  title: 'Python: do not pass context= inside set_routing_context',
  code: `# Wrong: context=parent_ctx carries no routing, so ArizeRoutingSpanProcessor drops
# run_agent ("No 'arize.space_id' attribute found ... Skipping span") while its
# children, started from the current (routed) context, are exported.
with set_routing_context(space_id=space_id, project_name=project):
    with tracer.start_as_current_span("run_agent", context=parent_ctx):
        ...

# Right: attach first, layer routing on top, start the span without context=.
token = attach(parent_ctx)
try:
    with set_routing_context(space_id=space_id, project_name=project):
        with tracer.start_as_current_span(
            "run_agent", attributes={"openinference.span.kind": "CHAIN"}
        ):
            ...
finally:
    detach(token)`,
};

/** HTTP auto-instrumentation starts the server span before routing exists (consequence 2). */
export const PY_SERVER_SPAN_OUTSIDE_ROUTING: FixSnippet = {
  language: 'python',
  title: 'Python: keep the server span out of the way of routing',
  code: `# The FastAPI/ASGI server span starts in middleware, before your handler enters
# set_routing_context, so it has no arize.* attributes and is dropped; every span
# below it then points at a parent Arize never receives.
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

# Do not trace the agent endpoint with the HTTP instrumentation (run_agent, started
# after extract + attach + set_routing_context, becomes the first span) ...
FastAPIInstrumentor.instrument_app(app, excluded_urls="invoke")
# ... or do not instrument the app at all and extract the traceparent yourself.`,
};

export const PY_THREAD_CONTEXT: FixSnippet = {
  language: 'python',
  title: 'Python: carry the context into worker threads',
  code: `import contextvars
from concurrent.futures import ThreadPoolExecutor

# Wrong: executor threads start with an empty context (no parent span, no routing).
futures = [pool.submit(call_tool, call) for call in tool_calls]

# Right: run each task in a copy of the caller's context (one copy per task).
futures = [
    pool.submit(contextvars.copy_context().run, call_tool, call) for call in tool_calls
]

# Also fine: await asyncio.to_thread(call_tool, call)   # copies the context itself
# Or once at start-up (pip install opentelemetry-instrumentation-threading):
#   from opentelemetry.instrumentation.threading import ThreadingInstrumentor
#   ThreadingInstrumentor().instrument()`,
};

export const JS_ASYNC_CONTEXT: FixSnippet = {
  language: 'javascript',
  title: 'JavaScript: keep the active context across callbacks and queues',
  code: `import { context } from '@opentelemetry/api';

// Capture the context where the work is scheduled, restore it where it runs.
const ctx = context.active();
queue.push(() => context.with(ctx, () => callTool(call)));
emitter.on('result', context.bind(ctx, onResult));
// Make sure a context manager is registered (NodeSDK registers AsyncLocalStorage).`,
};

export const PY_ADD_CHAIN: FixSnippet = {
  language: 'python',
  title: 'Python: wrap the agent run in one CHAIN span',
  code: `# Every LLM and TOOL span of a run must sit under the agent's CHAIN (or AGENT) span,
# which itself is the child of the experiment span (extract + attach first).
with tracer.start_as_current_span(
    "run_agent", attributes={"openinference.span.kind": "CHAIN"}
):
    plan = llm.invoke(messages)          # LLM span -> child of run_agent
    flights = search_flights(plan.args)  # TOOL span -> child of run_agent

# With an OpenInference tracer (arize.otel / phoenix.otel providers) a decorator works too:
@tracer.chain
def run_agent(question: str) -> str: ...`,
};

export const JS_ADD_CHAIN: FixSnippet = {
  language: 'javascript',
  title: 'JavaScript: wrap the agent run in one CHAIN span',
  code: `await tracer.startActiveSpan(
  'run_agent',
  { attributes: { 'openinference.span.kind': 'CHAIN' } },
  async span => {
    try {
      const plan = await llm.invoke(messages); // LLM span -> child of run_agent
      return await searchFlights(plan.args); // TOOL span -> child of run_agent
    } finally {
      span.end();
    }
  },
);`,
};

export const PY_ROUTE_EVERY_SPAN: FixSnippet = {
  language: 'python',
  title: 'Python: start every span inside set_routing_context, with both values',
  code: `# arize-otel drops any span that ends without BOTH arize.space_id and
# arize.project.name ("... Project name is required for Arize span routing. Skipping span.").
space_id = baggage.get_baggage("arize.space_id", parent_ctx)        # baggage key
project = baggage.get_baggage("arize.project_name", parent_ctx)     # underscore in baggage
assert space_id and project, "routing needs both space_id and project_name"

with set_routing_context(space_id=space_id, project_name=project):
    ...  # every span started here gets arize.space_id and arize.project.name (dot)

# Instrumentors must use the routing provider, not a second TracerProvider:
OpenAIInstrumentor().instrument(tracer_provider=tracer_provider)`,
};

export const JS_ROUTE_FROM_BAGGAGE: FixSnippet = {
  language: 'javascript',
  title: 'JavaScript: copy the routing from baggage onto every span',
  code: `// arize-otel routing is Python-only: set the span attributes yourself.
import { propagation, type Context } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export class ArizeRoutingFromBaggage implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const bag = propagation.getBaggage(parentContext);
    const space = bag?.getEntry('arize.space_id')?.value;
    const project = bag?.getEntry('arize.project_name')?.value; // underscore in baggage
    if (space) span.setAttribute('arize.space_id', space);
    if (project) span.setAttribute('arize.project.name', project); // dot on spans
  }
  onEnd(): void {}
  forceFlush(): Promise<void> { return Promise.resolve(); }
  shutdown(): Promise<void> { return Promise.resolve(); }
}`,
};

export const PY_CONSISTENT_ROUTING: FixSnippet = {
  language: 'python',
  title: 'Python: route a whole run once, from the request',
  code: `# Routing is read per span: a child with its own arize.* values leaves the trace's project.
# Resolve space and project once per request and never set arize.* attributes by hand.
with set_routing_context(space_id=space_id, project_name=project):
    with tracer.start_as_current_span("run_agent", attributes={"openinference.span.kind": "CHAIN"}):
        ...

# Remove calls like these inside the run:
#   span.set_attribute("arize.project.name", "my-dev-project")
#   with set_routing_context(space_id=OTHER_SPACE, project_name=OTHER_PROJECT): ...`,
};

export const PY_CROSS_SERVICE: FixSnippet = {
  language: 'python',
  title: 'Python: inject on the caller, extract on the callee',
  code: `from opentelemetry.context import attach, detach
from opentelemetry.propagate import extract, inject

# Caller: send the current context with the request
# (or HTTPXClientInstrumentor().instrument() / RequestsInstrumentor().instrument()).
headers = {}
inject(headers)
httpx.post(url, json=payload, headers=headers)

# Callee: continue the caller's trace (or instrument the server framework).
token = attach(extract(dict(request.headers)))
try:
    with tracer.start_as_current_span("handle_search", kind=trace.SpanKind.SERVER):
        ...
finally:
    detach(token)`,
};

export const JS_CROSS_SERVICE: FixSnippet = {
  language: 'javascript',
  title: 'JavaScript: inject on the caller, extract on the callee',
  code: `import { context, propagation } from '@opentelemetry/api';

// Caller (or register the http/undici instrumentations, which do this for you):
const headers: Record<string, string> = {};
propagation.inject(context.active(), headers);
await fetch(url, { method: 'POST', headers, body });

// Callee:
const parentCtx = propagation.extract(context.active(), req.headers);
context.with(parentCtx, () => tracer.startActiveSpan('handle_search', span => { /* ... */ span.end(); }));`,
};

export const PY_AWAIT_CHILD_WORK: FixSnippet = {
  language: 'python',
  title: 'Python: finish child work before the parent span ends',
  code: `# A task started inside a span but awaited after it (or never) ends outside it.
with tracer.start_as_current_span("run_agent"):
    task = asyncio.create_task(call_tool(call))
    result = await task          # await inside the span
# For fire-and-forget work, start a linked span instead of a child:
#   tracer.start_span("background", links=[trace.Link(span.get_span_context())])`,
};
