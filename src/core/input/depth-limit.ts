// A dump can hold values nested absurdly deep (`[[[[…]]]]` 100,000 levels, hostile or broken).
// JSON.parse copes, but every recursive walker after it would not: the importers' attribute
// flattening, structuredClone to the UI worker, JSON.stringify for reports. So whatever reads a
// value cuts it below MAX_NESTING levels, puts the TOO_DEEP marker string in place of the part
// below, and records the cut here; analyze() turns the record into one `format.value.too-deep`
// warning. The record is module state: analyze() is synchronous and resets it when it starts,
// so one analysis never sees another's cuts (each worker or process has its own module).

/** Containers nested deeper than this are cut (a top-level `[` or `{` is level 1). */
export const MAX_NESTING = 1000;

/** What a cut value is replaced with. */
export const TOO_DEEP = '[nested too deep]';

export interface DepthCuts {
  /** How many values were cut (each place counted once, however often it was read). */
  count: number;
  /** 1-based input line of the first cut, when the reader knew it. */
  line?: number;
}

let places = new Set<number>();
let unplaced = 0;
let firstLine: number | undefined;

/**
 * Record one cut. `offset` (a character offset in the input) identifies the place, so reading the
 * same text twice (sniff, then parse) counts it once; `line` locates the first cut for the message.
 */
export function recordDepthCut(offset?: number, line?: number): void {
  if (offset === undefined) unplaced++;
  else places.add(offset);
  if (firstLine === undefined && line !== undefined) firstLine = line;
}

/** The cuts recorded since the last call, and forget them. */
export function takeDepthCuts(): DepthCuts {
  const out: DepthCuts = { count: places.size + unplaced };
  if (firstLine !== undefined) out.line = firstLine;
  places = new Set();
  unplaced = 0;
  firstLine = undefined;
  return out;
}
