// The one entry point: input text → detect format → parse → build trees → run rules → sorted,
// self-contained result. Used by the Web Worker, the CLI and the server alike. This is the one
// place with a try/catch around importers and rules: a bug becomes an `internal` diagnostic
// rather than a blank screen.

import { detectFormat, formatById } from './formats/index.ts';
import { capDiagnostics } from './formats/record-reader.ts';
import type { FormatId, FormatModule, ParseResult } from './formats/types.ts';
import { closeTruncatedJson } from './input/close-truncated-json.ts';
import { MAX_NESTING, takeDepthCuts, TOO_DEEP } from './input/depth-limit.ts';
import { InputText } from './input/input-text.ts';
import type { ExpectedContextInput, ResolvedContext } from './model/context.ts';
import type { Diagnostic, Finding } from './model/diagnostic.ts';
import { severityRank } from './model/diagnostic.ts';
import type { Span } from './model/span.ts';
import { buildChecklist, type Checklist } from './rules/checklist.ts';
import { resolveExpectedContext } from './rules/context.ts';
import { markRemoteParentNodes } from './rules/missing-parents.ts';
import { runRules } from './rules/index.ts';
import { buildSpanTree, type SpanForest } from './tree/build-span-tree.ts';

export interface AnalyzeInput {
  /** The text, or `bytes` (decoded as UTF-8/UTF-16 by BOM). */
  text?: string;
  bytes?: Uint8Array;
  fileName?: string;
  /** Force a format instead of detecting it. */
  format?: FormatId;
}

export interface AnalyzeOptions {
  context?: ExpectedContextInput;
  /** Refuse inputs longer than this many characters (the browser sets a limit; default none). */
  maxChars?: number;
  onProgress?: (stage: 'detect' | 'parse' | 'tree' | 'rules', fraction: number) => void;
}

export interface Verdict {
  errors: number;
  warnings: number;
  infos: number;
  ok: boolean;
}

export interface Analysis {
  format: FormatId | null;
  formatLabel: string | null;
  formatSpecUrl: string | null;
  /** How the format was chosen, e.g. `detected: top-level resourceSpans`. */
  detection: string;
  dialect?: string;
  inputNotes: string[];
  spans: Span[];
  forest: SpanForest;
  /** Trace order for display: biggest problems first. Indexes into forest.traces. */
  traceOrder: number[];
  /** Input, parse and context problems. */
  diagnostics: Diagnostic[];
  /** Tree and rule findings, most severe first. */
  findings: Finding[];
  context: ResolvedContext;
  /** The experiment view (pass/fail lines); null when nothing hints at an agent run. */
  checklist: Checklist | null;
  verdict: Verdict;
  /** True when the input could not be read at all (CLI exit code 2). */
  unreadable: boolean;
}

function describeUnknown(input: InputText): Diagnostic {
  const head = input.text.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    const parsed = input.json();
    if (!parsed.ok) {
      const e = parsed.error;
      return {
        code: 'parse.json.invalid',
        severity: 'error',
        message: `Not valid JSON at line ${e.line}, column ${e.column}: ${e.message}.`,
        location: { line: e.line, column: e.column },
        hint: 'Check that the whole dump was copied (a missing closing bracket usually means it was cut off), or pick the format by hand.',
      };
    }
    const v = parsed.value;
    const sample = Array.isArray(v) ? v[0] : v;
    const keys =
      sample && typeof sample === 'object'
        ? Object.keys(sample as object)
            .slice(0, 8)
            .join(', ')
        : typeof sample;
    return {
      code: 'format.unknown',
      severity: 'error',
      message: `This JSON is not a span dump format I know (top-level ${Array.isArray(v) ? 'array of' : 'keys:'} ${keys || 'nothing'}).`,
      location: { line: 1, column: 1 },
      hint: 'Supported: OTLP/JSON, Collector file/debug output, Python/JS ConsoleSpanExporter, Jaeger, Zipkin, Phoenix, Arize AX, LangSmith, Langfuse. Choose a format by hand to see why it does not fit.',
    };
  }
  return {
    code: 'format.unknown',
    severity: 'error',
    message: `Could not recognise this text as a span dump (it starts with "${head.slice(0, 40).replace(/\s+/g, ' ')}").`,
    location: { line: 1, column: 1 },
    hint: 'Paste OTLP/JSON, an exporter console print, or a Jaeger/Zipkin/Phoenix/Arize export. Log lines around a console dump are fine.',
  };
}

function safeParse(format: FormatModule, input: InputText): ParseResult {
  try {
    return format.parse(input);
  } catch (e) {
    return {
      spans: [],
      diagnostics: [
        {
          code: 'internal',
          severity: 'error',
          message: `The ${format.label} importer failed: ${e instanceof Error ? e.message : String(e)}. Please report this with the dump.`,
        },
      ],
    };
  }
}

/**
 * A truncated JSON document (copy cut short) still holds readable spans: close it, re-detect
 * (or keep the chosen format) and parse. Returns null when that does not yield spans.
 */
function readTruncated(
  input: InputText,
  chosen: FormatModule | null,
): {
  format: FormatModule;
  detection: string;
  input: InputText;
  parsed: ParseResult;
  diagnostic: Diagnostic;
} | null {
  const err = input.json();
  if (err.ok) return null;
  const closed = closeTruncatedJson(input.text);
  if (!closed) return null;
  const repaired = new InputText(closed, input.fileName);
  const d = chosen ? { format: chosen, reason: chosen.label } : detectFormat(repaired);
  if (!d.format) return null;
  const parsed = safeParse(d.format, repaired);
  if (parsed.spans.length === 0) return null;
  const { line, column } = err.error;
  return {
    format: d.format,
    detection: `detected in the readable part: ${d.reason}`,
    input: repaired,
    parsed,
    diagnostic: {
      code: 'parse.json.truncated',
      severity: 'error',
      message: `The JSON ends too early at line ${line}, column ${column}: it looks cut off. The ${parsed.spans.length} span${parsed.spans.length === 1 ? '' : 's'} before the cut are shown; anything after it is missing.`,
      location: { line, column },
      hint: 'Copy or export the dump again in full.',
    },
  };
}

/**
 * Importer diagnostics listed per code at most: 100,000 broken spans in a console print must not
 * become 100,000 messages (the rest are summarised in one). Importers that cap their own lists
 * keep 20 per code plus a summary, which passes through unchanged.
 */
const MAX_SAME_CODE = 50;

function tooDeep(count: number, line: number | undefined): Diagnostic {
  const levels = MAX_NESTING.toLocaleString('en-US');
  const d: Diagnostic = {
    code: 'format.value.too-deep',
    severity: 'warning',
    message:
      count === 1
        ? `A value is nested more than ${levels} levels deep; the part below level ${levels} was cut and reads "${TOO_DEEP}".`
        : `${count} values are nested more than ${levels} levels deep; the parts below level ${levels} were cut and read "${TOO_DEEP}".`,
    hint: 'Span data is never nested this deep: the dump is probably broken or generated on purpose. The rest of it was read normally.',
  };
  if (line !== undefined) d.location = { line };
  return d;
}

/** Analyse one input. Never throws. */
export function analyze(source: AnalyzeInput, options: AnalyzeOptions = {}): Analysis {
  const diagnostics: Diagnostic[] = [];
  const progress = options.onProgress ?? (() => {});
  takeDepthCuts(); // forget cuts recorded outside an analysis (a direct importer call)
  let input =
    source.bytes !== undefined
      ? InputText.fromBytes(source.bytes, source.fileName)
      : new InputText(source.text ?? '', source.fileName);
  let format: FormatModule | null = null;
  let detection = '';
  let parsed: ParseResult = { spans: [], diagnostics: [] };
  let unreadable = false;

  progress('detect', 0);
  if (input.text.trim() === '') {
    unreadable = true;
    diagnostics.push({
      code: 'input.empty',
      severity: 'error',
      message: 'The input is empty.',
      hint: 'Paste a span dump, drop a file, or load a sample.',
    });
  } else if (options.maxChars !== undefined && input.length > options.maxChars) {
    unreadable = true;
    diagnostics.push({
      code: 'input.too-large',
      severity: 'error',
      message: `The input is ${(input.length / 1e6).toFixed(0)} MB; this view reads at most ${(options.maxChars / 1e6).toFixed(0)} MB.`,
      hint: 'Export only the trace you need (filter by trace id), or run `node bin/tpd.js check <file>` on it.',
    });
  } else if (input.looksBinary()) {
    unreadable = true;
    diagnostics.push({
      code: 'input.binary',
      severity: 'error',
      message: 'The input looks like binary data (for example OTLP protobuf), not text.',
      hint: 'Export as JSON: the Collector file exporter with `format: json`, or `Accept: application/json` from the backend API.',
    });
  } else {
    if (source.format) {
      const f = formatById(source.format);
      if (f) {
        format = f;
        detection = `chosen by you: ${f.label}`;
      } else {
        diagnostics.push({
          code: 'format.unknown-id',
          severity: 'error',
          message: `Unknown format "${source.format}".`,
        });
      }
    }
    if (!format) {
      const d = detectFormat(input);
      format = d.format;
      detection = d.format ? `detected: ${d.reason}` : d.reason;
    }
    if (!format) {
      const repaired = readTruncated(input, null);
      if (repaired) {
        diagnostics.push(repaired.diagnostic);
        format = repaired.format;
        detection = repaired.detection;
        input = repaired.input;
        parsed = repaired.parsed;
        diagnostics.push(...capDiagnostics(parsed.diagnostics, MAX_SAME_CODE));
      } else {
        unreadable = true;
        diagnostics.push(describeUnknown(input));
      }
    } else {
      progress('parse', 0);
      parsed = safeParse(format, input);
      const repaired =
        parsed.spans.length === 0 ? readTruncated(input, source.format ? format : null) : null;
      if (repaired) {
        diagnostics.push(repaired.diagnostic);
        format = repaired.format;
        detection = repaired.detection;
        input = repaired.input;
        parsed = repaired.parsed;
      }
      diagnostics.push(...capDiagnostics(parsed.diagnostics, MAX_SAME_CODE));
      if (parsed.spans.length === 0 && !diagnostics.some(d => d.severity === 'error')) {
        diagnostics.push({
          code: 'input.no-spans',
          severity: 'warning',
          message: `Read as ${format.label}, but it contains no spans.`,
          hint: 'Check that the export is not empty, or choose another format.',
        });
      }
      if (parsed.spans.length === 0 && diagnostics.some(d => d.severity === 'error'))
        unreadable = true;
    }
  }

  const cuts = takeDepthCuts();
  if (cuts.count > 0) diagnostics.push(tooDeep(cuts.count, cuts.line));
  // The parsed document is garbage from here on: let it go before the tree and the rules run.
  input.releaseJson();
  const spans = parsed.spans;
  const context = resolveExpectedContext(options.context ?? {});
  diagnostics.push(...context.diagnostics);
  progress('tree', 0);
  const remoteParentIds = new Set<string>();
  if (context.remoteParentSpanId) remoteParentIds.add(context.remoteParentSpanId);
  const forest = buildSpanTree(spans, { remoteParentIds });
  progress('rules', 0);
  const ruleContext = { spans, forest, expected: context, format: format?.id ?? null };
  const findings = spans.length ? runRules(ruleContext) : [];
  let checklist: Checklist | null = null;
  if (spans.length) {
    try {
      markRemoteParentNodes(ruleContext);
      checklist = buildChecklist(ruleContext, findings);
    } catch (e) {
      diagnostics.push({
        code: 'internal',
        severity: 'error',
        message: `The experiment checklist failed: ${e instanceof Error ? e.message : String(e)}. Please report this with the dump.`,
      });
    }
  }

  const verdict: Verdict = { errors: 0, warnings: 0, infos: 0, ok: true };
  for (const f of [...findings, ...diagnostics]) {
    if (f.severity === 'error') verdict.errors++;
    else if (f.severity === 'warning') verdict.warnings++;
    else verdict.infos++;
  }
  verdict.ok = verdict.errors === 0 && verdict.warnings === 0;

  diagnostics.sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
  const traceOrder = orderTraces(forest, findings);
  const result: Analysis = {
    format: format?.id ?? null,
    formatLabel: format?.label ?? null,
    formatSpecUrl: format?.specUrl ?? null,
    detection,
    inputNotes: input.notes,
    spans,
    forest,
    traceOrder,
    diagnostics,
    findings,
    context,
    checklist,
    verdict,
    unreadable,
  };
  if (parsed.dialect) result.dialect = parsed.dialect;
  return result;
}

/** Biggest problems first: errors, then warnings, then size; ties keep input order. */
function orderTraces(forest: SpanForest, findings: Finding[]): number[] {
  const score = forest.traces.map(() => ({ e: 0, w: 0 }));
  const traceIndexById = new Map(forest.traces.map((t, i) => [t.traceId, i]));
  for (const f of findings) {
    const ti = f.traceId !== undefined ? traceIndexById.get(f.traceId) : undefined;
    if (ti === undefined) continue;
    if (f.severity === 'error') score[ti]!.e++;
    else if (f.severity === 'warning') score[ti]!.w++;
  }
  return forest.traces
    .map((_, i) => i)
    .sort(
      (a, b) =>
        score[b]!.e - score[a]!.e ||
        score[b]!.w - score[a]!.w ||
        forest.traces[b]!.spanIndexes.length - forest.traces[a]!.spanIndexes.length ||
        a - b,
    );
}
