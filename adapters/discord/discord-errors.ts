import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { MailhelpError } from '../../src/errors/mailhelp-error';

/**
 * What Discord's refusals mean for the adapter. discord.js raises `DiscordAPIError` with
 * Discord's numeric code; these helpers name the few the adapter acts on.
 */

/** The interaction token is no longer usable: past 3 s unanswered, or past its 15 minutes. */
export function isExpiredInteraction(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownInteraction || error.code === RESTJSONErrorCodes.UnknownWebhook || error.code === RESTJSONErrorCodes.InvalidWebhookToken)
  );
}

/** A short, secret-free description for logs: `DiscordAPIError[50013]`, or the error's name. */
export function describeError(error: unknown): string {
  if (error instanceof DiscordAPIError) return `DiscordAPIError[${error.code}] ${error.method} ${error.url.replace(/\/(?:webhooks|interactions)\/(\d+)\/[^/?]+/u, '/$1/…')}`;
  if (error instanceof Error && error.cause !== undefined) return `${error.name}: ${describeError(error.cause)}`;
  if (error instanceof Error) return (error as Error & { code?: string }).code ?? error.name;
  return typeof error;
}

/** No live interaction token and no channel the bot may post in: the message cannot be delivered. */
export class NoRouteError extends MailhelpError {
  constructor(readonly conversation: string) {
    super('DISCORD_NO_ROUTE', `no way to post in conversation ${conversation}: its interaction tokens expired and it has no channel`);
  }
}

/** The help-desk channel (MAILHELP_TRIAGE_CHANNEL) is unknown or the bot may not post there. */
export class TriageChannelError extends MailhelpError {
  constructor(
    readonly channelId: string,
    cause: unknown,
  ) {
    super('DISCORD_TRIAGE_CHANNEL', `cannot post to the help-desk channel ${channelId}: ${describeError(cause)}`, { cause });
  }
}

/** The configuration lacks something the Discord adapter needs. */
export class DiscordConfigError extends MailhelpError {
  constructor(readonly variable: string, reason: string) {
    super('DISCORD_CONFIG', `${variable}: ${reason}`);
  }
}
