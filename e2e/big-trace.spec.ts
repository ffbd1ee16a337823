// A generated 100,000-span agent trace (~90 MB OTLP/JSON) through the real UI: it loads, the
// waterfall scrolls to the very end, the last span can be selected and its details (fetched from
// the worker) appear. No timing assertions: the budgets are measured by `npm run bench`.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generateTrace } from '../scripts/gen-big-trace.mjs';

const SPANS = 100_000;
let dir = '';
let file = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tpd-big-trace-'));
  file = join(dir, 'agent-trace-100k.json');
  writeFileSync(file, generateTrace({ spans: SPANS, format: 'otlp', seed: 7 }).text);
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a 100,000-span trace loads, scrolls to the end and shows its last span', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/');
  await page.evaluate(() => indexedDB.deleteDatabase('keyval-store'));
  await page.evaluate(() => localStorage.clear());
  await page.reload();

  await page.getByLabel('Choose a file to analyse').setInputFiles(file);
  const tree = page.getByRole('tree', { name: 'Spans' });
  await expect(tree.getByRole('treeitem').first()).toBeVisible({ timeout: 100_000 });
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('100,000 spans');
  // The CHAIN spans the generator left out make orphaned TOOL spans: findings are shown.
  await expect(page.getByRole('region', { name: 'Findings' })).toContainText('orphaned-tool-span');
  await expect(page.getByRole('img', { name: /Trace overview: 100,\d{3} rows/ })).toBeVisible();

  // Scroll to the very end, as dragging the scrollbar down does.
  await tree.evaluate(el => (el.scrollTop = el.scrollHeight));
  const last = tree.getByRole('treeitem').last();
  await expect(last).toBeVisible();
  await last.click();
  const name = (await last.getAttribute('aria-label'))!.split(' ')[0]!;
  await expect(last).toHaveAttribute('aria-selected', 'true');
  // It is the last row: End keeps it selected.
  await tree.press('End');
  await expect(tree.getByRole('treeitem', { selected: true })).toHaveAttribute(
    'aria-label',
    (await last.getAttribute('aria-label'))!,
  );

  const details = page.getByRole('region', { name: 'Span details' });
  await expect(details.getByRole('heading', { level: 2 })).toHaveText(name);
  await expect(details.getByRole('table', { name: 'Attributes' })).toContainText(
    'openinference.span.kind',
  );

  // Back to the top with the keyboard; the filter narrows 100k spans to the failed tool calls.
  await tree.press('Home');
  await expect(tree.getByRole('treeitem', { selected: true })).toHaveAccessibleName(
    /remote parent/,
  );
  const shown = page.getByRole('status', { name: 'Rows shown' });
  const rowCount = async () => {
    const m = /^([\d,]+) of ([\d,]+) rows$/.exec((await shown.textContent()) ?? '');
    return m ? Number(m[1]!.replace(/,/g, '')) : NaN;
  };
  expect(await rowCount()).toBeGreaterThan(SPANS);
  await page.getByLabel('Filter spans').fill('status:error kind:TOOL');
  await expect.poll(rowCount, { timeout: 30_000 }).toBeLessThan(5_000);
  expect(await rowCount()).toBeGreaterThan(0);
  await expect(tree.getByRole('treeitem', { name: / TOOL/ }).first()).toBeVisible();
});
