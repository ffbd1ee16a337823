import { useMemo } from 'react';
import type { DecodedHeaders } from '../../core/headers/decode.ts';
import type { HeaderFields } from '../../core/headers/header-block.ts';
import {
  curlSnippet,
  DEFAULT_AGENT_URL,
  jsSnippet,
  pythonSnippet,
} from '../../core/headers/snippets.ts';
import { setAgentUrl, useHeaderStore } from '../../state/header-store.ts';
import { CopyButton } from '../common/CopyButton.tsx';

/** curl / Python / JavaScript snippets for the current headers, each with a copy button. */
export function SnippetsPanel({ d, fields }: { d: DecodedHeaders; fields: HeaderFields }) {
  const traceparent = useHeaderStore(s => s.traceparent);
  const tracestate = useHeaderStore(s => s.tracestate);
  const baggage = useHeaderStore(s => s.baggage);
  const agentUrl = useHeaderStore(s => s.agentUrl);
  const snippets = useMemo(() => {
    const input = {
      traceparent,
      tracestate,
      baggage,
      spaceId: d.routing.spaceId,
      projectName: d.routing.projectName,
      url: agentUrl || DEFAULT_AGENT_URL,
      fields,
    };
    return [
      { id: 'curl', title: 'curl', code: curlSnippet(input) },
      { id: 'python', title: 'Python (receiving agent)', code: pythonSnippet(input) },
      { id: 'javascript', title: 'JavaScript (receiving agent)', code: jsSnippet(input) },
    ];
  }, [
    traceparent,
    tracestate,
    baggage,
    d.routing.spaceId,
    d.routing.projectName,
    agentUrl,
    fields,
  ]);
  return (
    <section className="panel he-snippets" aria-label="Snippets">
      <h2>Snippets</h2>
      <label>
        <span className="label-text">Agent URL</span>
        <input
          type="url"
          value={agentUrl}
          placeholder={DEFAULT_AGENT_URL}
          spellCheck={false}
          onChange={e => setAgentUrl(e.target.value)}
        />
      </label>
      {snippets.map(s => (
        <div className="he-snippet" key={s.id}>
          <div className="he-snippet-head">
            <h3>{s.title}</h3>
            <CopyButton text={s.code} label={`Copy ${s.id} snippet`} />
          </div>
          <pre aria-label={`${s.id} snippet`} className="mono">
            {s.code}
          </pre>
        </div>
      ))}
    </section>
  );
}
