// Headers and request checks of the app server. The API proxies requests with API keys held by
// this process, so it must only answer the app itself: a request whose Origin is another site, or
// whose Host is not this server's (DNS rebinding), is refused. Content-Security-Policy: scripts,
// styles, workers and fetches from this origin only.

import type { IncomingMessage } from 'node:http';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || host.startsWith('127.');
}

export interface OriginPolicy {
  /** The host the server is bound to (127.0.0.1 by default). */
  boundHost: string;
  port: number;
  /** Extra origins allowed to call the API (e.g. a Vite dev server). */
  allowedOrigins: ReadonlySet<string>;
}

/** Why the request must be refused, or null when it comes from the app itself. */
export function refuseReason(req: IncomingMessage, policy: OriginPolicy): string | null {
  const host = req.headers.host ?? '';
  if (isLoopbackHost(policy.boundHost)) {
    let hostname = '';
    let port = '';
    try {
      const u = new URL(`http://${host}`);
      hostname = u.hostname;
      port = u.port || '80';
    } catch {
      return `bad Host header "${host}"`;
    }
    if (!isLoopbackHost(hostname) || port !== String(policy.port))
      return `Host "${host}" is not this server (only loopback names are accepted)`;
  }
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    if (policy.allowedOrigins.has(origin)) return null;
    if (origin !== `http://${host}` && origin !== `https://${host}`)
      return `cross-origin request from ${origin} refused (start with --allow-origin ${origin} to allow it)`;
  } else if (req.headers['sec-fetch-site'] === 'cross-site') {
    return 'cross-site request refused';
  }
  return null;
}
