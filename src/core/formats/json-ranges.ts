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
  // The open containers as parallel arrays (a 100k-span dump opens millions of them: no object
  // per container). Per level: is it an array, is it a wanted array, the output index of a wanted
  // element (-1), and for objects where the last key read starts and ends (sliced only when an
  // array opens under it).
  let cap = 64;
  let isArray = new Uint8Array(cap);
  let selected = new Uint8Array(cap);
  let target = new Int32Array(cap);
  let keyStart = new Int32Array(cap);
  let keyEnd = new Int32Array(cap);
  let depth = 0;
  const push = (arr: number, sel: number, tgt: number) => {
    if (depth === cap) {
      cap *= 2;
      const grow = <T extends Uint8Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(cap);
        b.set(a);
        return b;
      };
      isArray = grow(isArray);
      selected = grow(selected);
      target = grow(target);
      keyStart = grow(keyStart);
      keyEnd = grow(keyEnd);
    }
    isArray[depth] = arr;
    selected[depth] = sel;
    target[depth] = tgt;
    keyStart[depth] = -1;
    keyEnd[depth] = -1;
    depth++;
  };
  let expectKey = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 34 /* " */: {
        let j = text.indexOf('"', i + 1);
        while (j !== -1 && isEscaped(text, j)) j = text.indexOf('"', j + 1);
        if (j === -1 || j >= to) return out;
        if (expectKey && depth > 0 && !isArray[depth - 1]) {
          keyStart[depth - 1] = i + 1;
          keyEnd[depth - 1] = j;
        }
        expectKey = false;
        i = j;
        break;
      }
      case 123 /* { */: {
        let tgt = -1;
        if (depth > 0 && isArray[depth - 1] && selected[depth - 1]) {
          tgt = out.length;
          out.push({ start: i, end: -1 });
        }
        push(0, 0, tgt);
        expectKey = true;
        break;
      }
      case 91 /* [ */: {
        const top = depth - 1;
        const key =
          top >= 0 && !isArray[top] && keyStart[top]! >= 0
            ? text.slice(keyStart[top], keyEnd[top])
            : null;
        push(1, select(key, depth + 1) ? 1 : 0, -1);
        expectKey = false;
        break;
      }
      case 125 /* } */:
      case 93 /* ] */: {
        if (depth > 0) {
          depth--;
          const t = target[depth]!;
          if (t >= 0) out[t]!.end = i + 1;
        }
        expectKey = false;
        break;
      }
      case 44 /* , */: {
        expectKey = depth > 0 && !isArray[depth - 1];
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
