import { type Client, Events, Routes } from 'discord.js';
import { blocksToPlainText, type MessageBlock } from '../../src/conversation/runner/conversation-output';
import type { ConversationRunner } from '../../src/conversation/runner/runner';
import type { ConversationState } from '../../src/conversation/state';
import { type Language, matchLanguage } from '../../src/i18n/translator';
import { createLogger } from '../../src/logging/logger';
import { installGracefulShutdown, logUnhandledRejections } from '../../src/process/graceful-shutdown';
import { runnerForChat } from '../../src/conversation/runner/with-login-page';
import { type ConversationKey, keyString } from '../../src/store/conversation-key';
import type { ConversationStore } from '../../src/store/conversation-store';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import type { AdapterLogger } from './adapter-logger';
import { registerCommands } from './commands/register-commands';
import { ConversationPoster } from './conversation/conversation-poster';
import { Conversations } from './conversation/conversations';
import { DiscordOutput } from './conversation/discord-output';
import { createDiscordClient } from './discord-client';
import { describeError } from './discord-errors';
import { DEFAULT_ACK_DEADLINE_MS, DEFAULT_TOKEN_LIFETIME_MS, type DiscordStartOptions } from './discord-options';
import { InteractionRouter } from './interaction-router';
import { TriageChannel } from './triage-channel';

export type { DiscordStartOptions } from './discord-options';
export { discordOptionsFromEnv } from './discord-options';

export interface DiscordBot {
  client: Client<true>;
  runner: ConversationRunner;
  /** The one-time password page's port, when MAILHELP_PUBLIC_URL is set. */
  loginPagePort?: number;
  /** Readiness: the gateway connection is up. */
  connected(): boolean;
  /** Stops taking interactions, lets running checks finish and post, disconnects. */
  stop(): Promise<void>;
  /** Resolves with the exit code once the bot has stopped (after SIGTERM/SIGINT with handleSignals). */
  closed: Promise<number>;
  /** Posts a message in a channel (watch alerts). */
  postToChannel(channel: string, message: MessageBlock[]): Promise<void>;
}

const DEFAULT_PORT = 3000;

/** `mailhelp start` with DISCORD_TOKEN: the conversation in Discord. Resolves once the gateway is ready. */
export async function startDiscord(options: DiscordStartOptions): Promise<DiscordBot> {
  const logger: AdapterLogger = options.logger ?? createLogger({ base: { adapter: 'discord' } });
  const store: ConversationStore<ConversationState> = options.store ?? new MemoryConversationStore<ConversationState>();
  const client = createDiscordClient({ ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}), ...(options.restRetries !== undefined ? { restRetries: options.restRetries } : {}) });
  const triage = options.triageChannelId ? new TriageChannel(client.rest, options.triageChannelId) : undefined;
  /** A plain message in a channel (watch alerts, outage alerts); mentions never ping. */
  const postToChannel = async (channel: string, message: MessageBlock[]): Promise<void> => {
    await client.rest.post(Routes.channelMessages(channel), { body: { content: blocksToPlainText(message).slice(0, 2000), allowed_mentions: { parse: [] } } });
  };
  const triageChannelId = options.triageChannelId;
  const outageTriage = triageChannelId ? { post: (message: MessageBlock[]) => postToChannel(triageChannelId, message) } : undefined;
  const { runner, page } = runnerForChat({ ...options, store, ...(outageTriage ? { triage: outageTriage } : {}) }, logger);
  const loginPagePort = page ? (await page.listen(options.port ?? DEFAULT_PORT, options.host ?? '0.0.0.0', options.ops)).port : undefined;
  const fallbackLanguage: Language = matchLanguage(options.defaultLanguage) ?? 'en';
  const language = async (key: ConversationKey): Promise<Language> => (await runner.conversation(key).catch(() => undefined))?.language ?? fallbackLanguage;

  const conversations = new Conversations(
    (key, place, forget) =>
      new DiscordOutput({
        key,
        poster: new ConversationPoster(place, { rest: client.rest, logger, tokenLifetimeMs: options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS, conversation: keyString(key) }),
        language: () => language(key),
        ...(triage ? { triage } : {}),
        logger,
        onEnd: forget,
      }),
  );
  const router = new InteractionRouter({
    runner,
    conversations,
    capabilities: { helpDesk: triage !== undefined, privateForms: true },
    ackDeadlineMs: options.ackDeadlineMs ?? DEFAULT_ACK_DEADLINE_MS,
    logger,
    ...(options.helpDeskRoleId ? { helpDeskRoleId: options.helpDeskRoleId } : {}),
    conversationMode: options.conversation ?? 'thread',
  });
  const onInteraction = (interaction: Parameters<InteractionRouter['handle']>[0]): void => void router.handle(interaction);
  client.on(Events.InteractionCreate, onInteraction);
  watchConnection(client, logger);
  // 429s: discord.js waits them out itself; monitoring sees how often.
  client.rest.on('rateLimited', () => options.metrics?.chatRateLimited('discord'));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  let readyClient: Client<true>;
  try {
    await client.login(options.token);
    readyClient = await ready;
    if (options.registerOnStart) {
      const applicationId = options.applicationId ?? readyClient.application.id;
      const registered = await registerCommands(client.rest, { applicationId, ...(options.guildId ? { guildId: options.guildId } : {}) });
      logger.info(registered, 'discord: commands registered');
    }
  } catch (error) {
    // A wrong token or an unreachable Discord: release what was opened, then fail the start.
    await client.destroy();
    await page?.close();
    if (!options.store) await store.close();
    throw error;
  }
  logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, ...(loginPagePort !== undefined ? { loginPagePort } : {}) }, `discord: ready as ${readyClient.user.tag}`);

  // New interactions stop first; the connection stays until the running checks have posted.
  const stopAccepting = async (): Promise<void> => {
    client.off(Events.InteractionCreate, onInteraction);
  };
  const release = async (): Promise<void> => {
    await client.destroy();
    await page?.close();
    if (!options.store) await store.close();
  };
  let markStopped: (code: number) => void = () => undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await stopAccepting().catch((error: unknown) => logger.warn({ error: describeError(error) }, 'discord: stop failed'));
      await runner.close();
      await release();
      markStopped(0);
    })();
    return stopping;
  };
  const closed = options.handleSignals ? untilSignal(logger, stopAccepting, runner, release) : new Promise<number>((resolve) => (markStopped = resolve));
  return { client: readyClient, runner, ...(loginPagePort !== undefined ? { loginPagePort } : {}), connected: () => !stopping && client.isReady(), stop, closed, postToChannel };
}

/** Gateway trouble is Discord's business and discord.js recovers (resume, reconnect); it is logged. */
function watchConnection(client: Client, logger: AdapterLogger): void {
  client.on(Events.Error, (error) => logger.error({ error: describeError(error) }, 'discord: client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord: warning'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'discord: gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => logger.info({ shard }, 'discord: gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'discord: gateway resumed'));
}

function untilSignal(logger: AdapterLogger, stopAccepting: () => Promise<void>, runner: ConversationRunner, release: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    const forgetRejections = logUnhandledRejections(logger);
    const shutdown = installGracefulShutdown({
      logger,
      stopAccepting,
      drain: () => runner.settled(),
      abortRunning: () => void runner.close(),
      save: release,
      exit: (code) => {
        shutdown.uninstall();
        forgetRejections();
        resolve(code);
      },
    });
  });
}
