import { createServer, type Server, type Socket } from 'node:net';
import { startBotProcess, type StartedBot } from '../../support/start-bot-process';
import type { RedisTestServer } from '../../support/redis-server';
import { FakeSlackApi, type RecordedCall } from './fake-slack-api';
import { blockActionsPayload, formBody, interactionBody, messageEventBody, type PostedMessage, postSigned, type SignedResponse, slashCommandFields } from './slack-requests';
import { findButton } from './slack-harness';

export const SIGNING_SECRET = 'cluster-signing-secret';
export const ALICE = 'U0ALICE';
export const GENERAL = 'C0GENERAL';

/** One `mailhelp start` child in Slack HTTP mode, and what it logged. */
export interface BotProcess {
  name: string;
  bot: StartedBot;
  url: string;
  /** Every JSON log line since it started. */
  lines: Record<string, any>[];
}

/**
 * Several bot processes, as deployed behind a load balancer: the same Slack app (one fake Slack
 * API), one Redis (MAILHELP_STORE), each its own port. The test plays the load balancer: it
 * decides which process gets each request. Logs are kept per process, for the "who handled
 * what" record.
 */
export class BotCluster {
  readonly processes = new Map<string, BotProcess>();
  #threadTs = 0;

  private constructor(
    readonly fake: FakeSlackApi,
    private readonly env: Record<string, string>,
  ) {}

  static async start(redis: RedisTestServer, env: Record<string, string>): Promise<BotCluster> {
    const fake = await new FakeSlackApi().start();
    const prefix = `cluster${process.pid}${Date.now()}:`;
    return new BotCluster(fake, {
      HOST: '127.0.0.1',
      PORT: '0',
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      MAILHELP_STORE: redis.url,
      MAILHELP_STORE_PREFIX: prefix,
      // No lookups leave the machine: a resolver on a closed loopback port.
      MAILHELP_DNS_SERVERS: '127.0.0.1:9',
      MAILHELP_ALLOW_NETS: '127.0.0.0/8',
      LOG_LEVEL: 'debug',
      ...env,
    });
  }

  async launch(name: string): Promise<BotProcess> {
    // A loaded CI machine takes a while to start a TypeScript process.
    const bot = await startBotProcess(this.env, 'slack: ready', 60_000);
    const lines: Record<string, any>[] = [];
    let partial = '';
    bot.child.stdout!.on('data', (chunk: Buffer) => {
      partial += chunk.toString();
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      for (const line of complete) {
        try {
          lines.push(JSON.parse(line) as Record<string, any>);
        } catch {
          // Not a log line.
        }
      }
    });
    const started: BotProcess = { name, bot, url: `http://127.0.0.1:${bot.ready.port}/slack/events`, lines };
    this.processes.set(name, started);
    return started;
  }

  get(name: string): BotProcess {
    const found = this.processes.get(name);
    if (!found) throw new Error(`no process ${name}`);
    return found;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(async ({ bot }) => {
        if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGTERM');
        await bot.exited;
      }),
    );
    await this.fake.stop();
  }

  command(to: string, text: string): Promise<SignedResponse> {
    const fields = slashCommandFields({ text, channel: GENERAL, user: ALICE, triggerId: this.fake.issueTriggerId(), responseUrl: this.fake.responseUrl() });
    return postSigned(this.get(to).url, formBody(fields), 'application/x-www-form-urlencoded', SIGNING_SECRET);
  }

  /** A typed reply in the thread; returns the event body so it can be delivered again (a retry). */
  reply(to: string, thread: string, text: string): { body: string; sent: Promise<SignedResponse> } {
    this.#threadTs += 1;
    const event = messageEventBody({ channel: GENERAL, user: ALICE, text, ts: `${Math.floor(Date.now() / 1000)}.${String(this.#threadTs).padStart(6, '0')}`, thread_ts: thread });
    (event.event as Record<string, unknown>).parent_user_id = 'U0BOT';
    const body = JSON.stringify(event);
    return { body, sent: postSigned(this.get(to).url, body, 'application/json', SIGNING_SECRET) };
  }

  /** Delivers an event body again, as Slack's retry `retryNum` does. */
  redeliver(to: string, body: string, retryNum: number): Promise<SignedResponse> {
    return postSigned(this.get(to).url, body, 'application/json', SIGNING_SECRET, { headers: { 'X-Slack-Retry-Num': String(retryNum), 'X-Slack-Retry-Reason': 'http_timeout' } });
  }

  click(to: string, message: PostedMessage, actionId: string): Promise<SignedResponse> {
    const button = findButton(message.blocks ?? [], actionId);
    if (!button) throw new Error(`no button ${actionId} on "${message.text}"`);
    const payload = blockActionsPayload({ user: ALICE, message, actionId, value: button.value ?? '', label: button.text.text, triggerId: this.fake.issueTriggerId(), responseUrl: this.fake.responseUrl() });
    return postSigned(this.get(to).url, interactionBody(payload), 'application/x-www-form-urlencoded', SIGNING_SECRET);
  }

  /** Posts after `after` calls whose text matches. */
  waitForPost(pattern: RegExp, after = 0, timeoutMs = 15_000): Promise<RecordedCall> {
    return this.fake.waitForShown((c) => pattern.test(textOf(c.args)), timeoutMs, after);
  }

  get callCount(): number {
    return this.fake.calls.length;
  }

  /**
   * Which process handled which request: from each process's log, the requests it took and the
   * conversation events it applied, in time order, as `A  text  ask_email -> ask_email`.
   */
  handledLog(): string[] {
    const rows: { time: number; row: string }[] = [];
    for (const { name, lines } of this.processes.values()) {
      for (const line of lines) {
        if (line.msg === 'conversation event') rows.push({ time: line.time, row: `${name}  event ${line.event}: ${line.from ?? '-'} -> ${line.to ?? 'closed'}` });
        else if (line.msg === 'slack: request taken' || line.msg === 'slack: event taken') rows.push({ time: line.time, row: `${name}  took ${line.kind}${line.retryNum ? ` (retry ${line.retryNum})` : ''}` });
        else if (line.msg === 'slack: retry of an event already taken; dropped') rows.push({ time: line.time, row: `${name}  dropped retry ${line.retryNum} of ${line.eventId}` });
        else if (/interrupted|lost its lock/.test(line.msg ?? '')) rows.push({ time: line.time, row: `${name}  ${line.msg}` });
      }
    }
    return rows.sort((a, b) => a.time - b.time).map((r) => r.row);
  }
}

export function textOf(value: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') for (const [key, child] of Object.entries(node)) key === 'text' && typeof child === 'string' ? texts.push(child) : walk(child);
  };
  walk(value);
  return texts.join('\n');
}

/** A mail server that accepts connections and never says a word: every check waits for its deadline. */
export async function startSilentServer(): Promise<{ port: number; readonly accepted: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get accepted() {
      return accepted;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
