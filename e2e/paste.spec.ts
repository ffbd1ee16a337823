import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const sample = (rel: string) =>
  readFileSync(new URL(`../public/samples/${rel}`, import.meta.url), 'utf8');

// Every test gets a fresh browser context: empty IndexedDB and localStorage.
test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('pasting an OTLP/JSON dump shows the tree with the right rows', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('otlp-json/basic.json'));
  const tree = page.getByRole('tree', { name: 'Spans' });
  await expect(tree.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /get_weather/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /chat gpt-4o-mini/ })).toBeVisible();
  await expect(
    tree.getByRole('treeitem', { name: /remote parent 00f067aa0ba902b7/ }),
  ).toBeVisible();
  // run_agent sits under the remote parent; its children one level deeper.
  await expect(tree.getByRole('treeitem', { name: /run_agent/ })).toHaveAttribute(
    'aria-level',
    '2',
  );
  await expect(tree.getByRole('treeitem', { name: /get_weather/ })).toHaveAttribute(
    'aria-level',
    '3',
  );
  await expect(page.getByLabel('Detected as')).toContainText('OTLP');
});

test('selecting a row shows the span details', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('jaeger-json/basic.json'));
  await page.getByRole('treeitem', { name: /get_weather/ }).click();
  const details = page.getByRole('region', { name: 'Span details' });
  await expect(details.getByRole('heading', { name: 'get_weather' })).toBeVisible();
  await expect(details).toContainText('5a6b7c8d9e0f1a2b');
  await expect(details).toContainText('weather API timeout');
});

test('keyboard navigation moves the selection and collapses rows', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('otlp-json/basic.json'));
  const tree = page.getByRole('tree', { name: 'Spans' });
  await tree.getByRole('treeitem', { name: /run_agent/ }).click();
  await tree.press('ArrowDown');
  await expect(tree.getByRole('treeitem', { selected: true })).toHaveAccessibleName(
    /chat gpt-4o-mini/,
  );
  await tree.press('ArrowUp');
  await tree.press('ArrowLeft');
  await expect(tree.getByRole('treeitem', { name: /run_agent/ })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
  await expect(tree.getByRole('treeitem', { name: /get_weather/ })).toHaveCount(0);
});

test('dropping a file analyses it', async ({ page }) => {
  const text = sample('zipkin-v2/basic.json');
  const dataTransfer = await page.evaluateHandle(content => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'trace.json', { type: 'application/json' }));
    return dt;
  }, text);
  await page.getByRole('region', { name: 'Input' }).dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('treeitem', { name: /get_weather/ })).toBeVisible();
  await expect(page.getByLabel('Detected as')).toContainText('Zipkin');
});

test('opening a file through the file picker analyses it', async ({ page }) => {
  await page.getByLabel('Choose a file to analyse').setInputFiles({
    name: 'console.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(sample('python-console/basic.txt')),
  });
  await expect(page.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
});

test('loading a sample from the menu analyses it', async ({ page }) => {
  await page.getByLabel('Load sample').selectOption('collector-debug/basic.txt');
  await expect(page.getByRole('treeitem', { name: /get_weather/ })).toBeVisible();
  await expect(page.getByLabel('Span dump')).not.toHaveValue('');
});

test('unknown input gets a clear message', async ({ page }) => {
  await page.getByLabel('Span dump').fill('{"hello": "world"}');
  const findings = page.getByRole('region', { name: 'Findings' });
  await expect(findings).toContainText('not a span dump format I know');
  await expect(page.getByRole('heading', { name: 'Input could not be read' })).toBeVisible();
});

test('truncated JSON names the line and still shows what was read', async ({ page }) => {
  const text = sample('otlp-json/basic.json');
  const cut = text.slice(0, text.indexOf('"name": "run_agent"'));
  await page.getByLabel('Span dump').fill(cut);
  await expect(page.getByRole('region', { name: 'Findings' })).toContainText(
    /ends too early at line \d+/,
  );
  await expect(page.getByRole('treeitem', { name: /get_weather/ })).toBeVisible();
});

test('the pasted input and chosen format survive a reload', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('otlp-json/basic.json'));
  await page.getByLabel('Input format').selectOption('otlp-json');
  await expect(page.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
  await page.waitForTimeout(300); // IndexedDB write
  await page.reload();
  await expect(page.getByLabel('Span dump')).toHaveValue(/run_agent/);
  await expect(page.getByLabel('Input format')).toHaveValue('otlp-json');
  await expect(page.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
});

test('expand and collapse one level at a time', async ({ page }) => {
  await page.getByLabel('Span dump').fill(sample('otlp-json/basic.json'));
  const tree = page.getByRole('tree', { name: 'Spans' });
  await expect(tree.getByRole('treeitem', { name: /get_weather/ })).toBeVisible();
  await page.getByRole('button', { name: 'Collapse one level' }).click();
  await expect(tree.getByRole('treeitem', { name: /get_weather/ })).toHaveCount(0);
  await expect(tree.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
  await page.getByRole('button', { name: 'Collapse one level' }).click();
  await expect(tree.getByRole('treeitem', { name: /run_agent/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Expand one level' }).click();
  await expect(tree.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /get_weather/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(tree.getByRole('treeitem', { name: /get_weather/ })).toBeVisible();
});
