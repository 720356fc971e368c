import type { webApi } from '@slack/bolt';
import type { ConversationMode } from '../../src/config/environment';
import type { ConversationRunner } from '../../src/conversation/runner/runner';
import type { ConversationView } from '../../src/conversation/runner/conversation-view';
import type { Capabilities } from '../../src/conversation/state';
import { type Language, matchLanguage, translator } from '../../src/i18n/translator';
import type { Logger } from '../../src/logging/logger';
import type { PreferenceStore } from '../../src/store/preference-store';
import type { DeliveryLog } from '../../src/store/delivery-log';
import type { LocaleCache } from './locale-cache';
import type { StartQueue } from './start-queue';
import { conversationKey, SLACK_PLATFORM, type ThreadRef } from './thread';
import type { ThreadOutputs } from './thread-outputs';

/** What every Slack handler works with; built once in start-slack. */
export interface SlackAdapterContext {
  client: webApi.WebClient;
  runner: ConversationRunner;
  preferences: PreferenceStore;
  /** Events already taken (Slack's retries are dropped), across processes with Redis. */
  deliveries: DeliveryLog;
  outputs: ThreadOutputs;
  locales: LocaleCache;
  /** Post-ack work of slash commands, a few at a time (see start-queue). */
  startQueue: StartQueue;
  capabilities: Capabilities;
  /** MAILHELP_CONVERSATION: a thread where /mailhelp was typed, or always a DM. */
  conversationMode: ConversationMode;
  defaultLanguage: string | undefined;
  logger: Logger;
}

/**
 * The language for a user before their conversation has one: a language they chose with
 * `/mailhelp lang`, else their Slack locale, else MAILHELP_LANG, else English.
 */
export async function languageForUser(ctx: SlackAdapterContext, userId: string): Promise<Language> {
  const chosen = await chosenLanguage(ctx, userId);
  return chosen ?? matchLanguage(await ctx.locales.localeOf(userId)) ?? matchLanguage(ctx.defaultLanguage) ?? 'en';
}

/** The same without asking Slack: for answers that must go out before any call (an ack). */
export async function cachedLanguageForUser(ctx: SlackAdapterContext, userId: string): Promise<Language> {
  const chosen = await chosenLanguage(ctx, userId);
  return chosen ?? matchLanguage(ctx.locales.peek(userId)) ?? matchLanguage(ctx.defaultLanguage) ?? 'en';
}

/** A store that cannot be reached must not keep the user from hearing why, in their own language. */
async function chosenLanguage(ctx: SlackAdapterContext, userId: string): Promise<Language | undefined> {
  return ctx.preferences.getLanguage(SLACK_PLATFORM, userId).catch(() => undefined);
}

/**
 * The store is down (Redis unreachable or slow): tell the user in the thread, privately, instead
 * of leaving them waiting. Best effort: Slack may be failing as well.
 */
export async function tellStoreUnavailable(ctx: SlackAdapterContext, thread: ThreadRef, userId: string): Promise<void> {
  const t = translator(await cachedLanguageForUser(ctx, userId));
  try {
    await ctx.client.chat.postEphemeral({ channel: thread.channel, thread_ts: thread.thread, user: userId, text: t('store:unavailable') });
  } catch {
    // Nothing more can be done; the handler has logged the store error.
  }
}

/** The conversation in a thread, if one is open there (a thread the bot started and that is not over). */
export function openConversation(ctx: SlackAdapterContext, thread: ThreadRef): Promise<ConversationView | undefined> {
  return ctx.runner.conversation(conversationKey(thread));
}
