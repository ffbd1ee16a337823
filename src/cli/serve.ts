// `tpd serve`: the app, the JSON API/proxy and the OTLP receivers (HTTP 4318, gRPC 4317) on an
// embedded SQLite store, until Ctrl-C.

import { resolve } from 'node:path';
import { DEFAULTS, startServer } from '../../server/start-server.ts';
import { type CliIo, type Command, parseArgs, UsageError } from './io.ts';

const HELP = `Usage: tpd serve [options]
  --port P               app and API port (default ${DEFAULTS.port})
  --host H               address to bind everything to (default ${DEFAULTS.host}; 0.0.0.0 exposes it)
  --otlp-http-port P     OTLP/HTTP receiver port, or "off" (default ${DEFAULTS.otlpHttpPort})
  --otlp-grpc-port P     OTLP/gRPC receiver port, or "off" (default ${DEFAULTS.otlpGrpcPort})
  --db FILE              SQLite span store (default .tpd/traces.db)
  --retention-hours N    drop traces older than N hours (default 168; 0 keeps them)
  --max-db-mb N          drop the oldest traces above N MB of stored spans (default 512; 0 = no limit)
  --max-body-mb N        largest accepted OTLP request (default 32)
  --static DIR           built app to serve (default dist/)
  --allow-origin URL     also accept API calls from this origin (e.g. a Vite dev server); repeatable
`;

function port(
  value: string | undefined,
  name: string,
  fallback: number,
  allowOff: boolean,
): number | null {
  if (value === undefined) return fallback;
  if (allowOff && value === 'off') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--${name} must be a port number${allowOff ? ' or "off"' : ''}`);
  return n;
}

function number(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number ≥ 0`);
  return n;
}

export const serveCommand: Command = async (argv: string[], io: CliIo) => {
  const { flags, positionals } = parseArgs(argv, {
    string: [
      'port',
      'host',
      'otlp-http-port',
      'otlp-grpc-port',
      'db',
      'retention-hours',
      'max-db-mb',
      'max-body-mb',
      'static',
    ],
    multi: ['allow-origin'],
    boolean: ['help'],
  });
  if (flags.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const s = (k: string) => flags[k] as string | undefined;
  const dbFile = resolve(s('db') ?? '.tpd/traces.db');
  const retentionHours = number(s('retention-hours'), 'retention-hours', 168);
  const maxDbMb = number(s('max-db-mb'), 'max-db-mb', 512);
  const log = (line: string) => io.stderr.write(`tpd serve: ${line}\n`);
  const server = await startServer({
    host: s('host') ?? DEFAULTS.host,
    port: port(s('port'), 'port', DEFAULTS.port, false)!,
    otlpHttpPort: port(s('otlp-http-port'), 'otlp-http-port', DEFAULTS.otlpHttpPort, true),
    otlpGrpcPort: port(s('otlp-grpc-port'), 'otlp-grpc-port', DEFAULTS.otlpGrpcPort, true),
    dbFile,
    retention: { maxAgeMs: retentionHours * 3600_000, maxBytes: maxDbMb * 1024 * 1024 },
    maxBodyBytes: number(s('max-body-mb'), 'max-body-mb', 32) * 1024 * 1024,
    staticDir: s('static') ? resolve(s('static')!) : DEFAULTS.staticDir,
    allowedOrigins: (flags['allow-origin'] as string[] | undefined) ?? [],
    log,
  });
  const stats = server.store.stats();
  io.stdout.write(
    [
      `Trace Propagation Debugger`,
      `  app         ${server.appUrl}/`,
      `  OTLP/HTTP   ${server.otlpHttpUrl ? `${server.otlpHttpUrl}/v1/traces` : 'off'}`,
      `  OTLP/gRPC   ${server.otlpGrpcAddress ?? 'off'}`,
      `  database    ${dbFile} (${stats.traces} traces; retention ${retentionHours ? `${retentionHours} h` : 'none'}, ${maxDbMb ? `${maxDbMb} MB` : 'no size limit'})`,
      server.otlpHttpUrl
        ? `Point an agent here: OTEL_EXPORTER_OTLP_ENDPOINT=${server.otlpHttpUrl}`
        : '',
      'Press Ctrl-C to stop.',
      '',
    ]
      .filter(Boolean)
      .join('\n') + '\n',
  );
  await new Promise<void>(resolveStop => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  log('stopping');
  await server.close();
  return 0;
};
