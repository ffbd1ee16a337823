// LangSmith runs (formats.md §10): `POST /runs/query` → `{"runs": [Run…], "cursors": {"next"}}`,
// arrays or JSON Lines of `Run` dicts, and `read_run(…, load_child_runs=True)` with nested
// `child_runs`. A run: `{id, name, run_type, start_time, end_time (naive ISO, UTC), status
// ("success" | "error" | "pending"), error, inputs, outputs, extra, tags, events, parent_run_id,
// trace_id (= root run id), dotted_order, session_id, child_run_ids, …}`.
// Ids are UUIDs, mapped to W3C ids as uuid-ids.ts explains; every span keeps its UUIDs in
// `langsmith.run_id` / `langsmith.parent_run_id` / `langsmith.trace_id`. `run_type` becomes the
// OpenInference kind (upper-cased), the other run fields are kept as `langsmith.*` attributes.
// `dotted_order` (`<%Y%m%dT%H%M%S%fZ><run uuid>` segments from the trace root down) records the
// run's whole ancestry: a parent that is absent from the dump but named in it was propagated to
// this run (LangSmith distributed tracing sends it in the `langsmith-trace` header), so the span
// gets parentIsRemote = true. No OTel span kind, no resource.
// Source: langsmith (PyPI) 0.14.0 `schemas.Run`, `run_trees.py`, `client.py`.

import type { Diagnostic } from '../model/diagnostic.ts';
import type { Span, SpanEvent, SpanStatus } from '../model/span.ts';
import { readTime, timeFrom } from './oi-span.ts';
import {
  capDiagnostics,
  isObj,
  missingPages,
  type Obj,
  readRecords,
  type RecordSpec,
  sniffRecord,
  warnIfNoSpans,
} from './record-reader.ts';
import { buildSpan, flatten, flattenInto, newAttributes, textOf } from './span-builder.ts';
import type { FormatModule } from './types.ts';
import { UuidSpanIds, isUuid, uuidTraceId } from './uuid-ids.ts';

/** A LangSmith run: `run_type` and `id`, plus one of `trace_id` / `dotted_order` / `parent_run_id`. */
export function isLangsmithRun(v: Obj): boolean {
  return (
    typeof v.run_type === 'string' &&
    'id' in v &&
    ('trace_id' in v || 'dotted_order' in v || 'parent_run_id' in v)
  );
}

const spec: RecordSpec = {
  noun: 'LangSmith run',
  containers: ['runs'],
  childrenKey: 'child_runs',
  isRecord: isLangsmithRun,
};

/** Fields that become span fields rather than `langsmith.*` attributes. */
const STRUCTURAL = new Set([
  'name',
  'start_time',
  'end_time',
  'status',
  'error',
  'events',
  'child_runs',
]);

const lower = (v: unknown): string | null => (typeof v === 'string' ? v.toLowerCase() : null);

/** Run UUIDs named by a dotted_order, root first; null when it cannot be read. */
export function dottedOrderChain(v: unknown): string[] | null {
  if (typeof v !== 'string' || v === '') return null;
  const out: string[] = [];
  for (const seg of v.split('.')) {
    const uuid = seg.slice(-36);
    if (seg.length <= 36 || !isUuid(uuid)) return null;
    out.push(uuid.toLowerCase());
  }
  return out;
}

interface RunContext {
  ids: UuidSpanIds;
  present: Set<string>;
  diagnostics: Diagnostic[];
}

function runToSpan(v: Obj, index: number, line: number, ctx: RunContext): Span {
  const { diagnostics } = ctx;
  const id = v.id;
  const parent = v.parent_run_id ?? null;
  const chain = dottedOrderChain(v.dotted_order);
  const name = typeof v.name === 'string' ? v.name : '';
  const label = `"${name}" (${textOf(id)})`;

  let parentIsRemote: boolean | null = null;
  if (chain) {
    const self = chain[chain.length - 1];
    const named = chain.length >= 2 ? chain[chain.length - 2] : null;
    if (self !== lower(id)) {
      warn(`The dotted_order of run ${label} does not end with the run's own id.`);
    } else if (parent !== null && named !== lower(parent)) {
      warn(
        `Run ${label} has parent_run_id ${textOf(parent)}, but its dotted_order names ${named ?? 'no parent'}.`,
      );
    } else if (parent === null && named !== null) {
      warn(`Run ${label} has no parent_run_id, but its dotted_order names the parent ${named}.`);
    }
    if (typeof v.trace_id === 'string' && chain[0] !== lower(v.trace_id)) {
      warn(`Run ${label} has trace_id ${v.trace_id}, but its dotted_order starts at ${chain[0]}.`);
    }
    if (parent !== null && named === lower(parent) && !ctx.present.has(named ?? '')) {
      parentIsRemote = true;
    }
  }

  const traceUuid = v.trace_id ?? chain?.[0] ?? (parent === null ? id : undefined);
  const error = typeof v.error === 'string' && v.error !== '' ? v.error : null;
  const status: SpanStatus = {
    code:
      v.status === 'error' || error !== null ? 'ERROR' : v.status === 'success' ? 'OK' : 'UNSET',
  };
  if (error !== null) status.message = error;

  const attributes = newAttributes();
  for (const key in v) {
    const value = v[key];
    if (STRUCTURAL.has(key) || value === null || value === undefined) continue;
    flattenInto(attributes, value, `langsmith.${key === 'id' ? 'run_id' : key}`);
  }

  return buildSpan(
    {
      traceId: uuidTraceId(traceUuid),
      spanId: ctx.ids.spanId(id),
      parentSpanId: parent === null ? null : ctx.ids.spanId(parent),
      name,
      kind: null,
      oiKind: typeof v.run_type === 'string' && v.run_type !== '' ? v.run_type.toUpperCase() : null,
      attributes,
      startNs: readTime(v.start_time, 'start', label, line, diagnostics),
      endNs: readTime(v.end_time, 'end', label, line, diagnostics),
      status,
      events: eventsOf(v.events),
      parentIsRemote,
      source: { line },
    },
    index,
    diagnostics,
  );

  function warn(message: string): void {
    diagnostics.push({
      code: 'format.langsmith.dotted-order',
      severity: 'warning',
      message,
      location: { line, spanId: ctx.ids.spanId(id) as string },
    });
  }
}

/** Run events `[{name, time, kwargs}]`. */
function eventsOf(raw: unknown): SpanEvent[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObj).map(e => ({
    name: typeof e.name === 'string' ? e.name : '',
    timeNs: timeFrom(e.time ?? e.timestamp),
    attributes: flatten(e.kwargs ?? e.attributes),
  }));
}

export const langsmithRuns: FormatModule = {
  id: 'langsmith-runs',
  label: 'LangSmith runs (POST /runs/query, Run JSON)',
  specUrl: 'https://docs.langchain.com/langsmith/run-data-format',
  sniff(input) {
    const hit = sniffRecord(input, spec);
    if (!hit) return null;
    const keys = ['run_type', 'trace_id', 'parent_run_id', 'dotted_order'].filter(
      k => k in hit.record,
    );
    const where = hit.container
      ? 'runs[*]'
      : hit.layout === 'json-lines'
        ? 'JSON Lines of runs'
        : 'runs';
    return `LangSmith ${where} with ${keys.join(', ')}`;
  },
  parse(input) {
    const read = readRecords(input, spec);
    const diagnostics = [...read.diagnostics];
    const ids = new UuidSpanIds();
    const present = new Set<string>();
    for (const r of read.records) {
      ids.assign(r.value.id);
      const own = lower(r.value.id);
      if (own) present.add(own);
    }
    const ctx: RunContext = { ids, present, diagnostics };
    const spans = read.records.map((r, i) => runToSpan(r.value, i, r.line, ctx));
    if (ids.size > 0) {
      diagnostics.push({
        code: 'format.langsmith.uuid-ids',
        severity: 'info',
        message:
          'LangSmith identifies runs by UUID. Trace ids are the trace_id UUID without dashes; span ids are the first 16 hex digits of each run UUID (the span id LangSmith itself gives a run when exporting to OpenTelemetry). Each span keeps its UUIDs in langsmith.run_id / langsmith.parent_run_id.',
        location: { line: 1 },
      });
    }
    for (const c of ids.collisions) {
      diagnostics.push({
        code: 'format.langsmith.id-collision',
        severity: 'warning',
        message: `Runs ${c.other} and ${c.uuid} share their first 16 hex digits (${c.spanId}); the second one's span id is its last 16 digits (${c.replacement}).`,
        location: { spanId: c.replacement },
      });
    }
    const next = missingPages(read.wrappers, w => (isObj(w.cursors) ? w.cursors.next : null));
    if (next !== null) {
      diagnostics.push({
        code: 'format.langsmith.more-pages',
        severity: 'info',
        message: `This is one page of LangSmith runs (cursors.next is set); runs on later pages are not included, so their children may look orphaned.`,
        location: { line: 1, jsonPath: '$.cursors.next' },
        hint: 'Query again with the cursor, or query by trace id to get the whole trace.',
      });
    }
    warnIfNoSpans(
      spans.length,
      diagnostics,
      'format.langsmith.empty',
      'No LangSmith runs were found in the input.',
      { line: 1 },
    );
    return {
      spans,
      diagnostics: capDiagnostics(diagnostics),
      dialect: `LangSmith runs (${read.wrappers.length > 0 ? 'runs/query page' : read.layout === 'json-lines' ? 'JSON Lines' : 'Run JSON'}); UUID ids mapped to hex, remote parents from dotted_order; no OTel span kind, no resource`,
    };
  },
};
