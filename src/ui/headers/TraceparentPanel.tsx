import type { DecodedTraceparent } from '../../core/headers/decode.ts';
import { currentFlags, editTraceparent, setTraceparentFlag } from '../../core/headers/edit.ts';
import { newSpanId, newTraceId } from '../../core/headers/generate.ts';
import { FLAG_RANDOM, FLAG_SAMPLED, FLAGS_RESERVED, hex2 } from '../../core/headers/traceparent.ts';
import { setHeaderValue, useHeaderStore } from '../../state/header-store.ts';
import { ProblemList } from './ProblemList.tsx';
import { Verdict } from './Verdict.tsx';

/** The traceparent's fields, each editable; edits rewrite the header text. */
export function TraceparentPanel({ d }: { d: DecodedTraceparent }) {
  const text = useHeaderStore(s => s.traceparent);
  const seg = d.segments;
  const flags = currentFlags(text);
  const set = (next: string) => setHeaderValue('traceparent', next);
  /** One id field; `fresh` adds a button that puts a newly generated id in. */
  const field = (
    label: string,
    key: 'version' | 'traceId' | 'parentId',
    size: number,
    fresh?: { label: string; make: () => string },
  ) => (
    <div className="he-field-row">
      <label>
        <span className="label-text">{label}</span>
        <input
          className="mono"
          size={size}
          spellCheck={false}
          value={seg[key]?.text ?? ''}
          aria-invalid={seg[key] ? !seg[key]!.valid : undefined}
          onChange={e => set(editTraceparent(text, key, e.target.value))}
        />
      </label>
      {fresh && (
        <button
          type="button"
          className="small"
          onClick={() => set(editTraceparent(text, key, fresh.make()))}
        >
          {fresh.label}
        </button>
      )}
    </div>
  );
  const flag = (bit: number, name: string, note: string) => (
    <label>
      <input
        type="checkbox"
        checked={(flags & bit) !== 0}
        onChange={e => set(setTraceparentFlag(text, bit, e.target.checked))}
      />{' '}
      {name} <span className="muted">{note}</span>
    </label>
  );
  return (
    <section className="panel he-panel" aria-label="traceparent fields">
      <h3>
        traceparent <Verdict present={d.present} valid={d.valid} />
        {d.fieldCount > 1 && <span className="he-badge he-badge-error">{d.fieldCount} fields</span>}
      </h3>
      <p className="he-action">{d.actionText}</p>
      {field('Version', 'version', 3)}
      {field('Trace id', 'traceId', 34, { label: 'New trace id', make: newTraceId })}
      {field('Parent id', 'parentId', 18, { label: 'New parent id', make: newSpanId })}
      <fieldset className="he-flags">
        <legend>
          Flags <span className="mono">{seg.flags?.text ?? hex2(flags)}</span>
        </legend>
        {flag(FLAG_SAMPLED, 'sampled', '(0x01)')}
        {flag(FLAG_RANDOM, 'random trace id', '(0x02, Level 2)')}
        {(flags & FLAGS_RESERVED) !== 0 && (
          <span className="he-reserved">reserved bits 0x{hex2(flags & FLAGS_RESERVED)} set</span>
        )}
      </fieldset>
      {seg.extra && (
        <p className="muted">
          Extra fields of a future version (ignored): <code>{seg.extra.text}</code>
        </p>
      )}
      <ProblemList problems={[...d.problems, ...d.notes]} label="traceparent problems" />
    </section>
  );
}
