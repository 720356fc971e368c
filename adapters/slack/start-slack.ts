import { type App, type CustomRoute, webApi } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConversationRunner } from '../../src/conversation/runner/runner';
import { type ChatRunnerOptions, runnerForChat } from '../../src/conversation/runner/with-login-page';
import { blocksToPlainText, type MessageBlock } from '../../src/conversation/runner/conversation-output';
import { BLOCK_LIMITS, clip } from './blocks/block-kit';
import { slackRoles } from './slack-roles';
import type { ConversationState } from '../../src/conversation/state';
import { matchLanguage, translator } from '../../src/i18n/translator';
import { createLogger, type Logger } from '../../src/logging/logger';
import { installGracefulShutdown, logUnhandledRejections } from '../../src/process/graceful-shutdown';
import type { LoginPageServer } from '../../src/secure-login/login-page-server';
import type { ConversationStore } from '../../src/store/conversation-store';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { MemoryPreferenceStore } from '../../src/store/preference-store';
import { openConversation, type SlackAdapterContext } from './adapter-context';
import { boltLogger } from './bolt-logger';
import { createBoltApp, type SlackMode } from './create-bolt-app';
import { registerActions } from './handlers/action-handler';
import { registerCommand } from './handlers/command-handler';
import { registerDeliveryFilter } from './handlers/delivery-filter';
import { MemoryDeliveryLog } from '../../src/store/delivery-log';
import { OPS_PATHS, type OpsHandler } from '../../src/health/ops-routes';
import { registerMessages } from './handlers/message-handler';
import { registerViews } from './handlers/view-handler';
import { LocaleCache } from './locale-cache';
import { StartQueue } from './start-queue';
import { CHAT_RETRY_POLICY, DEFAULT_PROGRESS_INTERVAL_MS, type SlackStartOptions } from './slack-options';
import { SlackOutput } from './slack-output';
import type { ThreadRef } from './thread';
import { ThreadOutputs } from './thread-outputs';

export type { SlackStartOptions } from './slack-options';
export { slackOptionsFromEnv } from './slack-options';

export interface SlackBot {
  app: App;
  mode: SlackMode;
  /** HTTP mode: the port listened on (the sign-in page's in Socket Mode, if it runs). */
  port: number | undefined;
  runner: ConversationRunner;
  /** Readiness: HTTP mode listens; Socket Mode's connection to Slack is up. */
  connected(): boolean;
  /** Stops taking events, lets running checks finish, closes what it opened. */
  stop(): Promise<void>;
  /** Resolves with the exit code once the bot has stopped (after SIGTERM/SIGINT with handleSignals). */
  closed: Promise<number>;
  /** Posts a message in a channel (watch alerts). */
  postToChannel(channel: string, message: MessageBlock[]): Promise<void>;
}

const DEFAULT_PORT = 3000;
/**
 * Conversations started at once after their ack, and how long a burst of commands holds them
 * back (see start-queue): a few milliseconds of quiet, half a second at most.
 */
const START_QUEUE = { concurrency: 4, quietMs: 15, maxDeferMs: 500 };

/** `mailhelp start` with SLACK_BOT_TOKEN: the conversation in Slack threads. */
export async function startSlack(options: SlackStartOptions): Promise<SlackBot> {
  const logger = options.logger ?? createLogger({ base: { adapter: 'slack' } });
  const store: ConversationStore<ConversationState> = options.store ?? new MemoryConversationStore<ConversationState>();
  const preferences = options.preferences ?? new MemoryPreferenceStore();
  // Outage alerts and watch alerts are posted with the bot's client, created below.
  let post: ((channel: string, message: MessageBlock[]) => Promise<void>) | undefined;
  const triageChannel = options.triageChannel;
  const triage = triageChannel ? { post: (message: MessageBlock[]) => post!(triageChannel, message) } : undefined;
  const { runner, page } = runnerForChat(
    {
      ...pickRunnerOptions(options),
      store,
      preferences,
      ...(triage ? { triage } : {}),
    },
    logger,
  );

  const { app, mode } = createBoltApp({
    botToken: options.botToken,
    ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
    ...(options.appToken ? { appToken: options.appToken } : {}),
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    retryConfig: options.retryConfig ?? CHAT_RETRY_POLICY,
    logger: boltLogger(logger),
    customRoutes: httpRoutes(page, options.publicUrl, options.ops),
  });
  // Slack's 429s: the client waits and retries by itself; monitoring sees how often.
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, () => options.metrics?.chatRateLimited('slack'));
  let socketConnected = false;
  if (mode === 'socket') {
    const socket = (app as unknown as { receiver?: { client?: { on(event: string, listener: () => void): void } } }).receiver?.client;
    socket?.on('connected', () => (socketConnected = true));
    socket?.on('disconnected', () => (socketConnected = false));
  }

  post = async (channel, message) => {
    await app.client.chat.postMessage({ channel, text: clip(blocksToPlainText(message), BLOCK_LIMITS.messageText), unfurl_links: false, unfurl_media: false });
  };
  // The outputs need the context and the context the outputs: `ctx` is filled in right below.
  let ctx!: SlackAdapterContext;
  const outputs = new ThreadOutputs((thread, userId) => newOutput(ctx, thread, userId, options));
  ctx = {
    client: app.client,
    runner,
    preferences,
    deliveries: options.deliveries ?? new MemoryDeliveryLog(),
    outputs,
    locales: new LocaleCache(app.client, logger),
    startQueue: new StartQueue(START_QUEUE),
    // Slack modals cannot mask a field: the conversation's login form says so.
    capabilities: { helpDesk: Boolean(options.triageChannel), privateForms: true, maskedForms: false },
    conversationMode: options.conversation ?? 'thread',
    defaultLanguage: options.defaultLanguage,
    logger,
  };
  registerDeliveryFilter(app, ctx);
  registerCommand(app, ctx, options.command);
  // A diagnosis whose process died is told to its user by whichever process notices first.
  runner.recoverInterruptedRuns((key, userId) => outputs.for({ channel: key.channel, thread: key.thread }, userId));
  registerActions(app, ctx);
  registerViews(app, ctx);
  registerMessages(app, ctx);
  // Anything a listener throws ends here, logged; no Slack event can take the process down.
  app.error(async (error) => {
    logger.error({ err: (error as { original?: unknown }).original ?? error }, 'slack: unhandled error in a listener');
  });

  const listenPort = options.port ?? DEFAULT_PORT;
  const host = options.host ?? '0.0.0.0';
  let port: number | undefined;
  if (mode === 'http') {
    const server = (await app.start({ port: listenPort, host })) as Server;
    port = (server.address() as AddressInfo).port;
  } else {
    await app.start();
    if (page) port = (await page.listen(listenPort, host, options.ops)).port;
  }
  logger.info({ mode, ...(mode === 'http' ? { port } : {}) }, mode === 'http' ? `slack: ready (HTTP mode, port ${port})` : 'slack: ready (Socket Mode)');

  let stopping: Promise<void> | undefined;
  let markStopped: (code: number) => void = () => undefined;
  const stopAccepting = async (): Promise<void> => {
    runner.limits.close();
    await app.stop();
    if (mode === 'socket') await page?.close();
  };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await stopAccepting().catch((error: unknown) => logger.warn({ err: error }, 'slack: stop failed'));
      await runner.close();
      if (!options.store) await store.close();
      markStopped(0);
    })();
    return stopping;
  };
  const closed = options.handleSignals
    ? untilSignal(logger, stopAccepting, runner, store, Boolean(options.store))
    : new Promise<number>((resolve) => (markStopped = resolve));
  const connected = (): boolean => (mode === 'http' ? !stopping : socketConnected && !stopping);
  return { app, mode, port, runner, connected, stop, closed, postToChannel: post };
}

function pickRunnerOptions(options: SlackStartOptions): Omit<ChatRunnerOptions, 'store' | 'preferences'> {
  const { diagnose, discover, checkTargets, diagnoseOptions, defaultLanguage, limits, publicUrl, commands, records, onOutage, coordination, metrics, signIn } = options;
  return {
    diagnose,
    discover,
    ...(checkTargets ? { checkTargets } : {}),
    ...(diagnoseOptions ? { diagnoseOptions } : {}),
    ...(defaultLanguage ? { defaultLanguage } : {}),
    ...(limits ? { limits } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    ...(commands ? { commands } : {}),
    ...(records ? { records } : {}),
    ...(onOutage ? { onOutage } : {}),
    ...(coordination ? { coordination } : {}),
    ...(metrics ? { metrics } : {}),
    ...(signIn ? { signIn } : {}),
  };
}

function newOutput(ctx: SlackAdapterContext, thread: ThreadRef, userId: string, options: SlackStartOptions): SlackOutput {
  const language = async (): Promise<string> => (await openConversation(ctx, thread).catch(() => undefined))?.language ?? matchLanguage(options.defaultLanguage) ?? 'en';
  return new SlackOutput(thread, userId, {
    client: ctx.client,
    translate: async () => translator(await language()),
    ...(options.triageChannel ? { triageChannel: options.triageChannel } : {}),
    progressIntervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    logger: ctx.logger,
    onEnd: () => ctx.outputs.forget(thread),
    now: Date.now,
    roles: (userId) =>
      slackRoles(ctx.client, userId, {
        logger: ctx.logger,
        ...(options.triageChannel ? { triageChannel: options.triageChannel } : {}),
        ...(options.adminGroup ? { adminGroup: options.adminGroup } : {}),
        ...(options.helpDeskGroup ? { helpDeskGroup: options.helpDeskGroup } : {}),
      }),
  });
}

/** HTTP mode's extra routes: health, readiness and metrics, and the one-time sign-in pages (password, OAuth) when configured. */
function httpRoutes(page: LoginPageServer | undefined, publicUrl: string | undefined, ops: OpsHandler | undefined): CustomRoute[] {
  const routes: CustomRoute[] = ops
    ? OPS_PATHS.map((path) => ({ path, method: ['GET', 'HEAD'], handler: (req, res) => void ops(req, res) }))
    : [
        {
          path: '/healthz',
          method: ['GET'],
          handler: (_req, res) => {
            res.writeHead(200, { 'Content-Type': 'text/plain' });
            res.end('ok');
          },
        },
      ];
  if (page && publicUrl) {
    // The page answers under the public URL's own path (a bot behind https://host/mailhelp/).
    const prefix = new URL(publicUrl).pathname.replace(/\/+$/, '');
    const handler: CustomRoute['handler'] = (req, res) => page.handle(req, res);
    routes.push({ path: `${prefix}/login/:token`, method: ['GET', 'POST'], handler });
    // Beside it, the OAuth sign-in page (src/secure-login/oauth-sign-in-page): its start link and the provider's redirect back.
    routes.push({ path: `${prefix}/oauth/start/:link`, method: ['GET'], handler }, { path: `${prefix}/oauth/callback`, method: ['GET'], handler });
  }
  return routes;
}

function untilSignal(logger: Logger, stopAccepting: () => Promise<void>, runner: ConversationRunner, store: ConversationStore<ConversationState>, sharedStore: boolean): Promise<number> {
  return new Promise((resolve) => {
    const forgetRejections = logUnhandledRejections(logger);
    const shutdown = installGracefulShutdown({
      logger,
      stopAccepting,
      drain: () => runner.settled(),
      abortRunning: () => void runner.close(),
      save: async () => {
        // Timers stop; the conversations stay in the store for the next process.
        await runner.close();
        if (!sharedStore) await store.close();
      },
      exit: (code) => {
        shutdown.uninstall();
        forgetRejections();
        resolve(code);
      },
    });
  });
}
