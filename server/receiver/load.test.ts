// A bounded burst on loopback: 24 real SDK exporters (8 OTLP/HTTP JSON, 8 OTLP/HTTP protobuf,
// 8 OTLP/gRPC), in a child process, export concurrently to the receiver; every span must be
// stored and every trace complete. Prints the measured rate and losses.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTempServer, type TempServer } from '../sdk-spans.test-helper.ts';
import type { LoadConfig, LoadReport } from './load-generator.test-helper.ts';

const CONFIG: LoadConfig = {
  exportersPerKind: 8,
  batchesPerExporter: 4,
  tracesPerBatch: 5,
  spansPerTrace: 40,
  inFlightPerExporter: 3,
};

let server: TempServer;
beforeAll(async () => {
  server = await startTempServer();
});
afterAll(async () => {
  await server.dispose();
});

it('stores every span of a concurrent burst from 24 exporters', { timeout: 60_000 }, async () => {
  const generator = fileURLToPath(new URL('./load-generator.test-helper.ts', import.meta.url));
  const before = server.store.stats().spans;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      generator,
      server.otlpHttpUrl!,
      server.otlpGrpcAddress!,
      JSON.stringify(CONFIG),
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const report = JSON.parse(stdout) as LoadReport;
  const stored = server.store.stats().spans - before;
  const lost = report.sent - stored;
  console.log(
    `[load] ${report.exporters} concurrent SDK exporters (HTTP JSON, HTTP protobuf, gRPC), ${report.requests} requests,` +
      ` ${report.sent} spans in ${report.seconds.toFixed(2)} s → ${Math.round(report.sent / report.seconds)} spans/s;` +
      ` stored ${stored}, lost ${lost}, failed exports ${report.failedExports}`,
  );
  expect(report.failures).toEqual([]);
  expect(lost).toBe(0);
  for (const [traceId, count] of Object.entries(report.spansPerTrace))
    expect(server.store.summary(traceId)?.spanCount, traceId).toBe(count);
});
