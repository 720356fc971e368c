import { MailhelpError } from '../../src/errors/mailhelp-error';

/**
 * Slack's answers that the adapter handles itself, and the adapter's own typed errors.
 * The Web API client raises `slack_webapi_platform_error` with Slack's error string in
 * `data.error` for every `{ ok: false }` answer (HTTP 200); 429s are retried by the client.
 */
const PLATFORM_ERROR = 'slack_webapi_platform_error';

/** Slack's error string (`not_in_channel`, `expired_trigger_id`, …) if this is a platform answer. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, data } = error as { code?: unknown; data?: { error?: unknown } };
  return code === PLATFORM_ERROR && typeof data?.error === 'string' ? data.error : undefined;
}

/** Where the bot cannot post a thread root: the conversation moves to a DM instead. */
export const CANNOT_POST_HERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_post_in_channel']);

/** A trigger id lives 3 s and opens one view; after that Slack refuses it with one of these. */
export const TRIGGER_REFUSED = new Set(['expired_trigger_id', 'invalid_trigger_id', 'trigger_exchanged']);

export function isCannotPostHere(error: unknown): boolean {
  return CANNOT_POST_HERE.has(slackErrorCode(error) ?? '');
}

export function isTriggerRefused(error: unknown): boolean {
  return TRIGGER_REFUSED.has(slackErrorCode(error) ?? '');
}

/** A short, log-safe name for any error: Slack's code, a Node code, or the class name. */
export function errorName(error: unknown): string {
  const slack = slackErrorCode(error);
  if (slack) return slack;
  if (error instanceof Error) return (error as Error & { code?: string }).code ?? error.name;
  return typeof error;
}

/** Neither the channel nor a DM with the user could take the thread. */
export class NoThreadError extends MailhelpError {
  constructor(readonly channelError: string, readonly dmError: string) {
    super('SLACK_NO_THREAD', `cannot start a thread: channel said ${channelError}, DM said ${dmError}`);
  }
}

/** The configuration cannot start Slack (missing token or signing secret). */
export class SlackConfigError extends MailhelpError {
  constructor(message: string) {
    super('SLACK_CONFIG', message);
  }
}
