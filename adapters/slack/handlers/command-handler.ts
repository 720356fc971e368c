import type { App } from '@slack/bolt';
import type { ConversationEvent } from '../../../src/conversation/events';
import { translator } from '../../../src/i18n/translator';
import { type SlackAdapterContext, languageForUser } from '../adapter-context';
import { errorName } from '../slack-errors';
import { plainTextFromSlack } from '../slack-markup';
import { conversationKey } from '../thread';
import { openThread } from './open-thread';

export const DEFAULT_COMMAND = '/mailhelp';

/**
 * `/mailhelp [text]`: acknowledged first, before anything else is awaited, so Slack's 3 s are
 * never at risk; the locale look-up, the thread and the conversation all come after.
 */
export function registerCommand(app: App, ctx: SlackAdapterContext, command = DEFAULT_COMMAND): void {
  app.command(command, async ({ ack, command: body, respond }) => {
    await ack();
    await ctx.startQueue.run(async () => {
      try {
        const language = await languageForUser(ctx, body.user_id);
        const thread = await openThread(ctx, body.channel_id, body.user_id, translator(language), body.response_url ? respond : undefined);
        const output = ctx.outputs.for(thread, body.user_id);
        const locale = ctx.locales.peek(body.user_id);
        const started: ConversationEvent = {
          type: 'started',
          user: { id: body.user_id, name: body.user_name },
          text: plainTextFromSlack(body.text ?? ''),
          ...(locale ? { locale } : {}),
          capabilities: ctx.capabilities,
        };
        await output.withTrigger(body.trigger_id, () => ctx.runner.handle(conversationKey(thread), started, output));
      } catch (error) {
        ctx.logger.warn({ error: errorName(error) }, 'slack: /mailhelp could not start a conversation');
      }
    });
  });
}
