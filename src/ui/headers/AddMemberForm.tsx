import { useState } from 'react';

/** The "new key / new value / Add" row under a list header's members (baggage, tracestate). */
export function AddMemberForm({
  header,
  noun,
  keyPlaceholder,
  valuePlaceholder,
  monoValue = false,
  onAdd,
}: {
  header: 'baggage' | 'tracestate';
  /** What one member is called in the button: "Add baggage entry". */
  noun: string;
  keyPlaceholder: string;
  valuePlaceholder: string;
  /** Show the value in the monospace font (opaque values, not free text). */
  monoValue?: boolean;
  onAdd: (key: string, value: string) => void;
}) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  return (
    <form
      className="he-add"
      onSubmit={e => {
        e.preventDefault();
        if (!key) return;
        onAdd(key, value);
        setKey('');
        setValue('');
      }}
    >
      <label>
        <span className="label-text">{`New ${header} key`}</span>
        <input
          className="mono"
          value={key}
          spellCheck={false}
          placeholder={keyPlaceholder}
          onChange={e => setKey(e.target.value)}
        />
      </label>
      <label>
        <span className="label-text">{`New ${header} value`}</span>
        <input
          className={monoValue ? 'mono' : undefined}
          value={value}
          spellCheck={false}
          placeholder={valuePlaceholder}
          onChange={e => setValue(e.target.value)}
        />
      </label>
      <button type="submit" className="small">
        {`Add ${header} ${noun}`}
      </button>
    </form>
  );
}
