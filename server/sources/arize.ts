// Arize AX: REST v2 `POST /v2/spans?limit=500&cursor=…` with body `{project_id, start_time,
// end_time, filter: "context.trace_id = '…'"}` and `Authorization: Bearer $ARIZE_API_KEY`,
// following `pagination.next_cursor` while `has_more`. The key is read on the server only.
// Pages are returned as received, one per line, for the arize-export importer.
// Docs: https://arize.com/docs/api-reference/spans/list-spans

import { z } from 'zod';
import {
  followCursor,
  joinUrl,
  parseBody,
  send,
  statusError,
  DEFAULT_TIMEOUT_MS,
} from './http-client.ts';
import { SourceError } from './source-error.ts';
import { checkTraceId } from './trace-id.ts';
import type { FetchedTrace, SourceRequest } from './types.ts';

export const ARIZE_KEY_ENV = 'ARIZE_API_KEY';
export const ARIZE_DEFAULT_URL = 'https://api.arize.com';
const PAGE_LIMIT = 500;
const MAX_PAGES = 1000;
const DEFAULT_DAYS = 30;

const SpanPage = z.looseObject({
  data: z.array(
    z.looseObject({
      context: z.looseObject({ trace_id: z.string(), span_id: z.string() }),
    }),
  ),
  pagination: z
    .looseObject({ next_cursor: z.string().nullish(), has_more: z.boolean().nullish() })
    .nullish(),
});

export async function fetchArizeTrace(req: SourceRequest): Promise<FetchedTrace> {
  const env = req.env ?? process.env;
  const traceId = checkTraceId(req.traceId, { allowShort: false, label: 'Arize AX' });
  const project = req.project?.trim();
  if (!project)
    throw new SourceError(
      'bad-request',
      'Arize AX needs the project id (Settings → project, or --project): the span export is per project.',
    );
  const key = env[ARIZE_KEY_ENV];
  if (!key)
    throw new SourceError(
      'auth',
      `Arize AX needs an API key: set ${ARIZE_KEY_ENV} in the environment of the tpd server/CLI (Arize → Settings → API keys).`,
      401,
    );
  const base = joinUrl(req.url?.trim() || ARIZE_DEFAULT_URL, '', 'Arize AX');
  const label = `Arize AX at ${base}`;
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const days = req.days && req.days > 0 ? req.days : DEFAULT_DAYS;
  const end = new Date(Date.now() + 3600_000);
  const start = new Date(end.getTime() - days * 86400_000 - 3600_000);
  const body = JSON.stringify({
    project_id: project,
    start_time: start.toISOString(),
    end_time: end.toISOString(),
    filter: `context.trace_id = '${traceId}'`,
  });

  const { pages, spanCount, truncated } = await followCursor(label, MAX_PAGES, async cursor => {
    const q = new URLSearchParams({ limit: String(PAGE_LIMIT) });
    if (cursor) q.set('cursor', cursor);
    const res = await send({
      url: `${base}/v2/spans?${q}`,
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body,
      timeoutMs,
      label,
    });
    if (res.status === 404)
      throw new SourceError(
        'not-found',
        `${label}: project "${project}" was not found (404). Use the project id (from the project's URL or \`ax projects list\`).`,
        404,
      );
    if (res.status < 200 || res.status >= 300)
      throw statusError(
        res,
        label,
        `check ${ARIZE_KEY_ENV} and that the key may read project "${project}"`,
      );
    const page = parseBody(res, label, SpanPage, 'POST /v2/spans');
    const p = page.pagination;
    const next = p?.has_more && p.next_cursor ? p.next_cursor : null;
    return { text: res.text, spanCount: page.data.length, next };
  });
  if (spanCount === 0)
    throw new SourceError(
      'not-found',
      `Trace ${traceId} has no spans in Arize AX project "${project}" between ${start.toISOString().slice(0, 10)} and ${end
        .toISOString()
        .slice(0, 10)} (last ${days} days). Check the project id, or widen the window.`,
      404,
    );
  const notes = [`Searched the last ${days} days of project "${project}".`];
  if (truncated)
    notes.push(`Stopped after ${MAX_PAGES} pages; the trace is larger than this tool fetches.`);
  return {
    text: pages.join('\n'),
    fileName: `arize-${project}-${traceId}.json`,
    format: 'arize-export',
    spanCount,
    notes,
  };
}
