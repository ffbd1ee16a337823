import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const sample = (rel: string) =>
  readFileSync(new URL(`../public/samples/${rel}`, import.meta.url), 'utf8');

test('hostile span names and attributes are shown as inert text', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', d => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto('/');
  await page.getByLabel('Span dump').fill(sample('hostile/otlp-hostile.json'));
  const tree = page.getByRole('tree', { name: 'Spans' });
  const chat = tree.getByRole('treeitem', { name: /chat <script>alert\("span name"\)<\/script>/ });
  await expect(chat).toBeVisible();
  await expect(chat).toContainText('<script>alert("span name")</script>');
  await tree.getByRole('treeitem', { name: /run_agent"><b onmouseover/ }).hover();
  await tree.getByRole('treeitem', { name: /run_agent"><b onmouseover/ }).click();
  const details = page.getByRole('region', { name: 'Span details' });
  await expect(details.getByRole('heading', { level: 2 })).toHaveText(
    'run_agent"><b onmouseover=alert("root")>',
  );
  // No element was injected from data, and nothing ran.
  await expect(page.locator('main script, main b[onmouseover], main img[onerror]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  expect(
    await page.evaluate(() => (Object.prototype as Record<string, unknown>)['polluted']),
  ).toBeUndefined();
  // javascript: URLs in attributes are text, never links.
  await expect(details.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Propagation OK' })).toBeVisible();
});

test('the app is served with a strict Content-Security-Policy', async ({ page }) => {
  const res = await page.goto('/');
  const header = res?.headers()['content-security-policy'] ?? '';
  const meta = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  for (const csp of [header, meta ?? '']) {
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
  }
});
