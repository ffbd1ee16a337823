import { defineConfig } from '@playwright/test';

// e2e drives the real built app (`npm run build` first) in Debian's Chromium: Playwright cannot
// download its own browsers on this network. Override with CHROMIUM_PATH.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OTLP_HTTP_PORT = Number((process.env.E2E_OTLP_HTTP_PORT ??= '14318'));
const OTLP_GRPC_PORT = Number(process.env.E2E_OTLP_GRPC_PORT ?? 14317);

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
  // `tpd serve` = the built app + the OTLP receiver + the backend proxy (e2e/fetch.spec.ts sends
  // spans to the receiver on E2E_OTLP_HTTP_PORT).
  webServer: {
    command: `node bin/tpd.js serve --port ${PORT} --otlp-http-port ${OTLP_HTTP_PORT} --otlp-grpc-port ${OTLP_GRPC_PORT} --db .tpd/e2e.db --retention-hours 1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
