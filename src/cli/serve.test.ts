// `node bin/tpd.js serve` as a user runs it: the SDK exports to its receiver, `tpd check --source
// local` reads the trace back with the same output and exit codes as `check <file>`, and the
// server stops cleanly on SIGTERM.

import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendAgentTrace } from '../../server/sdk-spans.test-helper.ts';
import { runCli } from './test-io.test-helper.ts';

const bin = fileURLToPath(new URL('../../bin/tpd.js', import.meta.url));
let child: ChildProcess;
let output = '';
let dir: string;
let appUrl: string;
let otlpUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tpd-serve-'));
  child = spawn(
    process.execPath,
    [
      bin,
      'serve',
      '--port',
      '0',
      '--otlp-http-port',
      '0',
      '--otlp-grpc-port',
      '0',
      '--db',
      join(dir, 't.db'),
      '--static',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', d => (output += String(d)));
  child.stderr!.on('data', d => (output += String(d)));
  const deadline = Date.now() + 30_000;
  while (!/Press Ctrl-C/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`serve did not start:\n${output}`);
    await new Promise(r => setTimeout(r, 100));
  }
  appUrl = /app\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)![1]!;
  otlpUrl = /OTLP\/HTTP\s+(http:\/\/127\.0\.0\.1:\d+\/v1\/traces)/.exec(output)![1]!;
}, 40_000);

/** `tpd check --source local` against the running server. */
const checkLocal = (traceId: string, ...flags: string[]) =>
  runCli(['check', '--source', 'local', '--url', appUrl, '--trace-id', traceId, ...flags]);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('prints where the app and the receivers listen, all on 127.0.0.1', () => {
  expect(output).toMatch(/OTLP\/gRPC\s+127\.0\.0\.1:\d+/);
  expect(output).toContain('OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:');
});

it('check --source local reads a trace sent by the SDK; exit 0 / 1 like check <file>', async () => {
  const sent = await sendAgentTrace(new OTLPTraceExporter({ url: otlpUrl }));
  const json = await checkLocal(sent.traceId, '--json');
  expect(json.stderr).toBe('');
  const report = JSON.parse(json.stdout) as { spans?: unknown[]; summary?: unknown };
  expect(JSON.stringify(report)).toContain(sent.traceId);
  const text = await checkLocal(sent.traceId);
  expect(text.stdout).toContain('run_agent');
  expect([0, 1]).toContain(text.code);
  expect(json.code).toBe(text.code);
});

it('check --source local exits 2 with a one-line reason for an unknown trace', async () => {
  const r = await checkLocal('ab'.repeat(16));
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/is not in the local receiver/);
});

it('stops on SIGTERM with exit code 0', async () => {
  const exited = new Promise<number | null>(r => child.once('exit', code => r(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
