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

// One config for the app build and for Vitest (unit tests sit beside the code).
export default defineConfig({
  plugins: [react(), samplesManifest()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'server/**/*.test.ts', 'bin/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
  },
});
