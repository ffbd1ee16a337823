// Where the span objects of a JSON document start and end, found in one linear pass over the
// text (strings skipped with indexOf, no parse). Importers pair these ranges with the parsed
// value to give every span its `source.line`, and use them to salvage the complete spans of a
// truncated or broken document by parsing each range on its own.

export interface JsonRange {
  /** Offset of the object's `{`. */
  start: number;
  /** Offset just past its `}`, or -1 when the text ends inside the object. */
  end: number;
}

/**
 * Decides whether the objects directly inside an array are wanted. `key` is the property the
 * array is the value of (null for a top-level array or an array inside an array); `depth` counts
 * the containers open around the array's elements, the array included (a top-level array → 1).
 */
export type ArraySelector = (key: string | null, depth: number) => boolean;

interface Frame {
  isArray: boolean;
  /** Objects: where the last key read starts and ends (its text is sliced only when needed). */
  keyStart: number;
  keyEnd: number;
  selected: boolean;
  /** Index in the output when this object is a wanted element. */
  target: number;
}

/**
 * Ranges of the objects that are direct elements of the arrays chosen by `select`, in document
 * order, scanning `text` from `from` to `to`. Tolerates broken JSON: it only tracks brackets,
 * strings and keys, so it also works on a truncated document (unfinished objects get end -1).
 */
export function findObjectRanges(
  text: string,
  select: ArraySelector,
  from = 0,
  to = text.length,
): JsonRange[] {
  const out: JsonRange[] = [];
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 34 /* " */: {
        let j = text.indexOf('"', i + 1);
        while (j !== -1 && isEscaped(text, j)) j = text.indexOf('"', j + 1);
        if (j === -1 || j >= to) return out;
        const top = stack[stack.length - 1];
        if (expectKey && top && !top.isArray) {
          top.keyStart = i + 1;
          top.keyEnd = j;
        }
        expectKey = false;
        i = j;
        break;
      }
      case 123 /* { */: {
        const top = stack[stack.length - 1];
        let target = -1;
        if (top?.isArray && top.selected) {
          target = out.length;
          out.push({ start: i, end: -1 });
        }
        stack.push({ isArray: false, keyStart: -1, keyEnd: -1, selected: false, target });
        expectKey = true;
        break;
      }
      case 91 /* [ */: {
        const top = stack[stack.length - 1];
        const key =
          top && !top.isArray && top.keyStart >= 0 ? text.slice(top.keyStart, top.keyEnd) : null;
        stack.push({
          isArray: true,
          keyStart: -1,
          keyEnd: -1,
          selected: select(key, stack.length + 1),
          target: -1,
        });
        expectKey = false;
        break;
      }
      case 125 /* } */:
      case 93 /* ] */: {
        const f = stack.pop();
        if (f && f.target >= 0) out[f.target]!.end = i + 1;
        expectKey = false;
        break;
      }
      case 44 /* , */: {
        const top = stack[stack.length - 1];
        expectKey = top !== undefined && !top.isArray;
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** True when the quote at `j` is preceded by an odd number of backslashes. */
function isEscaped(text: string, j: number): boolean {
  let n = 0;
  for (let k = j - 1; text.charCodeAt(k) === 92; k--) n++;
  return n % 2 === 1;
}
