import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const sample = (rel: string) =>
  readFileSync(new URL(`../public/samples/${rel}`, import.meta.url), 'utf8');

// Every test gets a fresh browser context: empty IndexedDB and localStorage.
test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('the expected context and tree filter survive a reload', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('otlp-json/basic.json'));
  await page.getByText('Expected context').click();
  await page.getByLabel('Expected trace id').fill('7d3a1f2c9b8e4d6fa1c2b3d4e5f60718');
  await page.getByLabel('Filter spans').fill('kind:TOOL');
  await expect(page.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
  await page.waitForTimeout(300);
  await page.reload();
  await expect(page.getByLabel('Expected trace id')).toHaveValue(
    '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
  );
  await expect(page.getByLabel('Filter spans')).toHaveValue('kind:TOOL');
  await expect(page.getByRole('treeitem', { name: /get_weather/ })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: /chat gpt-4o-mini/ })).toHaveCount(0);
});

test('recent analyses can be reopened and the history cleared', async ({ page }) => {
  await page.getByLabel('Load sample').selectOption('jaeger-json/basic.json');
  await expect(page.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
  await page.waitForTimeout(1800); // history is written after a quiet moment
  await page.getByLabel('Load sample').selectOption('broken/context-trap/otlp.json');
  await expect(page.getByRole('treeitem', { name: /search_flights/ })).toBeVisible();
  await page.waitForTimeout(1800);
  await page.getByText('Recent analyses').click();
  const list = page.getByRole('list', { name: 'Recent analyses' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await list.getByRole('button', { name: 'basic.json' }).click();
  await expect(page.getByRole('treeitem', { name: /get_weather/ })).toBeVisible();
  await expect(page.getByLabel('Detected as')).toContainText('Jaeger');
  await page.getByRole('button', { name: 'Clear history' }).click();
  await expect(page.getByRole('list', { name: 'Recent analyses' })).toHaveCount(0);
});

test('a share link carries the dump and context in the fragment and opens elsewhere', async ({
  page,
  browser,
}) => {
  await page.getByLabel('Span dump').fill(sample('zipkin-v2/basic.json'));
  await page.getByText('Expected context').click();
  await page.getByLabel('Incoming baggage').fill('arize.project_name=weather');
  await expect(page.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
  await page.getByRole('button', { name: 'Share link' }).click();
  const url = await page
    .getByRole('dialog', { name: 'Share link' })
    .getByRole('textbox')
    .inputValue();
  expect(url).toMatch(/#\/\?share=[A-Za-z0-9_-]+$/);
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(url);
  await expect(p2.getByRole('treeitem', { name: /get_weather/ })).toBeVisible();
  await expect(p2.getByLabel('Incoming baggage')).toHaveValue('arize.project_name=weather');
  await expect(p2).not.toHaveURL(/share=/);
  await other.close();
});

test('the normalised trace can be exported as OTLP/JSON and read back', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('python-console/basic.txt'));
  await expect(page.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export OTLP/JSON' }).click();
  const file = await (await download).path();
  const exported = readFileSync(file, 'utf8');
  expect(JSON.parse(exported).resourceSpans).toBeDefined();
  // The full spans are exported, not the lite copies the page holds.
  expect(exported).toContain('llm.token_count.prompt');
  expect(exported).toContain('weather API timeout');
  await page.getByLabel('Span dump').fill(exported);
  await expect(page.getByLabel('Detected as')).toContainText('OTLP');
  await expect(page.getByRole('treeitem', { name: /get_weather/ })).toBeVisible();
});

test('text typed just before a reload is not lost', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('otlp-json/basic.json'));
  await expect(page.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
  await page.getByLabel('Span dump').press('End');
  await page.getByLabel('Span dump').pressSequentially('  ');
  await page.reload();
  await expect(page.getByLabel('Span dump')).toHaveValue(/\}\s* {2}$/);
});
