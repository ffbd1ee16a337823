// Errors from fetching a trace out of a backend, each with a kind the UI and CLI can act on and a
// one-line message that says what to do. The proxy maps the kind to an HTTP status.

export type SourceErrorKind =
  | 'bad-trace-id'
  | 'bad-request'
  | 'auth'
  | 'not-found'
  | 'unreachable'
  | 'timeout'
  | 'bad-response'
  | 'upstream';

const PROXY_STATUS: Record<SourceErrorKind, number> = {
  'bad-trace-id': 400,
  'bad-request': 400,
  auth: 401,
  'not-found': 404,
  unreachable: 502,
  timeout: 504,
  'bad-response': 502,
  upstream: 502,
};

export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    /** The backend's HTTP status, when it answered. */
    readonly upstreamStatus?: number,
  ) {
    super(message);
    this.name = 'SourceError';
  }

  /** HTTP status the app's proxy answers with. */
  get proxyStatus(): number {
    if (this.kind === 'auth' && this.upstreamStatus === 403) return 403;
    return PROXY_STATUS[this.kind];
  }
}
