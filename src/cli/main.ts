// CLI entry: `tpd check|headers|serve …`. Exit codes: 0 ok, 1 findings/invalid, 2 bad usage or
// unreadable input (with a one-line reason on stderr).

import { type CliIo, type Command, UsageError } from './io.ts';

const USAGE = `Usage:
  tpd check <file|-> [--format <id>] [--trace-id X] [--traceparent H] [--baggage B] [--json]
            [--tree auto|full|findings|none]
  tpd check --source local|phoenix|arize|jaeger|tempo|zipkin --url URL --trace-id X [--project P] [--json]
  tpd headers [--traceparent V] [--tracestate V] [--baggage V] [--json]
  tpd headers --generate [--sampled] [--baggage-entry k=v …] [--json]
  tpd serve [--port P] [--otlp-http-port 4318] [--otlp-grpc-port 4317] [--db FILE]
`;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.ts')).checkCommand,
  headers: async () => (await import('./headers.ts')).headersCommand,
  serve: async () => (await import('./serve.ts')).serveCommand,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`tpd: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  try {
    return await (
      await load()
    )(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`tpd ${name}: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`tpd ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
