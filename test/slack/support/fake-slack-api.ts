import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSocketMode } from './fake-socket-mode';
import { slackAnswer } from './fake-slack-methods';

/** One Web API call as the fake received it; object fields (blocks, view) are parsed. */
export interface RecordedCall {
  method: string;
  args: Record<string, any>;
  token: string | undefined;
  /** What the fake answered (the body). */
  answer: Record<string, any>;
  at: number;
}

/** An override answers a call: a body, `[status, body, headers]`, or undefined for the default. */
export type Override = (args: Record<string, any>, call: number) => Record<string, unknown> | [number, Record<string, unknown>, Record<string, string>?] | undefined;

/** Fields Slack sends as JSON strings inside a form body. */
const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

/**
 * A fake Slack Web API on loopback, after ../shared/reference/adapter-testing.md: answers like
 * Slack (HTTP 200 with `ok:false` errors, 429 with Retry-After), checks what Slack checks
 * (tokens, membership, trigger expiry), and records every call so a test can wait for one
 * instead of sleeping. Response URLs and the Socket Mode link live on the same server.
 */
export class FakeSlackApi {
  readonly botToken = 'xoxb-fake-bot-token';
  readonly appToken = 'xapp-fake-app-token';
  readonly calls: RecordedCall[] = [];
  readonly socketMode = new FakeSocketMode();
  #server: Server | undefined;
  #port = 0;
  #overrides = new Map<string, Override>();
  #counts = new Map<string, number>();
  #waiters: { method: string; predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  #responseCount = 0;
  readonly state = newState();

  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api/`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.on('upgrade', (req, socket, head) => this.socketMode.upgrade(req, socket, head));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    this.socketMode.listenOn(`127.0.0.1:${this.#port}`);
    return this;
  }

  async stop(): Promise<void> {
    await this.socketMode.close();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  /** Forget calls and overrides between tests (the workspace's channels stay). */
  reset(): void {
    this.calls.length = 0;
    this.#overrides.clear();
    this.#counts.clear();
  }

  on(method: string, override: Override): void {
    this.#overrides.set(method, override);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The first call (already made or yet to come) that matches. */
  waitFor(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = 8000): Promise<RecordedCall> {
    const done = this.calls.find((c) => c.method === method && predicate(c));
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const waiter = { method, predicate, resolve: (c: RecordedCall) => (clearTimeout(timer), resolve(c)) };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${method} call within ${timeoutMs} ms; calls were: ${this.calls.map((c) => c.method).join(', ')}`));
      }, timeoutMs);
      // The loser of a Promise.any over two waits is never answered: its timer must not keep the process alive.
      timer.unref();
      this.#waiters.push(waiter);
    });
  }

  /**
   * The first message the bot showed that matches, posted or written over one of its posts
   * (chat.update: "Looking up…" becomes the question, the progress the report). An update comes
   * back as the post it now is: its thread and ts are the original's.
   */
  async waitForShown(predicate: (call: RecordedCall) => boolean, timeoutMs = 8000, after = 0): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const call of this.calls.slice(after)) {
        const shown = call.method === 'chat.postMessage' ? call : call.method === 'chat.update' ? this.#asPost(call) : undefined;
        if (shown && predicate(shown)) return shown;
      }
      if (Date.now() > deadline) throw new Error(`no message shown within ${timeoutMs} ms; calls were: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  #asPost(update: RecordedCall): RecordedCall | undefined {
    const original = this.calls.find((c) => c.method === 'chat.postMessage' && c.answer.ts === update.args.ts);
    if (!original) return undefined;
    return { ...update, method: 'chat.postMessage', args: { ...update.args, thread_ts: original.args.thread_ts }, answer: { ...original.answer, ts: update.args.ts } };
  }

  /** A trigger id as Slack puts in a command or a click: good for one view, for 3 s. */
  issueTriggerId(): string {
    const id = `${Date.now()}.${randomUUID().slice(0, 8)}`;
    this.state.triggers.set(id, { issuedAt: Date.now(), used: false });
    return id;
  }

  responseUrl(): string {
    this.#responseCount += 1;
    return `http://127.0.0.1:${this.#port}/response/${this.#responseCount}`;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = req.url ?? '/';
    if (url.startsWith('/response/')) {
      this.#record('response_url', JSON.parse(raw || '{}'), undefined, { ok: true });
      return send(res, 200, { ok: true });
    }
    const method = url.replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || (args.token as string | undefined);
    const count = (this.#counts.get(method) ?? 0) + 1;
    this.#counts.set(method, count);
    const override = this.#overrides.get(method)?.(args, count);
    const [status, body, headers] = Array.isArray(override)
      ? override
      : [200, override ?? slackAnswer(this, method, args, token), {} as Record<string, string>];
    this.#record(method, args, token, body);
    send(res, status, body, headers);
  }

  #record(method: string, args: Record<string, any>, token: string | undefined, answer: Record<string, any>): void {
    const call = { method, args, token, answer, at: Date.now() };
    this.calls.push(call);
    for (const waiter of [...this.#waiters]) {
      if (waiter.method === method && waiter.predicate(call)) {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        waiter.resolve(call);
      }
    }
  }
}

export type FakeState = ReturnType<typeof newState>;

function newState() {
  return {
    /** Channel id → membership; unknown ids are `channel_not_found`, as for a DM between others. */
    channels: new Map<string, { member: boolean; archived?: boolean }>([
      ['C0GENERAL', { member: true }],
      ['C0TRIAGE', { member: true }],
      ['C0PUBLIC', { member: false }],
      ['C0ARCHIVED', { member: true, archived: true }],
    ]),
    users: new Map<string, { name: string; locale: string }>([
      ['U0ALICE', { name: 'alice', locale: 'en-US' }],
      ['U0BOB', { name: 'bob', locale: 'de-DE' }],
    ]),
    messages: new Map<string, { channel: string; ts: string; text?: string; thread_ts?: string }>(),
    triggers: new Map<string, { issuedAt: number; used: boolean }>(),
    lastTs: 0,
  };
}

function parseArgs(raw: string, contentType: string): Record<string, any> {
  if (contentType.startsWith('application/json')) return JSON.parse(raw || '{}');
  const args: Record<string, any> = {};
  for (const [name, value] of new URLSearchParams(raw)) args[name] = JSON_FIELDS.has(name) ? JSON.parse(value) : value;
  return args;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
