import type { HeaderProblem } from '../../core/headers/problem.ts';

/** Shows a header value with the first problem's characters highlighted (whitespace made visible). */
export function Marked({ text, problem }: { text: string; problem: HeaderProblem | undefined }) {
  if (!problem || problem.position === undefined) return null;
  const at = Math.min(problem.position, text.length);
  const len = Math.max(1, Math.min(problem.length ?? 1, 40));
  const visible = (s: string) =>
    s
      .replace(/\t/g, '→')
      .replace(/\n/g, '↵')
      .replace(/\r/g, '␍')
      .replace(/\u00a0/g, '⍽');
  const before = text.slice(Math.max(0, at - 60), at);
  const bad = text.slice(at, at + len);
  const after = text.slice(at + len, at + len + 60);
  return (
    <div className="he-marked mono" aria-label={`Error at column ${at + 1}`}>
      {at > 60 && '…'}
      {visible(before)}
      <mark className={problem.severity === 'error' ? 'he-mark-error' : 'he-mark-warning'}>
        {bad === '' ? '␣' : visible(bad)}
      </mark>
      {visible(after)}
      {text.length > at + len + 60 && '…'}
    </div>
  );
}
