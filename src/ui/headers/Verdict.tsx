/** A small valid / invalid / absent badge. */
export function Verdict({
  present,
  valid,
  label,
}: {
  present: boolean;
  valid: boolean;
  label?: string;
}) {
  const cls = !present ? 'muted' : valid ? 'ok' : 'error';
  const text = label ?? (!present ? 'absent' : valid ? 'valid' : 'invalid');
  return <span className={`he-badge he-badge-${cls}`}>{text}</span>;
}
