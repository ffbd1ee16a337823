import type { Analysis } from '../../core/analyze.ts';
import type { Attributes, AttrValue, Span } from '../../core/model/span.ts';
import { formatDuration, nanosToIso } from '../../core/model/time.ts';
import { selectSpan, useSelectionStore } from '../../state/selection-store.ts';
import type { RawExcerpt } from '../worker/raw-excerpt.ts';
import { useSpanDetail } from './useSpanDetail.ts';

function show(v: AttrValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function AttrTable({ attrs, label }: { attrs: Attributes; label: string }) {
  const keys = Object.keys(attrs).sort();
  if (keys.length === 0) return null;
  return (
    <table className="attr-table" aria-label={label}>
      <tbody>
        {keys.map(k => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{show(attrs[k]!)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The input text the span came from (dumps analysed in the worker). */
function RawSource({ raw }: { raw: RawExcerpt }) {
  return (
    <details>
      <summary>
        Raw input (from line {raw.line}
        {raw.truncated ? ', shortened' : ''})
      </summary>
      <pre className="raw-source">{raw.text}</pre>
    </details>
  );
}

export function SpanDetails({ analysis }: { analysis: Analysis }) {
  const index = useSelectionStore(s => s.selectedSpanIndex);
  const nodeId = useSelectionStore(s => s.selectedNodeId);
  const { detail, loading } = useSpanDetail(analysis, index);
  if (index === null) {
    if (nodeId !== null) {
      const node = analysis.forest.nodes[nodeId];
      if (node && node.spanIndex < 0) {
        return (
          <section className="panel details-panel" aria-label="Span details">
            <h2>
              {node.kind === 'remote-parent'
                ? 'Remote parent'
                : node.kind === 'cycle'
                  ? 'Parent cycle'
                  : 'Missing parent'}
            </h2>
            <p>
              Span id <span className="mono">{node.missingSpanId}</span> is referenced as parent by{' '}
              {node.children.length} span{node.children.length === 1 ? '' : 's'} but is not in this
              dump.
              {node.kind === 'remote-parent'
                ? ' It is marked as remote: the caller (e.g. the experiment span) lives in another process, which is expected.'
                : node.kind === 'cycle'
                  ? ' The spans form a loop of parent links; the loop is cut here.'
                  : ' It was lost or never exported — see the findings.'}
            </p>
          </section>
        );
      }
    }
    return (
      <section className="panel details-panel" aria-label="Span details">
        <p className="muted">
          Select a span to see its ids, times, attributes, events and the raw input it came from.
        </p>
      </section>
    );
  }
  // The page's span has the ids, times and status; attributes, events … come with `detail`.
  const s = analysis.spans[index];
  if (!s) return null;
  const full = detail?.span;
  const findings = analysis.findings.filter(f => f.spanIndexes.includes(index));
  const parentIdx = analysis.forest.parentOfSpan[index]!;
  return (
    <section className="panel details-panel" aria-label="Span details">
      <h2>{s.name || '(unnamed)'}</h2>
      <dl className="kv">
        <dt>Trace id</dt>
        <dd className="mono">{s.traceId}</dd>
        <dt>Span id</dt>
        <dd className="mono">{s.spanId}</dd>
        <dt>Parent span id</dt>
        <dd className="mono">
          {s.parentSpanId === null ? (
            'none (root)'
          ) : parentIdx >= 0 ? (
            <button type="button" className="link" onClick={() => selectSpan(parentIdx, true)}>
              {s.parentSpanId}
            </button>
          ) : (
            <>
              {s.parentSpanId}{' '}
              <span className="muted">
                (not in dump
                {s.parentIsRemote === true
                  ? '; marked remote'
                  : s.parentIsRemote === false
                    ? '; marked local — lost'
                    : ''}
                )
              </span>
            </>
          )}
        </dd>
        <dt>Kind</dt>
        <dd>
          {s.oiKind ?? '—'} <span className="muted">(OpenInference)</span> · {s.kind ?? '—'}{' '}
          <span className="muted">(OTel)</span>
        </dd>
        <dt>Service</dt>
        <dd>{s.serviceName ?? '—'}</dd>
        <dt>Start</dt>
        <dd className="mono">{s.startNs !== null ? nanosToIso(s.startNs) : '—'}</dd>
        <dt>Duration</dt>
        <dd>
          {s.startNs !== null && s.endNs !== null ? formatDuration(s.endNs - s.startNs) : '—'}
        </dd>
        <dt>Status</dt>
        <dd className={s.status.code === 'ERROR' ? 'error-text' : undefined}>
          {s.status.code}
          {s.status.message ? `: ${s.status.message}` : ''}
        </dd>
        {full?.scope && (
          <>
            <dt>Scope</dt>
            <dd>
              {full.scope.name} {full.scope.version}
            </dd>
          </>
        )}
        {s.traceState && (
          <>
            <dt>Trace state</dt>
            <dd className="mono">{s.traceState}</dd>
          </>
        )}
        {s.flags !== undefined && (
          <>
            <dt>Flags</dt>
            <dd className="mono">0x{s.flags.toString(16)}</dd>
          </>
        )}
        <dt>Input line</dt>
        <dd>{s.source.line}</dd>
      </dl>
      {full?.notes && full.notes.length > 0 && (
        <ul className="notes" aria-label="Import notes">
          {full.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {findings.length > 0 && (
        <ul className="span-findings" aria-label="Findings for this span">
          {findings.map((f, i) => (
            <li key={i} className={`sev-${f.severity}`}>
              <strong>{f.rule}</strong>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {full ? (
        <SpanBody span={full} />
      ) : (
        <p className="muted" role="status">
          {loading
            ? 'Loading attributes…'
            : 'Attributes are not available: a newer analysis replaced this one.'}
        </p>
      )}
      {detail?.raw && <RawSource raw={detail.raw} />}
    </section>
  );
}

/** Attributes, resource, events and links of a full span. */
function SpanBody({ span: s }: { span: Span }) {
  return (
    <>
      <h3>Attributes</h3>
      <AttrTable attrs={s.attributes} label="Attributes" />
      {Object.keys(s.resource).length > 0 && (
        <>
          <h3>Resource</h3>
          <AttrTable attrs={s.resource} label="Resource" />
        </>
      )}
      {s.events.length > 0 && (
        <>
          <h3>Events</h3>
          <ul className="events">
            {s.events.map((ev, i) => (
              <li key={i}>
                <strong>{ev.name}</strong>{' '}
                <span className="muted">
                  {ev.timeNs !== null && s.startNs !== null
                    ? `+${formatDuration(ev.timeNs - s.startNs)}`
                    : ''}
                </span>
                <AttrTable attrs={ev.attributes} label={`Event ${ev.name} attributes`} />
              </li>
            ))}
          </ul>
        </>
      )}
      {s.links.length > 0 && (
        <>
          <h3>Links</h3>
          <ul className="links">
            {s.links.map((l, i) => (
              <li key={i} className="mono">
                {l.traceId} / {l.spanId}
                <AttrTable attrs={l.attributes} label="Link attributes" />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
