import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made, as the fake saw it. Paths are without `/api/v10`. */
export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The Authorization header (`Bot <token>`), absent on interaction callbacks and webhooks. */
  auth: string | undefined;
  at: number;
  status: number;
}

/** What a route answers: status, JSON body (undefined: empty), extra headers. */
export type Answer = [number, unknown?, Record<string, string>?];
export type Route = (call: RecordedCall, params: string[]) => Answer;
export type Override = (call: RecordedCall) => Answer | undefined;

interface OverrideEntry {
  method: string;
  pattern: RegExp;
  handler: Override;
  times: number;
}

/**
 * The REST half of the fake: an HTTP server at `/api/v10`, a table of routes, recorded calls,
 * one-off overrides to inject failures, and waits on calls instead of sleeps.
 */
export class FakeRest {
  readonly calls: RecordedCall[] = [];
  #routes: { method: string; pattern: RegExp; route: Route }[] = [];
  #overrides: OverrideEntry[] = [];
  #waiters: { match: (call: RecordedCall) => boolean; resolve: (call: RecordedCall) => void }[] = [];
  #server: Server | undefined;

  route(method: string, pattern: RegExp, route: Route): void {
    this.#routes.push({ method, pattern, route });
  }

  /** Answers matching calls with `handler` (when it returns an answer), `times` times. */
  on(method: string, pattern: RegExp, handler: Override, times = Number.POSITIVE_INFINITY): void {
    this.#overrides.push({ method, pattern, handler, times });
  }

  clearOverrides(): void {
    this.#overrides = [];
  }

  async start(): Promise<this> {
    const server = createServer((request, response) => void this.#handle(request, response));
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}/api`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** Calls matching, in order. */
  find(method: string, pattern: RegExp, since = 0): RecordedCall[] {
    return this.calls.slice(since).filter((c) => c.method === method && pattern.test(c.path));
  }

  /** The first matching call at or after index `since`, waiting for it if needed. */
  waitFor(method: string, pattern: RegExp, options: { since?: number; where?: (call: RecordedCall) => boolean; timeoutMs?: number } = {}): Promise<RecordedCall> {
    const match = (c: RecordedCall): boolean => c.method === method && pattern.test(c.path) && (options.where?.(c) ?? true);
    const found = this.calls.slice(options.since ?? 0).find(match);
    if (found) return Promise.resolve(found);
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${method} ${pattern} within ${timeoutMs} ms; calls: ${this.calls.map((c) => `${c.method} ${c.path} ${c.status}`).join(', ')}`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (call: RecordedCall) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    // discord.js URL-encodes tokens in paths, so segments are decoded before matching.
    const path = url.pathname.replace(/^\/api\/v10/u, '').split('/').map(decodeURIComponent).join('/');
    const call: RecordedCall = { method: request.method ?? 'GET', path, query: url.searchParams, body: await readJson(request), auth: request.headers.authorization, at: Date.now(), status: 0 };
    const [status, body, headers] = this.#answer(call);
    call.status = status;
    this.calls.push(call);
    const text = body === undefined ? '' : JSON.stringify(body);
    response.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
    response.end(text);
    for (const waiter of this.#waiters.filter((w) => w.match(call))) {
      this.#waiters = this.#waiters.filter((w) => w !== waiter);
      waiter.resolve(call);
    }
  }

  #answer(call: RecordedCall): Answer {
    for (const entry of this.#overrides) {
      if (entry.times <= 0 || entry.method !== call.method || !entry.pattern.test(call.path)) continue;
      const answer = entry.handler(call);
      if (answer) {
        entry.times -= 1;
        return answer;
      }
    }
    for (const { method, pattern, route } of this.#routes) {
      const match = method === call.method ? pattern.exec(call.path) : null;
      if (match) return route(call, match.slice(1));
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  if (!(request.headers['content-type'] ?? '').includes('application/json')) return text;
  return JSON.parse(text) as unknown;
}
