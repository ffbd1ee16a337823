// The local receiver and the validation page, driven as a user: the OpenTelemetry SDK (in this
// Node test process) exports an agent trace to the app's OTLP receiver; the user opens it from
// "Recent traces", sees its tree and findings, then validates it by trace id on the validation
// page and sees the experiment checklist. The app is served by `node bin/tpd.js serve` (see
// playwright.config.ts) with the receiver on E2E_OTLP_HTTP_PORT.

import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { expect, test, type ConsoleMessage } from '@playwright/test';

const OTLP_URL = `http://127.0.0.1:${process.env.E2E_OTLP_HTTP_PORT ?? 14318}/v1/traces`;
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');

/**
 * An agent run started by an experiment: the experiment span is remote (a traceparent), the
 * agent's CHAIN span is its child, and the TOOL span hangs under a step span that is never
 * exported (as when a processor drops it) — so the trace has a real defect to show.
 */
async function sendExperimentRun(
  service: string,
): Promise<{ traceId: string; traceparent: string }> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: OTLP_URL }))],
  });
  const tracer = provider.getTracer('e2e-agent');
  const seed = Math.floor(Math.random() * 2 ** 31);
  const traceId = hex(seed, 16) + hex(Date.now(), 16);
  const experimentSpanId = hex(seed + 7, 16);
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId: experimentSpanId,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
  const run = tracer.startSpan(
    'run_agent',
    { kind: SpanKind.SERVER, attributes: { 'openinference.span.kind': 'CHAIN' } },
    remote,
  );
  const inRun = trace.setSpan(ROOT_CONTEXT, run);
  tracer
    .startSpan('chat gpt-4o-mini', { attributes: { 'openinference.span.kind': 'LLM' } }, inRun)
    .end();
  // Never ended, so never exported.
  const lostStep = tracer.startSpan(
    'plan step',
    { attributes: { 'openinference.span.kind': 'CHAIN' } },
    inRun,
  );
  tracer
    .startSpan(
      'search_flights',
      { attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'search_flights' } },
      trace.setSpan(ROOT_CONTEXT, lostStep),
    )
    .end();
  run.end();
  await provider.forceFlush();
  await provider.shutdown();
  return { traceId, traceparent: `00-${traceId}-${experimentSpanId}-01` };
}

const cspErrors: string[] = [];
test.beforeEach(async ({ page }) => {
  cspErrors.length = 0;
  page.on('console', (m: ConsoleMessage) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto('/');
  await page.evaluate(() => indexedDB.deleteDatabase('keyval-store'));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
});

test.afterEach(() => {
  expect(cspErrors, 'no Content-Security-Policy violations').toEqual([]);
});

test('a trace sent by the SDK appears live in Recent traces and opens as a tree with findings', async ({
  page,
}) => {
  const recent = page.getByRole('region', { name: 'Recent traces' });
  await expect(recent.getByRole('status', { name: /Live updates: live/ })).toBeVisible();
  const service = `e2e-recent-${Date.now()}`;
  const { traceId } = await sendExperimentRun(service);

  // No reload: the list updates while spans arrive.
  const item = recent.getByRole('button', { name: new RegExp(`run_agent.*${service}`) });
  await expect(item).toBeVisible();
  await expect(item).toContainText('3 spans');
  await expect(item).toContainText(traceId);
  await expect(item).toContainText(/\d+ (error|warning)/);
  await item.click();

  const tree = page.getByRole('tree', { name: 'Spans' });
  await expect(tree.getByRole('treeitem', { name: /run_agent/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /search_flights/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /chat gpt-4o-mini/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /missing parent/ })).toBeVisible();
  const verdict = page.getByRole('status', { name: 'Verdict' });
  await expect(verdict).toContainText(`local receiver · trace ${traceId}`);
  await expect(verdict.getByRole('heading')).not.toHaveText('Propagation OK');
  await expect(page.getByRole('heading', { name: /^Findings/ })).toBeVisible();
});

test('the validation page fetches a trace by id and shows the experiment checklist', async ({
  page,
}) => {
  const { traceId, traceparent } = await sendExperimentRun(`e2e-validate-${Date.now()}`);
  await page.getByRole('button', { name: 'Validate experiment row' }).click();
  const form = page.getByRole('form', { name: 'Trace to validate' });
  await form.getByRole('radio', { name: 'Local receiver' }).check();
  await form.getByLabel('Trace id').fill(traceId);
  await page.getByText('What the agent received (optional)').click();
  await form.getByLabel('traceparent header').fill(traceparent);
  await form.getByRole('button', { name: 'Fetch and check' }).click();

  // The query is in the URL: bookmarkable.
  await expect(page).toHaveURL(new RegExp(`#/validate\\?.*source=local.*trace=${traceId}`));
  const result = page.getByRole('region', { name: 'Validation result' });
  await expect(result).toContainText('3 spans from local receiver');
  const lines = result.getByRole('list', { name: 'Checklist lines' }).getByRole('listitem');
  await expect(lines.first()).toBeVisible();
  expect(await lines.count()).toBeGreaterThanOrEqual(3);
  await expect(
    result.getByRole('listitem', { name: /Experiment span present or known remote: pass/ }),
  ).toBeVisible();
  // The lost step shows as a failing line whose span opens in the tree.
  const failing = result.getByRole('listitem', { name: /: fail$/ }).first();
  await expect(failing).toBeVisible();
  await expect(failing.getByRole('button', { name: /search_flights/ })).toBeVisible();

  // Reloading the bookmarked address shows the same result.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Validation result' })).toContainText(
    '3 spans from local receiver',
  );

  // A failing span links into the tree, selected.
  await page
    .getByRole('region', { name: 'Validation result' })
    .getByRole('listitem', { name: /: fail$/ })
    .first()
    .getByRole('button', { name: /search_flights/ })
    .click();
  const tree = page.getByRole('tree', { name: 'Spans' });
  await expect(
    tree.getByRole('treeitem', { name: /search_flights/, selected: true }),
  ).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Span details' })
      .getByRole('heading', { name: 'search_flights' }),
  ).toBeVisible();
});

test('the validation page explains a trace id that is not there and a malformed one', async ({
  page,
}) => {
  await page.goto(`/#/validate?source=local&trace=${'ab'.repeat(16)}`);
  await expect(page.getByRole('alert')).toContainText('is not in the local receiver');
  await page.goto('/#/validate?source=zipkin&trace=not-a-trace-id');
  await expect(page.getByRole('alert')).toContainText('Bad trace id format');
});
