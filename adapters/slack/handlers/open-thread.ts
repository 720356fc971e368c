import type { RespondFn } from '@slack/bolt';
import type { Translate } from '../../../src/i18n/translator';
import type { SlackAdapterContext } from '../adapter-context';
import { errorName, isCannotPostHere, NoThreadError, slackErrorCode } from '../slack-errors';
import type { ThreadRef } from '../thread';

const FALLBACK_REASONS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/**
 * Slash commands cannot be run inside threads, so the bot makes one: a root message in the
 * channel, the conversation in its thread. Where it may not post (a private channel it is not
 * in, a DM between other people, an archived channel) the user is told so privately through
 * the command's response_url, and the thread is opened in a DM with the bot instead.
 */
export async function openThread(ctx: SlackAdapterContext, channel: string, userId: string, t: Translate, respond: RespondFn | undefined): Promise<ThreadRef> {
  const rootText = t('slack:thread_root', { user: `<@${userId}>` });
  // MAILHELP_CONVERSATION=dm: no check is ever visible in a channel, only in a DM with the user.
  const inDmAlready = channel.startsWith('D');
  let reason: string;
  if (ctx.conversationMode === 'dm' && !inDmAlready) {
    reason = 'dm_setting';
  } else {
    let channelError: unknown;
    try {
      return { channel, thread: await postRoot(ctx, channel, rootText) };
    } catch (error) {
      if (!isCannotPostHere(error)) throw error;
      channelError = error;
    }
    reason = slackErrorCode(channelError) ?? 'other';
    ctx.logger.info({ reason }, 'slack: cannot post in the channel; moving to a DM');
  }
  try {
    const opened = await ctx.client.conversations.open({ users: userId });
    const dm = opened.channel?.id;
    if (!dm) throw new Error('conversations.open returned no channel');
    const thread = { channel: dm, thread: await postRoot(ctx, dm, rootText) };
    await tell(ctx, respond, reason === 'dm_setting' ? t('chat:slack.moved_to_dm') : t(`slack:fallback.${FALLBACK_REASONS.has(reason) ? reason : 'other'}`));
    return thread;
  } catch (dmError) {
    await tell(ctx, respond, t('slack:fallback.dm_failed'));
    throw new NoThreadError(reason, errorName(dmError));
  }
}

async function postRoot(ctx: SlackAdapterContext, channel: string, text: string): Promise<string> {
  const answer = await ctx.client.chat.postMessage({ channel, text });
  if (!answer.ts) throw new Error('chat.postMessage returned no ts');
  return answer.ts;
}

/** An ephemeral note to the user where the command was typed; response_url works even where the bot is not a member. */
async function tell(ctx: SlackAdapterContext, respond: RespondFn | undefined, text: string): Promise<void> {
  if (!respond) return;
  try {
    await respond({ response_type: 'ephemeral', text });
  } catch (error) {
    ctx.logger.warn({ err: error }, 'slack: response_url refused the ephemeral note');
  }
}
