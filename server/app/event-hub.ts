// Server-Sent Events for live updates: `event: traces` with the ids of traces that received
// spans, coalesced over a short window so a burst of exports becomes one message per window.

import type { ServerResponse } from 'node:http';

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly windowMs = 150) {
    // A comment line keeps proxies and idle connections open.
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), 20_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  add(res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
    });
    res.write('retry: 2000\n: connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  tracesUpdated(traceIds: Iterable<string>): void {
    for (const id of traceIds) this.pending.add(id);
    if (this.timer || !this.pending.size) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const ids = [...this.pending];
      this.pending.clear();
      this.write(`event: traces\ndata: ${JSON.stringify({ traceIds: ids, at: Date.now() })}\n\n`);
    }, this.windowMs);
  }

  private write(chunk: string): void {
    for (const c of this.clients) c.write(chunk);
  }

  close(): void {
    clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
