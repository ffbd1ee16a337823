// The streams a CLI command uses, injected so tests can run commands in-process.

export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: NodeJS.ReadableStream;
}

export type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Thrown for bad arguments; main() prints the one-line reason and exits 2. */
export class UsageError extends Error {}

/** Read all of stdin as bytes. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Minimal flag parser: `--name value`, `--name=value`, boolean flags, repeated flags collected,
 * positionals. Unknown flags are a UsageError.
 */
export function parseArgs(
  argv: string[],
  spec: { string?: string[]; boolean?: string[]; multi?: string[] },
): { flags: Record<string, string | boolean | string[]>; positionals: string[] } {
  const flags: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const strings = new Set(spec.string ?? []);
  const bools = new Set(spec.boolean ?? []);
  const multi = new Set(spec.multi ?? []);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-' || !a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (bools.has(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
    } else if (strings.has(name) || multi.has(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      if (multi.has(name)) ((flags[name] ??= []) as string[]).push(value);
      else flags[name] = value;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { flags, positionals };
}
