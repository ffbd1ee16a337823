// The prebuilt CLI bundle is used only while it matches the sources it was built from; anything
// else falls back to tsx. The first block works on a small fake repository; the second builds the
// real bundle into a private directory (never dist-cli/, which other processes may be using) and
// runs bin/tpd.js on it.

import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../scripts/build-cli.mjs';
import { runCli } from '../src/cli/test-io.test-helper.ts';
import {
  BUNDLE_DIR,
  MANIFEST,
  checkBundle,
  chooseBundle,
  stampFiles,
  writeManifest,
} from './bundle-fresh.js';

const SOURCES = ['src/cli/main.ts', 'src/core/model/span.ts', 'tsconfig.json'];
const OUTPUTS = ['main.js', 'chunk-ABC.js'];

function write(file: string, text: string) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Moves a file's mtime by `ms` without changing its content. */
function shiftMtime(file: string, ms: number) {
  const { atime, mtime } = statSync(file);
  utimesSync(file, atime, new Date(mtime.getTime() + ms));
}

/** A repository with three sources and a bundle built from them, as build-cli writes it. */
function fakeRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'tpd-bundle-'));
  for (const p of SOURCES) write(join(root, p), `// ${p}\nexport const x = 1;\n`);
  const out = join(root, BUNDLE_DIR);
  for (const p of OUTPUTS) write(join(out, p), `export const main = () => 0; // ${p}\n`);
  writeManifest(out, {
    entry: 'main.js',
    inputs: stampFiles(root, SOURCES),
    outputs: stampFiles(out, OUTPUTS),
  });
  return root;
}

const roots: string[] = [];
const repo = () => {
  const root = fakeRepo();
  roots.push(root);
  return root;
};
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('checkBundle', () => {
  it('accepts a bundle whose sources and outputs are unchanged', () => {
    const root = repo();
    const r = checkBundle(root);
    expect(r).toMatchObject({ fresh: true, entry: join(root, BUNDLE_DIR, 'main.js') });
    expect(r.fresh && r.entryUrl).toMatch(/^file:\/\/.*\/dist-cli\/main\.js$/);
  });

  it('calls the bundle stale when a source file was touched', () => {
    const root = repo();
    shiftMtime(join(root, 'src/core/model/span.ts'), 1000);
    expect(checkBundle(root)).toEqual({
      fresh: false,
      reason: 'changed since the build: src/core/model/span.ts',
    });
  });

  it('calls the bundle stale when a source gets an older mtime (e.g. a checkout)', () => {
    const root = repo();
    shiftMtime(join(root, 'src/cli/main.ts'), -60_000);
    expect(checkBundle(root).fresh).toBe(false);
  });

  it('calls the bundle stale when a source changed size even with its mtime put back', () => {
    const root = repo();
    const file = join(root, 'src/cli/main.ts');
    const { atime, mtime } = statSync(file);
    appendFileSync(file, 'export const y = 2;\n');
    utimesSync(file, atime, mtime);
    expect(checkBundle(root)).toMatchObject({ fresh: false, reason: /src\/cli\/main\.ts/ });
  });

  it('calls the bundle stale when a source or a bundle file is gone or changed', () => {
    const deleted = repo();
    unlinkSync(join(deleted, 'src/core/model/span.ts'));
    expect(checkBundle(deleted)).toEqual({
      fresh: false,
      reason: 'missing src/core/model/span.ts',
    });
    const chunkGone = repo();
    unlinkSync(join(chunkGone, BUNDLE_DIR, 'chunk-ABC.js'));
    expect(checkBundle(chunkGone)).toEqual({ fresh: false, reason: 'missing chunk-ABC.js' });
    const chunkEdited = repo();
    appendFileSync(join(chunkEdited, BUNDLE_DIR, 'chunk-ABC.js'), '// edited\n');
    expect(checkBundle(chunkEdited).fresh).toBe(false);
  });

  it('calls the bundle stale without a manifest or with an unusable one', () => {
    const root = repo();
    const manifest = join(root, BUNDLE_DIR, MANIFEST);
    const good = JSON.parse(readFileSync(manifest, 'utf8'));
    const withManifest = (m: unknown) => {
      writeFileSync(manifest, typeof m === 'string' ? m : JSON.stringify(m));
      return checkBundle(root);
    };
    expect(withManifest({ ...good })).toMatchObject({ fresh: true });
    expect(withManifest('{"version":1,')).toEqual({ fresh: false, reason: 'unreadable manifest' });
    expect(withManifest({ ...good, version: 0 }).fresh).toBe(false);
    expect(withManifest({ ...good, inputs: [] }).fresh).toBe(false);
    expect(withManifest({ ...good, entry: 'other.js' }).fresh).toBe(false);
    const absolute = { ...good.inputs[0], path: join(root, good.inputs[0].path) };
    expect(withManifest({ ...good, inputs: [absolute] }).fresh).toBe(false);
    unlinkSync(manifest);
    expect(checkBundle(root)).toEqual({ fresh: false, reason: 'no bundle built' });
  });

  it('is forced off by TPD_NO_BUNDLE and pointed elsewhere by TPD_BUNDLE_DIR', () => {
    const root = repo();
    expect(chooseBundle(root, {}).fresh).toBe(true);
    expect(chooseBundle(root, { TPD_NO_BUNDLE: '0' }).fresh).toBe(true);
    expect(chooseBundle(root, { TPD_NO_BUNDLE: '1' })).toEqual({
      fresh: false,
      reason: 'TPD_NO_BUNDLE is set',
    });
    expect(chooseBundle(root, { TPD_BUNDLE_DIR: 'elsewhere' })).toEqual({
      fresh: false,
      reason: 'no bundle built',
    });
  });
});

describe('the real CLI bundle', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const bin = join(root, 'bin/tpd.js');
  const sample = join(root, 'public/samples/zipkin-v2/basic.json');
  // Inside the repository so the bundle's bare imports resolve from node_modules.
  const outDir = `node_modules/.cache/tpd-cli-test-${process.pid}`;
  let manifest: { entry: string; inputs: { path: string }[]; outputs: { path: string }[] };

  beforeAll(async () => {
    await buildCli({ root, outDir });
    manifest = JSON.parse(readFileSync(join(root, outDir, MANIFEST), 'utf8'));
  }, 60_000);
  afterAll(() => rmSync(join(root, outDir), { recursive: true, force: true }));

  const tpd = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        TPD_NO_BUNDLE: '',
        TPD_BUNDLE_DIR: outDir,
        TPD_DEBUG_BUNDLE: '1',
        ...env,
      },
    });

  // Files only reached through `import type` (e.g. src/core/model/span.ts) emit no code and are
  // not listed: editing them cannot change the bundle.
  it('records the CLI, core and server sources and no npm package', () => {
    const inputs = manifest.inputs.map(f => f.path);
    expect(inputs).toEqual(
      expect.arrayContaining([
        'src/cli/main.ts',
        'src/cli/check.ts',
        'src/core/model/ids.ts',
        'server/start-server.ts',
        'tsconfig.json',
        'scripts/build-cli.mjs',
      ]),
    );
    expect(inputs.filter(p => p.includes('node_modules'))).toEqual([]);
  });

  it('writes every file directly in the bundle directory (so ../dist is the app build)', () => {
    expect(manifest.outputs.map(f => f.path).filter(p => p.includes('/'))).toEqual([]);
    expect(BUNDLE_DIR).not.toContain('/');
  });

  it('runs from the bundle and falls back to tsx with the same output', async () => {
    const expected = (await runCli(['check', sample, '--json'])).stdout;
    let bundled = tpd({}, 'check', sample, '--json');
    // Someone editing src/ or server/ meanwhile makes the bundle stale (rightly): build again.
    for (let i = 0; i < 3 && /changed since the build: (src|server)\//.test(bundled.stderr); i++) {
      await buildCli({ root, outDir });
      manifest = JSON.parse(readFileSync(join(root, outDir, MANIFEST), 'utf8'));
      bundled = tpd({}, 'check', sample, '--json');
    }
    expect(bundled.stderr).toContain(`running the prebuilt bundle`);
    expect(bundled.status).toBe(0);
    expect(bundled.stdout).toBe(expected);

    const forced = tpd({ TPD_NO_BUNDLE: '1' }, 'check', sample, '--json');
    expect(forced.stderr).toContain('through tsx (TPD_NO_BUNDLE is set)');
    expect(forced.stdout).toBe(expected);

    const chunk = manifest.outputs.find(f => f.path !== manifest.entry && f.path.endsWith('.js'))!;
    appendFileSync(join(root, outDir, chunk.path), '\n');
    const stale = tpd({}, 'check', sample, '--json');
    expect(stale.stderr).toContain(`through tsx (changed since the build: ${chunk.path})`);
    expect(stale.stdout).toBe(expected);
  }, 60_000);
});
