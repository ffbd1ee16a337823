// The local receiver's span store: an embedded SQLite database (better-sqlite3, WAL) that
// survives restarts. Each received span is kept as the OTLP/JSON text it arrived as (protobuf is
// decoded to the same JSON first), next to its ResourceSpans/ScopeSpans envelope (stored once per
// distinct envelope), so a trace read back is exactly what the exporters sent, reassembled as one
// ExportTraceServiceRequest. A per-trace summary row (counts, root name, service) keeps the
// "recent traces" list cheap. Retention drops whole traces by age and by stored size.

import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReceivedBatch } from '../otlp/export-request.ts';

export interface RetentionOptions {
  /** Drop traces whose last span arrived longer ago than this (ms). 0 = keep forever. */
  maxAgeMs: number;
  /** Drop the oldest traces while stored span JSON exceeds this many bytes. 0 = no limit. */
  maxBytes: number;
}

export const DEFAULT_RETENTION: RetentionOptions = {
  maxAgeMs: 7 * 24 * 3600 * 1000,
  maxBytes: 512 * 1024 * 1024,
};

export interface TraceSummary {
  traceId: string;
  spanCount: number;
  bytes: number;
  /**
   * Name of the first span without a parent; else of the first span whose parent is not in the
   * trace (an agent trace under a remote experiment span); null for an empty trace.
   */
  rootName: string | null;
  /** True when `rootName` is a span whose parent is absent (remote, or lost). */
  rootParentMissing: boolean;
  /** service.name of that span's resource. */
  serviceName: string | null;
  /** Name of the first span received, for traces without a root. */
  firstSpanName: string;
  firstReceivedMs: number;
  lastReceivedMs: number;
}

export interface StoredTrace {
  traceId: string;
  spanCount: number;
  /** OTLP/JSON ExportTraceServiceRequest with every stored span of the trace. */
  text: string;
}

export interface InsertResult {
  spanCount: number;
  traceIds: string[];
}

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS envelopes (
  id INTEGER PRIMARY KEY,
  digest TEXT NOT NULL UNIQUE,
  resource_json TEXT NOT NULL,
  scope_json TEXT NOT NULL,
  service_name TEXT
);
CREATE TABLE IF NOT EXISTS spans (
  id INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT NOT NULL,
  envelope_id INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  span_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS spans_by_trace ON spans (trace_id, id);
CREATE TABLE IF NOT EXISTS traces (
  trace_id TEXT PRIMARY KEY,
  span_count INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  root_name TEXT,
  root_service TEXT,
  first_name TEXT NOT NULL,
  first_service TEXT,
  first_received_ms INTEGER NOT NULL,
  last_received_ms INTEGER NOT NULL,
  last_seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS traces_by_recent ON traces (last_seq);
`;

interface TraceRow {
  trace_id: string;
  span_count: number;
  bytes: number;
  root_name: string | null;
  root_service: string | null;
  first_name: string;
  first_service: string | null;
  first_received_ms: number;
  last_received_ms: number;
  last_seq: number;
}

const toSummary = (r: TraceRow, top: TopSpan | null): TraceSummary => ({
  traceId: r.trace_id,
  spanCount: r.span_count,
  bytes: r.bytes,
  rootName: r.root_name ?? top?.name ?? null,
  rootParentMissing: r.root_name === null && top !== null,
  serviceName: r.root_name !== null ? r.root_service : (top?.service_name ?? r.first_service),
  firstSpanName: r.first_name,
  firstReceivedMs: r.first_received_ms,
  lastReceivedMs: r.last_received_ms,
});

interface TopSpan {
  name: string;
  service_name: string | null;
}

export class SpanStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly retention: RetentionOptions;
  private readonly envelopeIds = new Map<string, number>();
  private totalBytes: number;
  private readonly now: () => number;
  private readonly stmt: {
    findEnvelope: Database.Statement<[string], { id: number }>;
    addEnvelope: Database.Statement<[string, string, string, string | null]>;
    addSpan: Database.Statement<[string, string, string, number, number, string]>;
    upsertTrace: Database.Statement<unknown[]>;
    traceSpans: Database.Statement<
      [string],
      { span_json: string; resource_json: string; scope_json: string }
    >;
    recent: Database.Statement<[number, number], TraceRow>;
    one: Database.Statement<[string], TraceRow>;
    idsOf: Database.Statement<
      [string],
      {
        span_id: string;
        parent_span_id: string;
        name: string | null;
        start: string | null;
        service_name: string | null;
      }
    >;
  };

  /** Open (or create) the database file; `:memory:` works for tests. */
  constructor(
    file: string,
    retention: Partial<RetentionOptions> = {},
    now: () => number = Date.now,
  ) {
    this.file = file;
    this.retention = { ...DEFAULT_RETENTION, ...retention };
    this.now = now;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // Must precede the first table so freed pages can be returned to the file system.
    this.db.pragma('auto_vacuum = INCREMENTAL');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    const hasTables = !!this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'spans'").get();
    if (hasTables && version !== SCHEMA_VERSION) {
      this.db.close();
      throw new Error(
        `${file} was written by another version of tpd (schema ${version}, expected ${SCHEMA_VERSION}); use another --db file or delete it`,
      );
    }
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    this.stmt = {
      findEnvelope: this.db.prepare('SELECT id FROM envelopes WHERE digest = ?'),
      addEnvelope: this.db.prepare(
        'INSERT INTO envelopes (digest, resource_json, scope_json, service_name) VALUES (?, ?, ?, ?)',
      ),
      addSpan: this.db.prepare(
        `INSERT INTO spans (trace_id, span_id, parent_span_id, envelope_id, received_ms, span_json)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      upsertTrace: this.db.prepare(
        `INSERT INTO traces (trace_id, span_count, bytes, root_name, root_service, first_name,
           first_service, first_received_ms, last_received_ms, last_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (trace_id) DO UPDATE SET
           span_count = span_count + excluded.span_count,
           bytes = bytes + excluded.bytes,
           root_service = CASE WHEN root_name IS NULL THEN excluded.root_service ELSE root_service END,
           root_name = coalesce(root_name, excluded.root_name),
           last_received_ms = excluded.last_received_ms,
           last_seq = excluded.last_seq`,
      ),
      traceSpans: this.db.prepare(
        `SELECT s.span_json, e.resource_json, e.scope_json
         FROM spans s JOIN envelopes e ON e.id = s.envelope_id
         WHERE s.trace_id = ? ORDER BY s.id`,
      ),
      recent: this.db.prepare('SELECT * FROM traces ORDER BY last_seq DESC LIMIT ? OFFSET ?'),
      one: this.db.prepare('SELECT * FROM traces WHERE trace_id = ?'),
      idsOf: this.db.prepare(
        `SELECT s.span_id, s.parent_span_id, json_extract(s.span_json, '$.name') AS name,
           CAST(json_extract(s.span_json, '$.startTimeUnixNano') AS TEXT) AS start, e.service_name
         FROM spans s JOIN envelopes e ON e.id = s.envelope_id WHERE s.trace_id = ? ORDER BY s.id`,
      ),
    };
    this.totalBytes = (
      this.db.prepare('SELECT coalesce(sum(bytes), 0) AS b FROM traces').get() as { b: number }
    ).b;
    this.enforceRetention();
  }

  private envelopeId(resourceJson: string, scopeJson: string, serviceName: string | null): number {
    const digest = createHash('sha256')
      .update(resourceJson)
      .update('\n')
      .update(scopeJson)
      .digest('base64');
    const cached = this.envelopeIds.get(digest);
    if (cached !== undefined) return cached;
    const found = this.stmt.findEnvelope.get(digest);
    const id = found
      ? found.id
      : Number(
          this.stmt.addEnvelope.run(digest, resourceJson, scopeJson, serviceName).lastInsertRowid,
        );
    this.envelopeIds.set(digest, id);
    return id;
  }

  /** Store a whole request in one transaction: all of it or nothing. */
  insert(batch: ReceivedBatch): InsertResult {
    const received = this.now();
    const perTrace = new Map<
      string,
      {
        count: number;
        bytes: number;
        root: string | null;
        rootService: string | null;
        first: string;
        firstService: string | null;
        seq: number;
      }
    >();
    const run = this.db.transaction(() => {
      for (const g of batch.groups) {
        const envelope = this.envelopeId(g.resourceJson, g.scopeJson, g.serviceName);
        for (const s of g.spans) {
          const seq = Number(
            this.stmt.addSpan.run(s.traceId, s.spanId, s.parentSpanId, envelope, received, s.json)
              .lastInsertRowid,
          );
          let t = perTrace.get(s.traceId);
          if (!t) {
            t = {
              count: 0,
              bytes: 0,
              root: null,
              rootService: null,
              first: s.name,
              firstService: g.serviceName,
              seq,
            };
            perTrace.set(s.traceId, t);
          }
          t.seq = seq;
          t.count++;
          t.bytes += s.json.length;
          if (t.root === null && s.parentSpanId === '') {
            t.root = s.name;
            t.rootService = g.serviceName;
          }
        }
      }
      for (const [id, t] of perTrace)
        this.stmt.upsertTrace.run(
          id,
          t.count,
          t.bytes,
          t.root,
          t.rootService,
          t.first,
          t.firstService,
          received,
          received,
          t.seq,
        );
    });
    try {
      run();
    } catch (e) {
      // A rolled-back transaction may have cached envelope ids that no longer exist.
      this.envelopeIds.clear();
      throw e;
    }
    for (const t of perTrace.values()) this.totalBytes += t.bytes;
    if (this.retention.maxBytes > 0 && this.totalBytes > this.retention.maxBytes)
      this.enforceRetention();
    return { spanCount: batch.spanCount, traceIds: [...perTrace.keys()] };
  }

  /** Every stored span of a trace as one OTLP/JSON request, or null when none is stored. */
  getTrace(traceId: string): StoredTrace | null {
    const rows = this.stmt.traceSpans.all(traceId.toLowerCase());
    if (!rows.length) return null;
    // Envelopes in first-arrival order; spans of one resource+scope stay together, in arrival
    // order within it.
    const resources = new Map<string, Map<string, string[]>>();
    for (const r of rows) {
      let scopes = resources.get(r.resource_json);
      if (!scopes) resources.set(r.resource_json, (scopes = new Map()));
      let spans = scopes.get(r.scope_json);
      if (!spans) scopes.set(r.scope_json, (spans = []));
      spans.push(r.span_json);
    }
    const parts: string[] = [];
    for (const [resourceJson, scopes] of resources) {
      const scopeParts: string[] = [];
      for (const [scopeJson, spans] of scopes)
        scopeParts.push(withArray(scopeJson, 'spans', spans));
      parts.push(withArray(resourceJson, 'scopeSpans', scopeParts));
    }
    return {
      traceId: traceId.toLowerCase(),
      spanCount: rows.length,
      text: `{"resourceSpans":[${parts.join(',')}]}`,
    };
  }

  summary(traceId: string): TraceSummary | null {
    const row = this.stmt.one.get(traceId.toLowerCase());
    return row ? this.summarize(row) : null;
  }

  /** Newest first (by the arrival of the trace's latest span; ties in arrival order). */
  listRecent(limit = 50, offset = 0): TraceSummary[] {
    return this.stmt.recent.all(limit, offset).map(r => this.summarize(r));
  }

  private summarize(row: TraceRow): TraceSummary {
    return toSummary(row, row.root_name === null ? this.topSpan(row.trace_id) : null);
  }

  /**
   * For a trace without a root: the earliest-starting span whose parent is not in the trace (the
   * agent's entry span under a remote experiment span, rather than a lost child that was exported
   * first).
   */
  private topSpan(traceId: string): TopSpan | null {
    const rows = this.stmt.idsOf.all(traceId);
    const ids = new Set(rows.map(r => r.span_id));
    let top: (typeof rows)[number] | null = null;
    let topStart: bigint | null = null;
    for (const r of rows) {
      if (ids.has(r.parent_span_id)) continue;
      const start = r.start && /^\d+$/.test(r.start) ? BigInt(r.start) : null;
      if (!top || (start !== null && (topStart === null || start < topStart))) {
        top = r;
        topStart = start;
      }
    }
    return top ? { name: top.name ?? '', service_name: top.service_name } : null;
  }

  stats(): { traces: number; spans: number; bytes: number } {
    const r = this.db
      .prepare('SELECT count(*) AS traces, coalesce(sum(span_count), 0) AS spans FROM traces')
      .get() as { traces: number; spans: number };
    return { ...r, bytes: this.totalBytes };
  }

  /** Drop traces older than the age limit, then the oldest ones while over the size limit. */
  enforceRetention(): { droppedTraces: number } {
    const { maxAgeMs, maxBytes } = this.retention;
    const doomed: string[] = [];
    let freed = 0;
    if (maxAgeMs > 0) {
      const old = this.db
        .prepare('SELECT trace_id, bytes FROM traces WHERE last_received_ms < ?')
        .all(this.now() - maxAgeMs) as { trace_id: string; bytes: number }[];
      for (const r of old) {
        doomed.push(r.trace_id);
        freed += r.bytes;
      }
    }
    if (maxBytes > 0 && this.totalBytes - freed > maxBytes) {
      // Free down to 90% so a steady stream does not trigger a purge on every request.
      const target = maxBytes * 0.9;
      const skip = new Set(doomed);
      for (const r of this.db
        .prepare('SELECT trace_id, bytes FROM traces ORDER BY last_seq')
        .iterate() as IterableIterator<{ trace_id: string; bytes: number }>) {
        if (this.totalBytes - freed <= target) break;
        if (skip.has(r.trace_id)) continue;
        doomed.push(r.trace_id);
        freed += r.bytes;
      }
    }
    if (!doomed.length) return { droppedTraces: 0 };
    const delSpans = this.db.prepare('DELETE FROM spans WHERE trace_id = ?');
    const delTrace = this.db.prepare('DELETE FROM traces WHERE trace_id = ?');
    this.db.transaction(() => {
      for (const id of doomed) {
        delSpans.run(id);
        delTrace.run(id);
      }
      this.db.exec(
        'DELETE FROM envelopes WHERE id NOT IN (SELECT DISTINCT envelope_id FROM spans)',
      );
    })();
    this.envelopeIds.clear();
    this.totalBytes -= freed;
    this.db.pragma('incremental_vacuum');
    return { droppedTraces: doomed.length };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** `{"a":1}` + key + items → `{"a":1,"key":[items]}` (the envelope JSON is an object). */
function withArray(objectJson: string, key: string, items: string[]): string {
  const head = objectJson.slice(0, objectJson.lastIndexOf('}'));
  const sep = head.trim() === '{' ? '' : ',';
  return `${head}${sep}"${key}":[${items.join(',')}]}`;
}
