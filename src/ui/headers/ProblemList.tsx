import type { HeaderProblem } from '../../core/headers/problem.ts';

const ICON = { error: '✗', warning: '!', info: 'i' } as const;

/** Problems and notes of one header, each with its column when known. */
export function ProblemList({ problems, label }: { problems: HeaderProblem[]; label: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="he-problems" aria-label={label}>
      {problems.map((p, i) => (
        <li key={i} className={`sev-${p.severity}`}>
          <span aria-hidden="true" className="he-icon">
            {ICON[p.severity]}
          </span>{' '}
          {p.position !== undefined && <span className="he-col">col {p.position + 1}: </span>}
          {p.message} <code className="he-code">{p.code}</code>
        </li>
      ))}
    </ul>
  );
}
