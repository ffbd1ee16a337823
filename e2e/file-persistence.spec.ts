// A large opened file (kept as the File itself, not as text) survives a reload. It is stored
// once its analysis has finished, so the test waits for the stored copy, not for a fixed time.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { generateTrace } from '../scripts/gen-big-trace.mjs';

let dir = '';
let file = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tpd-file-persistence-'));
  file = join(dir, 'agent-trace-2k.json');
  // ~1.8 MB: above the size the editor shows, so it is kept and analysed as a File.
  writeFileSync(file, generateTrace({ spans: 2000, format: 'otlp', seed: 3 }).text);
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Size of the File stored as the current input (idb-keyval's database), or null. */
const storedFileSize = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number | null>(resolve => {
        const open = indexedDB.open('keyval-store');
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('keyval')) return resolve(null);
          const get = db.transaction('keyval').objectStore('keyval').get('tpd.input.blob');
          get.onsuccess = () => resolve(get.result instanceof Blob ? get.result.size : null);
          get.onerror = () => resolve(null);
        };
      }),
  );

test('a large opened file is kept across a reload', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Choose a file to analyse').setInputFiles(file);
  const tree = page.getByRole('tree', { name: 'Spans' });
  await expect(tree.getByRole('treeitem').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('2,000 spans');

  await expect.poll(() => storedFileSize(page), { timeout: 30_000 }).toBeGreaterThan(1_000_000);
  await page.reload();
  await expect(tree.getByRole('treeitem').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(
    'agent-trace-2k.json · 2,000 spans',
  );
});
