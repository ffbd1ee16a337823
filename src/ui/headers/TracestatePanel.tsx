import type { DecodedTracestate } from '../../core/headers/decode.ts';
import {
  addTracestateMember,
  editTracestateMember,
  removeTracestateMember,
} from '../../core/headers/edit.ts';
import { setHeaderValue, useHeaderStore } from '../../state/header-store.ts';
import { AddMemberForm } from './AddMemberForm.tsx';
import { ProblemList } from './ProblemList.tsx';
import { Verdict } from './Verdict.tsx';

/** tracestate members in order, editable; judged only when traceparent is valid. */
export function TracestatePanel({ d }: { d: DecodedTracestate }) {
  const text = useHeaderStore(s => s.tracestate);
  const set = (next: string) => setHeaderValue('tracestate', next);
  return (
    <section className="panel he-panel" aria-label="tracestate members">
      <h3>
        tracestate{' '}
        <Verdict
          present={d.present}
          valid={d.valid}
          label={d.present && !d.judged ? 'not judged' : undefined}
        />
      </h3>
      {d.present && <p className="he-action">{d.actionText}</p>}
      {d.members.length > 0 && (
        <table className="he-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Key</th>
              <th>Value</th>
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
                    aria-label={`tracestate key ${i + 1}`}
                    aria-invalid={!m.valid}
                    value={m.key}
                    spellCheck={false}
                    onChange={e => set(editTracestateMember(text, i, { key: e.target.value }))}
                  />
                  {m.level1Problem && (
                    <div className="he-note" title={m.level1Problem}>
                      Level 1: not allowed
                    </div>
                  )}
                </td>
                <td>
                  <input
                    className="mono"
                    aria-label={`tracestate value ${i + 1}`}
                    value={m.value}
                    spellCheck={false}
                    onChange={e => set(editTracestateMember(text, i, { value: e.target.value }))}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Remove tracestate member ${m.key}`}
                    onClick={() => set(removeTracestateMember(text, i))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.emptyMembers > 0 && (
        <p className="muted">{d.emptyMembers} empty list member(s) (allowed).</p>
      )}
      <AddMemberForm
        header="tracestate"
        noun="member"
        keyPlaceholder="vendor"
        valuePlaceholder="opaque"
        monoValue
        onAdd={(key, value) => set(addTracestateMember(text, key, value))}
      />
      <ProblemList problems={[...d.problems, ...d.notes]} label="tracestate problems" />
      {!d.judged && d.grammarProblems.length > 0 && (
        <ProblemList
          problems={d.grammarProblems.map(p => ({
            ...p,
            severity: 'info',
            message: `If judged: ${p.message}`,
          }))}
          label="tracestate grammar (not judged)"
        />
      )}
    </section>
  );
}
