import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.ts';
import { analysisToMarkdown } from './markdown.ts';

const broken = (c: string, f = 'otlp.json') =>
  readFileSync(
    fileURLToPath(new URL(`../../../public/samples/broken/${c}/${f}`, import.meta.url)),
    'utf8',
  );

describe('analysisToMarkdown', () => {
  it('writes verdict, format, context, checklist and findings grouped by rule with fix code', () => {
    const a = analyze(
      { text: broken('context-trap'), fileName: 'otlp.json' },
      {
        context: {
          baggage: 'arize.space_id=U3BhY2U6MjkxOTpyb3V0ZWQ=,arize.project_name=travel-agent',
        },
      },
    );
    const md = analysisToMarkdown(a);
    expect(md).toMatch(/^# Trace propagation report\n\n\*\*Verdict:\*\* 2 errors\./);
    expect(md).toContain('- Format: OTLP/JSON');
    expect(md).toContain(
      '- Expected context: space `U3BhY2U6MjkxOTpyb3V0ZWQ=`, project `travel-agent`',
    );
    expect(md).toContain('## Experiment checklist');
    expect(md).toContain('❌ **No orphans** — fail');
    expect(md).toContain('### `orphaned-tool-span` — Orphaned tool span (1)');
    expect(md).toContain('### `missing-chain-span`');
    expect(md).toContain('**Likely causes**');
    expect(md).toContain('```python\n');
    expect(md).toContain('- Missing span: `');
    expect(md).toMatch(
      /\[Arize AX: Setting up tracing for agent experiments\]\(https:\/\/arize\.com\//,
    );
  });

  it('says no problems for a healthy dump and lists the remote parent as a note', () => {
    const md = analysisToMarkdown(
      analyze({ text: broken('healthy-experiment'), fileName: 'otlp.json' }),
    );
    expect(md).toContain('**Verdict:** no propagation problems found');
    expect(md).not.toContain('## Findings');
    expect(md).toContain('- Expected context: none given');
  });

  it('caps long span lists and survives backticks in names', () => {
    const a = analyze({ text: broken('no-extraction'), fileName: 'otlp.json' });
    a.spans[0]!.name = 'weird `name`';
    const md = analysisToMarkdown(a);
    expect(md).not.toContain('`weird `name``');
    expect(md).toContain('`` weird `name` ``');
  });

  it('reports unreadable input and its problems', () => {
    const md = analysisToMarkdown(analyze({ text: '{"nope": 1}' }));
    expect(md).toContain('the input could not be read');
    expect(md).toContain('## Input problems');
    expect(md).toContain('`format.unknown`');
  });
});
