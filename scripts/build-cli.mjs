// Prebuilds the CLI: src/cli/main.ts and everything it imports from src/ and server/ become
// plain ESM for Node 20 in dist-cli/ (git-ignored; not dist/, which `vite build` empties), so
// bin/tpd.js starts without compiling TypeScript through tsx. npm packages stay external (they
// are resolved from node_modules at run time; better-sqlite3 is native). Code splitting keeps
// each command's dynamic import() lazy: `tpd check` does not load the server, gRPC or SQLite.
//
// The files sit directly in dist-cli/, one level below the repository root like server/ and
// src/cli/, so `new URL('../dist', import.meta.url)` (tpd serve's app directory) still resolves.
//
// Last it writes dist-cli/manifest.json (see bin/bundle-fresh.js): the output files and every
// input with its size and mtime. bin/tpd.js uses the bundle only while all of them are unchanged.
//
//   node scripts/build-cli.mjs          (part of `npm run build`)

import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_DIR, stampFiles, writeManifest } from '../bin/bundle-fresh.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

/** Files that shape the output without being imported: a change to them also rebuilds. */
const extraInputs = root => ['tsconfig.json', relative(root, SELF)];

const toPosix = p => p.split(sep).join('/');

/**
 * Build the bundle into `root/outDir` (emptied first) and write its manifest.
 * @param {{ root?: string, outDir?: string, log?: (line: string) => void }} [opts]
 * @returns {Promise<{ outDir: string, entry: string, inputs: number, bytes: number }>}
 */
export async function buildCli({ root = ROOT, outDir = BUNDLE_DIR, log = () => {} } = {}) {
  const out = join(root, outDir);
  // Inputs edited while esbuild reads them would be recorded with their new mtime but bundled
  // with the old text; build again in that case (rare: an editor saving during the build).
  for (let attempt = 1; ; attempt++) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const started = Date.now();
    const result = await build({
      absWorkingDir: root,
      entryPoints: { main: 'src/cli/main.ts' },
      outdir: out,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20.19',
      packages: 'external',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
    });
    const inputPaths = [...Object.keys(result.metafile.inputs), ...extraInputs(root)].map(toPosix);
    const bundled = inputPaths.find(p => p.startsWith('node_modules/') || p.startsWith('../'));
    if (bundled)
      throw new Error(`build-cli: ${bundled} was bundled; npm packages must stay external`);
    const inputs = stampFiles(root, inputPaths);
    const outputPaths = Object.keys(result.metafile.outputs);
    const entry = outputPaths.find(p => result.metafile.outputs[p].entryPoint);
    if (!entry) throw new Error('build-cli: esbuild reported no entry output');
    const inOut = p => toPosix(relative(out, join(root, p)));
    const outputs = stampFiles(out, outputPaths.map(inOut));
    const editedDuringBuild = inputs.filter(f => f.mtimeMs > started);
    if (editedDuringBuild.length && attempt < 3) {
      log(`build-cli: ${editedDuringBuild[0].path} changed during the build; building again`);
      continue;
    }
    writeManifest(out, {
      entry: inOut(entry),
      // Still being edited after three tries: record an impossible mtime so the bundle counts as
      // stale and bin/tpd.js keeps using tsx until the next build.
      inputs: inputs.map(f => (editedDuringBuild.includes(f) ? { ...f, mtimeMs: -1 } : f)),
      outputs,
    });
    const bytes = outputs.filter(f => f.path.endsWith('.js')).reduce((n, f) => n + f.size, 0);
    return { outDir: out, entry: inOut(entry), inputs: inputs.length, bytes };
  }
}

if (process.argv[1] === SELF) {
  const t = performance.now();
  const r = await buildCli({ log: line => process.stderr.write(line + '\n') });
  process.stdout.write(
    `CLI bundle: ${relative(ROOT, r.outDir)}/${r.entry} from ${r.inputs} files, ` +
      `${(r.bytes / 1024).toFixed(0)} KiB of JS in ${(performance.now() - t).toFixed(0)} ms\n`,
  );
}
