import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-io.test-helper.ts';

const bin = fileURLToPath(new URL('../../bin/tpd.js', import.meta.url));
const TID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TP = `00-${TID}-00f067aa0ba902b7-01`;

async function json(argv: string[], stdin = '') {
  const r = await runCli(['headers', ...argv, '--json'], stdin);
  return { code: r.code, out: JSON.parse(r.stdout), stderr: r.stderr };
}

describe('tpd headers --json', () => {
  it('prints one object in the documented shape for valid headers (exit 0)', async () => {
    const { code, out } = await json([
      '--traceparent',
      TP,
      '--tracestate',
      'foo=1,bar=2',
      '--baggage',
      'arize.space_id=U3Bh,arize.project_name=travel%20agent;p',
    ]);
    expect(code).toBe(0);
    expect(out.traceparent).toMatchObject({
      present: true,
      valid: true,
      version: '00',
      traceId: TID,
      parentId: '00f067aa0ba902b7',
      flags: '01',
      sampled: true,
      problems: [],
    });
    expect(out.tracestate).toMatchObject({
      present: true,
      valid: true,
      members: [
        { key: 'foo', value: '1' },
        { key: 'bar', value: '2' },
      ],
      problems: [],
    });
    expect(out.baggage).toMatchObject({
      present: true,
      valid: true,
      entries: [
        { key: 'arize.space_id', value: 'U3Bh', properties: [] },
        {
          key: 'arize.project_name',
          value: 'travel agent',
          properties: [{ key: 'p', value: null }],
        },
      ],
    });
    expect(out.routing).toMatchObject({
      spaceId: 'U3Bh',
      projectName: 'travel agent',
      complete: true,
    });
    expect(out.otel.traceparent).toMatchObject({
      traceId: TID,
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
    });
    expect(out.otel.injected.traceparent).toBe(TP);
  });

  it('exits 1 with the problem code and position when a header is invalid', async () => {
    const { code, out } = await json(['--traceparent', TP.replace('4bf9', '4BF9')]);
    expect(code).toBe(1);
    expect(out.traceparent).toMatchObject({ present: true, valid: false, traceId: null });
    expect(out.traceparent.problems[0]).toMatchObject({
      code: 'header.traceparent.trace-id.uppercase',
      position: 4,
      column: 5,
    });
    expect(out.tracestate.present).toBe(false);
  });

  it('treats a repeated flag as repeated header fields', async () => {
    const { code, out } = await json(['--traceparent', TP, '--traceparent', TP]);
    expect(code).toBe(1);
    expect(out.traceparent.problems[0].code).toBe('header.traceparent.duplicate');
    expect(out.otel.differences.map((d: { code: string }) => d.code)).toContain(
      'otel.traceparent.duplicate',
    );
  });

  it('reads a raw header block from stdin when no value flags are given', async () => {
    const block = `> POST /agent HTTP/1.1\n> TRACEPARENT: ${TP}\n> baggage: k=%FF\n> Content-Type: application/json\n`;
    const { code, out } = await json([], block);
    expect(code).toBe(0);
    expect(out.traceparent.traceId).toBe(TID);
    expect(out.baggage.entries).toEqual([{ key: 'k', value: '\ufffd', properties: [] }]);
    expect(out.baggage.problems[0].code).toBe('header.baggage.value.utf8');
    expect(out.otel.baggage).toBeNull();
  });

  it('reports tracestate without traceparent as not judged (exit 1)', async () => {
    const { code, out } = await json(['--tracestate', 'foo=1']);
    expect(code).toBe(1);
    expect(out.tracestate).toMatchObject({ present: true, valid: false, judged: false });
  });
});

describe('tpd headers --generate', () => {
  it('prints a new valid set in the same shape plus the header strings', async () => {
    const { code, out } = await json([
      '--generate',
      '--sampled',
      '--baggage-entry',
      'arize.space_id=U3Bh',
      '--baggage-entry',
      'arize.project_name=my project',
    ]);
    expect(code).toBe(0);
    expect(out.valid).toBe(true);
    expect(out.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-03$/);
    expect(out.headers.baggage).toBe('arize.space_id=U3Bh,arize.project_name=my%20project');
    expect(out.traceparent).toMatchObject({ valid: true, sampled: true, flags: '03' });
    expect(out.traceparent.traceId).toBe(out.headers.traceparent.slice(3, 35));
    expect(out.routing).toMatchObject({ projectName: 'my project', complete: true });
  });

  it('leaves sampled off unless asked', async () => {
    const { out } = await json(['--generate', '--no-random']);
    expect(out.traceparent).toMatchObject({ flags: '00', sampled: false });
    expect(out.headers.baggage).toBeUndefined();
  });
});

describe('tpd headers: usage errors exit 2', () => {
  it.each([
    [['--generate', '--baggage-entry', 'novalue']],
    [['--generate', '--baggage-entry', 'bad key=v']],
    [['--generate', '--traceparent', TP]],
    [['--unknown']],
    [['stray']],
  ])('%j', async argv => {
    const r = await runCli(['headers', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tpd headers: /);
  });
});

describe('tpd headers: readable report', () => {
  it('shows the fields, a caret under the first error and the OTel column', async () => {
    const r = await runCli([
      'headers',
      '--traceparent',
      `${TP.slice(0, -2)}ff`,
      '--baggage',
      'k=a b',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`trace-id   ${TID}`);
    expect(r.stdout).toContain('flags      ff (sampled, random, reserved bits 0xfc)');
    expect(r.stdout).toContain('    k=a b\n       ^');
    expect(r.stdout).toMatch(/would inject:\n {4}traceparent: 00-.*-0ff/);
  });
});

describe('node bin/tpd.js headers', () => {
  it('runs as a process: JSON on stdout and the exit code', () => {
    const r = spawnSync(process.execPath, [bin, 'headers', '--traceparent', TP, '--json'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).traceparent.traceId).toBe(TID);
    const bad = spawnSync(process.execPath, [bin, 'headers', '--json'], {
      encoding: 'utf8',
      input: 'traceparent: ff-00000000000000000000000000000000-0000000000000000-01\n',
    });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).traceparent.problems[0].code).toBe(
      'header.traceparent.version.ff',
    );
  });
});
