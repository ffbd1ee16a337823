import { useState } from 'react';
import type { Analysis } from '../../core/analyze.ts';
import type { Diagnostic, Finding } from '../../core/model/diagnostic.ts';
import { selectSpan } from '../../state/selection-store.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { useWhenIdle } from '../common/useWhenIdle.ts';

function groupByRule(findings: Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = groups.get(f.rule);
    if (g) g.push(f);
    else groups.set(f.rule, [f]);
  }
  return [...groups];
}

function FindingItem({ finding, analysis }: { finding: Finding; analysis: Analysis }) {
  const [open, setOpen] = useState(false);
  const first = finding.spanIndexes[0];
  return (
    <li className={`finding sev-${finding.severity}`}>
      <div className="finding-head">
        <span className={`sev-tag sev-${finding.severity}`}>{finding.severity}</span>
        <span className="rule-id">{finding.rule}</span>
        <button
          type="button"
          className="finding-message link"
          onClick={() => {
            if (first !== undefined) selectSpan(first, true);
            setOpen(true);
          }}
        >
          {finding.message}
        </button>
        <button type="button" className="small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Less' : 'Details'}
        </button>
      </div>
      {open && (
        <div className="finding-body">
          {finding.details && <p>{finding.details}</p>}
          {finding.spanIndexes.length > 0 && (
            <div className="finding-spans">
              Spans:{' '}
              {finding.spanIndexes.slice(0, 50).map(i => {
                const s = analysis.spans[i]!;
                return (
                  <button
                    key={i}
                    type="button"
                    className="span-chip"
                    onClick={() => selectSpan(i, true)}
                  >
                    {s.name || '(unnamed)'} <span className="mono muted">{s.spanId}</span>
                  </button>
                );
              })}
              {finding.spanIndexes.length > 50 && (
                <span className="muted"> and {finding.spanIndexes.length - 50} more</span>
              )}
            </div>
          )}
          {finding.causes.length > 0 && (
            <>
              <h4>Likely causes</h4>
              <ul>
                {finding.causes.map((c, i) => (
                  <li key={i}>{c}</li>
                ))}
              </ul>
            </>
          )}
          {finding.fix.map((fx, i) => (
            <div key={i} className="fix">
              <div className="fix-head">
                <h4>{fx.title}</h4>
                <CopyButton text={fx.code} label={`Copy ${fx.title}`} />
              </div>
              <pre className={`code lang-${fx.language}`}>{fx.code}</pre>
            </div>
          ))}
          {finding.docs.length > 0 && (
            <p className="docs">
              {finding.docs.map((d, i) => (
                <a key={i} href={d.url} target="_blank" rel="noreferrer noopener">
                  {d.title}
                </a>
              ))}
            </p>
          )}
        </div>
      )}
    </li>
  );
}

function DiagnosticItem({ d }: { d: Diagnostic }) {
  const loc = d.location;
  return (
    <li className={`finding sev-${d.severity}`}>
      <div className="finding-head">
        <span className={`sev-tag sev-${d.severity}`}>{d.severity}</span>
        <span className="rule-id">{d.code}</span>
        <span className="finding-message">
          {d.message}
          {loc?.line !== undefined && (
            <span className="muted">
              {' '}
              (line {loc.line}
              {loc.column !== undefined ? `, column ${loc.column}` : ''})
            </span>
          )}
        </span>
      </div>
      {d.hint && <p className="hint">{d.hint}</p>}
    </li>
  );
}

/** Findings listed per rule; more are summed up in a line. */
const PER_RULE = 200;
/** Listed per rule when a new analysis is first shown (the rest follow when the page is idle). */
const PER_RULE_FIRST = 10;

export function FindingsPanel({ analysis }: { analysis: Analysis }) {
  const groups = groupByRule(analysis.findings);
  // A big dump can have hundreds of findings: the first of each rule come with the verdict, the
  // rest once the page is idle (after the span tree), so showing the results is short tasks.
  const perRule = useWhenIdle(analysis, null) === analysis ? PER_RULE : PER_RULE_FIRST;
  const nothing = analysis.findings.length === 0 && analysis.diagnostics.length === 0;
  return (
    <section className="panel findings-panel" aria-label="Findings">
      <h2>Findings</h2>
      {nothing && (
        <p className="muted">
          No findings: every parent link, trace id and routing attribute checks out.
        </p>
      )}
      {analysis.diagnostics.length > 0 && (
        <section aria-label="Input problems" className="finding-group">
          <h3>
            Input <span className="count">{analysis.diagnostics.length}</span>
          </h3>
          <ul>
            {analysis.diagnostics.map((d, i) => (
              <DiagnosticItem key={i} d={d} />
            ))}
          </ul>
        </section>
      )}
      {groups.map(([rule, list]) => (
        <section key={rule} aria-label={`Rule ${rule}`} className="finding-group">
          <h3>
            {rule} <span className="count">{list.length}</span>
          </h3>
          <ul>
            {list.slice(0, perRule).map((f, i) => (
              <FindingItem key={i} finding={f} analysis={analysis} />
            ))}
          </ul>
          {list.length > PER_RULE && (
            <p className="muted">… and {list.length - PER_RULE} more of this rule.</p>
          )}
        </section>
      ))}
    </section>
  );
}
