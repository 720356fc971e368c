import type { App } from '@slack/bolt';
import { openConversation, type SlackAdapterContext, tellStoreUnavailable } from '../adapter-context';
import { isStoreUnavailable } from '../../../src/store/store-errors';
import { plainTextFromSlack } from '../slack-markup';
import { conversationKey } from '../thread';

/** The fields of a message event this handler reads; every message subtype has them or lacks them. */
interface ThreadMessage {
  subtype?: string;
  channel: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  /** Who posted the thread's root: the bot, for the threads it started. */
  parent_user_id?: string;
}

/**
 * Typed replies: messages in a thread the bot started whose conversation is open, from the
 * person whose check it is. Bolt already drops the bot's own messages (ignoreSelf); edits,
 * deletions and other subtypes are not answers. Everything else in the channel is left alone.
 */
export function registerMessages(app: App, ctx: SlackAdapterContext): void {
  app.event('message', async ({ event, context }) => {
    const message = event as unknown as ThreadMessage;
    if (message.subtype !== undefined || message.bot_id || !message.user) return;
    if (!message.thread_ts || message.thread_ts === message.ts) return;
    const thread = { channel: message.channel, thread: message.thread_ts };
    try {
      const conversation = await openConversation(ctx, thread);
      if (!conversation || conversation.ownerId !== message.user) return;
      await ctx.runner.handle(
        conversationKey(thread),
        { type: 'text', text: plainTextFromSlack(message.text ?? ''), messageId: message.ts },
        ctx.outputs.for(thread, conversation.ownerId),
      );
    } catch (error) {
      ctx.logger.warn({ err: error }, 'slack: thread reply not handled');
      // Only in the bot's own threads: elsewhere people are not talking to it.
      if (isStoreUnavailable(error) && message.parent_user_id && message.parent_user_id === context.botUserId) await tellStoreUnavailable(ctx, thread, message.user);
    }
  });
}
