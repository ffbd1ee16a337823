import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.ts';
import { findingsToJson } from './findings-json.ts';

const broken = (c: string, f = 'python-console.txt') =>
  readFileSync(
    fileURLToPath(new URL(`../../../public/samples/broken/${c}/${f}`, import.meta.url)),
    'utf8',
  );

describe('findingsToJson', () => {
  it('is plain JSON (survives a round trip) with spans named, not just indexed', () => {
    const a = analyze({ text: broken('thread-lost-context') });
    const json = findingsToJson(a);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.schema).toBe('tpd.findings/1');
    expect(json.format).toBe('python-console');
    expect(json.verdict.errors).toBe(6);
    const f = json.findings.find(x => x.rule === 'trace-id-mismatch')!;
    expect(f.spans[0]).toMatchObject({
      name: expect.any(String),
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      line: expect.any(Number),
    });
    expect(f.spans[0]!.start).toMatch(/^2025-06-01T/);
    expect(json.checklist?.items.map(i => i.id)).toEqual([
      'experiment-span',
      'entry-child',
      'tools-under-chain',
      'routed',
      'no-orphans',
    ]);
  });

  it('carries the resolved context and the input diagnostics', () => {
    const a = analyze(
      { text: broken('healthy-big') },
      { context: { traceparent: 'garbage', baggage: 'arize.space_id=S' } },
    );
    const json = findingsToJson(a);
    expect(json.context.routing).toEqual({ spaceId: 'S', projectName: null });
    expect(json.diagnostics.map(d => d.code)).toEqual(
      expect.arrayContaining(['context.traceparent.invalid', 'context.baggage.routing-incomplete']),
    );
  });
});
