// `npm run bench`: speed and memory on big generated traces (scripts/gen-big-trace.mjs), 1k / 10k /
// 100k spans as OTLP/JSON and Jaeger JSON. Every time is also given as a ratio to the "parse floor"
// measured in the same run: a plain JSON.parse of the same text in the same runtime.
//
// Node (each file in a fresh process):
//   parse      JSON.parse of the text (the floor)
//   tree       analyze() up to the rules: detect + parse + normalise + span tree (goal ≤ 1.5×)
//   analyze    the whole analyze(), rules and checklist included
//   check      analyze() plus the text report: what `check` does once the file is read
//   cli        `node bin/tpd.js check <file>` wall time (process start to exit, output discarded)
//              against `node -e 'JSON.parse(readFileSync(file))'` (goal ≤ 1.5×)
// Browser (the built app in headless Chromium via Playwright, a fresh page per file):
//   rows / findings   file chosen (the input's change event) → first tree row / findings on screen
//   longest task      longest main-thread task from the drop until loaded (Long Tasks API; "<50"
//                     when none reached 50 ms)
//   heap              main-thread JS heap after load and a forced GC
//   scroll            time from a scroll step (one screen) to the frame after next: median and
//                     worst of 30 steps; and the longest main-thread task while scrolling
//   toggle            "Collapse all" / "Expand all" → the frame after next; longest task
//   parse floor       JSON.parse of the same text on the page's main thread
//   stages            the load split at the app's own performance marks (load-marks.ts): file to
//                     worker, read, decode, analyze(), hand-over to the page, render
// Writes bench-results/bench-<timestamp>.json and bench-results/latest.json.
//
//   npm run bench                       # everything
//   npm run bench -- --sizes 1000,10000 --formats otlp --runs 3 --skip-browser

/* global window, document, HTMLInputElement, requestAnimationFrame -- code run in the page */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBundle, chooseBundle } from '../bin/bundle-fresh.js';
import { generateTrace } from './gen-big-trace.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);

function parseArgs(argv) {
  const o = {
    sizes: [1000, 10000, 100000],
    formats: ['otlp', 'jaeger'],
    runs: 3,
    browser: true,
    out: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') o.sizes = argv[++i].split(',').map(Number);
    else if (a === '--formats') o.formats = argv[++i].split(',');
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--skip-browser') o.browser = false;
    else if (a === '--out') o.out = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
    : NaN;
};

// ---------------------------------------------------------------------------------------------
// Child: core timings for one file (run with --expose-gc in a fresh process)

async function childCore(file, runs) {
  const { register } = await import('tsx/esm/api');
  register();
  const { readFileSync } = await import('node:fs');
  const { analyze } = await import('../src/core/analyze.ts');
  const { renderText } = await import('../src/cli/render.ts');
  const text = readFileSync(file, 'utf8');
  const gc = globalThis.gc ?? (() => {});
  const out = { parse: [], tree: [], analyze: [], check: [], stages: [] };
  for (let r = 0; r < runs; r++) {
    gc();
    let t = performance.now();
    JSON.parse(text);
    out.parse.push(performance.now() - t);
    gc();
    const marks = {};
    t = performance.now();
    const a = analyze(
      { text, fileName: file.split('/').pop() },
      { onProgress: stage => (marks[stage] ??= performance.now() - t) },
    );
    out.analyze.push(performance.now() - t);
    renderText(a, { color: false });
    out.check.push(performance.now() - t); // what `check` does once the file is read
    out.tree.push(marks.rules ?? NaN);
    out.stages.push(marks);
    out.spans = a.spans.length;
    out.findings = a.findings.length;
    out.format = a.format;
  }
  process.stdout.write(JSON.stringify(out));
}

function runChildCore(file, runs) {
  const r = spawnSync(process.execPath, ['--expose-gc', SELF, '--child-core', file, String(runs)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`core child failed for ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function wallTime(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

// The CLI is timed as it runs after `npm run build`: from the prebuilt bundle in dist-cli/,
// (re)built here when missing or out of date (bin/tpd.js would otherwise fall back to tsx).
function ensureCliBundle() {
  if (!checkBundle(ROOT).fresh) {
    const b = spawnSync(process.execPath, ['scripts/build-cli.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (b.status !== 0) throw new Error(`scripts/build-cli.mjs failed: ${b.stderr}`);
  }
  const r = chooseBundle(ROOT, process.env);
  if (!r.fresh) process.stderr.write(`warning: the CLI runs through tsx (${r.reason})\n`);
}

function cliTimes(file, runs) {
  ensureCliBundle();
  const parse = [];
  const cli = [];
  for (let r = 0; r < runs; r++) {
    parse.push(
      wallTime(['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`]),
    );
    cli.push(wallTime(['bin/tpd.js', 'check', file, '--no-color']));
  }
  return { parse: median(parse), cli: median(cli) };
}

// ---------------------------------------------------------------------------------------------
// Browser

const INSTRUMENT = () => {
  const b = { longtasks: [], t0: null, tRows: null, tFindings: null };
  window.__bench = b;
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries())
        b.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    b.noLongTasks = true;
  }
  document.addEventListener(
    'change',
    e => {
      if (e.target instanceof HTMLInputElement && e.target.type === 'file')
        b.t0 = performance.now();
    },
    true,
  );
  const poll = () => {
    if (b.t0 !== null) {
      if (b.tRows === null && document.querySelector('[role=tree] [role=treeitem]'))
        b.tRows = performance.now();
      if (
        b.tFindings === null &&
        document.querySelector('[aria-label="Findings"] li, [aria-label="Findings"] p')
      )
        b.tFindings = performance.now();
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
};

async function startPreview(outDir) {
  const port = 4400 + Math.floor(Math.random() * 400);
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--outDir',
      outDir,
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return { child, url };
    } catch {
      /* not up yet */
    }
    await new Promise(r => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('vite preview did not start');
}

async function browserRun(browser, url, file, servedPath) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  // The parse floor on this page's main thread, in its own page.
  const floorPage = await context.newPage();
  await floorPage.goto(url);
  const floor = await floorPage.evaluate(async path => {
    const text = await (await fetch(path)).text();
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      JSON.parse(text);
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[1];
  }, servedPath);
  await floorPage.close();

  const page = await context.newPage();
  await page.addInitScript(INSTRUMENT);
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  // The parse floor's page may have shared this page's renderer (and its JS heap): collect its
  // garbage now, not in the middle of the load.
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await page.getByLabel('Choose a file to analyse').setInputFiles(file);
  const tree = page.getByRole('tree', { name: 'Spans' });
  await tree.getByRole('treeitem').first().waitFor({ timeout: 180_000 });
  await page.waitForFunction(() => window.__bench.tFindings !== null, null, { timeout: 60_000 });
  await page.waitForTimeout(1500); // let the last tasks (IndexedDB write, idle work) show up
  const load = await page.evaluate(() => {
    const b = window.__bench;
    const tasks = b.longtasks.filter(t => t.start >= b.t0 - 1);
    // The app's own stage marks (src/ui/worker/load-marks.ts), in ms from the change event.
    const marks = {};
    for (const m of performance.getEntriesByType('mark'))
      if (m.name.startsWith('tpd:')) marks[m.name.slice(4)] = m.startTime - b.t0;
    return {
      rows: b.tRows - b.t0,
      findings: b.tFindings - b.t0,
      longestTask: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      longTasks: tasks.map(t => Math.round(t.duration)),
      marks,
    };
  });

  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;

  // Scroll one screen at a time and time each step to the next frame.
  const scroll = await page.evaluate(async () => {
    const from = performance.now();
    const el = document.querySelector('[role=tree]');
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const steps = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      el.scrollTop += el.clientHeight;
      await frame();
      steps.push(performance.now() - t);
    }
    // …and jump to the very end.
    const t = performance.now();
    el.scrollTop = el.scrollHeight;
    await frame();
    const toEnd = performance.now() - t;
    steps.sort((a, b) => a - b);
    await frame();
    const tasks = window.__bench.longtasks.filter(t => t.start >= from);
    return {
      median: steps[Math.floor(steps.length / 2)],
      worst: steps[steps.length - 1],
      toEnd,
      longestTask: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    };
  });

  const toggle = {};
  const toggleFrom = await page.evaluate(() => performance.now());
  for (const name of ['Collapse all', 'Expand all']) {
    const t = await page.evaluate(async label => {
      const btn = [...document.querySelectorAll('button')].find(b => b.textContent === label);
      const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      const t0 = performance.now();
      btn.click();
      await frame();
      return performance.now() - t0;
    }, name);
    toggle[name] = t;
  }
  await page.waitForTimeout(300);
  toggle.longestTask = await page.evaluate(
    from =>
      window.__bench.longtasks
        .filter(t => t.start >= from)
        .reduce((m, t) => Math.max(m, t.duration), 0),
    toggleFrom,
  );
  const rowsShown = await page.evaluate(
    () => document.querySelector('.tree-panel .count')?.textContent ?? '',
  );
  await context.close();
  return { floor, ...load, heap, scroll, toggle, rowsShown };
}

// ---------------------------------------------------------------------------------------------

// The load of a file in stages, each from one mark to the next (see load-marks.ts): getting the
// file to the worker, reading and decoding it, analyze() itself, handing the result to the page
// (columns built, transferred, the tree rebuilt there), and React showing it.
const STAGES = [
  ['trace'],
  ['to worker', 'change', 'w.start'],
  ['read', 'w.start', 'w.read'],
  ['decode', 'w.read', 'w.detect'],
  ['analyze()', 'w.detect', 'w.analyzed'],
  ['hand-over', 'w.analyzed', 'loaded'],
  ['render → findings', 'loaded', 'findings'],
  ['render → rows', 'loaded', 'rows'],
];

function stageMs(b, from, to) {
  const at = k => (k === 'change' ? 0 : k === 'rows' || k === 'findings' ? b[k] : b.marks?.[k]);
  const a = at(from);
  const z = at(to);
  return a === undefined || z === undefined ? NaN : z - a;
}

function fmtMs(ms) {
  return Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)) : '—';
}
const task = ms => (ms >= 50 ? fmtMs(ms) : '<50');
const ratio = (a, b) => (Number.isFinite(a) && b > 0 ? (a / b).toFixed(2) + '×' : '—');

function table(headers, rows) {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map(r => String(r[i]).length)));
  const line = cells => '| ' + cells.map((c, i) => String(c).padEnd(w[i])).join(' | ') + ' |';
  return [
    line(headers),
    '| ' + w.map(n => '-'.repeat(n)).join(' | ') + ' |',
    ...rows.map(line),
  ].join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'tpd-bench-'));
  const files = [];
  for (const size of opts.sizes) {
    for (const format of opts.formats) {
      const t = performance.now();
      const g = generateTrace({ spans: size, format, seed: 1 });
      const name = `trace-${format}-${size}.json`;
      const path = join(work, name);
      writeFileSync(path, g.text);
      files.push({ size, format, name, path, mb: g.text.length / 1e6 });
      process.stderr.write(
        `generated ${name}: ${g.spanCount} spans, depth ${g.maxDepth}, ${(g.text.length / 1e6).toFixed(1)} MB (${((performance.now() - t) / 1000).toFixed(1)} s)\n`,
      );
    }
  }

  const results = [];
  for (const f of files) {
    process.stderr.write(`node: ${f.name}\n`);
    const core = runChildCore(f.path, f.size >= 100000 ? Math.min(opts.runs, 3) : opts.runs);
    // Whole processes on a shared 2-core machine swing by ±20% from one run to the next: five
    // interleaved pairs at 100k (about 20 s per file), the median of each side.
    const cli = cliTimes(f.path, f.size >= 100000 ? Math.max(opts.runs, 5) : opts.runs);
    results.push({
      ...f,
      spans: core.spans,
      findings: core.findings,
      detected: core.format,
      node: {
        parse: median(core.parse),
        tree: median(core.tree),
        analyze: median(core.analyze),
        check: median(core.check),
        stages: core.stages,
        cliParseProcess: cli.parse,
        cli: cli.cli,
      },
    });
  }

  let browserInfo = null;
  if (opts.browser) {
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(executablePath)) {
      process.stderr.write(
        `browser part skipped: no Chromium at ${executablePath} (set CHROMIUM_PATH)\n`,
      );
    } else {
      const outDir = join(work, 'dist');
      process.stderr.write('building the app…\n');
      const b = spawnSync(
        process.execPath,
        [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir'],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      if (b.status !== 0) throw new Error(`vite build failed:\n${b.stdout}\n${b.stderr}`);
      mkdirSync(join(outDir, 'bench'));
      for (const f of files) copyFileSync(f.path, join(outDir, 'bench', f.name));
      const { chromium } = await import('@playwright/test');
      const { child, url } = await startPreview(outDir);
      const browser = await chromium.launch({
        executablePath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--no-first-run',
          '--disable-sync',
        ],
      });
      browserInfo = browser.version();
      try {
        for (const r of results) {
          process.stderr.write(`browser: ${r.name}\n`);
          r.browser = await browserRun(browser, url, r.path, `bench/${r.name}`);
        }
      } finally {
        await browser.close();
        child.kill();
      }
    }
  }

  const machine = {
    cpu: `${cpus()[0]?.model ?? '?'} × ${cpus().length}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    chromium: browserInfo,
    date: new Date().toISOString(),
  };

  const nodeRows = results.map(r => [
    `${r.format} ${r.size.toLocaleString('en')}`,
    `${r.mb.toFixed(1)} MB`,
    fmtMs(r.node.parse),
    `${fmtMs(r.node.tree)} (${ratio(r.node.tree, r.node.parse)})`,
    `${fmtMs(r.node.analyze)} (${ratio(r.node.analyze, r.node.parse)})`,
    `${fmtMs(r.node.check)} (${ratio(r.node.check, r.node.parse)})`,
    `${fmtMs(r.node.cli)} vs ${fmtMs(r.node.cliParseProcess)} (${ratio(r.node.cli, r.node.cliParseProcess)})`,
  ]);
  let out = `Machine: ${machine.cpu}, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}${machine.chromium ? `, Chromium ${machine.chromium}` : ''}\n\n`;
  out += 'Node (ms; × = ratio to JSON.parse of the same text in the same process)\n\n';
  out += table(
    [
      'trace',
      'size',
      'JSON.parse',
      'parse + tree',
      'analyze (all rules)',
      'check in process',
      'CLI check vs node JSON.parse process',
    ],
    nodeRows,
  );
  const withBrowser = results.filter(r => r.browser);
  if (withBrowser.length) {
    const rows = withBrowser.map(r => [
      `${r.format} ${r.size.toLocaleString('en')}`,
      fmtMs(r.browser.floor),
      `${fmtMs(r.browser.rows)} (${ratio(r.browser.rows, r.browser.floor)})`,
      `${fmtMs(r.browser.findings)} (${ratio(r.browser.findings, r.browser.floor)})`,
      task(r.browser.longestTask),
      `${(r.browser.heap / 2 ** 20).toFixed(0)} MB`,
      `${fmtMs(r.browser.scroll.median)} / ${fmtMs(r.browser.scroll.worst)}`,
      fmtMs(r.browser.scroll.toEnd),
      task(r.browser.scroll.longestTask),
      `${fmtMs(r.browser.toggle['Collapse all'])} / ${fmtMs(r.browser.toggle['Expand all'])}`,
      task(r.browser.toggle.longestTask),
    ]);
    out += '\n\nBrowser (ms; × = ratio to JSON.parse of the same text on the page)\n\n';
    out += table(
      [
        'trace',
        'JSON.parse',
        'drop → rows',
        'drop → findings',
        'longest task',
        'heap after load',
        'scroll step median / worst',
        'scroll to end',
        'longest task scrolling',
        'collapse / expand all',
        'longest task collapse/expand',
      ],
      rows,
    );
    out += '\n\nBrowser stages (ms; split at the marks of src/ui/worker/load-marks.ts)\n\n';
    out += table(
      STAGES.map(([name]) => name),
      withBrowser.map(r => [
        `${r.format} ${r.size.toLocaleString('en')}`,
        ...STAGES.slice(1).map(([, from, to]) => fmtMs(stageMs(r.browser, from, to))),
      ]),
    );
  }
  process.stdout.write(out + '\n');

  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ machine, results, table: out }, null, 2);
  const stamp = machine.date.replace(/[:.]/g, '-');
  writeFileSync(opts.out ?? join(dir, `bench-${stamp}.json`), json);
  writeFileSync(join(dir, 'latest.json'), json);
  process.stderr.write(`wrote ${opts.out ?? join(dir, `bench-${stamp}.json`)}\n`);
  rmSync(work, { recursive: true, force: true });
}

if (process.argv[2] === '--child-core')
  await childCore(process.argv[3], Number(process.argv[4] ?? 3));
else await main();
