// Arize Phoenix spans dataframe written with pandas `to_json` (formats.md §9):
// `client.spans.get_spans_dataframe()` → `df.to_json(orient="records")` (the sample; times as
// epoch-ms numbers by default), `lines=True` (JSON Lines, often with `date_format="iso"`),
// `orient="table"` ({schema, data: [records]}), and the dict orients `columns` (pandas' default),
// `index` and `split`. One column per field: `name`, `span_kind`, `parent_id`, `start_time`,
// `end_time`, `status_code`, `status_message`, `events`, `context.span_id`, `context.trace_id`
// and `attributes.<key>` — null where a span lacks the attribute (skipped), ints as floats when a
// column has gaps (42.0 is read as 42), non-OpenInference keys nested
// (`"attributes.gen_ai": {"request": {"temperature": 0.2}}`, flattened back to dotted keys).
// No resource, no OTel span kind. Rows that carry Arize AX export keys are left to arize-export
// (see arizeFlatEvidence). Source: Arize-ai/phoenix src/phoenix/trace/dsl/query.py.

import type { InputText } from '../input/input-text.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Span } from '../model/span.ts';
import {
  arizeFlatEvidence,
  buildOiSpan,
  describeTimes,
  flatRowFields,
  isFlatRow,
} from './oi-span.ts';
import {
  capDiagnostics,
  isObj,
  type Obj,
  readRecords,
  type RecordSpec,
  sniffRecord,
  warnIfNoSpans,
} from './record-reader.ts';
import type { FormatModule } from './types.ts';
import { textOf } from './span-builder.ts';

/** A Phoenix dataframe row: flat `context.span_id` columns, and no Arize AX export keys. */
export function isDataframeRow(v: Obj): boolean {
  return isFlatRow(v) && arizeFlatEvidence(v) === null;
}

const spec: RecordSpec = {
  noun: 'dataframe row',
  containers: ['data'],
  isRecord: isDataframeRow,
};

type DictOrient = 'columns' | 'index' | 'split';

interface DictRows {
  orient: DictOrient;
  /** Each row with its index label (a span id in Phoenix's dataframe). */
  rows: { key: string; row: Obj }[];
}

/** Rows (at most `limit`) of a dataframe written with orient columns / index / split, or null. */
function dictRows(top: unknown, limit = Infinity): DictRows | null {
  if (!isObj(top)) return null;
  const { columns, data, index } = top;
  if (Array.isArray(columns) && Array.isArray(data)) {
    if (!columns.some(c => c === 'context.span_id' || c === 'context.trace_id')) return null;
    const names = columns.map(c => textOf(c));
    const rows = data.slice(0, limit).map((r, i) => {
      const row = newRow();
      if (Array.isArray(r)) names.forEach((c, j) => (row[c] = r[j] ?? null));
      const key = Array.isArray(index) ? index[i] : i;
      return { key: textOf(key), row };
    });
    return { orient: 'split', rows };
  }
  const byColumn = top['context.span_id'] ?? top['context.trace_id'];
  if (isObj(byColumn)) {
    const cols = Object.keys(top);
    if (!cols.every(c => isObj(top[c]))) return null;
    const rows = Object.keys(byColumn)
      .slice(0, limit)
      .map(key => {
        const row = newRow();
        for (const c of cols) row[c] = (top[c] as Obj)[key] ?? null;
        return { key, row };
      });
    return { orient: 'columns', rows };
  }
  const keys = Object.keys(top);
  const first = keys.length > 0 ? top[keys[0]!] : undefined;
  if (isObj(first) && isFlatRow(first)) {
    const rows = keys
      .filter(k => isObj(top[k]))
      .slice(0, limit)
      .map(k => ({ key: k, row: top[k] as Obj }));
    return { orient: 'index', rows };
  }
  return null;
}

/** A row object without prototype, so any column name (even `__proto__`) is plain data. */
function newRow(): Obj {
  return Object.create(null) as Obj;
}

/** The dict orient of the input (looking at its first row only), or null. */
function sniffDict(input: InputText): DictOrient | null {
  const top = input.json();
  if (!top.ok) return null;
  const d = dictRows(top.value, 1);
  if (!d || d.rows.length === 0 || arizeFlatEvidence(d.rows[0]!.row) !== null) return null;
  return d.orient;
}

function spanFrom(
  row: Obj,
  index: number,
  line: number,
  diagnostics: Diagnostic[],
  key?: string,
): Span {
  const fields = flatRowFields(row);
  if ((fields.spanId === null || fields.spanId === undefined) && key !== undefined) {
    fields.spanId = key;
    fields.notes = [`span id taken from the dataframe index (no context.span_id column)`];
  }
  return buildOiSpan(fields, index, line, diagnostics);
}

/**
 * Line of each dict-orient row: where its index label is first written as a key (followed by
 * `:`, so a span id written as a parent_id value does not count), searched forward.
 */
function dictLines(input: InputText, d: DictRows): number[] {
  if (input.lineCount === 1) return d.rows.map(() => 1); // pandas writes one line
  const t = input.text;
  let from = 0;
  return d.rows.map(({ key }) => {
    const needle = JSON.stringify(key);
    for (let hit = input.locate(needle, from); hit; hit = input.locate(needle, hit.offset + 1)) {
      let j = hit.offset + needle.length;
      while (j < t.length && (t[j] === ' ' || t[j] === '\n' || t[j] === '\r' || t[j] === '\t')) j++;
      if (t[j] === ':') {
        from = hit.offset + needle.length;
        return hit.line;
      }
    }
    return 1;
  });
}

export const phoenixDataframe: FormatModule = {
  id: 'phoenix-dataframe',
  label: 'Arize Phoenix spans dataframe (pandas to_json)',
  specUrl: 'https://github.com/Arize-ai/phoenix/blob/main/src/phoenix/trace/dsl/query.py',
  sniff(input) {
    try {
      const orient = sniffDict(input);
      if (orient) {
        return `pandas to_json(orient="${orient}") of a spans dataframe: "context.span_id" column`;
      }
      const hit = sniffRecord(input, spec);
      if (!hit) return null;
      const cols = '"context.span_id"/"attributes.*" columns';
      if (hit.layout === 'json-lines')
        return `pandas to_json(lines=True) of a spans dataframe: ${cols}`;
      if (hit.container)
        return `pandas to_json(orient="table") of a spans dataframe: data[*] with ${cols}`;
      return `pandas to_json(orient="records") of a spans dataframe: rows with ${cols}${'span_kind' in hit.record ? ' and span_kind' : ''}`;
    } catch {
      return null;
    }
  },
  parse(input) {
    const diagnostics: Diagnostic[] = [];
    const top = sniffDict(input) ? input.json() : null;
    const dict = top?.ok ? dictRows(top.value) : null;
    let spans: Span[];
    let orient: string;
    let rows: Obj[];
    if (dict) {
      const lines = dictLines(input, dict);
      rows = dict.rows.map(r => r.row);
      spans = dict.rows.map((r, i) => spanFrom(r.row, i, lines[i] ?? 1, diagnostics, r.key));
      orient = `orient=${dict.orient}`;
    } else {
      const read = readRecords(input, spec);
      diagnostics.push(...read.diagnostics);
      rows = read.records.map(r => r.value);
      spans = read.records.map((r, i) => spanFrom(r.value, i, r.line, diagnostics));
      orient =
        read.layout === 'json-lines'
          ? 'lines=True'
          : read.wrappers.length > 0
            ? 'orient=table'
            : 'orient=records';
    }
    warnIfNoSpans(
      spans.length,
      diagnostics,
      'format.phoenix.empty',
      'No spans dataframe rows were found in the input.',
      { line: 1 },
    );
    const times = describeTimes(rows);
    return {
      spans,
      diagnostics: capDiagnostics(diagnostics),
      dialect: `Phoenix spans dataframe, to_json ${orient}${times ? `, ${times}` : ''}; no resource (no service name) and no OTel span kind`,
    };
  },
};
