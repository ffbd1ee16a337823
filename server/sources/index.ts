// The trace sources by id: one call that validates the request, fetches, checks the response
// shape (zod) and returns text for analyze(), or throws a SourceError with a one-line message.

import { fetchArizeTrace, ARIZE_DEFAULT_URL, ARIZE_KEY_ENV } from './arize.ts';
import { fetchJaegerTrace, JAEGER_AUTH_ENV } from './jaeger.ts';
import { fetchLocalTrace, LOCAL_DEFAULT_URL } from './local.ts';
import { fetchPhoenixTrace, PHOENIX_KEY_ENV } from './phoenix.ts';
import { SourceError } from './source-error.ts';
import { fetchTempoTrace, TEMPO_AUTH_ENV, TEMPO_ORG_ENV } from './tempo.ts';
import { SOURCE_IDS, type FetchedTrace, type SourceId, type SourceRequest } from './types.ts';
import { fetchZipkinTrace, ZIPKIN_AUTH_ENV } from './zipkin.ts';

export interface SourceInfo {
  id: SourceId;
  label: string;
  defaultUrl: string;
  /** Environment variables the server reads for this source (never sent to the browser). */
  env: string[];
  /** Whether the source needs / accepts a project. */
  project: 'required' | 'optional' | 'none';
}

export const SOURCES: Record<
  SourceId,
  SourceInfo & { fetch: (r: SourceRequest) => Promise<FetchedTrace> }
> = {
  local: {
    id: 'local',
    label: 'Local receiver',
    defaultUrl: LOCAL_DEFAULT_URL,
    env: [],
    project: 'none',
    fetch: fetchLocalTrace,
  },
  phoenix: {
    id: 'phoenix',
    label: 'Phoenix',
    defaultUrl: 'http://localhost:6006',
    env: [PHOENIX_KEY_ENV],
    project: 'optional',
    fetch: fetchPhoenixTrace,
  },
  arize: {
    id: 'arize',
    label: 'Arize AX',
    defaultUrl: ARIZE_DEFAULT_URL,
    env: [ARIZE_KEY_ENV],
    project: 'required',
    fetch: fetchArizeTrace,
  },
  jaeger: {
    id: 'jaeger',
    label: 'Jaeger',
    defaultUrl: 'http://localhost:16686',
    env: [JAEGER_AUTH_ENV],
    project: 'none',
    fetch: fetchJaegerTrace,
  },
  tempo: {
    id: 'tempo',
    label: 'Tempo',
    defaultUrl: 'http://localhost:3200',
    env: [TEMPO_AUTH_ENV, TEMPO_ORG_ENV],
    project: 'none',
    fetch: fetchTempoTrace,
  },
  zipkin: {
    id: 'zipkin',
    label: 'Zipkin',
    defaultUrl: 'http://localhost:9411',
    env: [ZIPKIN_AUTH_ENV],
    project: 'none',
    fetch: fetchZipkinTrace,
  },
};

export function isSourceId(s: string): s is SourceId {
  return (SOURCE_IDS as readonly string[]).includes(s);
}

/** Fetch one trace from a source. Throws SourceError. */
export async function fetchTrace(source: string, req: SourceRequest): Promise<FetchedTrace> {
  if (!isSourceId(source))
    throw new SourceError(
      'bad-request',
      `Unknown source "${source}" (use one of ${SOURCE_IDS.join(', ')}).`,
    );
  const s = SOURCES[source];
  return s.fetch({ ...req, url: req.url?.trim() || s.defaultUrl });
}

export { SourceError } from './source-error.ts';
export type { FetchedTrace, SourceId, SourceRequest } from './types.ts';
