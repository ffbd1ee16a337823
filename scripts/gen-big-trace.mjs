// Generates big, realistic agent traces for the benchmark and the big-trace e2e test: one trace of
// N spans shaped like an OpenInference agent run (AGENT → CHAIN steps → LLM / TOOL → RETRIEVER →
// EMBEDDING, HTTP calls into other services, sub-agents that nest the same pattern), with the
// attributes real instrumentations write (messages, token counts, tool parameters, documents).
// A few defects are built in so the rules have something to find: some CHAIN spans were never
// exported (their TOOL/LLM children are orphans), a few tool calls fail, and the agent itself was
// called over HTTP (its parent is the caller's span, not in the dump).
//
// Spans are written in the order a BatchSpanProcessor exports them (by end time: children before
// parents), in batches of 512 per ScopeSpans, grouped by service, as OTLP/JSON or Jaeger JSON.
// Deterministic for a given seed.
//
//   node scripts/gen-big-trace.mjs --spans 100000 --format otlp --out /tmp/trace-100k.json
//   node scripts/gen-big-trace.mjs --spans 10000 --format jaeger > trace.json

import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (rand, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += ((rand() * 16) | 0).toString(16);
  return s;
};

const WORDS =
  'the weather forecast for paris tomorrow shows light rain with temperatures around twelve degrees user asked about flights hotels and museums open late on sunday evening please summarise the retrieved documents and cite sources tool returned status ok with three results'.split(
    ' ',
  );

function sentence(rand, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(WORDS[(rand() * WORDS.length) | 0]);
  return out.join(' ');
}

const SERVICES = {
  agent: {
    'service.name': 'travel-agent',
    'service.version': '2.4.1',
    'deployment.environment.name': 'prod',
    'openinference.project.name': 'travel-agent',
    'telemetry.sdk.language': 'python',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.version': '1.29.0',
  },
  tools: {
    'service.name': 'tool-gateway',
    'service.version': '0.9.3',
    'deployment.environment.name': 'prod',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.version': '2.0.1',
  },
  search: {
    'service.name': 'doc-search',
    'service.version': '1.2.0',
    'deployment.environment.name': 'prod',
    'telemetry.sdk.language': 'python',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.version': '1.29.0',
  },
};

const SCOPES = {
  agent: { name: 'openinference.instrumentation.langchain', version: '0.1.30' },
  tools: { name: '@opentelemetry/instrumentation-http', version: '0.57.0' },
  search: { name: 'openinference.instrumentation.llama_index', version: '3.1.2' },
};

const TOOLS = ['search_docs', 'get_weather', 'book_flight', 'lookup_hotel', 'delegate_research'];
const OTEL_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 };

/**
 * Build the span list (generation order = parents before children) with times filled in.
 * Each span: { id, parent, service, name, kind, oi, attrs, dur, start, error, dropped }.
 */
function buildTree(total, rand) {
  const spans = [];
  const add = (parent, service, name, kind, oi, attrs) => {
    const s = { id: hex(rand, 16), parent, service, name, kind, oi, attrs, kids: [] };
    if (parent) parent.kids.push(s);
    spans.push(s);
    return s;
  };
  const llm = (parent, step) => {
    const prompt = 200 + ((rand() * 900) | 0);
    const completion = 20 + ((rand() * 300) | 0);
    const question = sentence(rand, 14);
    const answer = sentence(rand, 10);
    return add(parent, 'agent', 'ChatOpenAI', 'INTERNAL', 'LLM', {
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.provider': 'openai',
      'llm.system': 'openai',
      'llm.invocation_parameters': '{"temperature":0.2,"max_tokens":1024}',
      'llm.token_count.prompt': prompt,
      'llm.token_count.completion': completion,
      'llm.token_count.total': prompt + completion,
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'You are a helpful travel assistant.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': question,
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': answer,
      'input.value': `{"messages":[{"role":"user","content":"${question}"}],"step":${step}}`,
      'input.mime_type': 'application/json',
      'output.value': answer,
    });
  };
  const tool = (parent, name) =>
    add(parent, 'agent', name, 'INTERNAL', 'TOOL', {
      'tool.name': name,
      'tool.description': `Calls the ${name} tool`,
      'tool.parameters': '{"type":"object","properties":{"query":{"type":"string"}}}',
      'input.value': `{"query":"${sentence(rand, 5)}"}`,
      'input.mime_type': 'application/json',
      'output.value': sentence(rand, 8),
    });
  const httpCall = (parent, route) => {
    const client = add(parent, 'agent', `POST ${route}`, 'CLIENT', null, {
      'http.request.method': 'POST',
      'url.full': `http://tool-gateway.internal:8080${route}`,
      'server.address': 'tool-gateway.internal',
      'server.port': 8080,
      'http.response.status_code': 200,
    });
    const server = add(client, 'tools', `POST ${route}`, 'SERVER', null, {
      'http.request.method': 'POST',
      'http.route': route,
      'url.path': route,
      'http.response.status_code': 200,
      'user_agent.original': 'python-httpx/0.27.2',
    });
    server.remote = true;
    add(server, 'tools', 'redis GET', 'CLIENT', null, {
      'db.system.name': 'redis',
      'db.operation.name': 'GET',
      'db.query.text': 'GET cache:' + hex(rand, 8),
    });
    return client;
  };
  const retrieval = parent => {
    const r = add(parent, 'search', 'retrieve', 'INTERNAL', 'RETRIEVER', {
      'input.value': sentence(rand, 6),
      'retrieval.documents.0.document.id': hex(rand, 8),
      'retrieval.documents.0.document.score': Math.round(rand() * 1000) / 1000,
      'retrieval.documents.0.document.content': sentence(rand, 12),
      'retrieval.documents.1.document.id': hex(rand, 8),
      'retrieval.documents.1.document.score': Math.round(rand() * 1000) / 1000,
      'retrieval.documents.1.document.content': sentence(rand, 12),
    });
    add(r, 'search', 'embed', 'INTERNAL', 'EMBEDDING', {
      'embedding.model_name': 'text-embedding-3-small',
      'embedding.embeddings.0.embedding.text': sentence(rand, 6),
    });
    return r;
  };

  // The agent was called over HTTP: its parent is the caller's span, in another process.
  const callerSpanId = hex(rand, 16);
  const root = add(null, 'agent', 'run_agent', 'SERVER', 'AGENT', {
    'session.id': 'sess-' + hex(rand, 12),
    'user.id': 'user-42',
    'input.value': 'Plan a weekend in Paris with museums and a good forecast',
    'output.value': sentence(rand, 20),
    'http.request.method': 'POST',
    'http.route': '/v1/agent/run',
  });
  root.parentId = callerSpanId;
  root.remote = true;

  // Agents to grow: breadth-first through steps, sub-agents nest the pattern (depth ≈ 4 per level).
  let step = 0;
  const agents = [{ span: root, level: 0 }];
  let a = 0;
  let dropped = 0;
  while (spans.length - dropped < total) {
    const agent = agents[a % agents.length];
    a++;
    const chain = add(agent.span, 'agent', 'agent_step', 'INTERNAL', 'CHAIN', {
      'input.value': sentence(rand, 8),
      'output.value': sentence(rand, 8),
      metadata: `{"step":${step},"level":${agent.level}}`,
    });
    // ~1 in 150 steps: the CHAIN span was never exported (context lost in a thread pool).
    if (step > 0 && step % 150 === 75) {
      chain.dropped = true;
      dropped++;
    }
    step++;
    llm(chain, step);
    const calls = 1 + ((rand() * 3) | 0);
    for (let c = 0; c < calls && spans.length - dropped < total; c++) {
      let name = TOOLS[(rand() * TOOLS.length) | 0];
      if (name === 'delegate_research' && agent.level >= 6) name = 'search_docs';
      const t = tool(chain, name);
      if (name === 'search_docs') retrieval(t);
      else if (name === 'delegate_research') {
        const sub = add(t, 'agent', 'research_agent', 'INTERNAL', 'AGENT', {
          'input.value': sentence(rand, 6),
          'output.value': sentence(rand, 10),
        });
        agents.push({ span: sub, level: agent.level + 1 });
      } else {
        const call = httpCall(t, `/tools/${name}`);
        if (rand() < 0.01) {
          call.error = 'HTTP 504 upstream timeout';
          t.error = `${name} failed: upstream timeout`;
        }
      }
    }
    llm(chain, step);
  }
  const t0 = 1_736_937_000_000_000_000n;
  // Keep exactly `total` exported spans (generation order is parents first, so nothing dangles).
  let written = 0;
  let cut = 0;
  while (cut < spans.length && written < total) if (!spans[cut++].dropped) written++;
  spans.length = cut;
  const kept = new Set(spans);
  for (const s of spans) s.kids = s.kids.filter(k => kept.has(k));

  // Times: leaves get a duration by kind; a step's tool calls run in parallel between its two
  // LLM calls; other parents run their children one after another.
  const leafMs = s =>
    s.oi === 'LLM'
      ? 300 + rand() * 1700
      : s.oi === 'EMBEDDING'
        ? 20 + rand() * 80
        : s.kind === 'CLIENT'
          ? 1 + rand() * 40
          : 5 + rand() * 300;
  const ms = 1_000_000;
  const gap = 200_000;
  const lanes = s => {
    // Groups of children that run together: a CHAIN's TOOL children form one group.
    const groups = [];
    for (const k of s.kids) {
      const last = groups[groups.length - 1];
      if (s.oi === 'CHAIN' && k.oi === 'TOOL' && last && last[0].oi === 'TOOL') last.push(k);
      else groups.push([k]);
    }
    return groups;
  };
  for (let i = spans.length - 1; i >= 0; i--) {
    const s = spans[i];
    if (s.kids.length === 0) s.dur = Math.round(leafMs(s) * ms);
    else {
      let d = ms;
      for (const g of lanes(s)) d += Math.max(...g.map(k => k.dur)) + gap + 4 * ms;
      s.dur = d;
    }
  }
  root.start = t0;
  for (const s of spans) {
    let at = s.start + 500_000n;
    for (const g of lanes(s)) {
      for (const k of g) k.start = at + BigInt(Math.round(rand() * 2 * ms));
      at += BigInt(Math.max(...g.map(k => k.dur)) + gap + 4 * ms);
    }
  }
  for (const s of spans) s.end = s.start + BigInt(s.dur);
  return spans;
}

/** Exported spans (the dropped CHAIN spans are missing), in export order (end time). */
function exportOrder(spans) {
  return spans.filter(s => !s.dropped).sort((x, y) => (x.end < y.end ? -1 : x.end > y.end ? 1 : 0));
}

function otlpValue(v) {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Number.isInteger(v)) return { intValue: String(v) };
  return { doubleValue: v };
}

const kvs = attrs => Object.entries(attrs).map(([key, v]) => ({ key, value: otlpValue(v) }));

function toOtlp(spans, traceId) {
  const resourceSpans = [];
  const BATCH = 512;
  const ordered = exportOrder(spans);
  for (let b = 0; b < ordered.length; b += BATCH) {
    const byService = new Map();
    for (const s of ordered.slice(b, b + BATCH)) {
      const list = byService.get(s.service) ?? [];
      list.push(s);
      byService.set(s.service, list);
    }
    for (const [service, list] of byService) {
      resourceSpans.push({
        resource: { attributes: kvs(SERVICES[service]) },
        scopeSpans: [
          {
            scope: SCOPES[service],
            spans: list.map(s => {
              const attributes = s.oi
                ? [{ key: 'openinference.span.kind', value: { stringValue: s.oi } }]
                : [];
              attributes.push(...kvs(s.attrs));
              const parentId = s.parent ? s.parent.id : s.parentId;
              const span = {
                traceId,
                spanId: s.id,
                parentSpanId: parentId ?? '',
                flags: s.remote ? 0x301 : 0x101,
                name: s.name,
                kind: OTEL_KIND[s.kind],
                startTimeUnixNano: String(s.start),
                endTimeUnixNano: String(s.end),
                attributes,
                status: s.error ? { code: 2, message: s.error } : {},
              };
              if (s.error) {
                span.events = [
                  {
                    timeUnixNano: String(s.end - 1000n),
                    name: 'exception',
                    attributes: kvs({
                      'exception.type': 'TimeoutError',
                      'exception.message': s.error,
                    }),
                  },
                ];
              }
              return span;
            }),
          },
        ],
      });
    }
  }
  return { resourceSpans };
}

function jaegerTag(key, v) {
  if (typeof v === 'string') return { key, type: 'string', value: v };
  if (typeof v === 'boolean') return { key, type: 'bool', value: v };
  if (Number.isInteger(v)) return { key, type: 'int64', value: v };
  return { key, type: 'float64', value: v };
}

function toJaeger(spans, traceId) {
  const pid = { agent: 'p1', tools: 'p2', search: 'p3' };
  const processes = {};
  for (const [service, attrs] of Object.entries(SERVICES)) {
    const { 'service.name': serviceName, ...rest } = attrs;
    processes[pid[service]] = {
      serviceName,
      tags: Object.entries(rest).map(([k, v]) => jaegerTag(k, v)),
    };
  }
  const us = ns => Number(ns / 1000n);
  return {
    data: [
      {
        traceID: traceId,
        spans: exportOrder(spans).map(s => {
          const parentId = s.parent ? s.parent.id : s.parentId;
          const tags = [
            jaegerTag('otel.scope.name', SCOPES[s.service].name),
            jaegerTag('otel.scope.version', SCOPES[s.service].version),
            jaegerTag('span.kind', s.kind.toLowerCase()),
          ];
          if (s.oi) tags.push(jaegerTag('openinference.span.kind', s.oi));
          for (const [k, v] of Object.entries(s.attrs)) tags.push(jaegerTag(k, v));
          if (s.error) {
            tags.push(jaegerTag('error', true));
            tags.push(jaegerTag('otel.status_code', 'ERROR'));
            tags.push(jaegerTag('otel.status_description', s.error));
          }
          return {
            traceID: traceId,
            spanID: s.id,
            operationName: s.name,
            references: parentId
              ? [{ refType: 'CHILD_OF', traceID: traceId, spanID: parentId }]
              : [],
            startTime: us(s.start),
            duration: us(s.end) - us(s.start),
            tags,
            logs: s.error
              ? [
                  {
                    timestamp: us(s.end) - 1,
                    fields: [
                      jaegerTag('event', 'exception'),
                      jaegerTag('exception.message', s.error),
                    ],
                  },
                ]
              : [],
            processID: pid[s.service],
            warnings: null,
          };
        }),
        processes,
        warnings: null,
      },
    ],
    total: 0,
    limit: 0,
    offset: 0,
    errors: null,
  };
}

/**
 * Generate one trace with exactly `spans` exported spans (plus the few CHAIN spans that were "never
 * exported"). Returns the text and what a test needs to know about it.
 * @param {{ spans: number, format?: 'otlp' | 'jaeger', seed?: number, pretty?: boolean }} opts
 */
export function generateTrace({ spans, format = 'otlp', seed = 1, pretty = false }) {
  const rand = rng(seed);
  const traceId = hex(rand, 32);
  const tree = buildTree(spans, rand);
  const doc = format === 'jaeger' ? toJaeger(tree, traceId) : toOtlp(tree, traceId);
  const text = JSON.stringify(doc, null, pretty ? 2 : undefined);
  const written = tree.filter(s => !s.dropped);
  return {
    text,
    traceId,
    spanCount: written.length,
    droppedChains: tree.length - written.length,
    maxDepth: depthOf(tree),
  };
}

function depthOf(tree) {
  const depth = new Map();
  let max = 0;
  for (const s of tree) {
    const d = s.parent ? depth.get(s.parent) + 1 : 0;
    depth.set(s, d);
    if (d > max) max = d;
  }
  return max;
}

function main(argv) {
  const args = { spans: 10000, format: 'otlp', seed: 1, pretty: false, out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--spans') args.spans = Number(argv[++i]);
    else if (a === '--format') args.format = argv[++i];
    else if (a === '--seed') args.seed = Number(argv[++i]);
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--pretty') args.pretty = true;
    else {
      process.stderr.write(
        'usage: gen-big-trace.mjs [--spans N] [--format otlp|jaeger] [--seed N] [--pretty] [--out FILE]\n',
      );
      process.exit(2);
    }
  }
  if (
    !Number.isInteger(args.spans) ||
    args.spans < 1 ||
    !['otlp', 'jaeger'].includes(args.format)
  ) {
    process.stderr.write(
      'gen-big-trace: --spans must be a positive integer, --format otlp|jaeger\n',
    );
    process.exit(2);
  }
  const t = generateTrace(args);
  if (args.out) {
    writeFileSync(args.out, t.text);
    process.stderr.write(
      `${args.out}: ${t.spanCount} spans (${t.droppedChains} CHAIN spans left out), depth ${t.maxDepth}, ${(t.text.length / 1e6).toFixed(1)} MB\n`,
    );
  } else process.stdout.write(t.text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
