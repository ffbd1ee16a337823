import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const sample = (rel: string) =>
  readFileSync(new URL(`../public/samples/${rel}`, import.meta.url), 'utf8');

// Every test gets a fresh browser context: empty IndexedDB and localStorage.
test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('a broken dump shows the verdict, the findings by rule and the checklist with the right spans', async ({
  page,
}) => {
  await page.getByLabel('Span dump').fill(sample('broken/context-trap/otlp.json'));
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('2 errors');
  const findings = page.getByRole('region', { name: 'Findings' });
  await expect(findings.getByRole('region', { name: 'Rule orphaned-tool-span' })).toContainText(
    '41ae3dfa26202030',
  );
  await expect(findings.getByRole('region', { name: 'Rule missing-chain-span' })).toBeVisible();
  const checklist = page.getByRole('region', { name: 'Experiment checklist' });
  await expect(checklist).toBeVisible();
  await expect(
    checklist.getByRole('listitem').filter({ hasText: 'TOOL/LLM spans sit under the CHAIN span' }),
  ).toContainText(/fail/);
  await expect(checklist.getByRole('button', { name: /search_flights/ }).first()).toBeVisible();
  // The orphaned spans hang under a dashed "missing parent" row, flagged in the tree.
  await expect(
    page.getByRole('treeitem', { name: /missing parent 41ae3dfa26202030/ }),
  ).toBeVisible();
  await expect(page.getByRole('treeitem', { name: /book_hotel TOOL, \d findings?/ })).toBeVisible();
});

test('clicking a finding selects its span and shows the fix', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('broken/context-trap/otlp.json'));
  const group = page.getByRole('region', { name: 'Rule orphaned-tool-span' });
  await group.getByRole('button', { name: /point at parent 41ae3dfa26202030/ }).click();
  await expect(page.getByRole('treeitem', { selected: true })).toHaveAccessibleName(
    /search_flights|ChatCompletion|book_hotel/,
  );
  await expect(page.getByRole('region', { name: 'Span details' })).toContainText(
    '41ae3dfa26202030',
  );
  await expect(group).toContainText('Likely causes');
  await expect(group).toContainText('set_routing_context');
});

test('"only spans with findings" filters the tree and keeps ancestors', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('broken/context-trap/otlp.json'));
  await expect(page.getByRole('treeitem', { name: /experiment_run/ })).toBeVisible();
  await page.getByLabel('Only spans with findings').check();
  await expect(page.getByRole('treeitem', { name: /experiment_run/ })).toHaveCount(0);
  await expect(page.getByRole('treeitem', { name: /search_flights/ })).toBeVisible();
});

test('the expected context sharpens the diagnosis', async ({ page }) => {
  const c = JSON.parse(sample('broken/no-extraction/case.json'));
  await page.getByLabel('Span dump').fill(sample('broken/no-extraction/otlp.json'));
  const run = c.runs.find((r: { context?: unknown }) => r.context) ?? c.runs[0];
  if (run.context?.traceparent) {
    await page.getByText('Expected context').click();
    await page.getByLabel('Incoming traceparent').fill(run.context.traceparent);
  }
  await expect(page.getByRole('region', { name: 'Rule trace-id-mismatch' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(/error/);
});

test('a healthy dump says "Propagation OK" with no findings', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('broken/healthy-experiment/otlp.json'));
  await expect(page.getByRole('heading', { name: 'Propagation OK' })).toBeVisible();
  const findings = page.getByRole('region', { name: 'Findings' });
  await expect(findings.locator('.sev-error, .sev-warning')).toHaveCount(0);
});

test('the report can be copied as Markdown', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByLabel('Span dump').fill(sample('broken/context-trap/otlp.json'));
  await page.getByRole('button', { name: 'Copy report' }).click();
  await expect(page.getByRole('button', { name: 'Copy report' })).toHaveText('Copied');
  const md = await page.evaluate(() => navigator.clipboard.readText());
  expect(md).toContain('orphaned-tool-span');
  expect(md).toMatch(/^#/);
});
