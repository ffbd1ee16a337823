// Every failure-mode fixture under public/samples/broken/<case>/ (written by
// scripts/make-broken-fixtures.ts), in every format: the expected rules fire on the expected spans,
// nothing else reaches warning or error level, the format is detected, and the healthy cases are
// clean. case.json holds the expectations and the optional expected context of each run.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.ts';
import type { ExpectedContextInput } from '../model/context.ts';

interface CaseJson {
  id: string;
  title: string;
  files: Record<string, string>;
  runs: { context?: ExpectedContextInput; expect: { rule: string; spanIds: string[] }[] }[];
}

const root = fileURLToPath(new URL('../../../public/samples/broken/', import.meta.url));
const cases: CaseJson[] = readdirSync(root, { withFileTypes: true })
  .filter(d => d.isDirectory())
  .map(d => JSON.parse(readFileSync(`${root}${d.name}/case.json`, 'utf8')) as CaseJson);

describe('broken fixtures', () => {
  it('cover every failure mode and the healthy look-alikes', () => {
    expect(cases.map(c => c.id).sort()).toEqual(
      [
        'context-trap',
        'context-trap-console',
        'cross-service-break',
        'healthy-big',
        'healthy-experiment',
        'mis-routing',
        'no-extraction',
        'partial-routing',
        'server-span-dropped',
        'thread-lost-context',
        'tools-without-chain',
      ].sort(),
    );
    for (const c of cases) expect(Object.keys(c.files).length).toBeGreaterThanOrEqual(3);
  });

  for (const c of cases) {
    describe(c.id, () => {
      for (const [file, formatId] of Object.entries(c.files)) {
        c.runs.forEach((run, k) => {
          const label = `${file}${run.context ? ` with context ${k}` : ''}`;
          it(`${label}: ${run.expect.length ? run.expect.map(e => e.rule).join(', ') : 'no problems'}`, () => {
            const text = readFileSync(`${root}${c.id}/${file}`, 'utf8');
            const a = analyze({ text, fileName: file }, { context: run.context ?? {} });
            expect(a.format).toBe(formatId);
            expect(a.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
            const got = a.findings
              .filter(f => f.severity !== 'info')
              .map(f => `${f.rule}:${[...f.spanIds].sort().join(',')}`)
              .sort();
            const want = run.expect.map(e => `${e.rule}:${[...e.spanIds].sort().join(',')}`).sort();
            expect(got).toEqual(want);
            if (run.expect.length === 0) expect(a.verdict.ok).toBe(true);
          });
        });
      }
    });
  }
});
