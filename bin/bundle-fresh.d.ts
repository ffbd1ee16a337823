// Types for bundle-fresh.js (plain JS so bin/tpd.js can load it without a TypeScript loader).

export const BUNDLE_DIR: string;
export const MANIFEST: string;
export const MANIFEST_VERSION: number;

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

export type BundleChoice =
  { fresh: true; entry: string; entryUrl: string } | { fresh: false; reason: string };

export function fileStamp(file: string): { size: number; mtimeMs: number } | null;
export function stampFiles(base: string, paths: string[]): FileStamp[];
export function writeManifest(
  bundleDir: string,
  content: { entry: string; inputs: FileStamp[]; outputs: FileStamp[] },
): void;
export function chooseBundle(root: string, env: Record<string, string | undefined>): BundleChoice;
export function checkBundle(root: string, dir?: string): BundleChoice;
