import sinon from 'sinon';
import type { AdapterLogger } from '../../../adapters/discord/adapter-logger';
import { type DiscordBot, type DiscordStartOptions, startDiscord } from '../../../adapters/discord/start-discord';
import { ACME_DISCOVERY, check, report } from '../../conversation/support/fixtures';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord';
import type { Json } from './fake-objects';

/** Log lines by level, as sinon spies: a test can assert that nothing was logged as an error. */
export interface LogSpy extends AdapterLogger {
  debug: sinon.SinonSpy;
  info: sinon.SinonSpy;
  warn: sinon.SinonSpy;
  error: sinon.SinonSpy;
}

export function logSpy(): LogSpy {
  return { debug: sinon.spy(), info: sinon.spy(), warn: sinon.spy(), error: sinon.spy() };
}

export interface Harness {
  fake: FakeDiscord;
  bot: DiscordBot;
  logs: LogSpy;
  /** Waits until a message matching `where` exists (in any channel) and returns the newest such. */
  message(where: (m: Json) => boolean, options?: { since?: number; timeoutMs?: number }): Promise<Json>;
  /** Waits until `condition` holds (state the bot changes in the background). */
  until(condition: () => boolean, timeoutMs?: number): Promise<void>;
  /** How many messages exist now: `message(…, { since: mark() })` finds only newer ones. */
  mark(): number;
  /** Presses the button whose label matches on a message; returns the interaction. */
  press(message: Json, label: RegExp, user?: Json): ReturnType<FakeDiscord['button']>;
  close(): Promise<void>;
}

/** A quick engine for adapter tests: one progress step, then the fixture report (tls.cert_expired). */
export const QUICK_ENGINE: Pick<DiscordStartOptions, 'diagnose' | 'discover'> = {
  discover: async () => ACME_DISCOVERY,
  diagnose: async (request) => {
    request.options?.onProgress?.(check('dns'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    return report();
  },
};

/** The real bot (startDiscord) against a fake Discord on loopback. */
export async function startHarness(options: Partial<DiscordStartOptions> = {}, fakeOptions: FakeDiscordOptions = {}): Promise<Harness> {
  const fake = await new FakeDiscord(fakeOptions).start();
  const logs = logSpy();
  const bot = await startDiscord({ token: fake.token, apiUrl: fake.apiUrl, restRetries: 0, logger: logs, triageChannelId: fake.ids.triageChannelId, ...QUICK_ENGINE, ...options });
  const message = async (where: (m: Json) => boolean, { since = 0, timeoutMs = 10_000 }: { since?: number; timeoutMs?: number } = {}): Promise<Json> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...fake.state.messages.values()].slice(since).filter(where).pop();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such message within ${timeoutMs} ms; messages: ${[...fake.state.messages.values()].map(describe).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const press = (target: Json, label: RegExp, user?: Json): ReturnType<FakeDiscord['button']> => {
    const button = fake.buttons(target.id as string).find((b) => label.test(b.label));
    if (!button) throw new Error(`no button ${label} on "${describe(target)}"; buttons: ${fake.buttons(target.id as string).map((b) => b.label).join(', ')}`);
    return fake.button(button.customId, { messageId: target.id as string, ...(user ? { user } : {}) });
  };
  return {
    fake,
    bot,
    logs,
    message,
    mark: () => fake.state.messages.size,
    until: async (condition, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    press,
    close: async () => {
      await bot.stop();
      await fake.stop();
    },
  };
}

/** Text a message shows: content and embed authors, titles, descriptions, fields and footers. */
export function textOf(message: Json): string {
  const embeds = (message.embeds as Json[] | undefined) ?? [];
  const embedTexts = (e: Json): unknown[] => [(e.author as Json | undefined)?.name, e.title, e.description, ...((e.fields as Json[] | undefined) ?? []).flatMap((f) => [f.name, f.value]), (e.footer as Json | undefined)?.text];
  return [message.content, ...embeds.flatMap(embedTexts)].filter(Boolean).join('\n');
}

export function has(pattern: RegExp): (message: Json) => boolean {
  return (message) => pattern.test(textOf(message));
}

function describe(message: Json): string {
  return textOf(message).slice(0, 80).replace(/\n/gu, ' ');
}
