// Writes public/samples/broken/<case>/ — one dump per propagation failure mode (arize.md §1, §5)
// plus healthy look-alikes, each in four real formats (OTLP/JSON as the Python SDK's OTLP/HTTP
// JSON export would carry it, Jaeger query JSON, Python ConsoleSpanExporter, Zipkin v2 JSON) and a
// case.json with the description, the optional expected context, and the findings expected at
// warning/error level (rule + span ids). src/core/rules/broken-fixtures.test.ts checks them.
//
//   npx tsx scripts/make-broken-fixtures.ts
//
// Ids are derived deterministically from the case and span names (FNV-1a), so the files are stable.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spansToOtlpJsonText } from '../src/core/export/otlp-json-writer.ts';
import { newAttributes, setAttr } from '../src/core/formats/span-builder.ts';
import type { ExpectedContextInput } from '../src/core/model/context.ts';
import type { AttrValue, OtelKind, Span } from '../src/core/model/span.ts';
import { toJaegerJson, toPythonConsole, toZipkinV2 } from './fixture-writers.ts';

// ---------------------------------------------------------------------------------------------
// Case specs

interface FSpan {
  /** Key inside the case (also the default span name). */
  key: string;
  name?: string;
  /** Key of the parent span (in the case, or only referenced: a dropped / remote span). */
  parent?: string;
  /** Trace key (default 'main'). */
  trace?: string;
  kind?: OtelKind;
  oi?: string;
  service?: string;
  /** ms from the case's base time (µs precision). */
  start: number;
  end: number;
  attrs?: Record<string, AttrValue>;
  resource?: Record<string, string>;
  status?: 'OK' | 'ERROR';
  message?: string;
  event?: { name: string; at: number; attrs: Record<string, AttrValue> };
  /** The parent ran in another process (OTLP flags 0x300); default: local (0x100). */
  remote?: boolean;
}

interface Expect {
  rule: string;
  /** Keys of the spans the finding names (order-free). */
  spans: string[];
}

interface Run {
  /** Context the run is checked with; placeholders `{trace:main}` and `{span:key}` are resolved. */
  context?: ExpectedContextInput;
  expect: Expect[];
}

interface Case {
  id: string;
  title: string;
  description: string;
  spans: FSpan[];
  runs: Run[];
}

const SPACE = 'U3BhY2U6MjkxOTpyb3V0ZWQ=';
const PROJECT = 'travel-agent';
const routing = (project = PROJECT, space = SPACE) => ({
  'arize.space_id': space,
  'arize.project.name': project,
});
const llm = (model = 'gpt-4o-mini') => ({
  'llm.model_name': model,
  'llm.token_count.prompt': 812,
  'llm.token_count.completion': 64,
});
const tool = (name: string) => ({ 'tool.name': name, 'tool.parameters': '{"destination": "NRT"}' });
const chain = (input = '{"goal": "Plan a trip to Tokyo"}') => ({
  'input.value': input,
  'input.mime_type': 'application/json',
});

/** The routing baggage an experiment sends with each run. */
const ROUTED_BAGGAGE = `arize.space_id=${SPACE},arize.project_name=${PROJECT}`;
/** The traceparent of a call from span `key` of the main trace. */
const traceparentFrom = (key: string) => `00-{trace:main}-{span:${key}}-01`;
/** The same findings expected when checked without a context and with `context`. */
const withoutAndWith = (context: ExpectedContextInput, expect: Expect[]): Run[] => [
  { expect },
  { context, expect },
];

const AGENT = 'travel-agent';
const RUNNER = 'experiment-runner';
const FLIGHTS = 'flight-api';

/** Agent spans: run_agent (CHAIN) → LLM, tool, tool, LLM, all routed unless `routed` is false. */
function agentRun(
  opts: {
    parent?: string;
    remote?: boolean;
    routed?: boolean;
    trace?: string;
    start?: number;
  } = {},
): FSpan[] {
  const r = opts.routed === false ? {} : routing();
  const t0 = opts.start ?? 20;
  const trace = opts.trace ?? 'main';
  return [
    {
      key: 'run_agent',
      oi: 'CHAIN',
      service: AGENT,
      trace,
      parent: opts.parent,
      remote: opts.remote,
      start: t0,
      end: t0 + 2300,
      attrs: { ...chain(), ...r },
      status: 'OK',
    },
    {
      key: 'plan',
      name: 'ChatCompletion',
      kind: 'CLIENT',
      oi: 'LLM',
      service: AGENT,
      trace,
      parent: 'run_agent',
      start: t0 + 15,
      end: t0 + 820,
      attrs: { ...llm(), ...r },
    },
    {
      key: 'search_flights',
      oi: 'TOOL',
      service: AGENT,
      trace,
      parent: 'run_agent',
      start: t0 + 830,
      end: t0 + 1410,
      attrs: { ...tool('search_flights'), ...r },
    },
    {
      key: 'book_hotel',
      oi: 'TOOL',
      service: AGENT,
      trace,
      parent: 'run_agent',
      start: t0 + 1420,
      end: t0 + 1800,
      attrs: { ...tool('book_hotel'), ...r },
      status: 'ERROR',
      message: 'hotel API timeout',
      event: {
        name: 'exception',
        at: t0 + 1799,
        attrs: { 'exception.type': 'TimeoutError', 'exception.message': 'hotel API timeout' },
      },
    },
    {
      key: 'answer',
      name: 'ChatCompletion',
      kind: 'CLIENT',
      oi: 'LLM',
      service: AGENT,
      trace,
      parent: 'run_agent',
      start: t0 + 1810,
      end: t0 + 2290,
      attrs: { ...llm(), ...r },
    },
  ];
}

const experimentSpan = (end = 2400): FSpan => ({
  key: 'experiment_run',
  service: RUNNER,
  start: 0,
  end,
});
const WORK = ['plan', 'search_flights', 'book_hotel', 'answer'];

/** A big healthy run: 30 agent steps with LLM/TOOL/RETRIEVER/EMBEDDING spans and a call to flight-api. */
function bigRun(): FSpan[] {
  const r = routing();
  const out: FSpan[] = [
    {
      key: 'run_agent',
      oi: 'CHAIN',
      service: AGENT,
      parent: 'experiment',
      remote: true,
      start: 0,
      end: 147_100,
      attrs: { ...chain(), ...r },
      status: 'OK',
    },
  ];
  for (let i = 0; i < 30; i++) {
    const t = 10 + i * 4900;
    const step = `step_${i}`;
    out.push({
      key: step,
      name: `agent_step`,
      oi: 'CHAIN',
      service: AGENT,
      parent: 'run_agent',
      start: t,
      end: t + 4800,
      attrs: { ...r, 'graph.node.id': step },
    });
    out.push({
      key: `${step}.llm`,
      name: 'ChatCompletion',
      kind: 'CLIENT',
      oi: 'LLM',
      service: AGENT,
      parent: step,
      start: t + 5,
      end: t + 900,
      attrs: { ...llm(), ...r },
    });
    out.push({
      key: `${step}.llm.http`,
      name: 'POST',
      kind: 'CLIENT',
      service: AGENT,
      parent: `${step}.llm`,
      start: t + 8,
      end: t + 890,
      attrs: { 'http.request.method': 'POST', 'server.address': 'api.openai.com', ...r },
    });
    out.push({
      key: `${step}.retrieve`,
      name: 'retrieve_docs',
      oi: 'RETRIEVER',
      service: AGENT,
      parent: step,
      start: t + 910,
      end: t + 1300,
      attrs: { ...r },
    });
    out.push({
      key: `${step}.embed`,
      name: 'embed_query',
      oi: 'EMBEDDING',
      kind: 'CLIENT',
      service: AGENT,
      parent: `${step}.retrieve`,
      start: t + 912,
      end: t + 1100,
      attrs: { ...r },
    });
    const tools = (i % 3) + 1;
    for (let k = 0; k < tools; k++) {
      const ts = t + 1310 + k * 1100;
      const key = `${step}.tool${k}`;
      const isSearch = k === 0 && i % 4 === 0;
      out.push({
        key,
        name: isSearch ? 'search_flights' : `lookup_${k}`,
        oi: 'TOOL',
        service: AGENT,
        parent: step,
        start: ts,
        end: ts + 1000,
        attrs: { ...tool(isSearch ? 'search_flights' : `lookup_${k}`), ...r },
        ...(i === 5 && k === 0
          ? {
              status: 'ERROR' as const,
              message: 'rate limited',
              event: {
                name: 'exception',
                at: ts + 990,
                attrs: { 'exception.type': 'RateLimitError', 'exception.message': 'rate limited' },
              },
            }
          : {}),
      });
      if (isSearch) {
        // An instrumented call to flight-api, which continues the trace (remote parent present).
        out.push({
          key: `${key}.http`,
          name: 'POST /flights/search',
          kind: 'CLIENT',
          service: AGENT,
          parent: key,
          start: ts + 5,
          end: ts + 990,
          attrs: { 'http.request.method': 'POST', ...r },
        });
        out.push({
          key: `${key}.server`,
          name: 'POST /flights/search',
          kind: 'SERVER',
          service: FLIGHTS,
          parent: `${key}.http`,
          remote: true,
          start: ts + 8,
          end: ts + 985,
          attrs: { 'http.route': '/flights/search' },
        });
        out.push({
          key: `${key}.query`,
          name: 'query_inventory',
          service: FLIGHTS,
          parent: `${key}.server`,
          start: ts + 10,
          end: ts + 700,
        });
        out.push({
          key: `${key}.db`,
          name: 'SELECT flights',
          kind: 'CLIENT',
          service: FLIGHTS,
          parent: `${key}.query`,
          start: ts + 12,
          end: ts + 690,
          attrs: { 'db.system': 'postgresql' },
        });
      } else {
        out.push({
          key: `${key}.http`,
          name: 'GET',
          kind: 'CLIENT',
          service: AGENT,
          parent: key,
          start: ts + 5,
          end: ts + 980,
          attrs: { 'http.request.method': 'GET', ...r },
        });
      }
    }
    out.push({
      key: `${step}.reflect`,
      name: 'ChatCompletion',
      kind: 'CLIENT',
      oi: 'LLM',
      service: AGENT,
      parent: step,
      start: t + 4500,
      end: t + 4790,
      attrs: { ...llm(), ...r },
    });
  }
  return out;
}

const CASES: Case[] = [
  {
    id: 'no-extraction',
    title: 'Agent did not extract the traceparent',
    description:
      'The experiment span has no children; the agent\'s run_agent span starts a new, parentless trace while it runs ("your agent\'s spans appear in a separate, orphan trace").',
    spans: [experimentSpan(), ...agentRun({ trace: 'agent' })],
    runs: withoutAndWith({ traceparent: traceparentFrom('experiment_run') }, [
      { rule: 'trace-id-mismatch', spans: ['run_agent', ...WORK] },
    ]),
  },
  {
    id: 'context-trap',
    title: 'The context= trap (CHAIN span dropped by routing)',
    description:
      'run_agent was started with context=parent_ctx inside set_routing_context, so arize-otel dropped it; its LLM and TOOL children were exported and point at it.',
    spans: [
      experimentSpan(),
      ...agentRun({ parent: 'experiment_run', remote: true }).filter(s => s.key !== 'run_agent'),
    ],
    runs: withoutAndWith(
      {
        traceparent: traceparentFrom('experiment_run'),
        baggage: ROUTED_BAGGAGE,
      },
      [
        { rule: 'orphaned-tool-span', spans: WORK },
        { rule: 'missing-chain-span', spans: WORK },
      ],
    ),
  },
  {
    id: 'context-trap-console',
    title: 'The context= trap, seen in the console exporter',
    description:
      'log_to_console prints every span, including the one arize-otel drops: run_agent has no arize.* attributes (started with context=parent_ctx) while its children are routed.',
    spans: agentRun({ parent: 'experiment', remote: true }).map(s =>
      s.key === 'run_agent' ? { ...s, attrs: chain() } : s,
    ),
    runs: withoutAndWith({ traceparent: traceparentFrom('experiment') }, [
      { rule: 'unrouted-span', spans: ['run_agent'] },
    ]),
  },
  {
    id: 'tools-without-chain',
    title: 'LLM and TOOL spans directly under the experiment span',
    description:
      'The agent continues the trace but never starts a CHAIN span: its LLM and TOOL spans hang straight from the experiment span.',
    spans: [
      experimentSpan(),
      ...agentRun({ parent: 'experiment_run', remote: true })
        .filter(s => s.key !== 'run_agent')
        .map(s => ({ ...s, parent: 'experiment_run', remote: true })),
    ],
    runs: withoutAndWith({ traceparent: traceparentFrom('experiment_run') }, [
      { rule: 'missing-chain-span', spans: WORK },
    ]),
  },
  {
    id: 'thread-lost-context',
    title: 'Tool calls in a thread pool lost the context',
    description:
      'The two tools ran in a ThreadPoolExecutor without copy_context(): each started a new trace with no parent and no routing (printed by the console exporter, dropped by arize-otel).',
    spans: agentRun({ parent: 'experiment', remote: true }).map(s =>
      s.key === 'search_flights' || s.key === 'book_hotel'
        ? {
            ...s,
            parent: undefined,
            trace: s.key,
            attrs: tool(s.key),
            start: s.key === 'book_hotel' ? 855 : s.start,
          }
        : s,
    ),
    runs: withoutAndWith({ traceparent: traceparentFrom('experiment') }, [
      { rule: 'missing-chain-span', spans: ['search_flights'] },
      { rule: 'missing-chain-span', spans: ['book_hotel'] },
      { rule: 'trace-id-mismatch', spans: ['search_flights'] },
      { rule: 'trace-id-mismatch', spans: ['book_hotel'] },
      { rule: 'unrouted-span', spans: ['search_flights'] },
      { rule: 'unrouted-span', spans: ['book_hotel'] },
    ]),
  },
  {
    id: 'partial-routing',
    title: 'Partial routing',
    description:
      'The LLM spans come from an instrumentor bound to a second, plain TracerProvider (resource openinference.project.name, no arize.* attributes); one tool sets arize.space_id by hand but no project.',
    spans: agentRun({ parent: 'experiment', remote: true }).map(s => {
      if (s.oi === 'LLM')
        return { ...s, attrs: llm(), resource: { 'openinference.project.name': 'default' } };
      if (s.key === 'book_hotel')
        return { ...s, attrs: { ...tool('book_hotel'), 'arize.space_id': SPACE } };
      return s;
    }),
    runs: [
      {
        expect: [
          { rule: 'unrouted-span', spans: ['plan', 'answer'] },
          { rule: 'unrouted-span', spans: ['book_hotel'] },
        ],
      },
    ],
  },
  {
    id: 'mis-routing',
    title: 'One trace routed to two projects',
    description:
      "A sub-agent sets arize.project.name to a development project by hand, so its spans leave the run's project.",
    spans: [
      ...agentRun({ parent: 'experiment', remote: true }).map(s => ({
        ...s,
        end: s.key === 'run_agent' ? 4000 : s.end,
      })),
      {
        key: 'flight_subagent',
        oi: 'CHAIN',
        service: AGENT,
        parent: 'run_agent',
        start: 2330,
        end: 3900,
        attrs: { ...chain(), ...routing('travel-agent-dev') },
      },
      {
        key: 'sub_llm',
        name: 'ChatCompletion',
        kind: 'CLIENT',
        oi: 'LLM',
        service: AGENT,
        parent: 'flight_subagent',
        start: 2340,
        end: 3000,
        attrs: { ...llm(), ...routing('travel-agent-dev') },
      },
      {
        key: 'sub_tool',
        name: 'check_seats',
        oi: 'TOOL',
        service: AGENT,
        parent: 'flight_subagent',
        start: 3010,
        end: 3890,
        attrs: { ...tool('check_seats'), ...routing('travel-agent-dev') },
      },
    ],
    runs: withoutAndWith({ baggage: ROUTED_BAGGAGE }, [
      { rule: 'routing-mismatch', spans: ['flight_subagent', 'sub_llm', 'sub_tool'] },
    ]),
  },
  {
    id: 'cross-service-break',
    title: 'A downstream service did not continue the trace',
    description:
      "The agent's search_flights tool calls flight-api (a CLIENT span with no children); flight-api does not extract the traceparent and starts its own trace inside that call.",
    spans: (
      [
        ...agentRun({ parent: 'experiment', remote: true, routed: false }),
        {
          key: 'call_flights',
          name: 'POST /flights/search',
          kind: 'CLIENT',
          service: AGENT,
          parent: 'search_flights',
          start: 860,
          end: 1420,
          attrs: {
            'http.request.method': 'POST',
            'url.full': 'http://flight-api:8080/flights/search',
          },
        },
        {
          key: 'flights_server',
          name: 'POST /flights/search',
          kind: 'SERVER',
          service: FLIGHTS,
          trace: 'flights',
          start: 864,
          end: 1415,
          attrs: { 'http.route': '/flights/search' },
        },
        {
          key: 'flights_query',
          name: 'query_inventory',
          service: FLIGHTS,
          trace: 'flights',
          parent: 'flights_server',
          start: 866,
          end: 1300,
        },
        {
          key: 'flights_db',
          name: 'SELECT flights',
          kind: 'CLIENT',
          service: FLIGHTS,
          trace: 'flights',
          parent: 'flights_query',
          start: 868,
          end: 1290,
          attrs: { 'db.system': 'postgresql' },
        },
      ] as FSpan[]
    ).map(s => (s.key === 'search_flights' ? { ...s, end: 1430 } : s)),
    runs: withoutAndWith({ traceparent: traceparentFrom('experiment') }, [
      { rule: 'trace-id-mismatch', spans: ['flights_server', 'flights_query', 'flights_db'] },
    ]),
  },
  {
    id: 'server-span-dropped',
    title: 'HTTP server span started outside the routing block',
    description:
      'FastAPI auto-instrumentation started the server span before the handler entered set_routing_context: arize-otel dropped it, and run_agent points at a parent that never arrived.',
    spans: [experimentSpan(), ...agentRun({ parent: 'server_span' })],
    runs: withoutAndWith({ traceparent: traceparentFrom('experiment_run') }, [
      { rule: 'orphaned-span', spans: ['run_agent'] },
    ]),
  },
  {
    id: 'healthy-big',
    title: 'Healthy big agent run',
    description:
      'A long, correctly propagated and routed agent run (30 steps, LLM/TOOL/RETRIEVER/EMBEDDING spans, HTTP calls, a call to flight-api that continues the trace); the experiment span is remote.',
    spans: bigRun(),
    runs: withoutAndWith(
      {
        traceparent: traceparentFrom('experiment'),
        baggage: ROUTED_BAGGAGE,
      },
      [],
    ),
  },
  {
    id: 'healthy-experiment',
    title: 'Healthy run with the experiment span in the dump',
    description:
      "The experiment runner's spans (experiment span and its HTTP call) are in the dump; the routed agent run is their child in the same trace.",
    spans: [
      experimentSpan(),
      {
        key: 'invoke',
        name: 'POST /invoke',
        kind: 'CLIENT',
        service: RUNNER,
        parent: 'experiment_run',
        start: 5,
        end: 2395,
      },
      ...agentRun({ parent: 'invoke', remote: true }),
    ],
    runs: withoutAndWith(
      {
        traceparent: traceparentFrom('invoke'),
        baggage: ROUTED_BAGGAGE,
      },
      [],
    ),
  },
];

// ---------------------------------------------------------------------------------------------
// Building model spans

function fnv64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

const hex16 = (text: string) => fnv64(text).toString(16).padStart(16, '0');
const hex32 = (text: string) => hex16(`${text}#hi`) + hex16(`${text}#lo`);

const BASE = 1_748_779_200_000_000_000n; // 2025-06-01T12:00:00Z

function msToNs(ms: number): bigint {
  return BigInt(Math.round(ms * 1000)) * 1000n;
}

function attrs(obj: Record<string, AttrValue> | undefined) {
  const a = newAttributes();
  for (const [k, v] of Object.entries(obj ?? {})) setAttr(a, k, v);
  return a;
}

const SCOPES: Partial<Record<string, { name: string; version: string }>> = {
  LLM: { name: 'openinference.instrumentation.openai', version: '0.1.30' },
  EMBEDDING: { name: 'openinference.instrumentation.openai', version: '0.1.30' },
};

function buildSpans(
  c: Case,
  caseNo: number,
): { spans: Span[]; spanId: (key: string) => string; traceId: (key: string) => string } {
  const base = BASE + BigInt(caseNo) * 3_600_000_000_000n;
  const spanId = (key: string) => hex16(`${c.id}/${key}`);
  const traceId = (key: string) => hex32(`${c.id}/${key}`);
  const spans = c.spans.map((f, index): Span => {
    const service = f.service ?? AGENT;
    const resource = attrs({
      'telemetry.sdk.language': 'python',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '1.45.0',
      'service.name': service,
      ...f.resource,
    });
    const a = attrs({ ...(f.oi ? { 'openinference.span.kind': f.oi } : {}), ...f.attrs });
    const scope =
      (f.oi ? SCOPES[f.oi] : undefined) ??
      (f.kind === 'CLIENT' && !f.oi
        ? { name: 'opentelemetry.instrumentation.httpx', version: '0.54b0' }
        : { name: service, version: '1.0.0' });
    const span: Span = {
      index,
      traceId: traceId(f.trace ?? 'main'),
      spanId: spanId(f.key),
      parentSpanId: f.parent ? spanId(f.parent) : null,
      name: f.name ?? f.key,
      kind: f.kind ?? 'INTERNAL',
      oiKind: f.oi ?? null,
      serviceName: service,
      resource,
      scope: { ...scope },
      attributes: a,
      startNs: base + msToNs(f.start),
      endNs: base + msToNs(f.end),
      status: f.status
        ? f.message
          ? { code: f.status, message: f.message }
          : { code: f.status }
        : { code: 'UNSET' },
      events: f.event
        ? [
            {
              name: f.event.name,
              timeNs: base + msToNs(f.event.at),
              attributes: attrs(f.event.attrs),
            },
          ]
        : [],
      links: [],
      // Python SDK ≥ 1.25 OTLP flags: 0x100 always, 0x200 when the parent context was remote.
      flags: 0x100 | (f.parent && f.remote ? 0x200 : 0),
      parentIsRemote: f.parent ? f.remote === true : false,
      source: { line: 1 },
    };
    return span;
  });
  return { spans, spanId, traceId };
}

function resolve(
  text: string,
  spanId: (k: string) => string,
  traceId: (k: string) => string,
): string {
  return text
    .replace(/\{span:([^}]+)\}/g, (_, k: string) => spanId(k))
    .replace(/\{trace:([^}]+)\}/g, (_, k: string) => traceId(k));
}

export const FIXTURE_FILES = {
  'otlp.json': 'otlp-json',
  'jaeger.json': 'jaeger-json',
  'python-console.txt': 'python-console',
  'zipkin-v2.json': 'zipkin-v2',
} as const;

function main(): void {
  const root = fileURLToPath(new URL('../public/samples/broken/', import.meta.url));
  rmSync(root, { recursive: true, force: true });
  CASES.forEach((c, caseNo) => {
    const dir = `${root}${c.id}/`;
    mkdirSync(dir, { recursive: true });
    const { spans, spanId, traceId } = buildSpans(c, caseNo);
    // Exporters print in end order (children before parents); keep that for every format.
    const byEnd = [...spans].sort((a, b) =>
      a.endNs! < b.endNs! ? -1 : a.endNs! > b.endNs! ? 1 : a.index - b.index,
    );
    writeFileSync(`${dir}otlp.json`, spansToOtlpJsonText(byEnd));
    writeFileSync(`${dir}jaeger.json`, toJaegerJson(byEnd));
    writeFileSync(`${dir}python-console.txt`, toPythonConsole(spans));
    writeFileSync(`${dir}zipkin-v2.json`, toZipkinV2(byEnd));
    const names = new Map(c.spans.map(f => [f.key, f.name ?? f.key]));
    const caseJson = {
      id: c.id,
      title: c.title,
      description: c.description,
      files: FIXTURE_FILES,
      runs: c.runs.map(r => {
        const out: {
          context?: ExpectedContextInput;
          expect: { rule: string; spanIds: string[]; spanNames: string[] }[];
        } = {
          expect: r.expect.map(e => ({
            rule: e.rule,
            spanIds: e.spans.map(spanId).sort(),
            spanNames: e.spans.map(k => names.get(k) ?? k),
          })),
        };
        if (r.context) {
          out.context = Object.fromEntries(
            Object.entries(r.context).map(([k, v]) => [
              k,
              typeof v === 'string' ? resolve(v, spanId, traceId) : v,
            ]),
          ) as ExpectedContextInput;
        }
        return out;
      }),
    };
    writeFileSync(`${dir}case.json`, JSON.stringify(caseJson, null, 2) + '\n');
    console.log(`${c.id}: ${spans.length} spans`);
  });
}

main();
