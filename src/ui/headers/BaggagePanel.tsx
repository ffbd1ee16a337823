import {
  ARIZE_PROJECT_KEY,
  ARIZE_SPACE_KEY,
  type DecodedBaggage,
  type RoutingInfo,
} from '../../core/headers/decode.ts';
import {
  addBaggageEntry,
  editBaggageMember,
  removeBaggageMember,
  setBaggageKey,
} from '../../core/headers/edit.ts';
import { setHeaderValue, useHeaderStore } from '../../state/header-store.ts';
import { AddMemberForm } from './AddMemberForm.tsx';
import { ProblemList } from './ProblemList.tsx';
import { Verdict } from './Verdict.tsx';

const ROUTING = [ARIZE_SPACE_KEY, ARIZE_PROJECT_KEY];

/** Arize routing first, then every baggage member with its decoded value and properties. */
export function BaggagePanel({ d, routing }: { d: DecodedBaggage; routing: RoutingInfo }) {
  const text = useHeaderStore(s => s.baggage);
  const set = (next: string) => setHeaderValue('baggage', next);
  const routeValue = (k: string) => d.members.find(m => m.key === k)?.value ?? '';
  return (
    <section className="panel he-panel" aria-label="baggage entries">
      <h3>
        baggage <Verdict present={d.present} valid={d.valid} />
        {d.present && (
          <span className="muted he-size">
            {' '}
            {d.bytes} bytes · {d.members.length} member(s)
          </span>
        )}
      </h3>
      {d.present && <p className="he-action">{d.actionText}</p>}

      <fieldset className={`he-routing ${routing.complete ? 'ok' : d.present ? 'warn' : ''}`}>
        <legend>Arize routing {routing.complete ? '✓' : ''}</legend>
        <label>
          <span className="label-text">Arize space id ({ARIZE_SPACE_KEY})</span>
          <input
            className="mono"
            spellCheck={false}
            value={routeValue(ARIZE_SPACE_KEY)}
            onChange={e => set(setBaggageKey(text, ARIZE_SPACE_KEY, e.target.value, ROUTING))}
          />
        </label>
        <label>
          <span className="label-text">Arize project name ({ARIZE_PROJECT_KEY})</span>
          <input
            spellCheck={false}
            value={routeValue(ARIZE_PROJECT_KEY)}
            onChange={e => set(setBaggageKey(text, ARIZE_PROJECT_KEY, e.target.value, ROUTING))}
          />
        </label>
        <ProblemList problems={routing.problems} label="routing problems" />
      </fieldset>

      {d.members.length > 0 && (
        <table className="he-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Key</th>
              <th>Value (decoded)</th>
              <th>Properties</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.members.map((m, i) => (
              <tr key={i} className={m.valid ? undefined : 'he-invalid'}>
                <td>{i + 1}</td>
                <td>
                  <input
                    className="mono"
                    aria-label={`baggage key ${i + 1}`}
                    aria-invalid={!m.valid}
                    spellCheck={false}
                    value={m.key}
                    onChange={e => set(editBaggageMember(text, i, { key: e.target.value }))}
                  />
                </td>
                <td>
                  <input
                    aria-label={`baggage value ${i + 1}`}
                    spellCheck={false}
                    value={m.value}
                    onChange={e => set(editBaggageMember(text, i, { value: e.target.value }))}
                  />
                  {m.rawValue !== m.value && (
                    <div className="he-note mono" title="as sent">
                      {m.rawValue}
                    </div>
                  )}
                </td>
                <td className="mono">
                  {m.properties.map((p, j) => (
                    <div key={j}>
                      {p.value === undefined ? p.key : `${p.key} = ${JSON.stringify(p.value)}`}
                    </div>
                  ))}
                </td>
                <td>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Remove baggage entry ${m.key}`}
                    onClick={() => set(removeBaggageMember(text, i))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddMemberForm
        header="baggage"
        noun="entry"
        keyPlaceholder="user.id"
        valuePlaceholder="any text (percent-encoded for you)"
        onAdd={(key, value) => set(addBaggageEntry(text, key, value))}
      />
      <ProblemList problems={[...d.problems, ...d.notes]} label="baggage problems" />
    </section>
  );
}
