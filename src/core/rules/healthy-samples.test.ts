// Analyze-level check of every format sample in public/samples/<format>/ (the healthy 3-span
// fixture trace, plus healthy multi-service samples): no rule may warn or fail, and the absent
// parent 00f067aa0ba902b7 of run_agent must be recognised as the remote caller — from the format's
// remote flag, the traceparent, or the probable-caller shape — and reported at info level only.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.ts';
import { FIXTURE_REMOTE_PARENT, FIXTURE_TRACE_ID } from '../formats/fixture-trace.test-helper.ts';

const root = fileURLToPath(new URL('../../../public/samples/', import.meta.url));
const samples = readdirSync(root, { withFileTypes: true })
  .filter(d => d.isDirectory() && d.name !== 'broken')
  .flatMap(d =>
    readdirSync(`${root}${d.name}`, { withFileTypes: true })
      .filter(f => f.isFile())
      .map(f => `${d.name}/${f.name}`),
  );
const TRACEPARENT = `00-${FIXTURE_TRACE_ID}-${FIXTURE_REMOTE_PARENT}-01`;

describe('healthy samples', () => {
  it('exist', () => expect(samples.length).toBeGreaterThan(20));

  for (const rel of samples) {
    it(`${rel}: no rule warns, the remote parent is recognised`, () => {
      const text = readFileSync(`${root}${rel}`, 'utf8');
      const plain = analyze({ text, fileName: rel.split('/').pop() });
      const isFixture =
        plain.spans.length > 0 && plain.spans.every(s => s.traceId === FIXTURE_TRACE_ID);
      for (const context of isFixture ? [{}, { traceparent: TRACEPARENT }] : [{}]) {
        const a = analyze({ text, fileName: rel.split('/').pop() }, { context });
        expect(a.findings.filter(f => f.severity !== 'info').map(f => f.message)).toEqual([]);
        expect(a.diagnostics.filter(d => d.code.startsWith('context.'))).toEqual([]);
        const pointsAtRemote = a.spans.some(s => s.parentSpanId === FIXTURE_REMOTE_PARENT);
        if (pointsAtRemote) {
          const remote = a.findings.filter(f => f.rule === 'remote-parent');
          expect(remote.map(f => f.missingSpanId)).toContain(FIXTURE_REMOTE_PARENT);
          expect(remote.every(f => f.severity === 'info')).toBe(true);
        }
        if (a.checklist && 'traceparent' in context) {
          const byId = Object.fromEntries(a.checklist.items.map(i => [i.id, i.status]));
          expect(byId['experiment-span']).toBe('pass');
          expect(byId['entry-child']).toBe('pass');
          expect(byId['no-orphans']).toBe('pass');
          expect(byId['tools-under-chain']).toBe('pass');
        }
      }
    });
  }
});
