// In-process CLI runner for tests: captures stdout/stderr, feeds stdin.

import { Readable } from 'node:stream';
import { main } from './main.ts';

export async function runCli(
  argv: string[],
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from([Buffer.from(stdin)]),
  });
  return { code, stdout, stderr };
}
