// Where the time goes while a dump loads, as User Timing marks on the page's timeline
// (`performance.getEntriesByName('tpd:…')`, and visible in a DevTools performance recording).
// The bench (scripts/bench.mjs) reads them for its per-stage breakdown. One mark per stage and
// load; a new load clears the previous one's. The worker's stages are recorded there as wall
// times and marked here on arrival (the two timelines have different origins).
// Pure TypeScript: used in the worker and on the page.

export const MARK_PREFIX = 'tpd:';

/**
 * The stages, each marked when it ends. Page: `file` (file chosen), `post` (request posted to
 * the worker), `received` (tree columns delivered), `forest` (tree rebuilt), `unpacked`
 * (analysis assembled from the span columns), `loaded` (store updated; React renders next),
 * `laid-out` (the waterfall geometry arrived). Worker (prefixed `w.`): `start`, `read` (file
 * bytes read), then analyze()'s own stages, each marked as it starts (so `detect` is the end of
 * decoding the text and `rules` the end of building the tree), `analyzed`, `forest` (tree
 * columns built and posted), `spans` (span columns built and posted), `layout` (waterfall laid
 * out and posted).
 */
export type LoadStage =
  'file' | 'post' | 'received' | 'forest' | 'unpacked' | 'loaded' | 'laid-out' | `w.${string}`;

const hasMarks = () =>
  typeof performance !== 'undefined' &&
  typeof performance.mark === 'function' &&
  typeof performance.clearMarks === 'function';

const marked = new Set<string>();

/** Mark a stage now, or at `startTime` (this context's performance.now() time). */
export function markStage(stage: LoadStage, startTime?: number): void {
  if (!hasMarks()) return;
  const name = MARK_PREFIX + stage;
  try {
    performance.clearMarks(name);
    performance.mark(name, startTime === undefined ? undefined : { startTime });
    marked.add(name);
  } catch {
    // a negative startTime or an old engine: the marks are diagnostics only
  }
}

/** Forget the marks of the previous load. */
export function clearStageMarks(): void {
  if (!hasMarks()) return;
  for (const name of marked) performance.clearMarks(name);
  marked.clear();
}

/** Wall-clock ms (comparable across the page and its worker). */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Mark stages timed in another context (as `wallNow()` values there) on this timeline. */
export function markWallStages(stages: [LoadStage, number][]): void {
  for (const [stage, wall] of stages) markStage(stage, Math.max(0, wall - performance.timeOrigin));
}
