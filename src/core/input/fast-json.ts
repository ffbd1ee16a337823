// A strict JSON reader in plain TypeScript for the one job where it pays off against `JSON.parse`:
// big span dumps whose bulk is key/value lists (`"attributes": [{"key": …, "value": {…}}]`).
// `JSON.parse` must build three objects per attribute that the importer then converts and throws
// away; with a list hook this reader turns such a list straight into the importer's attribute
// map. On its own it is ~1.25× slower than the native parser, but it does the importer's
// attribute work on the way and makes far less garbage (see the README's bench section).
//
// It gives exactly what `InputText.json()` gives for the same text (lossless numbers: integers
// beyond 2^53 stay decimal strings, as `parseNumber` decides), or null — never a different answer.
// Null ("use the general path") for anything it does not handle the same way: invalid JSON (the
// general path reports it with its position), nesting deeper than MAX_NESTING (the general path
// cuts and reports it), a repeated key or a `__proto__` key in an object. Importers also count the
// lists their hook decoded and fall back when one was not used where they read such lists.

import { MAX_NESTING } from './depth-limit.ts';
import { parseNumber, textHasStrayControl, type InputText, type JsonParse } from './input-text.ts';

/** Returned by a hook that does not take the value: the reader parses it the general way. */
export const NOT_TAKEN: unique symbol = Symbol('not taken');

/**
 * Reads the value of a hooked key, with `r.pos` at its first character (whitespace skipped).
 * Returns the value to store, or `r.rewind(start)` (NOT_TAKEN) to leave it to the general parse.
 * Whatever it consumes must be read with the reader's own strict methods.
 */
export type ValueHook = (r: FastJsonReader) => unknown;

class Bail {}
const BAIL = new Bail();

/** Number.MAX_SAFE_INTEGER's digits: a 16-digit integer up to this is exact as a double. */
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

/** The key cache: KEY_SETS hashes (a power of two) × KEY_WAYS keys each. */
const KEY_SETS = 256;
const KEY_WAYS = 4;

/** Greater than any offset: "no such character ahead". */
const NONE = 2 ** 31 - 1;

export class FastJsonReader {
  readonly text: string;
  pos = 0;
  /** How many values the hook took (callers check that each was used where they expect). */
  hooked = 0;
  // Offsets of the next backslash / LF / CR / tab at or after some earlier position (or NONE):
  // a string between two quotes needs a closer look only when one of them falls inside it.
  private nextBackslash = -1;
  private nextLf = -1;
  private nextCr = -1;
  private nextTab = -1;
  // Recently read keys by a cheap hash of first/last character and length: a key that matches
  // the text is returned as the same (already internalized) string, with no slice to allocate
  // and hash again. 100,000 spans repeat the same few hundred keys millions of times. Keys that
  // differ only inside (`llm.input_messages.0.message.role` and `.1.`) share a hash, so each
  // hash has KEY_WAYS slots, newest first.
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(
    KEY_SETS * KEY_WAYS,
  );

  /** Where the `recordKeys` keys were read (see IdKeyRecords); null when none are asked for. */
  readonly records: IdKeyRecords | null;

  constructor(
    text: string,
    private readonly hookKey: string | null = null,
    private readonly hook: ValueHook | null = null,
    recordKeys: readonly string[] = [],
  ) {
    this.text = text;
    this.records = recordKeys.length ? new IdKeyRecords(recordKeys) : null;
  }

  /** Give up on the fast path. */
  fail(): never {
    throw BAIL;
  }

  /** Go back to `start` (a hook declining a value it began to read). */
  rewind(start: number): typeof NOT_TAKEN {
    this.pos = start;
    // The look-ahead caches may have been filled from a later position.
    this.nextBackslash = this.nextLf = this.nextCr = this.nextTab = -1;
    return NOT_TAKEN;
  }

  /** Skip whitespace; the code of the next character (NaN at the end). */
  ws(): number {
    const t = this.text;
    let i = this.pos;
    let c = t.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++i);
    this.pos = i;
    return c;
  }

  /** Skip whitespace and require the character `code`. */
  expect(code: number): void {
    if (this.ws() !== code) this.fail();
    this.pos++;
  }

  private ahead(ch: string, from: number): number {
    const k = this.text.indexOf(ch, from);
    return k < 0 ? NONE : k;
  }

  /** A string value; `pos` is at its opening quote. */
  string(): string {
    const t = this.text;
    const s = this.pos + 1;
    const e = t.indexOf('"', s);
    if (e < 0) this.fail();
    if (this.nextBackslash < s) this.nextBackslash = this.ahead('\\', s);
    if (this.nextBackslash < e) return this.escapedString(s);
    if (this.nextLf < s) this.nextLf = this.ahead('\n', s);
    if (this.nextCr < s) this.nextCr = this.ahead('\r', s);
    if (this.nextTab < s) this.nextTab = this.ahead('\t', s);
    if (this.nextLf < e || this.nextCr < e || this.nextTab < e) this.fail(); // raw control char
    this.pos = e + 1;
    return t.slice(s, e);
  }

  /** A string used as a key (object keys, attribute names); `pos` is at its opening quote. */
  key(): string {
    const t = this.text;
    const s = this.pos + 1;
    const e = t.indexOf('"', s);
    const len = e - s;
    if (len > 0 && len <= 80) {
      const keys = this.keys;
      const set = ((t.charCodeAt(s) * 31 + t.charCodeAt(e - 1)) * 31 + len) & (KEY_SETS - 1);
      const first = set * KEY_WAYS;
      // A cached key never holds a backslash or control character, so a match means the text
      // between the quotes is that very key.
      for (let w = first; w < first + KEY_WAYS; w++) {
        const known = keys[w];
        if (known === undefined) break;
        if (known.length === len && t.startsWith(known, s)) {
          this.pos = e + 1;
          return known;
        }
      }
      const k = this.string();
      if (this.pos === e + 1) {
        // not escaped: the newest key goes first, the oldest of the set drops out
        for (let w = first + KEY_WAYS - 1; w > first; w--) keys[w] = keys[w - 1];
        keys[first] = k;
      }
      return k;
    }
    return this.string();
  }

  private escapedString(s: number): string {
    const t = this.text;
    let j = s;
    let e: number;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q < 0) this.fail();
      const b = t.indexOf('\\', j);
      if (b >= 0 && b < q) {
        j = b + 2;
        continue;
      }
      e = q;
      break;
    }
    let value: unknown;
    try {
      value = JSON.parse(t.slice(s - 1, e + 1)); // unescapes and validates
    } catch {
      this.fail();
    }
    this.pos = e + 1;
    this.nextBackslash = this.ahead('\\', this.pos);
    return value as string;
  }

  /**
   * True when the next key is `name` (the reader is then past its colon); false otherwise.
   * `name` must be plain text (no character that JSON escapes).
   */
  field(name: string): boolean {
    // Compact JSON writes `"name":` with nothing in between: one comparison instead of a key read.
    const t = this.text;
    const p = this.pos;
    const n = name.length;
    if (
      t.charCodeAt(p) === 34 &&
      t.charCodeAt(p + n + 1) === 34 &&
      t.charCodeAt(p + n + 2) === 58 &&
      t.startsWith(name, p + 1)
    ) {
      this.pos = p + n + 3;
      return true;
    }
    if (this.ws() !== 34 /* " */ || this.key() !== name) return false;
    this.expect(58 /* : */);
    return true;
  }

  /** Skip `text` when it comes next, exactly as written (no whitespace skipped). */
  skip(text: string): boolean {
    if (!this.text.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  /**
   * A list of `{"key": "<name>", …}` objects read straight into `into` (`into[name] = value`; a
   * repeated name keeps its last value). `rest` reads what follows the key's comma up to the
   * object's closing brace and returns the value, or NOT_TAKEN. Returns the number of entries
   * stored, or -1 with the reader back at the list's start when any entry does not fit.
   */
  keyedEntries(into: Record<string, unknown>, rest: (r: FastJsonReader) => unknown): number {
    const start = this.pos;
    if (this.ws() !== 91 /* [ */) return -1;
    this.pos++;
    let stored = 0;
    if (this.ws() === 93 /* ] */) {
      this.pos++;
      return 0;
    }
    for (;;) {
      if (this.ws() !== 123 /* { */) break;
      this.pos++;
      if (!this.field('key') || this.ws() !== 34) break;
      const name = this.key();
      if (this.ws() !== 44 /* , */) break;
      this.pos++;
      const v = rest(this);
      if (v === NOT_TAKEN || this.ws() !== 125 /* } */) break;
      this.pos++;
      into[name] = v;
      stored++;
      const d = this.ws();
      this.pos++;
      if (d === 93 /* ] */) return stored;
      if (d !== 44 /* , */) break;
    }
    this.rewind(start);
    return -1;
  }

  /** A number token, read as `InputText.json()` reads it (exact digits beyond 2^53). */
  number(): number | string {
    const t = this.text;
    const s = this.pos;
    let i = s;
    const c0 = t.charCodeAt(i);
    let c = c0;
    if (c === 45 /* - */) c = t.charCodeAt(++i);
    if (c === 48 /* 0 */) c = t.charCodeAt(++i);
    else if (c >= 49 && c <= 57) {
      do c = t.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    } else this.fail();
    let integer = true;
    if (c === 46 /* . */) {
      integer = false;
      c = t.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) this.fail();
      do c = t.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    }
    if (c === 101 || c === 69 /* e E */) {
      integer = false;
      c = t.charCodeAt(++i);
      if (c === 43 || c === 45) c = t.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) this.fail();
      do c = t.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    }
    this.pos = i;
    const token = t.slice(s, i);
    if (!integer) return +token;
    // Integers up to 2^53 − 1 are exact as doubles (µs timestamps have 16 digits); longer ones
    // go through the lossless parser's decision (keep the digits when a double would round them).
    const digits = c0 === 45 ? i - s - 1 : i - s;
    if (digits < 16) return +token;
    if (digits === 16 && (c0 === 45 ? token.slice(1) : token) <= MAX_SAFE_DIGITS) return +token;
    return parseNumber(token);
  }

  /** Any value at `pos` (whitespace already skipped or not). */
  value(depth: number): unknown {
    const c = this.ws();
    if (c === 34 /* " */) return this.string();
    if (c === 123 /* { */) return this.object(depth + 1);
    if (c === 91 /* [ */) return this.array(depth + 1);
    if (c === 116 /* t */) return this.literal('true', true);
    if (c === 102 /* f */) return this.literal('false', false);
    if (c === 110 /* n */) return this.literal('null', null);
    return this.number();
  }

  literal<T>(word: string, v: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail();
    this.pos += word.length;
    return v;
  }

  private object(depth: number): Record<string, unknown> {
    if (depth > MAX_NESTING) this.fail();
    const start = this.pos;
    this.pos++; // {
    const o: Record<string, unknown> = {};
    if (this.ws() === 125 /* } */) {
      this.pos++;
      return o;
    }
    const records = this.records;
    for (;;) {
      if (this.ws() !== 34) this.fail();
      const keyAt = this.pos;
      const k = this.key();
      // Its text between the quotes is longer than the key when it was written with escapes.
      if (records !== null && this.pos - keyAt - 2 !== k.length) records.escapedKey = true;
      // A repeated key (last one wins in JSON.parse, an error in the lossless parser) and
      // `__proto__` (a data key in JSON.parse, the prototype here) are left to the general path;
      // so are keys that an object inherits (`toString` …), which this cheap check also catches.
      if (o[k] !== undefined || k === '__proto__') this.fail();
      this.expect(58 /* : */);
      let v: unknown = NOT_TAKEN;
      if (k === this.hookKey && depth + 3 <= MAX_NESTING) {
        this.ws();
        v = this.hook!(this);
        if (v !== NOT_TAKEN) this.hooked++;
      }
      if (v === NOT_TAKEN) {
        const kind = records === null ? -1 : records.kindOf(k);
        if (kind >= 0) {
          this.ws();
          const valueAt = this.pos;
          v = this.value(depth);
          // Only a plain string written without escapes, as the text search would find it.
          if (typeof v === 'string' && this.pos - valueAt - 2 === v.length)
            records!.add(kind, keyAt, valueAt + 1, start, v);
        } else v = this.value(depth);
      }
      o[k] = v;
      const d = this.ws();
      this.pos++;
      if (d === 44 /* , */) continue;
      if (d === 125 /* } */) return o;
      this.fail();
    }
  }

  private array(depth: number): unknown[] {
    if (depth > MAX_NESTING) this.fail();
    this.pos++; // [
    const a: unknown[] = [];
    if (this.ws() === 93 /* ] */) {
      this.pos++;
      return a;
    }
    for (;;) {
      a.push(this.value(depth));
      const d = this.ws();
      this.pos++;
      if (d === 44 /* , */) continue;
      if (d === 93 /* ] */) return a;
      this.fail();
    }
  }

  /**
   * The whole text as one JSON value, or null when the general path must read it. Control
   * characters other than tab, LF and CR are allowed nowhere in JSON, and the string reader does
   * not look for them: pass `controlChecked` only when the caller has made sure there are none.
   */
  readDocument(controlChecked = false): { value: unknown; hooked: number } | null {
    try {
      if (!controlChecked && textHasStrayControl(this.text)) return null;
      const value = this.value(0);
      if (this.pos < this.text.length && !Number.isNaN(this.ws())) return null; // trailing text
      return { value, hooked: this.hooked };
    } catch (e) {
      if (e === BAIL) return null;
      // A bug here must never cost the user the dump: the general path reads it instead.
      return null;
    }
  }
}

/**
 * Where the reader met some keys (ids, for an importer that locates spans in the text by them):
 * for each such key whose name and string value are written without escapes, in text order, the
 * offsets of the key's opening quote, of its value's first character and of the `{` of its
 * object, and the value. `kind` is the index of the key's name in the list asked for.
 */
export class IdKeyRecords {
  readonly kind: number[] = [];
  readonly keyAt: number[] = [];
  readonly valueAt: number[] = [];
  readonly objectAt: number[] = [];
  readonly value: string[] = [];
  /** Some object key was written with escapes (the text search could read its text otherwise). */
  escapedKey = false;

  private readonly names: Map<string, number>;

  constructor(names: readonly string[]) {
    this.names = new Map(names.map((name, i) => [name, i]));
  }

  /** The index of `key` in the names asked for, or -1. */
  kindOf(key: string): number {
    return this.names.get(key) ?? -1;
  }

  add(kind: number, keyAt: number, valueAt: number, objectAt: number, value: string): void {
    this.kind.push(kind);
    this.keyAt.push(keyAt);
    this.valueAt.push(valueAt);
    this.objectAt.push(objectAt);
    this.value.push(value);
  }
}

/** An input read by the fast path, and how many values the hook took while reading it. */
export interface FastDocument {
  parsed: JsonParse;
  /** Importers check that they used each of these where they read such lists. */
  decoded: number;
  /** The keys asked for by `recordKeys`, when any were. */
  records: IdKeyRecords | null;
}

/** The input as a FastDocument, or null when the general path must read it. */
export function readFastDocument(
  input: InputText,
  hookKey: string,
  hook: ValueHook,
  recordKeys: readonly string[] = [],
): FastDocument | null {
  if (input.hasStrayControl()) return null;
  const reader = new FastJsonReader(input.text, hookKey, hook, recordKeys);
  const read = reader.readDocument(true);
  return read
    ? { parsed: { ok: true, value: read.value }, decoded: read.hooked, records: reader.records }
    : null;
}

/**
 * One importer's fast readings, memoized per input so that its sniff and its parse read the text
 * once. `take` hands the document over and forgets it: the importer is its only reader, and a
 * parsed 100 MB dump must not stay alive after the spans are built.
 */
export class FastDocumentMemo {
  private readonly memo = new WeakMap<InputText, FastDocument | null>();

  constructor(private readonly read: (input: InputText) => FastDocument | null) {}

  get(input: InputText): FastDocument | null {
    let doc = this.memo.get(input);
    if (doc === undefined) {
      doc = this.read(input);
      this.memo.set(input, doc);
    }
    return doc;
  }

  take(input: InputText): FastDocument | null {
    const doc = this.get(input);
    this.memo.delete(input);
    return doc;
  }
}
