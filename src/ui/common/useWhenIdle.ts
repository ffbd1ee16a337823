// `value`, once the page has been idle after it changed (until then, `before`): for parts of a
// screen that can come after everything else (the 11th and later findings of a rule, say), so
// a big result is shown in short tasks and what is on screen first is not kept waiting.

import { useEffect, useState } from 'react';

/** Run `run` when the page is next idle (at the latest after `timeout` ms); returns a cancel. */
export function whenIdle(run: () => void, timeout = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, Math.min(timeout, 100));
  return () => clearTimeout(id);
}

export function useWhenIdle<T, B>(value: T, before: B): T | B {
  const [ready, setReady] = useState<{ value: T } | null>(null);
  useEffect(() => whenIdle(() => setReady({ value })), [value]);
  return ready !== null && Object.is(ready.value, value) ? value : before;
}
