// Shared pieces of the fuzz suite (src/core/fuzz/*.test.ts): the run count (bounded in `npm test`,
// large with `npm run fuzz`), the sample corpus, hostile strings, and mutations of a sample
// (byte flips, truncation at every kind of position, line edits, CRLF, inserted text, and JSON
// edits: values replaced by random JSON, huge numbers or deep nesting, keys swapped, renamed,
// deleted, `__proto__` added). A mutation is plain data, so fast-check prints and shrinks it.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  LosslessNumber,
  parse as losslessParse,
  stringify as losslessStringify,
} from 'lossless-json';
import { expect } from 'vitest';
import type { Analysis } from '../analyze.ts';
import { analyze } from '../analyze.ts';
import { spansToOtlpJsonText } from '../export/otlp-json-writer.ts';
import { findingsToJson } from '../report/findings-json.ts';
import { analysisToMarkdown } from '../report/markdown.ts';
import type { FormatId } from '../formats/types.ts';

// ---------------------------------------------------------------------------------------------
// Run counts

/** `FUZZ_RUNS=2000 vitest run src/core/fuzz` (npm run fuzz) raises every property's run count. */
export const FUZZ_RUNS = Math.max(0, Math.floor(Number(process.env['FUZZ_RUNS'] ?? '0')) || 0);
/** True in the large run (`npm run fuzz`): slow checks such as the 1M-span input run too. */
export const FUZZ_LARGE = FUZZ_RUNS > 0;

/** fast-check parameters: `bounded` runs in `npm test`, FUZZ_RUNS in `npm run fuzz`. */
export function fuzzParams(bounded: number): { numRuns: number; seed?: number } {
  const seed = process.env['FUZZ_SEED'];
  const p: { numRuns: number; seed?: number } = { numRuns: FUZZ_LARGE ? FUZZ_RUNS : bounded };
  if (seed !== undefined && seed !== '') p.seed = Number(seed);
  return p;
}

/** Vitest timeout for a property: generous per run in the large run. */
export function fuzzTimeout(bounded: number, msPerRun = 60): number {
  return Math.max(20_000, fuzzParams(bounded).numRuns * msPerRun);
}

// ---------------------------------------------------------------------------------------------
// The sample corpus (public/samples/**), small files only

export type SampleKind = 'json' | 'jsonl' | 'text';

export interface Sample {
  /** Path below public/samples. */
  rel: string;
  text: string;
  /** The format analyze() detects for the intact sample. */
  formatId: FormatId;
  kind: SampleKind;
}

const SAMPLES_ROOT = fileURLToPath(new URL('../../../public/samples/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap(name => {
      const p = `${dir}/${name}`;
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

function kindOf(text: string): SampleKind {
  try {
    JSON.parse(text);
    return 'json';
  } catch {
    const lines = text.split('\n').filter(l => l.trim() !== '');
    const parses = (l: string): boolean => {
      try {
        JSON.parse(l);
        return true;
      } catch {
        return false;
      }
    };
    return lines.length > 1 && lines.slice(0, -1).every(parses) ? 'jsonl' : 'text';
  }
}

let corpus: Sample[] | null = null;

/** Every span dump under public/samples up to `maxBytes` (case descriptions left out). */
export function samples(maxBytes = 20_000): Sample[] {
  corpus ??= walk(SAMPLES_ROOT.replace(/\/$/, '')).flatMap(path => {
    const rel = path.slice(SAMPLES_ROOT.length);
    if (rel.endsWith('/case.json') || rel.startsWith('hostile/')) return [];
    const text = readFileSync(path, 'utf8');
    if (text.length > 60_000) return [];
    const a = analyze({ text, fileName: rel.split('/').pop() });
    if (!a.format || a.spans.length === 0) return [];
    const sample: Sample = { rel, text, formatId: a.format, kind: kindOf(text) };
    // Counterexamples name the sample instead of printing its whole text.
    Object.defineProperty(sample, fc.toStringMethod, { value: () => `sample(${rel})` });
    return [sample];
  });
  return corpus.filter(s => s.text.length <= maxBytes);
}

/** The samples filed under `formatId` (public/samples/<format-id>/). */
export function samplesOf(formatId: FormatId): Sample[] {
  return samples().filter(s => s.rel.startsWith(`${formatId}/`));
}

// ---------------------------------------------------------------------------------------------
// Hostile text

/** Strings that must stay inert data: markup, script URLs, bidi and zero-width, odd unicode. */
export const HOSTILE_STRINGS: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  'javascript:alert(1)',
  'JaVaScRiPt:void(0)',
  'data:text/html,<script>alert(1)</script>',
  '</textarea></pre><b>bold</b>',
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit(1)}',
  '\u202Eevil\u202C.txt', // right-to-left override
  '\u2066isolate\u2069\u200F\u200E',
  'zero\u200Bwidth\u200C\u200D\u2060\uFEFFjoin',
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  'a\uDC00b\uD83D',
  '👨‍👩‍👧‍👦 e\u0301 \u0627\u0644\u0639\u0631\u0628\u064A\u0629',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  '\\u0000 \\" \\\\',
  'line1\r\nline2\rline3\u2028line4\u2029',
  '\u0007\u001b[31mred\u001b[0m',
  '%s %n %x %%',
  "'; DROP TABLE spans; --",
];

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
const ODD_CHARS = [
  ...LONE_SURROGATES,
  '\u202E',
  '\u200B',
  '\uFEFF',
  '\u2028',
  '\r',
  '\n',
  '\t',
  '"',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '<',
  '>',
  '&',
  "'",
  '`',
  '=',
  '\u0000',
  '\u00A0',
  '😀',
];

/** Any string, biased towards the hostile ones and odd characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...ODD_CHARS), maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** One character to put in place of another: structural, odd or random. */
const flipChar: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ODD_CHARS),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constantFrom('0', '9', 'a', 'f', 'z', 'Z', '-', '.', 'e', 'n', ' '),
);

// ---------------------------------------------------------------------------------------------
// Mutations

/** Where a truncation cuts: right after a structural character, a quote, a backslash, inside a
 * number or a word, at a line end, in a surrogate pair — or anywhere. */
export type CutKind =
  'any' | 'structural' | 'quote' | 'backslash' | 'digit' | 'word' | 'line-end' | 'surrogate';

/** Raw JSON put in place of a value: huge or odd numbers, deep nesting, a random JSON value. */
export type Replacement =
  | { type: 'json'; value: unknown }
  | { type: 'number'; text: string }
  | { type: 'deep'; depth: number; shape: 'array' | 'object' | 'otlp' }
  | { type: 'string'; value: string };

export type JsonEdit =
  | { kind: 'replace'; with: Replacement }
  | { kind: 'swap-keys'; other: number }
  | { kind: 'rename-key'; to: string }
  | { kind: 'delete' }
  | { kind: 'duplicate' }
  | { kind: 'proto' };

export type Mutation =
  | { op: 'flip'; at: number; ch: string; count: number }
  | { op: 'truncate'; cut: CutKind; at: number }
  | { op: 'line'; edit: 'duplicate' | 'remove' | 'swap'; at: number; other: number }
  | { op: 'newlines'; style: 'crlf' | 'cr' | 'mixed' | 'lf' }
  | { op: 'insert'; at: number; text: string }
  | { op: 'json'; target: number; edit: JsonEdit };

const index = fc.nat({ max: 1_000_000 });

export const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '123456789012345678901234567890',
  '-98765432109876543210',
  '18446744073709551615',
  '9007199254740993',
  '0.000000000000000000000000001',
  '1.7976931348623157e308',
  '4.9e-324',
];

/** JSON objects whose keys are the names of Object.prototype members. */
export const HOSTILE_OBJECTS: readonly string[] = [
  '{"toString": 1}',
  '{"toString": "x", "valueOf": {}}',
  '{"__proto__": {"polluted": 1}}',
  '{"constructor": {"prototype": {"polluted": 1}}}',
  '{"hasOwnProperty": 1, "toJSON": 2, "__defineGetter__": 3}',
  '[{"__proto__": []}, {"toString": null}]',
];

export const replacement: fc.Arbitrary<Replacement> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.jsonValue({ maxDepth: 3 }).map(value => ({ type: 'json' as const, value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...HOSTILE_OBJECTS)
      .map(text => ({ type: 'json' as const, value: JSON.parse(text) as unknown })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...HUGE_NUMBERS).map(text => ({ type: 'number' as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('deep' as const),
      depth: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 990, max: 1200 })),
      shape: fc.constantFrom('array' as const, 'object' as const, 'otlp' as const),
    }),
  },
  { weight: 2, arbitrary: hostileString.map(value => ({ type: 'string' as const, value })) },
);

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  { weight: 4, arbitrary: replacement.map(w => ({ kind: 'replace' as const, with: w })) },
  { weight: 1, arbitrary: index.map(other => ({ kind: 'swap-keys' as const, other })) },
  { weight: 1, arbitrary: hostileString.map(to => ({ kind: 'rename-key' as const, to })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'proto' as const }) },
);

const CUT_KINDS: readonly CutKind[] = [
  'any',
  'structural',
  'quote',
  'backslash',
  'digit',
  'word',
  'line-end',
  'surrogate',
];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('flip' as const),
    at: index,
    ch: flipChar,
    count: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    op: fc.constant('truncate' as const),
    cut: fc.constantFrom<CutKind>(...CUT_KINDS),
    at: index,
  }),
  fc.record({
    op: fc.constant('line' as const),
    edit: fc.constantFrom('duplicate' as const, 'remove' as const, 'swap' as const),
    at: index,
    other: index,
  }),
  fc.record({
    op: fc.constant('newlines' as const),
    style: fc.constantFrom('crlf' as const, 'cr' as const, 'mixed' as const, 'lf' as const),
  }),
  fc.record({ op: fc.constant('insert' as const), at: index, text: hostileString }),
  fc.record({ op: fc.constant('json' as const), target: index, edit: jsonEdit }),
);

/** A truncation only (for the "truncated input is always reported" properties). */
export const truncation: fc.Arbitrary<Extract<Mutation, { op: 'truncate' }>> = fc.record({
  op: fc.constant('truncate' as const),
  cut: fc.constantFrom<CutKind>(...CUT_KINDS.filter(k => k !== 'surrogate')),
  at: index,
});

/** A JSON edit only. */
export const jsonMutation: fc.Arbitrary<Extract<Mutation, { op: 'json' }>> = fc.record({
  op: fc.constant('json' as const),
  target: index,
  edit: jsonEdit,
});

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isDigitChar = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function cutPositions(text: string, kind: CutKind): number[] {
  const out: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const prev = text[i - 1];
    const next = text[i];
    let ok: boolean;
    switch (kind) {
      case 'any':
        ok = true;
        break;
      case 'structural':
        ok = prev !== undefined && '{}[],:'.includes(prev);
        break;
      case 'quote':
        ok = prev === '"' || prev === "'";
        break;
      case 'backslash':
        ok = prev === '\\';
        break;
      case 'digit':
        ok = isDigitChar(prev) && isDigitChar(next);
        break;
      case 'word':
        ok = isWordChar(prev) && isWordChar(next);
        break;
      case 'line-end':
        ok = next === '\n' || next === '\r' || prev === '\r';
        break;
      case 'surrogate': {
        const c = text.charCodeAt(i - 1);
        ok = c >= 0xd800 && c <= 0xdbff;
        break;
      }
    }
    if (ok) out.push(i);
  }
  return out;
}

/** Where a truncation mutation cuts `text` (an offset in 1..length-1). */
export function cutOffset(text: string, m: Extract<Mutation, { op: 'truncate' }>): number {
  let positions = cutPositions(text, m.cut);
  if (positions.length === 0) positions = cutPositions(text, 'any');
  if (positions.length === 0) return 0;
  return positions[m.at % positions.length]!;
}

/** Apply a mutation to a sample's text. Deterministic. */
export function mutate(sample: Sample, m: Mutation): string {
  const t = sample.text;
  switch (m.op) {
    case 'flip': {
      let out = t;
      for (let k = 0; k < m.count; k++) {
        const at = (m.at + k * 7919) % Math.max(1, out.length);
        out = out.slice(0, at) + m.ch + out.slice(at + 1);
      }
      return out;
    }
    case 'truncate':
      return t.slice(0, cutOffset(t, m));
    case 'line': {
      const lines = t.split('\n');
      const a = m.at % lines.length;
      const b = m.other % lines.length;
      if (m.edit === 'duplicate') lines.splice(a, 0, lines[a]!);
      else if (m.edit === 'remove') lines.splice(a, 1);
      else [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'newlines': {
      if (m.style === 'lf') return t.replace(/\r\n?/g, '\n');
      if (m.style === 'crlf') return t.replace(/\r?\n/g, '\r\n');
      if (m.style === 'cr') return t.replace(/\r?\n/g, '\r');
      let k = 0;
      return t.replace(/\r?\n/g, () => ['\r\n', '\n', '\r'][k++ % 3]!);
    }
    case 'insert': {
      const at = m.at % (t.length + 1);
      return t.slice(0, at) + m.text + t.slice(at);
    }
    case 'json':
      return sample.kind === 'text' ? t : editJson(sample, m.target, m.edit);
  }
}

/** Several mutations, one after the other. */
export function mutateAll(sample: Sample, ms: readonly Mutation[]): string {
  return ms.reduce((text, m) => mutate({ ...sample, text }, m), sample.text);
}

/** One to three mutations. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, {
  minLength: 1,
  maxLength: 3,
});

// ---- JSON edits -------------------------------------------------------------------------------

type Container = Record<string, unknown> | unknown[];
interface Slot {
  parent: Container;
  key: string | number;
}

const RAW = '@@fuzz-raw@@';
const DUP = '@@fuzz-duplicate-key@@';

function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        stack.push(x);
      });
    } else if (v !== null && typeof v === 'object' && !(v instanceof LosslessNumber)) {
      for (const k of Object.keys(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return out;
}

function defineKey(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A nested value `depth` levels deep, as JSON text (built without recursion). */
export function deepJson(depth: number, shape: 'array' | 'object' | 'otlp'): string {
  if (shape === 'array') return '['.repeat(depth) + '"bottom"' + ']'.repeat(depth);
  if (shape === 'object') return '{"a":'.repeat(depth) + '"bottom"' + '}'.repeat(depth);
  // OTLP AnyValue: {"arrayValue":{"values":[ … ]}} per level.
  return (
    '{"arrayValue":{"values":['.repeat(depth) + '{"stringValue":"bottom"}' + ']}}'.repeat(depth)
  );
}

function rawText(r: Replacement): string | null {
  if (r.type === 'number') return r.text;
  if (r.type === 'deep') return deepJson(r.depth, r.shape);
  return null;
}

function replacementValue(r: Replacement): unknown {
  if (r.type === 'json') return r.value;
  if (r.type === 'string') return r.value;
  return RAW;
}

interface Edited {
  root: unknown;
  raw: string | null;
  dupKey: string | null;
}

function editValue(root: unknown, target: number, edit: JsonEdit): Edited {
  const all = slots(root);
  if (all.length === 0) return { root, raw: null, dupKey: null };
  const slot = all[target % all.length]!;
  const { parent, key } = slot;
  let raw: string | null = null;
  let dupKey: string | null = null;
  switch (edit.kind) {
    case 'replace':
      raw = rawText(edit.with);
      if (Array.isArray(parent)) parent[key as number] = replacementValue(edit.with);
      else defineKey(parent, key as string, replacementValue(edit.with));
      break;
    case 'swap-keys': {
      if (Array.isArray(parent)) {
        const j = edit.other % parent.length;
        [parent[key as number], parent[j]] = [parent[j], parent[key as number]];
      } else {
        const keys = Object.keys(parent);
        const other = keys[edit.other % keys.length]!;
        const a = parent[key as string];
        defineKey(parent, key as string, parent[other]);
        defineKey(parent, other, a);
      }
      break;
    }
    case 'rename-key':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else {
        const v = parent[key as string];
        delete parent[key as string];
        defineKey(parent, edit.to, v);
      }
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case 'duplicate':
      // Arrays: the element twice. Objects: the key written twice (`"k": v, "k": v`).
      if (Array.isArray(parent)) parent.splice(key as number, 0, parent[key as number]);
      else {
        defineKey(parent, DUP, parent[key as string]);
        dupKey = key as string;
      }
      break;
    case 'proto': {
      const target2 = Array.isArray(parent) ? null : parent;
      const polluter = JSON.parse(
        '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}',
      ) as unknown;
      if (target2)
        defineKey(target2, '__proto__', (polluter as Record<string, unknown>)['__proto__']);
      else (parent as unknown[])[key as number] = polluter;
      break;
    }
  }
  return { root, raw, dupKey };
}

function stringifyLike(e: Edited, pretty: boolean): string {
  let text = losslessStringify(e.root, undefined, pretty ? 2 : undefined) ?? 'null';
  if (e.raw !== null) text = text.split(JSON.stringify(RAW)).join(e.raw);
  if (e.dupKey !== null) text = text.split(JSON.stringify(DUP)).join(JSON.stringify(e.dupKey));
  return text;
}

function editJson(sample: Sample, target: number, edit: JsonEdit): string {
  if (sample.kind === 'json') {
    let root: unknown;
    try {
      root = losslessParse(sample.text);
    } catch {
      return sample.text; // already broken by an earlier mutation
    }
    return stringifyLike(editValue(root, target, edit), sample.text.includes('\n'));
  }
  // JSON Lines: edit one line.
  const lines = sample.text.split('\n');
  const filled = lines.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== '');
  const [line, i] = filled[target % filled.length]!;
  let root: unknown;
  try {
    root = losslessParse(line);
  } catch {
    return sample.text; // a deliberately broken line of the sample
  }
  lines[i] = stringifyLike(editValue(root, Math.floor(target / filled.length), edit), false);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// What every analysis must satisfy, whatever the input

const SEVERITIES = new Set(['error', 'warning', 'info']);

/** Invariants of an Analysis of `text`; throws (via expect) with a readable message. */
export function checkAnalysis(a: Analysis, text: string): void {
  const internal = a.diagnostics.filter(d => d.code === 'internal');
  expect(
    internal.map(d => d.message),
    'an importer or the checklist crashed',
  ).toEqual([]);
  const maxLine = text.split(/\r\n|\r|\n/).length + 1;
  for (const d of a.diagnostics) {
    if (
      typeof d.code !== 'string' ||
      d.code === '' ||
      !SEVERITIES.has(d.severity) ||
      typeof d.message !== 'string' ||
      d.message === ''
    ) {
      throw new Error(`malformed diagnostic ${JSON.stringify(d)}`);
    }
    const line = d.location?.line;
    if (line !== undefined && !(Number.isInteger(line) && line >= 1 && line <= maxLine)) {
      throw new Error(`diagnostic ${d.code} points at line ${line} of ${maxLine - 1}`);
    }
  }
  a.spans.forEach((s, i) => {
    if (s.index !== i) throw new Error(`span ${i} has index ${s.index}`);
    if (
      typeof s.traceId !== 'string' ||
      typeof s.spanId !== 'string' ||
      typeof s.name !== 'string'
    ) {
      throw new Error(`span ${i} has a non-string id or name`);
    }
    if (s.parentSpanId !== null && typeof s.parentSpanId !== 'string')
      throw new Error(`span ${i} parent`);
    if (
      (s.startNs !== null && typeof s.startNs !== 'bigint') ||
      (s.endNs !== null && typeof s.endNs !== 'bigint')
    ) {
      throw new Error(`span ${i} times are not bigint`);
    }
    if (
      !s.attributes ||
      typeof s.attributes !== 'object' ||
      !s.resource ||
      typeof s.resource !== 'object'
    ) {
      throw new Error(`span ${i} attributes`);
    }
    if (!Array.isArray(s.events) || !Array.isArray(s.links))
      throw new Error(`span ${i} events/links`);
    const line = s.source.line;
    if (!(Number.isInteger(line) && line >= 1 && line <= maxLine)) {
      throw new Error(`span ${i} source.line ${line} outside 1..${maxLine - 1}`);
    }
    // The model's maps have no prototype, so `attributes.constructor` is data or undefined.
    const maps = [
      s.attributes,
      s.resource,
      ...s.events.map(e => e.attributes),
      ...s.links.map(l => l.attributes),
    ];
    if (maps.some(m => Object.getPrototypeOf(m) !== null)) {
      throw new Error(`span ${i} has an attribute map with a prototype`);
    }
  });
  if (a.spans.length === 0 && !a.diagnostics.some(d => d.severity !== 'info')) {
    throw new Error('no spans and no error or warning saying why');
  }
  for (const f of [...a.findings]) {
    for (const i of f.spanIndexes) {
      if (!(i >= 0 && i < a.spans.length)) throw new Error(`finding ${f.rule} points at span ${i}`);
    }
  }
  const errors = [...a.findings, ...a.diagnostics].filter(f => f.severity === 'error').length;
  expect(a.verdict.errors).toBe(errors);
  // The UI receives the analysis from a worker: it must survive structured cloning.
  structuredClone(a);
  // The CLI and the export buttons: reports and the OTLP/JSON writer take any analysis.
  JSON.parse(JSON.stringify(findingsToJson(a)));
  analysisToMarkdown(a);
  if (a.spans.length) JSON.parse(spansToOtlpJsonText(a.spans));
}

const protoKeys = (o: object): string =>
  Reflect.ownKeys(o)
    .map(k => String(k))
    .sort()
    .join(',');
const OBJECT_PROTO_KEYS = protoKeys(Object.prototype);
const ARRAY_PROTO_KEYS = protoKeys(Array.prototype);
const FUNCTION_PROTO_KEYS = protoKeys(Function.prototype);

/** True when anything was written onto the shared prototypes (`({}).polluted` and the like). */
export function polluted(): boolean {
  return (
    ({} as Record<string, unknown>)['polluted'] !== undefined ||
    ([] as unknown as Record<string, unknown>)['polluted'] !== undefined ||
    protoKeys(Object.prototype) !== OBJECT_PROTO_KEYS ||
    protoKeys(Array.prototype) !== ARRAY_PROTO_KEYS ||
    protoKeys(Function.prototype) !== FUNCTION_PROTO_KEYS ||
    Object.getPrototypeOf({}) !== Object.prototype
  );
}
