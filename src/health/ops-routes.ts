import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotMetrics } from '../metrics/bot-metrics';

/**
 * What a platform's health checks and monitoring ask, on PORT beside the Slack endpoint and
 * the login page:
 *   GET /healthz   200 while the process runs (liveness: restart it when this fails)
 *   GET /readyz    200 when every chat is connected and the store answers, else 503 with which
 *                  is not (readiness: send it no traffic meanwhile)
 *   GET /metrics   Prometheus text format
 */
export interface ReadinessCheck {
  name: string;
  check(): boolean | Promise<boolean>;
}

export type OpsHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

/** Answers the three paths and returns true; false for any other path (someone else's). */
export function opsHandler(options: { metrics: BotMetrics; readiness: () => readonly ReadinessCheck[] }): OpsHandler {
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (!(OPS_PATHS as readonly string[]).includes(path ?? '')) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return true;
    }
    void answer(path!, options, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
    return true;
  };
}

async function answer(path: string, options: { metrics: BotMetrics; readiness: () => readonly ReadinessCheck[] }, response: ServerResponse): Promise<void> {
  const headers = { 'Cache-Control': 'no-store' };
  if (path === '/healthz') {
    response.writeHead(200, { ...headers, 'Content-Type': 'text/plain' }).end('ok\n');
    return;
  }
  if (path === '/metrics') {
    const body = await options.metrics.text();
    response.writeHead(200, { ...headers, 'Content-Type': options.metrics.contentType }).end(body);
    return;
  }
  const results = await Promise.all(
    options.readiness().map(async (item) => ({ name: item.name, ok: await Promise.resolve(item.check()).catch(() => false) })),
  );
  const ready = results.every((r) => r.ok);
  const body = results.map((r) => `${r.name}: ${r.ok ? 'ok' : 'not ready'}`).join('\n');
  response.writeHead(ready ? 200 : 503, { ...headers, 'Content-Type': 'text/plain' }).end(`${ready ? 'ready' : 'not ready'}\n${body}\n`);
}

/** Its own listener, when no chat listens on PORT (Socket Mode, Discord only, no login page). */
export async function listenOps(handler: OpsHandler, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (!handler(request, response)) response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
