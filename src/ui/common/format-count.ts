// Counts shown to people ("100,000 spans"), in the page's locale, through one formatter. The
// first number formatted on a page loads the locale data, which takes 30–60 ms: warmUpFormatting()
// pays that while the page is idle after start-up, not while a big dump is being shown.

let formatter: Intl.NumberFormat | null = null;

export function formatCount(n: number): string {
  formatter ??= new Intl.NumberFormat();
  return formatter.format(n);
}

/** Load the locale data now (when idle), so the first formatCount() on screen is cheap. */
export function warmUpFormatting(): void {
  const run = () => void formatCount(0);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 0);
}
