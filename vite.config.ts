import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `virtual:samples` lists public/samples/** at build time: one corpus serves the unit tests,
// the e2e tests and the app's "Load sample" menu, with no manifest to keep in sync.
function samplesManifest(): Plugin {
  const id = 'virtual:samples';
  const root = join(import.meta.dirname, 'public/samples');
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap(name => {
        const p = join(dir, name);
        return statSync(p).isDirectory() ? walk(p) : [relative(root, p)];
      });
  return {
    name: 'samples-manifest',
    resolveId: source => (source === id ? '\0' + id : null),
    load: loaded => (loaded === '\0' + id ? `export default ${JSON.stringify(walk(root))};` : null),
  };
}

// A strict Content-Security-Policy for the built app (the dev server needs inline scripts for
// hot reload, so it is added at build time only). Span names and attributes are rendered as
// text by React; this is the second line of defence: no inline or foreign script ever runs.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: html =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      ),
  };
}

// One config for the app build and for Vitest (unit tests sit beside the code).
export default defineConfig({
  plugins: [react(), samplesManifest(), contentSecurityPolicy()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'server/**/*.test.ts', 'bin/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
  },
});
