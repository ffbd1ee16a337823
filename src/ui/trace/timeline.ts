// Time-axis arithmetic for the waterfall: the visible window, "nice" tick steps and short labels.
// Times here are milliseconds from the start of everything shown (TreeLayout.origin), as doubles:
// exact nanoseconds stay bigint in the model; pixels do not need them.

export interface TimeWindow {
  /** Milliseconds from the layout origin. */
  start: number;
  end: number;
}

/** Clock-friendly steps from 10 s up: 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h. */
const CLOCK_STEPS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200].map(
  s => s * 1000,
);

/**
 * Smallest "nice" step that gives at most `maxTicks` ticks over `span`: 1, 2 or 5 × 10^k ms
 * below 10 s, clock steps (30 s, 5 min, 1 h …) above.
 */
export function tickStep(span: number, maxTicks: number): number {
  if (!(span > 0) || maxTicks < 1) return 1;
  const raw = span / maxTicks;
  if (raw > 5000) {
    const clock = CLOCK_STEPS.find(s => s >= raw);
    if (clock) return clock;
  }
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

/** Tick positions (ms) inside the window, on multiples of the step. */
export function ticks(w: TimeWindow, maxTicks: number): number[] {
  const span = w.end - w.start;
  const step = tickStep(span, maxTicks);
  const out: number[] = [];
  const first = Math.ceil(w.start / step - 1e-9) * step;
  for (let t = first; t <= w.end + 1e-9 && out.length <= maxTicks + 1; t += step) {
    out.push(Math.round(t / step) * step + 0); // + 0 turns -0 into 0
  }
  return out;
}

/** Short label for an offset in ms: `0`, `850 µs`, `12.5 ms`, `1.25 s`, `2 min 5 s`. */
export function formatOffset(ms: number): string {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs === 0) return '0';
  if (abs < 1) return `${sign}${trim((abs * 1000).toFixed(abs < 0.01 ? 2 : abs < 0.1 ? 1 : 0))} µs`;
  if (abs < 1000) return `${sign}${trim(abs.toFixed(abs < 10 ? 2 : abs < 100 ? 1 : 0))} ms`;
  if (abs < 60_000) return `${sign}${trim((abs / 1000).toFixed(abs < 10_000 ? 2 : 1))} s`;
  const min = Math.floor(abs / 60_000);
  const s = Math.round((abs - min * 60_000) / 1000);
  return `${sign}${min} min${s ? ` ${s} s` : ''}`;
}

function trim(n: string): string {
  return n.includes('.') ? n.replace(/\.?0+$/, '') : n;
}

/** A window zoomed by `factor` (< 1 zooms in) around `at`, kept inside [0, total]. */
export function zoomWindow(
  w: TimeWindow,
  factor: number,
  total: number,
  at = (w.start + w.end) / 2,
): TimeWindow {
  const span = Math.min(total, Math.max(total * 1e-6, (w.end - w.start) * factor));
  const ratio = w.end > w.start ? (at - w.start) / (w.end - w.start) : 0.5;
  let start = at - span * ratio;
  start = Math.max(0, Math.min(total - span, start));
  return { start, end: start + span };
}

/** Horizontal position (0..1, may fall outside) of a time in the window. */
export function fraction(t: number, w: TimeWindow): number {
  return w.end > w.start ? (t - w.start) / (w.end - w.start) : 0;
}

/** Tick positions (ms) for a window drawn `width` px wide (about one label per 90 px). */
export function axisTicks(w: TimeWindow, width: number): number[] {
  return ticks(w, Math.max(2, Math.floor(width / 90)));
}

/** A CSS background drawing the axis' tick lines down the timeline cells (no extra elements). */
export function gridBackground(w: TimeWindow, width: number): string | undefined {
  if (width <= 0) return undefined;
  const stops = axisTicks(w, width)
    .map(t => fraction(t, w) * 100)
    .filter(p => p > 0.5 && p < 99.5)
    .map(
      p =>
        `transparent ${p}%, var(--wf-grid) ${p}%, var(--wf-grid) calc(${p}% + 1px), transparent calc(${p}% + 1px)`,
    );
  return stops.length ? `linear-gradient(to right, ${stops.join(', ')})` : undefined;
}
