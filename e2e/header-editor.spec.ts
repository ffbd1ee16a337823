import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const sample = (rel: string) =>
  readFileSync(new URL(`../public/samples/${rel}`, import.meta.url), 'utf8');

const TID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TP = `00-${TID}-00f067aa0ba902b7-01`;

test.describe('Header editor', () => {
  test('paste a header block → fields and errors shown with positions', async ({ page }) => {
    await page.goto('/#/headers');
    const block = [
      '> POST /agent HTTP/1.1',
      `> TraceParent: 00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01`,
      '> tracestate: foo=1',
      '> baggage: arize.space_id=U3Bh,arize.project_name=my project',
    ].join('\n');
    await page.getByLabel('Paste request headers').fill(block);

    await expect(page.getByLabel('traceparent', { exact: true })).toHaveValue(
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
    );
    await expect(
      page.getByText("Column 5: Uppercase hex digit 'B' in the trace-id at column 5"),
    ).toBeVisible();
    await expect(page.getByLabel('Error at column 5')).toBeVisible();
    // tracestate is not judged without a valid traceparent.
    await expect(
      page
        .getByRole('region', { name: 'tracestate members' })
        .getByText('not judged', { exact: true }),
    ).toBeVisible();
    // The raw space in the project name is an error at its column.
    await expect(page.getByText(/^Column 42: A space is not allowed in a value/)).toBeVisible();
    const routing = page.getByRole('region', { name: 'baggage entries' });
    await expect(routing.getByLabel('Arize space id (arize.space_id)')).toHaveValue('U3Bh');
    await expect(page.getByRole('status', { name: 'Overall verdict' })).toHaveText(
      '3 header(s) invalid',
    );
  });

  test('two traceparent fields are reported and OTel takes the first', async ({ page }) => {
    await page.goto('/#/headers');
    await page
      .getByLabel('Paste request headers')
      .fill(`traceparent: ${TP}\ntraceparent: 00-${'1'.repeat(32)}-00f067aa0ba902b7-01`);
    await expect(
      page.getByText('2 traceparent fields: a receiver ignores them all.'),
    ).toBeVisible();
    const otel = page.getByRole('region', { name: 'OpenTelemetry JS: traceparent' });
    await expect(otel.getByText(TID, { exact: true })).toBeVisible();
    await expect(otel.getByText(/OTel uses the first of 2 traceparent fields/)).toBeVisible();
  });

  test('edit a field → the header updates', async ({ page }) => {
    await page.goto('/#/headers');
    const tp = page.getByLabel('traceparent', { exact: true });
    await tp.fill(TP);
    const fields = page.getByRole('region', { name: 'traceparent fields' });
    await fields.getByLabel('Parent id').fill('a1b2c3d4e5f60718');
    await expect(tp).toHaveValue(`00-${TID}-a1b2c3d4e5f60718-01`);
    await fields.getByLabel(/random trace id/).check();
    await expect(tp).toHaveValue(`00-${TID}-a1b2c3d4e5f60718-03`);
    await fields.getByLabel(/sampled/).uncheck();
    await expect(tp).toHaveValue(`00-${TID}-a1b2c3d4e5f60718-02`);

    const bag = page.getByRole('region', { name: 'baggage entries' });
    await bag.getByLabel('Arize space id (arize.space_id)').fill('U3BhY2U6MTIz');
    await bag.getByLabel('Arize project name (arize.project_name)').fill('travel agent é');
    await expect(page.getByLabel('baggage', { exact: true })).toHaveValue(
      'arize.space_id=U3BhY2U6MTIz,arize.project_name=travel%20agent%20%C3%A9',
    );
    await bag.getByLabel('New baggage key').fill('user.id');
    await bag.getByLabel('New baggage value').fill('a,b');
    await bag.getByRole('button', { name: 'Add baggage entry' }).click();
    await expect(page.getByLabel('baggage', { exact: true })).toHaveValue(
      'arize.space_id=U3BhY2U6MTIz,arize.project_name=travel%20agent%20%C3%A9,user.id=a%2Cb',
    );
    await expect(page.getByRole('status', { name: 'Overall verdict' })).toHaveText(
      'All present headers are valid',
    );

    // The header text → fields direction, and the state lives in the URL.
    await tp.fill(`00-${TID}-00f067aa0ba902b7-01`);
    await expect(fields.getByLabel('Parent id')).toHaveValue('00f067aa0ba902b7');
    await expect(page).toHaveURL(/#\/headers\?.*traceparent=00-4bf9/);
    await page.reload();
    await expect(page.getByLabel('traceparent', { exact: true })).toHaveValue(
      `00-${TID}-00f067aa0ba902b7-01`,
    );
    await expect(page.getByLabel('baggage', { exact: true })).toHaveValue(/user\.id=a%2Cb$/);
  });

  test('generate → copy → decodes as valid', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/#/headers');
    await page.getByRole('button', { name: 'Generate new headers' }).click();
    const tp = page.getByLabel('traceparent', { exact: true });
    await expect(tp).toHaveValue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-03$/);
    const generated = await tp.inputValue();

    await page.getByRole('button', { name: 'Copy traceparent' }).click();
    await expect(page.getByRole('button', { name: 'Copy traceparent' })).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(generated);

    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(tp).toHaveValue('');
    await page.getByLabel('Paste request headers').fill(`traceparent: ${copied}`);
    const fields = page.getByRole('region', { name: 'traceparent fields' });
    await expect(fields.getByText('valid', { exact: true })).toBeVisible();
    await expect(fields.getByLabel('Trace id', { exact: true })).toHaveValue(copied.slice(3, 35));
    await expect(page.getByRole('status', { name: 'Overall verdict' })).toHaveText(
      'All present headers are valid',
    );
    await expect(page.getByLabel('curl snippet', { exact: true })).toContainText(
      `-H 'traceparent: ${copied}'`,
    );
  });

  test('the OpenTelemetry column differs where the spec says so', async ({ page }) => {
    await page.goto('/#/headers');
    const tp = page.getByLabel('traceparent', { exact: true });
    const otelTp = page.getByRole('region', { name: 'OpenTelemetry JS: traceparent' });

    // Flags ≥ 0x10 are re-injected with 3 hex digits.
    await tp.fill(`00-${TID}-00f067aa0ba902b7-ff`);
    await expect(otelTp.getByText(`00-${TID}-00f067aa0ba902b7-0ff`, { exact: true })).toBeVisible();
    await expect(otelTp.getByText(/which is invalid/)).toBeVisible();

    // More than one OWS character: valid by the spec, ignored by OTel.
    await tp.fill(` \t${TP}`);
    await expect(
      page.getByRole('region', { name: 'traceparent fields' }).getByText('valid', { exact: true }),
    ).toBeVisible();
    await expect(otelTp.getByText('No span context: starts a new trace.')).toBeVisible();
    await expect(otelTp.getByText(/at most one whitespace character on each side/)).toBeVisible();

    // Level 2 tracestate keys are dropped by OTel's Level 1 validation.
    await tp.fill(TP);
    await page.getByLabel('tracestate', { exact: true }).fill('1vendor=x,foo=1');
    const otelTs = page.getByRole('region', { name: 'OpenTelemetry JS: tracestate' });
    await expect(otelTs.getByRole('list', { name: 'Extracted tracestate' })).toHaveText('foo=1');
    await expect(otelTs.getByText(/OTel drops "1vendor=x"/)).toBeVisible();

    // An empty baggage value is valid but dropped by OTel; a valid header with no difference says so.
    await page.getByLabel('baggage', { exact: true }).fill('k=');
    const otelBg = page.getByRole('region', { name: 'OpenTelemetry JS: baggage' });
    await expect(otelBg.getByText(/OTel drops "k="/)).toBeVisible();
    await page.getByLabel('baggage', { exact: true }).fill('k=v');
    await expect(otelBg.getByText('Same as the strict reading.')).toBeVisible();
  });

  test('a shared link opens the decoded headers', async ({ page }) => {
    await page.goto(
      `/#/headers?traceparent=${encodeURIComponent(`ff-${TID}-00f067aa0ba902b7-01`)}`,
    );
    await expect(
      page.getByText('Column 1: Version ff is invalid (reserved as "never used").'),
    ).toBeVisible();
    await expect(
      page
        .getByRole('region', { name: 'traceparent fields' })
        .getByText(/the receiver ignores it, starts a new trace/),
    ).toBeVisible();
  });

  test('with a dump loaded: match the trace, build a child of the selected span, use as expected context', async ({
    page,
  }) => {
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByLabel('Span dump').fill(sample('otlp-json/basic.json'));
    await page
      .getByRole('tree', { name: 'Spans' })
      .getByRole('treeitem', { name: /run_agent/ })
      .click();
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Headers' })
      .click();

    const dump = page.getByRole('region', { name: 'Loaded dump' });
    await expect(
      dump.getByText('Enter a valid traceparent to compare it with the dump.'),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Child of the selected span' }).click();
    await expect(page.getByLabel('traceparent', { exact: true })).toHaveValue(
      '00-7d3a1f2c9b8e4d6fa1c2b3d4e5f60718-3c5d7e9f1a2b4c6d-01',
    );
    await expect(dump.getByText('✓ The trace id matches the dump.')).toBeVisible();
    await expect(dump.getByText(/The parent id is the dump's span "run_agent"/)).toBeVisible();

    // The experiment's own span is not exported in this dump: the parent is remote.
    await page
      .getByLabel('traceparent', { exact: true })
      .fill('00-7d3a1f2c9b8e4d6fa1c2b3d4e5f60718-00f067aa0ba902b7-01');
    await expect(dump.getByText(/The parent id is remote/)).toBeVisible();
    await dump.getByRole('button', { name: "Use as the dump's expected context" }).click();
    await expect(page.getByLabel('Incoming traceparent')).toHaveValue(
      '00-7d3a1f2c9b8e4d6fa1c2b3d4e5f60718-00f067aa0ba902b7-01',
    );
    await expect(page.getByLabel('Expected trace id')).toHaveValue(
      '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718',
    );
  });
});
