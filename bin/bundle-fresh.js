// Is the prebuilt CLI bundle (dist-cli/, written by scripts/build-cli.mjs) up to date with the
// sources it was built from? Plain JS so bin/tpd.js can use it before any TypeScript loader.
//
// The build writes dist-cli/manifest.json last: the bundle's entry file and every file it was
// built from (esbuild's metafile inputs, plus tsconfig.json and the build script) with the size
// and mtime each had. Here every one of them is stat'ed again (about a hundred stats, ~1 ms); any
// missing file, unreadable manifest or different size/mtime means "stale", and bin/tpd.js loads the
// TypeScript sources through tsx instead. A developer editing src/ never runs an old bundle.

import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BUNDLE_DIR = 'dist-cli';
export const MANIFEST = 'manifest.json';
export const MANIFEST_VERSION = 1;

/**
 * The size and mtime of a file, as recorded in the manifest; null if it is missing or not a
 * regular file.
 * @param {string} file
 * @returns {{ size: number, mtimeMs: number } | null}
 */
export function fileStamp(file) {
  const s = statSync(file, { throwIfNoEntry: false });
  return s && s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
}

/**
 * Size and mtime of each file (paths relative to base, '/'-separated).
 * @param {string} base
 * @param {string[]} paths
 * @returns {{ path: string, size: number, mtimeMs: number }[]}
 */
export function stampFiles(base, paths) {
  return paths.map(path => {
    const stamp = fileStamp(join(base, path));
    if (!stamp) throw new Error(`${join(base, path)} is missing`);
    return { path, ...stamp };
  });
}

/**
 * Write bundleDir/manifest.json atomically (a reader sees the old manifest, none, or the new one).
 * @param {string} bundleDir
 * @param {{ entry: string, inputs: { path: string, size: number, mtimeMs: number }[], outputs: { path: string, size: number, mtimeMs: number }[] }} content
 *   entry and outputs relative to bundleDir, inputs relative to the repository root
 */
export function writeManifest(bundleDir, { entry, inputs, outputs }) {
  const tmp = join(bundleDir, `${MANIFEST}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify({ version: MANIFEST_VERSION, entry, inputs, outputs }) + '\n');
  renameSync(tmp, join(bundleDir, MANIFEST));
}

/**
 * Which CLI code bin/tpd.js should load. TPD_NO_BUNDLE=1 forces the TypeScript sources;
 * TPD_BUNDLE_DIR (relative to root; for tests) replaces dist-cli.
 * @param {string} root
 * @param {Record<string, string | undefined>} env
 */
export function chooseBundle(root, env) {
  if (env.TPD_NO_BUNDLE && env.TPD_NO_BUNDLE !== '0')
    return /** @type {const} */ ({ fresh: false, reason: 'TPD_NO_BUNDLE is set' });
  return checkBundle(root, env.TPD_BUNDLE_DIR || BUNDLE_DIR);
}

/**
 * @param {string} root the repository root (the manifest's paths are relative to it)
 * @param {string} [dir] the bundle directory, relative to root
 * @returns {{ fresh: true, entry: string, entryUrl: string } | { fresh: false, reason: string }}
 */
export function checkBundle(root, dir = BUNDLE_DIR) {
  const bundleDir = join(root, dir);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(bundleDir, MANIFEST), 'utf8'));
  } catch (e) {
    return {
      fresh: false,
      reason:
        /** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT'
          ? 'no bundle built'
          : 'unreadable manifest',
    };
  }
  if (
    !manifest ||
    manifest.version !== MANIFEST_VERSION ||
    typeof manifest.entry !== 'string' ||
    !Array.isArray(manifest.outputs) ||
    !Array.isArray(manifest.inputs) ||
    manifest.inputs.length === 0
  )
    return { fresh: false, reason: 'unexpected manifest' };
  for (const [base, list] of [
    [bundleDir, manifest.outputs],
    [root, manifest.inputs],
  ]) {
    for (const f of list) {
      if (!f || typeof f.path !== 'string' || isAbsolute(f.path))
        return { fresh: false, reason: 'unexpected manifest' };
      const now = fileStamp(join(base, f.path));
      if (!now) return { fresh: false, reason: `missing ${f.path}` };
      if (now.size !== f.size || now.mtimeMs !== f.mtimeMs)
        return { fresh: false, reason: `changed since the build: ${f.path}` };
    }
  }
  if (!manifest.outputs.some(f => f.path === manifest.entry))
    return { fresh: false, reason: 'unexpected manifest' };
  const entry = join(bundleDir, manifest.entry);
  return { fresh: true, entry, entryUrl: pathToFileURL(entry).href };
}
