import type { Diagnose } from '../../../src/conversation/runner/runner-dependencies';
import type { Discover } from '../../../src/discovery/discovery-result';
import { createLogger } from '../../../src/logging/logger';
import { startSlack, type SlackBot, type SlackStartOptions } from '../../../adapters/slack/start-slack';
import { FakeSlackApi, type RecordedCall } from './fake-slack-api';
import {
  blockActionsPayload,
  formBody,
  interactionBody,
  messageEventBody,
  postSigned,
  type PostedMessage,
  slashCommandFields,
  viewPayload,
} from './slack-requests';

export const SIGNING_SECRET = 'fake-signing-secret';
export const ALICE = 'U0ALICE';
export const BOB = 'U0BOB';
export const GENERAL = 'C0GENERAL';

export interface HarnessOptions extends Partial<Omit<SlackStartOptions, 'botToken' | 'appToken' | 'apiUrl' | 'signingSecret'>> {
  mode?: 'http' | 'socket';
  diagnose: Diagnose;
  discover: Discover;
}

/** How the bot answered a request: the HTTP status and body, or the Socket Mode ack. */
export interface Delivered {
  status: number;
  body: string;
  ms: number;
}

/**
 * The real Bolt app (through startSlack) against the fake Web API, driven like Slack drives it:
 * signed HTTP requests in HTTP mode, envelopes over the fake socket in Socket Mode. The bot's
 * log lines are kept, so a test can check that no password ever reaches them.
 */
export class SlackHarness {
  readonly logs: string[] = [];
  fake!: FakeSlackApi;
  bot!: SlackBot;
  mode: 'http' | 'socket' = 'http';

  static async start(options: HarnessOptions): Promise<SlackHarness> {
    const harness = new SlackHarness();
    harness.mode = options.mode ?? 'http';
    // The fake must answer before the App exists: its constructor calls auth.test.
    harness.fake = await new FakeSlackApi().start();
    const { mode: _mode, ...rest } = options;
    harness.bot = await startSlack({
      botToken: harness.fake.botToken,
      apiUrl: harness.fake.apiUrl,
      ...(harness.mode === 'socket' ? { appToken: harness.fake.appToken } : { signingSecret: SIGNING_SECRET }),
      port: 0,
      host: '127.0.0.1',
      retryConfig: { retries: 0 },
      progressIntervalMs: 50,
      logger: createLogger({ level: 'debug', destination: { write: (line: string) => void harness.logs.push(line) } }),
      ...rest,
    });
    return harness;
  }

  get eventsUrl(): string {
    return `http://127.0.0.1:${this.bot.port}/slack/events`;
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    await this.fake.stop();
  }

  /** `/mailhelp <text>` typed by `user` in `channel`. */
  command(text: string, { channel = GENERAL, user = ALICE } = {}): Promise<Delivered> {
    const fields = slashCommandFields({ text, channel, user, triggerId: this.fake.issueTriggerId(), responseUrl: this.fake.responseUrl() });
    return this.mode === 'http'
      ? postSigned(this.eventsUrl, formBody(fields), 'application/x-www-form-urlencoded', SIGNING_SECRET)
      : this.#socket('slash_commands', fields);
  }

  /** A click on the button `actionId` of a message the bot posted. */
  click(message: PostedMessage, actionId: string, { user = ALICE } = {}): Promise<Delivered> {
    const button = findButton(message.blocks ?? [], actionId);
    if (!button) throw new Error(`no button ${actionId} on the message "${message.text}"`);
    return this.interaction(
      blockActionsPayload({ user, message, actionId, value: button.value ?? '', label: button.text.text, triggerId: this.fake.issueTriggerId(), responseUrl: this.fake.responseUrl() }),
    );
  }

  /** Submits the modal opened by `opened` (a views.open call) with `values` per field name. */
  submit(opened: RecordedCall, values: Record<string, string>, { user = ALICE } = {}): Promise<Delivered> {
    const state: Record<string, Record<string, unknown>> = {};
    for (const block of opened.args.view.blocks as any[]) {
      if (block.type !== 'input') continue;
      const name = block.element.action_id as string;
      const value = values[name];
      state[block.block_id] = { [name]: block.element.type === 'static_select' ? { type: 'static_select', selected_option: value ? { value } : null } : { type: 'plain_text_input', value: value ?? null } };
    }
    return this.interaction(viewPayload('view_submission', { user, view: opened.args.view, values: state }));
  }

  closeView(opened: RecordedCall, { user = ALICE } = {}): Promise<Delivered> {
    return this.interaction(viewPayload('view_closed', { user, view: opened.args.view, values: {} }));
  }

  /** A message typed into a thread. */
  reply(thread: { channel: string; thread: string }, text: string, { user = ALICE, ts = `${Date.now() / 1000}` } = {}): Promise<Delivered> {
    return this.event(messageEventBody({ channel: thread.channel, user, text, ts: ts.includes('.') ? ts : `${ts}.000100`, thread_ts: thread.thread }));
  }

  interaction(payload: Record<string, unknown>): Promise<Delivered> {
    return this.mode === 'http' ? postSigned(this.eventsUrl, interactionBody(payload), 'application/x-www-form-urlencoded', SIGNING_SECRET) : this.#socket('interactive', payload);
  }

  event(body: Record<string, unknown>): Promise<Delivered> {
    return this.mode === 'http' ? postSigned(this.eventsUrl, JSON.stringify(body), 'application/json', SIGNING_SECRET) : this.#socket('events_api', body);
  }

  async #socket(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown): Promise<Delivered> {
    const ack = await this.fake.socketMode.send(type, payload);
    return { status: 200, body: ack.payload === undefined ? '' : JSON.stringify(ack.payload), ms: ack.ms };
  }

  /** The first post offering the button `actionId` (choice buttons: `mailhelp_choice:<id>`). */
  waitForButton(actionId: string, timeoutMs?: number): Promise<RecordedCall> {
    return this.fake.waitForShown((c) => Array.isArray(c.args.blocks) && findButton(c.args.blocks, actionId) !== undefined, timeoutMs);
  }

  /** The first post (in order of calls) whose text matches. */
  waitForPost(pattern: RegExp, timeoutMs?: number): Promise<RecordedCall> {
    return this.fake.waitForShown((c) => pattern.test(allText(c.args)), timeoutMs);
  }
}

/** A recorded chat.postMessage as the message Slack now shows. */
export function posted(call: RecordedCall): PostedMessage {
  return { channel: call.args.channel, ts: call.answer.ts, thread_ts: call.args.thread_ts, text: call.args.text, blocks: call.args.blocks };
}

/** Every text in a message or view: `text`, and each block's texts, joined by newlines. */
export function allText(value: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key === 'text' && typeof child === 'string') texts.push(child);
        else walk(child);
      }
    }
  };
  walk(value);
  return texts.join('\n');
}

export function findButton(blocks: unknown[], actionId: string): { value?: string; text: { text: string } } | undefined {
  for (const block of blocks as any[]) {
    for (const element of block.elements ?? (block.accessory ? [block.accessory] : [])) {
      if (element.type === 'button' && element.action_id === actionId) return element;
    }
  }
  return undefined;
}
