// `tpd check <file|-> [--format id] [--trace-id X] [--traceparent H] [--baggage B] [--json]
//   [--tree auto|full|findings|none]`
// `tpd check --source <src> --url URL --trace-id X [--project P] [--json]`
// Reads a dump (or fetches a trace), runs analyze() and prints a tree + findings, or one JSON
// object. Exit: 0 no error finding, 1 an error finding, 2 unreadable input or bad arguments.

import { readFileSync } from 'node:fs';
import { analyze, type Analysis } from '../core/analyze.ts';
import { formatById, FORMATS } from '../core/formats/index.ts';
import type { FormatId } from '../core/formats/types.ts';
import { type CliIo, type Command, parseArgs, readAll, UsageError } from './io.ts';
import { analysisToJson, renderText, TREE_MODES, type TreeMode } from './render.ts';

const SOURCES = ['local', 'phoenix', 'arize', 'jaeger', 'tempo', 'zipkin'] as const;

export const checkCommand: Command = async (argv: string[], io: CliIo) => {
  const { flags, positionals } = parseArgs(argv, {
    string: ['format', 'trace-id', 'traceparent', 'baggage', 'source', 'url', 'project', 'tree'],
    boolean: ['json', 'color', 'no-color'],
  });
  const format = flags['format'] as string | undefined;
  if (format && !formatById(format)) {
    throw new UsageError(
      `unknown format "${format}" (known: ${FORMATS.map(f => f.id).join(', ')})`,
    );
  }
  const tree = (flags['tree'] as string | undefined) ?? 'auto';
  if (!(TREE_MODES as readonly string[]).includes(tree)) {
    throw new UsageError(`--tree must be one of ${TREE_MODES.join(', ')} (got "${tree}")`);
  }
  const traceId = flags['trace-id'] as string | undefined;
  if (traceId !== undefined && !/^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{16}$/.test(traceId.trim())) {
    throw new UsageError(`--trace-id must be 32 hex digits (got "${traceId}")`);
  }
  const source = flags['source'] as string | undefined;
  let text: string | undefined;
  let bytes: Uint8Array | undefined;
  let fileName: string | undefined;
  if (source !== undefined) {
    if (!(SOURCES as readonly string[]).includes(source)) {
      throw new UsageError(`--source must be one of ${SOURCES.join(', ')}`);
    }
    if (!traceId) throw new UsageError('--source needs --trace-id');
    if (positionals.length) throw new UsageError('give either a file or --source, not both');
    const { fetchTraceForCheck } = await import('./check-source.ts');
    try {
      const got = await fetchTraceForCheck({
        source: source as (typeof SOURCES)[number],
        url: flags['url'] as string | undefined,
        traceId,
        project: flags['project'] as string | undefined,
      });
      text = got.text;
      fileName = got.fileName;
    } catch (e) {
      io.stderr.write(`tpd check: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  } else {
    if (positionals.length !== 1)
      throw new UsageError('expected one file argument (or - for stdin)');
    const file = positionals[0]!;
    try {
      // A Buffer is a Uint8Array: no copy of a 100 MB file; one synchronous read is quickest.
      bytes = file === '-' ? await readAll(io.stdin) : readFileSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      io.stderr.write(
        `tpd check: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e)}\n`,
      );
      return 2;
    }
    fileName = file === '-' ? undefined : file.split(/[\\/]/).pop();
  }
  const context = {
    traceId,
    traceparent: flags['traceparent'] as string | undefined,
    baggage: flags['baggage'] as string | undefined,
  };
  const analysis: Analysis = analyze(
    { text, bytes, fileName, format: format as FormatId | undefined },
    { context },
  );
  if (analysis.unreadable) {
    const first = analysis.diagnostics.find(d => d.severity === 'error') ?? analysis.diagnostics[0];
    const where = first?.location?.line
      ? ` (line ${first.location.line}${first.location.column ? `, column ${first.location.column}` : ''})`
      : '';
    io.stderr.write(`tpd check: ${first?.message ?? 'input could not be read'}${where}\n`);
    if (flags['json']) io.stdout.write(JSON.stringify(analysisToJson(analysis)) + '\n');
    return 2;
  }
  if (flags['json']) io.stdout.write(JSON.stringify(analysisToJson(analysis)) + '\n');
  else
    io.stdout.write(
      renderText(analysis, {
        color: !flags['no-color'] && (flags['color'] === true || isTty(io)),
        tree: tree as TreeMode,
      }),
    );
  return analysis.verdict.errors > 0 ? 1 : 0;
};

function isTty(io: CliIo): boolean {
  return Boolean((io.stdout as { isTTY?: boolean }).isTTY);
}
