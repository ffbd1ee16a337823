// The "Headers" view: decode traceparent / tracestate / baggage strictly (W3C) beside what
// OpenTelemetry JS does, edit them field by field, generate new ones, and copy ready-made requests.
// All state is in the URL (header-store), so a decoded header can be shared as a link.

import { formatHeaderBlock } from '../../core/headers/header-block.ts';
import { childOfSpan, generateHeaders } from '../../core/headers/generate.ts';
import { OTEL_API_VERSION, OTEL_CORE_VERSION } from '../../core/headers/otel-compare.ts';
import type { HeaderProblem } from '../../core/headers/problem.ts';
import { useAnalysisStore } from '../../state/analysis-store.ts';
import {
  clearHeaders,
  type HeaderName,
  setHeaderBlock,
  setHeaderValue,
  setHeaderValues,
  useHeaderStore,
} from '../../state/header-store.ts';
import { useSelectionStore } from '../../state/selection-store.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { BaggagePanel } from './BaggagePanel.tsx';
import { DumpPanel } from './DumpPanel.tsx';
import { Marked } from './Marked.tsx';
import { OtelColumn } from './OtelColumn.tsx';
import { SnippetsPanel } from './SnippetsPanel.tsx';
import { TraceparentPanel } from './TraceparentPanel.tsx';
import { TracestatePanel } from './TracestatePanel.tsx';
import { useDecodedHeaders } from './useDecodedHeaders.ts';
import { Verdict } from './Verdict.tsx';
import './header-editor.css';

const PLACEHOLDER: Record<HeaderName, string> = {
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: 'vendor=opaque-value',
  baggage: 'arize.space_id=…,arize.project_name=…',
};

function HeaderInput({
  name,
  present,
  valid,
  verdictLabel,
  firstError,
}: {
  name: HeaderName;
  present: boolean;
  valid: boolean;
  verdictLabel?: string;
  firstError: HeaderProblem | undefined;
}) {
  const value = useHeaderStore(s => s[name]);
  const id = `he-input-${name}`;
  return (
    <div className="he-input">
      <div className="he-input-head">
        <label htmlFor={id} className="mono he-input-label">
          {name}
        </label>
        <Verdict present={present} valid={valid} label={verdictLabel} />
        {value !== '' && <CopyButton text={value} label={`Copy ${name}`} />}
      </div>
      <input
        id={id}
        className="mono"
        spellCheck={false}
        autoComplete="off"
        value={value}
        placeholder={PLACEHOLDER[name]}
        aria-invalid={present && !valid}
        onChange={e => setHeaderValue(name, e.target.value)}
      />
      <Marked text={value} problem={firstError} />
      {firstError && (
        <p className="he-first-error" role="status">
          {firstError.position !== undefined && `Column ${firstError.position + 1}: `}
          {firstError.message}
        </p>
      )}
    </div>
  );
}

export function HeaderEditor() {
  const { decoded: d, otel, blockNotes, fields } = useDecodedHeaders();
  const block = useHeaderStore(s => s.block);
  const values = [
    useHeaderStore(s => s.traceparent),
    useHeaderStore(s => s.tracestate),
    useHeaderStore(s => s.baggage),
  ];
  const analysis = useAnalysisStore(s => s.analysis);
  const selected = useSelectionStore(s => s.selectedSpanIndex);
  const span = analysis && selected !== null ? analysis.spans[selected] : undefined;
  const firstError = (ps: HeaderProblem[]) => ps.find(p => p.severity === 'error');
  const present = (['traceparent', 'tracestate', 'baggage'] as const)
    .map((name, i) => ({ name, value: values[i] ?? '' }))
    .filter(h => h.value !== '');
  const headerLines = formatHeaderBlock(present);
  const invalid = [d.traceparent, d.tracestate, d.baggage].filter(
    h => h.present && !h.valid,
  ).length;

  return (
    <div className="header-editor">
      <section className="panel he-inputs" aria-label="Headers to decode">
        <div className="he-title">
          <h2>Propagation headers</h2>
          <span className="muted">
            Paste headers from a log to decode them, or build a test request. Strict W3C verdicts,
            with what OpenTelemetry JS (@opentelemetry/core {OTEL_CORE_VERSION}, api{' '}
            {OTEL_API_VERSION}) does beside them.
          </span>
        </div>
        <div className="he-input-grid">
          <div className="he-block">
            <label htmlFor="he-block" className="label-text">
              Paste request headers
            </label>
            <textarea
              id="he-block"
              className="mono"
              rows={6}
              spellCheck={false}
              value={block}
              placeholder={
                'traceparent: 00-…\ntracestate: …\nbaggage: …\n(curl -v output, a log or -H arguments)'
              }
              onChange={e => setHeaderBlock(e.target.value)}
            />
            {d.traceparent.fieldCount > 1 && (
              <p className="he-block-note sev-error">
                {d.traceparent.fieldCount} traceparent fields: a receiver ignores them all.
              </p>
            )}
            {blockNotes.length > 0 && (
              <ul className="he-block-notes" aria-label="Header block notes">
                {blockNotes.map((n, i) => (
                  <li key={i} className={`sev-${n.severity}`}>
                    line {n.line}: {n.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="he-fields">
            <HeaderInput
              name="traceparent"
              present={d.traceparent.present}
              valid={d.traceparent.valid}
              firstError={firstError(d.traceparent.problems)}
            />
            <HeaderInput
              name="tracestate"
              present={d.tracestate.present}
              valid={d.tracestate.valid}
              verdictLabel={d.tracestate.present && !d.tracestate.judged ? 'not judged' : undefined}
              firstError={d.tracestate.judged ? firstError(d.tracestate.problems) : undefined}
            />
            <HeaderInput
              name="baggage"
              present={d.baggage.present}
              valid={d.baggage.valid}
              firstError={firstError(d.baggage.problems)}
            />
          </div>
        </div>
        <div className="he-actions" role="group" aria-label="Generate">
          <button
            type="button"
            onClick={() =>
              setHeaderValues({
                traceparent: generateHeaders({ sampled: true, random: true }).traceparent,
              })
            }
          >
            Generate new headers
          </button>
          <button
            type="button"
            disabled={!span}
            title={
              span
                ? `Parent: ${span.name} (${span.spanId})`
                : 'Select a span in the Analyze view first'
            }
            onClick={() => span && setHeaderValues({ traceparent: childOfSpan(span).traceparent })}
          >
            Child of the selected span
          </button>
          <button type="button" onClick={clearHeaders}>
            Clear
          </button>
          {headerLines && <CopyButton text={headerLines} label="Copy all headers" />}
          <span
            className={`he-overall ${invalid ? 'bad' : 'good'}`}
            role="status"
            aria-label="Overall verdict"
          >
            {present.length === 0 && !d.traceparent.present
              ? 'No headers yet.'
              : invalid
                ? `${invalid} header(s) invalid`
                : 'All present headers are valid'}
          </span>
        </div>
      </section>

      <div className="he-rows">
        <div className="he-row">
          <TraceparentPanel d={d.traceparent} />
          <OtelColumn o={otel} header="traceparent" />
        </div>
        <div className="he-row">
          <TracestatePanel d={d.tracestate} />
          <OtelColumn o={otel} header="tracestate" />
        </div>
        <div className="he-row">
          <BaggagePanel d={d.baggage} routing={d.routing} />
          <OtelColumn o={otel} header="baggage" />
        </div>
      </div>

      <DumpPanel d={d} />
      <SnippetsPanel d={d} fields={fields} />
    </div>
  );
}
