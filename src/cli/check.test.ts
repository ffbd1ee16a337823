import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateTrace } from '../../scripts/gen-big-trace.mjs';
import { FULL_TREE_MAX_SPANS } from './render.ts';
import { runCli } from './test-io.test-helper.ts';

const samplePath = (rel: string) =>
  fileURLToPath(new URL(`../../public/samples/${rel}`, import.meta.url));
const bin = fileURLToPath(new URL('../../bin/tpd.js', import.meta.url));

describe('tpd check', () => {
  it('prints exactly one JSON object with spans and findings', async () => {
    const r = await runCli(['check', samplePath('otlp-json/basic.json'), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.format).toBe('otlp-json');
    expect(out.spans).toHaveLength(3);
    const agent = out.spans.find((s: { name: string }) => s.name === 'run_agent');
    expect(agent).toMatchObject({
      traceId: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
      spanId: '3c5d7e9f1a2b4c6d',
      parentSpanId: '00f067aa0ba902b7',
      kind: 'CHAIN',
      startTimeUnixNano: '1736937000012345000',
    });
    const root = out.spans.find((s: { name: string }) => s.name === 'get_weather');
    expect(root.parentSpanId).toBe('3c5d7e9f1a2b4c6d');
    expect(out.findings.every((f: { severity: string }) => f.severity === 'info')).toBe(true);
  });

  it('reads stdin with -', async () => {
    const { readFileSync } = await import('node:fs');
    const r = await runCli(
      ['check', '-', '--json'],
      readFileSync(samplePath('jaeger-json/basic.json'), 'utf8'),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).format).toBe('jaeger-json');
  });

  it('prints a readable tree and the verdict without --json', async () => {
    const r = await runCli(['check', samplePath('python-console/basic.txt'), '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Trace 7d3a1f2c9b8e4d6fa1c2b3d4e5f60718/);
    expect(r.stdout).toMatch(/\n {6}\[TOOL\] get_weather/);
  });

  it('exits 1 when a finding is an error', async () => {
    const text = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '1'.repeat(32),
                  spanId: 'a'.repeat(16),
                  name: 'x',
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
                {
                  traceId: '1'.repeat(32),
                  spanId: 'b'.repeat(16),
                  parentSpanId: 'b'.repeat(16),
                  name: 'y',
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
              ],
            },
          ],
        },
      ],
    });
    const r = await runCli(['check', '-', '--json'], text);
    expect(r.code).toBe(1);
    expect(
      JSON.parse(r.stdout).findings.some((f: { rule: string }) => f.rule === 'parent-cycle'),
    ).toBe(true);
  });

  it('exits 2 with a one-line reason for unreadable input, missing files and bad arguments', async () => {
    const bad = await runCli(['check', '-'], '{"hello": 1}');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runCli(['check', '/nonexistent/file.json'])).code).toBe(2);
    expect(
      (await runCli(['check', samplePath('otlp-json/basic.json'), '--format', 'nope'])).code,
    ).toBe(2);
    expect((await runCli(['check', samplePath('otlp-json/basic.json'), '--bogus'])).code).toBe(2);
    expect((await runCli(['check'])).code).toBe(2);
  });

  describe('the tree of a big dump', () => {
    const spans = FULL_TREE_MAX_SPANS + 1000;
    const { text } = generateTrace({ spans, format: 'otlp', seed: 11 });
    const SPAN_LINE = /^ +\[[A-Z_]+\] /;
    const MORE_LINE = /^ *… (\d+) spans? /;
    const treeOf = (stdout: string) => stdout.split('\n\n')[1]!.split('\n');

    it('lists the spans with findings, their ancestors and what is left out under each', async () => {
      const r = await runCli(['check', '-', '--no-color'], text);
      expect(r.code).toBe(1);
      const all = await runCli(['check', '-', '--no-color', '--tree', 'full'], text);
      expect(all.stdout.split('\n').filter(l => SPAN_LINE.test(l))).toHaveLength(spans);
      expect(r.stdout).toMatch(
        new RegExp(
          `^Tree: the \\d+ spans with findings and their ancestors \\(of ${spans}\\)`,
          'm',
        ),
      );
      const tree = treeOf(r.stdout);
      const listed = tree.filter(l => SPAN_LINE.test(l));
      expect(listed.length).toBeLessThan(spans / 10);
      // Every span line with a finding mark in the full tree is listed, and the listed spans
      // plus the counts of those left out add up to every span.
      const marked = all.stdout.split('\n').filter(l => SPAN_LINE.test(l) && /[✖⚠]$/.test(l));
      expect(marked.length).toBeGreaterThan(0);
      for (const l of marked) expect(listed).toContain(l);
      const left = tree.reduce((n, l) => n + Number(MORE_LINE.exec(l)?.[1] ?? 0), 0);
      expect(listed.length + left).toBe(spans);
      // The findings follow the tree, as before.
      expect(r.stdout).toMatch(/\d+ errors?, \d+ warnings?, \d+ info/);
    });

    it('prints no tree with --tree none, the full one for small dumps, and refuses other modes', async () => {
      const none = await runCli(['check', '-', '--no-color', '--tree', 'none'], text);
      expect(none.stdout).not.toMatch(/^Trace /m);
      expect(none.stdout).toMatch(/missing-chain-span/);
      const small = await runCli(['check', samplePath('otlp-json/basic.json'), '--no-color']);
      expect(small.stdout).not.toMatch(/^Tree: /m);
      expect(small.stdout.split('\n').filter(l => SPAN_LINE.test(l))).toHaveLength(3);
      const findings = await runCli(
        ['check', samplePath('otlp-json/basic.json'), '--no-color', '--tree', 'findings'],
        undefined,
      );
      expect(findings.stdout).toMatch(/^Tree: the \d+ spans? with findings/m);
      const bad = await runCli(['check', '-', '--tree', 'some'], text);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--tree must be one of auto, full, findings, none/);
    });
  });

  it('works through bin/tpd.js as a real process', () => {
    const out = execFileSync(
      process.execPath,
      [bin, 'check', samplePath('zipkin-v2/basic.json'), '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out).spans).toHaveLength(3);
    const bad = spawnSync(process.execPath, [bin, 'check', '-'], {
      input: 'not a dump',
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^tpd check: /);
  });
});
