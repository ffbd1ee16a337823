#!/usr/bin/env node
// Trace Propagation Debugger CLI. The commands are TypeScript in src/cli and share src/core with
// the app. `npm run build` also prebuilds them into dist-cli/ (scripts/build-cli.mjs), which
// starts several times faster; that bundle is used only while every source file it was built
// from is unchanged (bin/bundle-fresh.js). Otherwise — no build yet, a source edited since, or
// TPD_NO_BUNDLE=1 — tsx (a runtime dependency) loads the TypeScript, so the CLI works right after
// `npm ci` and never runs stale code. TPD_DEBUG_BUNDLE=1 says on stderr which one runs and why.
import { fileURLToPath } from 'node:url';
import { chooseBundle } from './bundle-fresh.js';

const bundle = chooseBundle(fileURLToPath(new URL('..', import.meta.url)), process.env);
if (process.env.TPD_DEBUG_BUNDLE)
  process.stderr.write(
    bundle.fresh
      ? `tpd: running the prebuilt bundle ${bundle.entry}\n`
      : `tpd: running the TypeScript sources through tsx (${bundle.reason})\n`,
  );
let main;
if (bundle.fresh) {
  ({ main } = await import(bundle.entryUrl));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
process.exitCode = code;
