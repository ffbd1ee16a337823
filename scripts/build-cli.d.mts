// Types for build-cli.mjs (imported by bin/bundle-fresh.test.ts).

export function buildCli(opts?: {
  root?: string;
  outDir?: string;
  log?: (line: string) => void;
}): Promise<{ outDir: string; entry: string; inputs: number; bytes: number }>;
