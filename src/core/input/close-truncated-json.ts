// A truncated JSON document (a copy cut short, a file still being written) still holds readable
// spans. This cuts the text back to the last complete value inside the open containers and
// appends the missing closers, so importers can read what is there. The caller records that it
// did so; the original text is never replaced.

/** Returns the repaired text, or null if the text is not a truncated JSON object/array. */
export function closeTruncatedJson(text: string): string | null {
  const stack: number[] = []; // 123 '{' or 91 '['
  let inString = false;
  // Offset just after the last complete array element, with the open containers at that time.
  let lastSafe = -1;
  let lastSafeStack: number[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) {
        inString = false;
        // a complete string value inside an array is a safe cut point
        if (stack[stack.length - 1] === 91) markSafe(i + 1);
      }
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (start < 0) start = i;
      stack.push(c);
    } else if (c === 125 || c === 93) {
      stack.pop();
      if (stack.length === 0) return null; // complete document: not truncated
      // Only whole array elements are kept: a half-read object (a span cut in the middle) is
      // dropped rather than shown with missing fields.
      if (stack[stack.length - 1] === 91) markSafe(i + 1);
    } else if (c === 44 /* , */ && stack[stack.length - 1] === 91) {
      markSafe(i);
    }
  }
  if (start < 0 || stack.length === 0 || lastSafe < 0) return null;
  let body = text.slice(0, lastSafe).replace(/[\s,]+$/, '');
  // A dangling `"key":` without value inside an object: drop back to before it.
  body = body.replace(/,?\s*"(?:[^"\\]|\\.)*"\s*:\s*$/, '');
  let closers = '';
  for (let k = lastSafeStack.length - 1; k >= 0; k--) closers += lastSafeStack[k] === 123 ? '}' : ']';
  return body + closers;

  function markSafe(at: number): void {
    lastSafe = at;
    lastSafeStack = stack.slice();
  }
}
