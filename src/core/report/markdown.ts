// "Copy report": the analysis as Markdown for a ticket — verdict, format, expected context, the
// experiment checklist, findings grouped by rule (spans, causes, fix code, docs) and input
// problems. Lists are capped so a 100k-span dump still gives a readable report.

import type { Analysis } from '../analyze.ts';
import type { Finding, FixSnippet } from '../model/diagnostic.ts';
import { severityRank } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import { RULES } from '../rules/index.ts';

const MAX_SPANS = 12;
const MAX_FINDINGS_PER_RULE = 20;

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const t = text.replace(/\r?\n/g, ' ');
  const fence = t.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${t}${fence === '``' ? ' ' : ''}${fence}`;
}

function fenced(snippet: FixSnippet): string {
  let fence = '```';
  while (snippet.code.includes(fence)) fence += '`';
  const lang = snippet.language === 'text' ? '' : snippet.language;
  return `${snippet.title}:\n\n${fence}${lang}\n${snippet.code}\n${fence}`;
}

function spanLine(s: Span): string {
  const bits = [s.oiKind, s.kind].filter(Boolean).join('/');
  return `${code(s.name || '(unnamed)')} ${code(s.spanId)}${bits ? ` ${bits}` : ''}${s.serviceName ? `, service ${code(s.serviceName)}` : ''}, line ${s.source.line}`;
}

function ruleTitle(id: string): string {
  return RULES.find(r => r.id === id)?.title ?? id;
}

function verdictLine(a: Analysis): string {
  const v = a.verdict;
  if (a.unreadable) return '**Verdict:** the input could not be read.';
  if (v.ok)
    return `**Verdict:** no propagation problems found${v.infos ? ` (${v.infos} note${v.infos === 1 ? '' : 's'})` : ''}.`;
  const parts = [];
  if (v.errors) parts.push(`${v.errors} error${v.errors === 1 ? '' : 's'}`);
  if (v.warnings) parts.push(`${v.warnings} warning${v.warnings === 1 ? '' : 's'}`);
  return `**Verdict:** ${parts.join(', ')}.`;
}

function findingBlock(a: Analysis, f: Finding): string {
  const out: string[] = [];
  out.push(`#### ${f.severity.toUpperCase()}: ${f.message}`);
  const meta: string[] = [];
  if (f.traceId) meta.push(`- Trace: ${code(f.traceId)}`);
  if (f.missingSpanId) meta.push(`- Missing span: ${code(f.missingSpanId)}`);
  const spans = f.spanIndexes.map(i => a.spans[i]).filter((s): s is Span => s !== undefined);
  if (spans.length) {
    meta.push(`- Spans (${spans.length}):`);
    for (const s of spans.slice(0, MAX_SPANS)) meta.push(`  - ${spanLine(s)}`);
    if (spans.length > MAX_SPANS) meta.push(`  - … and ${spans.length - MAX_SPANS} more`);
  }
  out.push(meta.join('\n'));
  if (f.details) out.push(f.details);
  if (f.causes.length) out.push(`**Likely causes**\n\n${f.causes.map(c => `- ${c}`).join('\n')}`);
  if (f.fix.length) out.push(`**Fix**\n\n${f.fix.map(fenced).join('\n\n')}`);
  if (f.docs.length) out.push(`Docs: ${f.docs.map(d => `[${d.title}](${d.url})`).join(' · ')}`);
  return out.filter(Boolean).join('\n\n');
}

export function analysisToMarkdown(a: Analysis): string {
  const out: string[] = [];
  out.push('# Trace propagation report');
  out.push(verdictLine(a));
  const facts: string[] = [];
  facts.push(
    `- Format: ${a.formatLabel ?? 'unknown'}${a.dialect ? ` (${a.dialect})` : ''}${a.detection ? ` — ${a.detection}` : ''}`,
  );
  facts.push(
    `- Spans: ${a.spans.length} in ${a.forest.traces.length} trace${a.forest.traces.length === 1 ? '' : 's'}`,
  );
  const c = a.context;
  const ctx: string[] = [];
  if (c.traceId) ctx.push(`trace id ${code(c.traceId)}`);
  if (c.remoteParentSpanId)
    ctx.push(`remote parent (experiment span) ${code(c.remoteParentSpanId)}`);
  if (c.routing.spaceId) ctx.push(`space ${code(c.routing.spaceId)}`);
  if (c.routing.projectName) ctx.push(`project ${code(c.routing.projectName)}`);
  facts.push(`- Expected context: ${ctx.length ? ctx.join(', ') : 'none given'}`);
  out.push(facts.join('\n'));

  if (a.checklist) {
    const lines = a.checklist.items.map(it => {
      const mark = it.status === 'pass' ? '✅' : it.status === 'fail' ? '❌' : '❔';
      const spans =
        it.status === 'fail' && it.spanIndexes.length
          ? ` (${it.spanIndexes
              .slice(0, 5)
              .map(i => code(a.spans[i]?.name || a.spans[i]?.spanId || String(i)))
              .join(', ')}${it.spanIndexes.length > 5 ? `, +${it.spanIndexes.length - 5}` : ''})`
          : '';
      return `- ${mark} **${it.label}** — ${it.status}${spans}. ${it.detail}`;
    });
    out.push(`## Experiment checklist\n\n${lines.join('\n')}`);
  }

  const problems = a.findings.filter(f => f.severity !== 'info');
  if (problems.length) {
    const byRule = new Map<string, Finding[]>();
    for (const f of [...problems].sort(
      (x, y) => severityRank[x.severity] - severityRank[y.severity],
    )) {
      const list = byRule.get(f.rule);
      if (list) list.push(f);
      else byRule.set(f.rule, [f]);
    }
    const sections: string[] = ['## Findings'];
    for (const [rule, list] of byRule) {
      sections.push(`### ${code(rule)} — ${ruleTitle(rule)} (${list.length})`);
      for (const f of list.slice(0, MAX_FINDINGS_PER_RULE)) sections.push(findingBlock(a, f));
      if (list.length > MAX_FINDINGS_PER_RULE)
        sections.push(`… and ${list.length - MAX_FINDINGS_PER_RULE} more ${code(rule)} findings.`);
    }
    out.push(sections.join('\n\n'));
  }

  const notes = a.findings.filter(f => f.severity === 'info');
  if (notes.length) {
    out.push(
      `## Notes\n\n${notes
        .slice(0, 30)
        .map(f => `- ${code(f.rule)}: ${f.message}`)
        .join('\n')}${notes.length > 30 ? `\n- … and ${notes.length - 30} more` : ''}`,
    );
  }

  const diags = a.diagnostics.filter(d => d.severity !== 'info');
  if (diags.length) {
    const lines = diags.slice(0, 30).map(d => {
      const where = d.location?.line
        ? ` (line ${d.location.line}${d.location.column ? `, column ${d.location.column}` : ''})`
        : '';
      return `- **${d.severity}** ${code(d.code)}${where}: ${d.message}${d.hint ? ` — ${d.hint}` : ''}`;
    });
    if (diags.length > 30) lines.push(`- … and ${diags.length - 30} more`);
    out.push(`## Input problems\n\n${lines.join('\n')}`);
  }
  return out.join('\n\n') + '\n';
}
