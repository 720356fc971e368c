import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { otherOwner } from '../../../src/conversation/runner/conversation-view';
import { translator } from '../../../src/i18n/translator';
import { CHOICE_ACTION, CHOICES_BLOCK, choiceIdOf, OPEN_FORM_ACTION, SECURE_LINK_ACTION } from '../action-ids';
import { cachedLanguageForUser, openConversation, type SlackAdapterContext, tellStoreUnavailable } from '../adapter-context';
import { isStoreUnavailable } from '../../../src/store/store-errors';
import { answeredBlocks } from '../blocks/message-blocks';
import { escapeMrkdwn, type KnownBlock } from '../blocks/block-kit';
import { conversationKey, type ThreadRef } from '../thread';

/** The thread a clicked message belongs to: its `thread_ts`, or its own ts if it is the root. */
function threadOf(body: BlockAction): ThreadRef | undefined {
  const channel = body.channel?.id ?? (body.container.channel_id as string | undefined);
  const message = body.message;
  if (!channel || !message) return undefined;
  return { channel, thread: (message.thread_ts as string | undefined) ?? message.ts };
}

/**
 * Buttons. Choice buttons become `choice` events; only the person whose check it is may answer
 * (a colleague in the channel gets a private note instead). The answered question loses its
 * buttons, so an old one cannot be pressed again by mistake.
 */
export function registerActions(app: App, ctx: SlackAdapterContext): void {
  app.action<BlockAction<ButtonAction>>(CHOICE_ACTION, async ({ ack, body, action }) => {
    await ack();
    const thread = threadOf(body);
    if (!thread) return;
    try {
      const conversation = await openConversation(ctx, thread);
      const other = otherOwner(conversation, body.user.id);
      if (other) return await notYours(ctx, thread, body.user.id, other);
      const owner = conversation?.ownerId;
      // A button of a conversation that is over gets its answer from the conversation, through a
      // one-off output that is not kept.
      const output = owner ? ctx.outputs.for(thread, owner) : ctx.outputs.make(thread, body.user.id);
      if (conversation && (await markAnswered(ctx, thread, body, action, conversation.language))) output.answered(body.message?.ts ?? '');
      await output.withTrigger(body.trigger_id, () => ctx.runner.handle(conversationKey(thread), { type: 'choice', choiceId: choiceIdOf(action.action_id) }, output));
    } catch (error) {
      ctx.logger.warn({ err: error }, 'slack: button not handled');
      if (isStoreUnavailable(error)) await tellStoreUnavailable(ctx, thread, body.user.id);
    }
  });

  app.action<BlockAction<ButtonAction>>(OPEN_FORM_ACTION, async ({ ack, body }) => {
    await ack();
    const thread = threadOf(body);
    if (!thread) return;
    try {
      const conversation = await openConversation(ctx, thread);
      const other = otherOwner(conversation, body.user.id);
      if (other) return await notYours(ctx, thread, body.user.id, other);
      const owner = conversation?.ownerId;
      const opened = owner ? await ctx.outputs.get(thread)?.openPendingForm(body.trigger_id) : false;
      if (!opened) {
        const t = translator(conversation?.language ?? (await cachedLanguageForUser(ctx, body.user.id)));
        await ephemeral(ctx, thread, body.user.id, t('slack:form.not_open'));
      }
    } catch (error) {
      ctx.logger.warn({ err: error }, 'slack: form button not handled');
      if (isStoreUnavailable(error)) await tellStoreUnavailable(ctx, thread, body.user.id);
    }
  });

  // The link button opens the browser; Slack still reports the click and wants it acked.
  app.action(SECURE_LINK_ACTION, async ({ ack }) => {
    await ack();
  });
}

async function notYours(ctx: SlackAdapterContext, thread: ThreadRef, userId: string, owner: string): Promise<void> {
  const t = translator(await cachedLanguageForUser(ctx, userId));
  await ephemeral(ctx, thread, userId, t('slack:not_yours', { user: `<@${owner}>` }));
}

async function ephemeral(ctx: SlackAdapterContext, thread: ThreadRef, user: string, text: string): Promise<void> {
  await ctx.client.chat.postEphemeral({ channel: thread.channel, thread_ts: thread.thread, user, text });
}

/** Replaces the question's buttons with "Yes, it uses these (chosen by @alice)"; best effort. */
async function markAnswered(ctx: SlackAdapterContext, thread: ThreadRef, body: BlockAction, action: ButtonAction, language: string): Promise<boolean> {
  const message = body.message;
  const blocks = message?.blocks as KnownBlock[] | undefined;
  // Only questions lose their buttons; the report's stay (run again, help desk, done).
  if (!message || !Array.isArray(blocks) || !blocks.some((b) => b.type === 'actions' && b.block_id === CHOICES_BLOCK)) return false;
  const answer = translator(language)('slack:answered', { choice: escapeMrkdwn(action.text.text), user: `<@${body.user.id}>` });
  try {
    await ctx.client.chat.update({ channel: thread.channel, ts: message.ts, text: message.text ?? answer, blocks: answeredBlocks(blocks, answer) });
    return true;
  } catch (error) {
    ctx.logger.warn({ err: error }, 'slack: could not mark the question answered');
    return false;
  }
}
