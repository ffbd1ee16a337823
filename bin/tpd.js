#!/usr/bin/env node
// Trace Propagation Debugger CLI. The commands are TypeScript in src/cli and share src/core with
// the app; tsx (a runtime dependency) loads them, so the CLI works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
process.exitCode = code;
