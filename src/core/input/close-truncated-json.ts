// A truncated JSON document (a copy cut short, a file still being written) still holds readable
// spans. This cuts the text back to the last complete value inside the open containers and
// appends the missing closers, so importers can read what is there. The caller records that it
// did so; the original text is never replaced.
//
// Linear in the text whatever its shape: the open containers are a persistent (shared-tail) list,
// so remembering them at every cut point is O(1) even 100,000 levels deep, and the trailing
// whitespace and dangling key are trimmed by hand (an anchored regex retries at every position of a
// long whitespace run, which is quadratic).

interface Open {
  /** 123 '{' or 91 '[' */
  c: number;
  up: Open | null;
}

/** Returns the repaired text, or null if the text is not a truncated JSON object/array. */
export function closeTruncatedJson(text: string): string | null {
  let top = null as Open | null;
  let depth = 0;
  let inString = false;
  // Offset just after the last complete array element, with the open containers at that time.
  let lastSafe = -1;
  let lastSafeTop = null as Open | null;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) {
        inString = false;
        // a complete string value inside an array is a safe cut point
        if (top?.c === 91) markSafe(i + 1);
      }
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (start < 0) start = i;
      top = { c, up: top };
      depth++;
    } else if (c === 125 || c === 93) {
      top = top?.up ?? null;
      depth = Math.max(0, depth - 1);
      if (depth === 0) return null; // complete document: not truncated
      // Only whole array elements are kept: a half-read object (a span cut in the middle) is
      // dropped rather than shown with missing fields.
      if (top?.c === 91) markSafe(i + 1);
    } else if (c === 44 /* , */ && top?.c === 91) {
      markSafe(i);
    }
  }
  if (start < 0 || depth === 0 || lastSafe < 0) return null;
  let end = lastSafe;
  while (end > 0 && isSpaceOrComma(text.charCodeAt(end - 1))) end--;
  end = beforeDanglingKey(text, end);
  let closers = '';
  for (let f = lastSafeTop; f; f = f.up) closers += f.c === 123 ? '}' : ']';
  return text.slice(0, end) + closers;

  function markSafe(at: number): void {
    lastSafe = at;
    lastSafeTop = top;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0x0b || c === 0x0c || c === 0xa0;
}

function isSpaceOrComma(c: number): boolean {
  return c === 44 || isSpace(c);
}

/** A dangling `, "key":` without value at text[..end): the offset before it, else `end`. */
function beforeDanglingKey(text: string, end: number): number {
  let j = end;
  while (j > 0 && isSpace(text.charCodeAt(j - 1))) j--;
  if (text.charCodeAt(j - 1) !== 58 /* : */) return end;
  j--;
  while (j > 0 && isSpace(text.charCodeAt(j - 1))) j--;
  if (text.charCodeAt(j - 1) !== 34 /* " */) return end;
  // The key's opening quote: the previous quote not escaped by an odd run of backslashes.
  let q = j - 2;
  for (;;) {
    q = q < 0 ? -1 : text.lastIndexOf('"', q);
    if (q < 0) return end;
    let b = q - 1;
    while (b >= 0 && text.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) break;
    q--;
  }
  let k = q;
  while (k > 0 && isSpace(text.charCodeAt(k - 1))) k--;
  if (text.charCodeAt(k - 1) === 44) k--;
  return k;
}
