// `tpd headers`: decode traceparent / tracestate / baggage strictly (W3C) beside what
// OpenTelemetry JS does, or generate a new valid set.
//
//   tpd headers [--traceparent V]… [--tracestate V]… [--baggage V]… [--json]
//       (no value flags: read a raw header block from stdin; repeating a flag = repeated field)
//   tpd headers --generate [--sampled] [--no-random] [--baggage-entry k=v]… [--tracestate-entry k=v]…
//       [--space-id S] [--project-name P] [--trace-id X] [--parent-id Y] [--json]
//
// Exit: 0 every present header valid, 1 otherwise, 2 bad arguments.

import { type DecodedHeaders, decodeHeaders } from '../core/headers/decode.ts';
import { generateHeaders } from '../core/headers/generate.ts';
import {
  type BlockNote,
  blockToFields,
  type HeaderFields,
  parseHeaderBlock,
} from '../core/headers/header-block.ts';
import { OTEL_CORE_VERSION, type OtelResult, runOtel } from '../core/headers/otel-compare.ts';
import { col, type HeaderProblem } from '../core/headers/problem.ts';
import { describeFlags, hex2 } from '../core/headers/traceparent.ts';
import { type CliIo, type Command, parseArgs, readAll, UsageError } from './io.ts';

const SPEC = {
  boolean: ['json', 'generate', 'sampled', 'no-random'],
  string: ['space-id', 'project-name', 'trace-id', 'parent-id'],
  multi: ['traceparent', 'tracestate', 'baggage', 'baggage-entry', 'tracestate-entry'],
};

export const headersCommand: Command = async (argv, io) => {
  const { flags, positionals } = parseArgs(argv, SPEC);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const list = (name: string) => (flags[name] as string[] | undefined) ?? [];
  const str = (name: string) => flags[name] as string | undefined;
  const json = flags.json === true;

  if (flags.generate) {
    for (const n of ['traceparent', 'tracestate', 'baggage']) {
      if (list(n).length) throw new UsageError(`--${n} cannot be combined with --generate`);
    }
    const pairs = (name: string) =>
      list(name).map(kv => {
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new UsageError(`--${name} needs key=value, got "${kv}"`);
        return { key: kv.slice(0, eq), value: kv.slice(eq + 1) };
      });
    const opts: Parameters<typeof generateHeaders>[0] = {
      sampled: flags.sampled === true,
      random: flags['no-random'] !== true,
      baggage: pairs('baggage-entry'),
      tracestate: pairs('tracestate-entry'),
    };
    for (const [flag, key] of [
      ['space-id', 'spaceId'],
      ['project-name', 'projectName'],
      ['trace-id', 'traceId'],
      ['parent-id', 'parentId'],
    ] as const) {
      if (str(flag) !== undefined) opts[key] = str(flag);
    }
    const g = generateHeaders(opts);
    const bad = g.problems.find(p => p.severity === 'error');
    if (bad) throw new UsageError(bad.message);
    const fields: HeaderFields = {
      traceparent: [g.traceparent],
      tracestate: g.tracestate !== undefined ? [g.tracestate] : [],
      baggage: g.baggage !== undefined ? [g.baggage] : [],
    };
    const headers: Record<string, string> = { traceparent: g.traceparent };
    if (g.tracestate !== undefined) headers.tracestate = g.tracestate;
    if (g.baggage !== undefined) headers.baggage = g.baggage;
    return report(io, fields, json, [], headers);
  }

  const values = ['traceparent', 'tracestate', 'baggage'].some(n => list(n).length);
  let fields: HeaderFields;
  let notes: BlockNote[] = [];
  if (values) {
    fields = {
      traceparent: list('traceparent'),
      tracestate: list('tracestate'),
      baggage: list('baggage'),
    };
  } else {
    if ((io.stdin as { isTTY?: boolean }).isTTY) {
      throw new UsageError(
        'give --traceparent/--tracestate/--baggage, or pipe a header block on stdin',
      );
    }
    const text = new TextDecoder().decode(await readAll(io.stdin));
    const block = parseHeaderBlock(text);
    fields = blockToFields(block);
    notes = block.notes;
  }
  return report(io, fields, json, notes);
};

function report(
  io: CliIo,
  fields: HeaderFields,
  json: boolean,
  notes: BlockNote[],
  headers?: Record<string, string>,
): number {
  const d = decodeHeaders(fields);
  const otel = runOtel(fields, d);
  if (json) {
    const out: Record<string, unknown> = toJson(d, otel);
    if (headers) out.headers = headers;
    if (notes.length) out.blockNotes = notes;
    io.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    io.stdout.write(toText(d, otel, notes, headers));
  }
  return d.valid ? 0 : 1;
}

const problemJson = (p: HeaderProblem) => ({
  code: p.code,
  severity: p.severity,
  message: p.message,
  position: p.position ?? null,
  column: p.position === undefined ? null : col(p.position),
});

export function toJson(d: DecodedHeaders, o: OtelResult): Record<string, unknown> {
  const tp = d.traceparent;
  const ts = d.tracestate;
  const bg = d.baggage;
  return {
    valid: d.valid,
    traceparent: {
      present: tp.present,
      valid: tp.valid,
      version: tp.version ?? null,
      traceId: tp.traceId ?? null,
      parentId: tp.parentId ?? null,
      flags: tp.flagsHex ?? null,
      sampled: tp.sampled ?? null,
      random: tp.random ?? null,
      fieldCount: tp.fieldCount,
      action: tp.action,
      problems: tp.problems.map(problemJson),
      notes: tp.notes.map(problemJson),
    },
    tracestate: {
      present: ts.present,
      valid: ts.valid,
      judged: ts.judged,
      members: ts.members.filter(m => m.valid).map(m => ({ key: m.key, value: m.value })),
      problems: ts.problems.map(problemJson),
      notes: ts.notes.map(problemJson),
    },
    baggage: {
      present: bg.present,
      valid: bg.valid,
      entries: bg.entries.map(e => ({
        key: e.key,
        value: e.value,
        properties: e.properties.map(p => ({ key: p.key, value: p.value ?? null })),
      })),
      problems: bg.problems.map(problemJson),
    },
    routing: {
      spaceId: d.routing.spaceId ?? null,
      projectName: d.routing.projectName ?? null,
      complete: d.routing.complete,
      problems: d.routing.problems.map(problemJson),
    },
    otel: {
      package: `@opentelemetry/core@${OTEL_CORE_VERSION}`,
      traceparent: o.spanContext
        ? { ...o.spanContext, sampled: (o.spanContext.traceFlags & 1) === 1 }
        : null,
      tracestate: o.traceState,
      baggage: o.baggage,
      injected: o.injected,
      differences: o.differences,
    },
  };
}

const ok = (v: boolean) => (v ? '✓' : '✗');

function caret(text: string, p: HeaderProblem | undefined): string[] {
  if (!p || p.position === undefined || text.length > 200 || /[\r\n]/.test(text)) return [];
  return [`    ${text}`, `    ${' '.repeat(p.position)}^`];
}

function problemLines(ps: HeaderProblem[]): string[] {
  return ps.map(
    p =>
      `  ${p.severity === 'error' ? '✗' : p.severity === 'warning' ? '!' : 'i'} ${p.message} [${p.code}]`,
  );
}

function toText(
  d: DecodedHeaders,
  o: OtelResult,
  notes: BlockNote[],
  headers?: Record<string, string>,
): string {
  const L: string[] = [];
  if (headers) {
    L.push('Generated headers:');
    for (const [k, v] of Object.entries(headers)) L.push(`  ${k}: ${v}`);
    L.push('');
  }
  for (const n of notes) L.push(`line ${n.line}: ${n.message}`);
  if (notes.length) L.push('');

  const tp = d.traceparent;
  if (!tp.present) L.push('traceparent  (absent) — a receiver starts a new trace');
  else {
    L.push(`traceparent  ${ok(tp.valid)} ${tp.valid ? 'valid' : 'invalid'} — ${tp.actionText}`);
    if (tp.valid) {
      L.push(`  version    ${tp.version}`);
      L.push(`  trace-id   ${tp.traceId}`);
      L.push(`  parent-id  ${tp.parentId}`);
      L.push(`  flags      ${hex2(tp.flags!)} (${describeFlags(tp.flags!)})`);
    } else L.push(...caret(tp.text ?? '', tp.problems[0]));
    L.push(...problemLines([...tp.problems, ...tp.notes]));
  }

  const ts = d.tracestate;
  if (ts.present) {
    L.push(`tracestate   ${ok(ts.valid)} ${ts.actionText}`);
    for (const m of ts.members) L.push(`  ${m.valid ? ' ' : '✗'} ${m.key} = ${m.value}`);
    if (ts.judged && !ts.valid)
      L.push(
        ...caret(
          ts.text ?? '',
          ts.problems.find(p => p.severity === 'error'),
        ),
      );
    L.push(...problemLines([...ts.problems, ...ts.notes]));
  }

  const bg = d.baggage;
  if (bg.present) {
    L.push(`baggage      ${ok(bg.valid)} ${bg.actionText} (${bg.bytes} bytes)`);
    for (const m of bg.members) {
      const props = m.properties.map(p =>
        p.value === undefined ? `;${p.key}` : `;${p.key}=${JSON.stringify(p.value)}`,
      );
      L.push(`  ${m.valid ? ' ' : '✗'} ${m.key} = ${JSON.stringify(m.value)}${props.join('')}`);
    }
    if (!bg.valid)
      L.push(
        ...caret(
          bg.text ?? '',
          bg.problems.find(p => p.severity === 'error'),
        ),
      );
    L.push(...problemLines(bg.problems));
    const r = d.routing;
    L.push(
      `Arize routing: ${r.complete ? '✓' : '✗'} space_id ${r.spaceId === undefined ? '(missing)' : JSON.stringify(r.spaceId)}, project_name ${r.projectName === undefined ? '(missing)' : JSON.stringify(r.projectName)}`,
    );
    L.push(...problemLines(r.problems));
  }

  L.push('', `OpenTelemetry JS (@opentelemetry/core ${OTEL_CORE_VERSION}) on the same headers:`);
  const sc = o.spanContext;
  L.push(
    sc
      ? `  extracts trace ${sc.traceId}, parent ${sc.spanId}, flags ${hex2(sc.traceFlags)}`
      : '  extracts no span context (starts a new trace)',
  );
  if (o.traceState)
    L.push(`  tracestate: ${o.traceState.map(m => `${m.key}=${m.value}`).join(',') || '(empty)'}`);
  if (o.baggage)
    L.push(
      `  baggage: ${o.baggage.map(e => `${e.key}=${JSON.stringify(e.value)}${e.metadata !== undefined ? ` [metadata ${JSON.stringify(e.metadata)}]` : ''}`).join(', ')}`,
    );
  const inj = Object.entries(o.injected);
  L.push(inj.length ? '  would inject:' : '  would inject nothing');
  for (const [k, v] of inj) L.push(`    ${k}: ${v}`);
  if (o.differences.length) {
    L.push('  differences from the spec:');
    for (const x of o.differences)
      L.push(`  ≠ ${x.message}${x.allowedBySpec ? ' (allowed by the spec)' : ''}`);
  } else L.push('  no differences from the strict reading');
  L.push('', d.valid ? 'All present headers are valid.' : 'Some headers are invalid.');
  return L.join('\n') + '\n';
}
