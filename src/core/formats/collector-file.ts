// OpenTelemetry Collector `file` exporter output (formats.md §3.1): JSON Lines, one OTLP/JSON
// `TracesData` per export batch, written by `ptrace.JSONMarshaler` + "\n". The OTel spec's
// "OTLP File Exporter" (.jsonl) is the same thing. Several pretty-printed requests pasted one
// after another are read here too. Each line is parsed on its own, so a truncated or garbled
// line costs only that line; the request walker is the one in otlp-json.ts.

import type { InputText } from '../input/input-text.ts';
import { parseJsonText } from '../input/input-text.ts';
import {
  createOtlpContext,
  finishOtlp,
  otlpLayout,
  parseOtlpRequest,
  report,
  setOtlpWindow,
  type OtlpContext,
} from './otlp-json.ts';
import type { FormatModule, ParseResult } from './types.ts';

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** Pretty-printed requests start with a line holding only `{`; JSON Lines put a whole object on it. */
function firstLineIsBareBrace(t: string): boolean {
  let i = 0;
  while (i < t.length && (isWs(t.charCodeAt(i)) || t[i] === '\n')) i++;
  let e = t.indexOf('\n', i);
  if (e < 0) e = t.length;
  return t.slice(i, e).trim() === '{';
}

function notRequest(ctx: OtlpContext, line: number): void {
  report(ctx, {
    code: 'format.collector-file.not-otlp',
    severity: 'warning',
    message: `Line ${line} is JSON but not an OTLP request (no resourceSpans); it was skipped.`,
    location: { line, jsonPath: '$' },
  });
}

function badJson(ctx: OtlpContext, line: number, column: number, message: string): void {
  report(ctx, {
    code: 'parse.jsonl.invalid-line',
    severity: 'error',
    message: `Line ${line} is not valid JSON (column ${column}: ${message}); the other lines were still read.`,
    location: { line, column },
    hint: 'A collector file cut off mid-write ends with a truncated line; the complete lines are unaffected.',
  });
}

function parseLines(input: InputText, ctx: OtlpContext): number {
  const t = input.text;
  let requests = 0;
  let lineNo = 0;
  let pos = 0;
  for (;;) {
    let nl = t.indexOf('\n', pos);
    if (nl < 0) nl = t.length;
    lineNo++;
    let end = nl;
    while (end > pos && isWs(t.charCodeAt(end - 1))) end--;
    let s = pos;
    while (s < end && isWs(t.charCodeAt(s))) s++;
    if (s < end) {
      const r = parseJsonText(t.slice(s, end), s, input);
      if (!r.ok) {
        badJson(
          ctx,
          lineNo,
          r.error.line === lineNo ? r.error.column : s - pos + 1,
          r.error.message,
        );
      } else {
        setOtlpWindow(ctx, s, end);
        if (parseOtlpRequest(r.value, ctx)) requests++;
        else notRequest(ctx, lineNo);
      }
    }
    if (nl >= t.length) break;
    pos = nl + 1;
  }
  return requests;
}

function parseConcatenated(input: InputText, ctx: OtlpContext): number {
  let requests = 0;
  for (const chunk of input.jsonValues()) {
    const r = chunk.result;
    if (!r.ok) {
      badJson(ctx, r.error.line, r.error.column, r.error.message);
      continue;
    }
    setOtlpWindow(ctx, chunk.start, chunk.end);
    if (parseOtlpRequest(r.value, ctx)) requests++;
    else notRequest(ctx, chunk.line);
  }
  return requests;
}

export const collectorFile: FormatModule = {
  id: 'collector-file',
  label: 'OpenTelemetry Collector file exporter (OTLP JSON Lines)',
  specUrl:
    'https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/exporter/fileexporter',
  sniff(input) {
    const layout = otlpLayout(input);
    return layout?.kind === 'stream' ? layout.reason : null;
  },
  parse(input): ParseResult {
    const ctx = createOtlpContext(input);
    const concatenated = firstLineIsBareBrace(input.text);
    const requests = concatenated ? parseConcatenated(input, ctx) : parseLines(input, ctx);
    if (requests === 0 && !ctx.diagnostics.some(d => d.severity === 'error')) {
      ctx.diagnostics.push({
        code: 'format.collector-file.empty',
        severity: 'info',
        message: 'No OTLP requests were found in this file.',
        location: { line: 1 },
      });
    }
    const plural = requests === 1 ? 'request' : 'requests';
    return finishOtlp(ctx, [
      concatenated ? `${requests} concatenated ${plural}` : `JSON Lines, ${requests} ${plural}`,
    ]);
  },
};
