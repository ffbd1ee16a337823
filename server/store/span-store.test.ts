import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readExportRequest } from '../otlp/export-request.ts';
import { SpanStore } from './span-store.ts';

const T1 = '1'.repeat(32);
const T2 = '2'.repeat(32);

interface SpanIn {
  traceId?: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  startTimeUnixNano?: string;
}

/** One request: resources → scopes → spans. */
function batch(resources: { service: string; scopes: { name: string; spans: SpanIn[] }[] }[]) {
  return readExportRequest({
    resourceSpans: resources.map(r => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: r.service } }] },
      scopeSpans: r.scopes.map(s => ({
        scope: { name: s.name },
        spans: s.spans.map(sp => ({ traceId: T1, name: sp.spanId, ...sp })),
      })),
      schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    })),
  });
}

const id = (n: number) => n.toString(16).padStart(16, '0');
let stores: SpanStore[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  stores = [];
});
function open(opts: ConstructorParameters<typeof SpanStore>[1] = {}, now?: () => number) {
  const s = new SpanStore(':memory:', opts, now);
  stores.push(s);
  return s;
}

describe('SpanStore', () => {
  it('reassembles a trace from several requests, grouping spans by resource and scope as received', () => {
    const store = open();
    store.insert(
      batch([
        { service: 'a', scopes: [{ name: 'x', spans: [{ spanId: id(2), parentSpanId: id(1) }] }] },
      ]),
    );
    store.insert(
      batch([
        { service: 'b', scopes: [{ name: 'y', spans: [{ spanId: id(3), parentSpanId: id(2) }] }] },
        {
          service: 'a',
          scopes: [
            { name: 'x', spans: [{ spanId: id(1) }] },
            { name: 'z', spans: [{ spanId: id(4), traceId: T2 }] },
          ],
        },
      ]),
    );
    const t = store.getTrace(T1)!;
    expect(t.spanCount).toBe(3);
    const req = JSON.parse(t.text);
    expect(req.resourceSpans).toHaveLength(2);
    expect(req.resourceSpans[0].resource.attributes[0].value.stringValue).toBe('a');
    expect(req.resourceSpans[0].schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    expect(req.resourceSpans[0].scopeSpans[0].spans.map((s: SpanIn) => s.spanId)).toEqual([
      id(2),
      id(1),
    ]);
    expect(req.resourceSpans[1].scopeSpans[0].scope.name).toBe('y');
    expect(store.getTrace(T2)!.spanCount).toBe(1);
    expect(store.getTrace('f'.repeat(32))).toBeNull();
  });

  it('summarises a trace: root name and service, counts, newest first', () => {
    const store = open();
    store.insert(
      batch([
        {
          service: 'a',
          scopes: [{ name: 'x', spans: [{ spanId: id(2), parentSpanId: id(1), name: 'child' }] }],
        },
      ]),
    );
    store.insert(
      batch([
        {
          service: 'b',
          scopes: [{ name: 'x', spans: [{ spanId: id(9), traceId: T2, name: 'other' }] }],
        },
      ]),
    );
    expect(store.listRecent().map(t => t.traceId)).toEqual([T2, T1]);
    expect(store.summary(T1)).toMatchObject({
      rootName: 'child',
      rootParentMissing: true,
      serviceName: 'a',
      spanCount: 1,
    });
    store.insert(
      batch([
        { service: 'root-svc', scopes: [{ name: 'x', spans: [{ spanId: id(1), name: 'root' }] }] },
      ]),
    );
    expect(store.summary(T1)).toMatchObject({
      rootName: 'root',
      rootParentMissing: false,
      serviceName: 'root-svc',
      spanCount: 2,
    });
    expect(store.listRecent().map(t => t.traceId)).toEqual([T1, T2]);
  });

  it('names a rootless trace after its earliest span with an absent parent, not the first exported', () => {
    const store = open();
    const lost = {
      spanId: id(5),
      parentSpanId: id(4),
      name: 'lost tool',
      startTimeUnixNano: '1700000000500000000',
    };
    const entry = {
      spanId: id(2),
      parentSpanId: id(1),
      name: 'run_agent',
      startTimeUnixNano: '1700000000000000000',
    };
    store.insert(batch([{ service: 'a', scopes: [{ name: 'x', spans: [lost] }] }]));
    expect(store.summary(T1)?.rootName).toBe('lost tool');
    store.insert(batch([{ service: 'a', scopes: [{ name: 'x', spans: [entry] }] }]));
    expect(store.summary(T1)).toMatchObject({ rootName: 'run_agent', rootParentMissing: true });
  });

  it('drops traces older than the age limit', () => {
    let now = 1_000_000;
    const store = open({ maxAgeMs: 1000 }, () => now);
    store.insert(batch([{ service: 'a', scopes: [{ name: 'x', spans: [{ spanId: id(1) }] }] }]));
    now += 500;
    store.insert(
      batch([{ service: 'a', scopes: [{ name: 'x', spans: [{ spanId: id(2), traceId: T2 }] }] }]),
    );
    now += 600;
    expect(store.enforceRetention().droppedTraces).toBe(1);
    expect(store.getTrace(T1)).toBeNull();
    expect(store.getTrace(T2)).not.toBeNull();
  });

  it('drops the oldest traces when stored spans exceed the size limit', () => {
    const store = open({ maxBytes: 2000, maxAgeMs: 0 });
    for (let i = 0; i < 20; i++) {
      const traceId = (i + 1).toString(16).padStart(32, '0');
      store.insert(
        batch([
          {
            service: 'a',
            scopes: [{ name: 'x', spans: [{ spanId: id(i + 1), traceId, name: 'n'.repeat(150) }] }],
          },
        ]),
      );
    }
    const { traces, bytes } = store.stats();
    expect(bytes).toBeLessThanOrEqual(2000);
    expect(traces).toBeLessThan(20);
    expect(store.getTrace((20).toString(16).padStart(32, '0'))).not.toBeNull();
    expect(store.getTrace((1).toString(16).padStart(32, '0'))).toBeNull();
  });

  it('refuses a database file of another schema version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpd-store-'));
    try {
      const file = join(dir, 'x.db');
      const s = new SpanStore(file);
      s.close();
      const db = new Database(file);
      db.pragma('user_version = 99');
      db.close();
      expect(() => new SpanStore(file)).toThrow(/another version of tpd/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
