import type { Analysis } from '../../core/analyze.ts';

/** "Propagation OK", "3 errors, 1 warning", or why nothing could be read. */
export function verdictText(a: Analysis): string {
  const v = a.verdict;
  if (a.unreadable) return 'Input could not be read';
  if (v.errors === 0 && v.warnings === 0) return 'Propagation OK';
  const parts = [];
  if (v.errors) parts.push(`${v.errors} error${v.errors === 1 ? '' : 's'}`);
  if (v.warnings) parts.push(`${v.warnings} warning${v.warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}
