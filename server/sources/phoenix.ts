// Arize Phoenix: `GET /v1/projects/{project}/spans?trace_id=…&limit=…&cursor=…` (Phoenix ≥ 13.9),
// following `next_cursor` until it is null. Without a project, the GraphQL query
// `getTraceByOtelId(traceId)` finds the trace's project first (Phoenix has no project-less REST
// lookup). `Authorization: Bearer $PHOENIX_API_KEY` when the key is set (auth-enabled Phoenix).
// Pages are returned as received, one per line; the phoenix-spans importer reads them as one
// dump. Docs: https://arize.com/docs/phoenix/sdk-api-reference/rest-api/api-reference/spans

import { z } from 'zod';
import { followCursor, parseBody, requestTarget, send, statusError } from './http-client.ts';
import { SourceError } from './source-error.ts';
import type { FetchedTrace, SourceRequest } from './types.ts';

export const PHOENIX_KEY_ENV = 'PHOENIX_API_KEY';
const PAGE_LIMIT = 1000;
const MAX_PAGES = 1000;

const SpanPage = z.looseObject({
  data: z.array(
    z.looseObject({
      context: z.looseObject({ trace_id: z.string(), span_id: z.string() }),
    }),
  ),
  next_cursor: z.string().nullish(),
});

const TraceLookup = z.looseObject({
  data: z
    .looseObject({
      getTraceByOtelId: z.looseObject({ project: z.looseObject({ name: z.string() }) }).nullable(),
    })
    .nullish(),
  errors: z.array(z.looseObject({ message: z.string() })).nullish(),
});

export async function fetchPhoenixTrace(req: SourceRequest): Promise<FetchedTrace> {
  const { env, traceId, base, label, timeoutMs } = requestTarget(req, 'Phoenix', {
    allowShort: false,
  });
  const key = env[PHOENIX_KEY_ENV];
  const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : {};
  const keyHint = key
    ? `check ${PHOENIX_KEY_ENV} (the key was sent but not accepted)`
    : `this Phoenix requires an API key: set ${PHOENIX_KEY_ENV} in the environment of the tpd server/CLI`;
  const notes: string[] = [];

  let project = req.project?.trim() || '';
  if (!project) {
    const res = await send({
      url: `${base}/graphql`,
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        query:
          'query ($traceId: String!) { getTraceByOtelId(traceId: $traceId) { project { name } } }',
        variables: { traceId },
      }),
      timeoutMs,
      label,
    });
    if (res.status < 200 || res.status >= 300) throw statusError(res, label, keyHint);
    const lookup = parseBody(res, label, TraceLookup, 'the GraphQL trace lookup');
    if (lookup.errors?.length)
      throw new SourceError(
        'bad-response',
        `${label} GraphQL error: ${lookup.errors[0]!.message}. Give the project name instead.`,
      );
    const found = lookup.data?.getTraceByOtelId;
    if (!found)
      throw new SourceError(
        'not-found',
        `Trace ${traceId} was not found in any project of ${label}.`,
        404,
      );
    project = found.project.name;
    notes.push(`Project "${project}" found by trace id (GraphQL getTraceByOtelId).`);
  }

  const { pages, spanCount, truncated } = await followCursor(label, MAX_PAGES, async cursor => {
    const q = new URLSearchParams({ trace_id: traceId, limit: String(PAGE_LIMIT) });
    if (cursor) q.set('cursor', cursor);
    const path = `/v1/projects/${encodeURIComponent(project)}/spans?${q}`;
    const res = await send({ url: `${base}${path}`, headers, timeoutMs, label });
    if (res.status === 404)
      throw new SourceError(
        'not-found',
        `${label} has no project "${project}" (404). Check the project name (or leave it empty to look the trace up in every project).`,
        404,
      );
    if (res.status === 422 && /trace_id/i.test(res.text))
      throw new SourceError(
        'upstream',
        `${label} does not accept trace_id filters; upgrade Phoenix to 13.9 or later.`,
        422,
      );
    if (res.status < 200 || res.status >= 300) throw statusError(res, label, keyHint);
    const page = parseBody(res, label, SpanPage, `GET ${path}`);
    const other = page.data.find(s => s.context.trace_id.toLowerCase() !== traceId);
    if (other)
      throw new SourceError(
        'upstream',
        `${label} ignored the trace_id filter (it returned spans of trace ${other.context.trace_id}); upgrade Phoenix to 13.9 or later.`,
      );
    return { text: res.text, spanCount: page.data.length, next: page.next_cursor ?? null };
  });
  if (truncated)
    notes.push(`Stopped after ${MAX_PAGES} pages; the trace is larger than this tool fetches.`);
  if (spanCount === 0)
    throw new SourceError(
      'not-found',
      `Trace ${traceId} has no spans in Phoenix project "${project}" at ${base}.` +
        (req.project ? ' Leave the project empty to look the trace up in every project.' : ''),
      404,
    );
  if (pages.length > 1) notes.push(`${pages.length} pages of up to ${PAGE_LIMIT} spans.`);
  return {
    text: pages.join('\n'),
    fileName: `phoenix-${project}-${traceId}.json`,
    format: 'phoenix-spans',
    spanCount,
    notes,
  };
}
