import type { ReactNode } from 'react';
import type { OtelDifference, OtelResult } from '../../core/headers/otel-compare.ts';
import type { HeaderName } from '../../core/headers/problem.ts';
import { hex2 } from '../../core/headers/traceparent.ts';

function Differences({ diffs, header }: { diffs: OtelDifference[]; header: HeaderName }) {
  if (diffs.length === 0) return <p className="he-same">Same as the strict reading.</p>;
  return (
    <ul className="he-diffs" aria-label={`OpenTelemetry differences for ${header}`}>
      {diffs.map((x, i) => (
        <li key={i} className={x.allowedBySpec ? 'allowed' : 'deviation'}>
          <span aria-hidden="true">≠ </span>
          {x.message}
          {x.allowedBySpec && <span className="he-tag">allowed by the spec</span>}
        </li>
      ))}
    </ul>
  );
}

/** What @opentelemetry/core extracts for one header and would inject again. */
export function OtelColumn({ o, header }: { o: OtelResult; header: HeaderName }) {
  const diffs = o.differences.filter(x => x.header === header);
  const injected = o.injected[header];
  let extracted: ReactNode;
  if (header === 'traceparent') {
    const sc = o.spanContext;
    extracted = sc ? (
      <dl className="he-dl">
        <dt>Trace id</dt>
        <dd className="mono">{sc.traceId}</dd>
        <dt>Span id</dt>
        <dd className="mono">{sc.spanId}</dd>
        <dt>Flags</dt>
        <dd className="mono">
          {sc.traceFlags} (sampled: {String((sc.traceFlags & 1) === 1)})
        </dd>
      </dl>
    ) : (
      <p>No span context: starts a new trace.</p>
    );
  } else if (header === 'tracestate') {
    extracted = o.traceState ? (
      o.traceState.length ? (
        <ol className="mono he-kv" aria-label="Extracted tracestate">
          {o.traceState.map((m, i) => (
            <li key={i}>
              {m.key}={m.value}
            </li>
          ))}
        </ol>
      ) : (
        <p>Empty tracestate.</p>
      )
    ) : (
      <p>No tracestate.</p>
    );
  } else {
    extracted = o.baggage ? (
      <ol className="he-kv" aria-label="Extracted baggage">
        {o.baggage.map((e, i) => (
          <li key={i}>
            <span className="mono">{e.key}</span> = {JSON.stringify(e.value)}
            {e.metadata !== undefined && (
              <span className="muted"> · metadata {JSON.stringify(e.metadata)}</span>
            )}
          </li>
        ))}
      </ol>
    ) : (
      <p>No baggage.</p>
    );
  }
  return (
    <section className="panel he-otel" aria-label={`OpenTelemetry JS: ${header}`}>
      <h3>OpenTelemetry JS: {header}</h3>
      <h4>Extracts</h4>
      {extracted}
      <h4>Would inject</h4>
      {injected !== undefined ? (
        <code className="he-injected">{injected}</code>
      ) : (
        <p className="muted">nothing</p>
      )}
      {header === 'traceparent' && o.spanContext && injected && (
        <p className="muted">
          (re-injecting the extracted context, flags {hex2(o.spanContext.traceFlags)})
        </p>
      )}
      <Differences diffs={diffs} header={header} />
    </section>
  );
}
