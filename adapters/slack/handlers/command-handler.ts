import type { App } from '@slack/bolt';
import type { StartedEvent } from '../../../src/conversation/events';
import { translator } from '../../../src/i18n/translator';
import { type SlackAdapterContext, languageForUser } from '../adapter-context';
import { plainTextFromSlack } from '../slack-markup';
import { PrivateReplies } from '../private-replies';
import { conversationKey, SLACK_PLATFORM } from '../thread';
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
        const locale = ctx.locales.peek(body.user_id);
        const started: StartedEvent = {
          type: 'started',
          user: { id: body.user_id, name: body.user_name, ...(body.team_id ? { workspace: body.team_id } : {}) },
          text: plainTextFromSlack(body.text ?? ''),
          ...(locale ? { locale } : {}),
          capabilities: ctx.capabilities,
        };
        const privately = new PrivateReplies({
          client: ctx.client,
          ...(body.response_url ? { respond } : {}),
          channel: body.channel_id,
          userId: body.user_id,
          logger: ctx.logger,
          roles: () => ctx.outputs.make({ channel: body.channel_id, thread: '' }, body.user_id).roles(),
        });
        const prepared = await ctx.runner.prepareStart(SLACK_PLATFORM, started, privately);
        if (!prepared.opensConversation) {
          // Help, a language, a refusal, a channel command: for this user's eyes only, and no thread.
          const key = { platform: SLACK_PLATFORM, channel: body.channel_id, thread: `private:${body.trigger_id}` };
          return await ctx.runner.handle(key, prepared.event, privately);
        }
        const thread = await openThread(ctx, body.channel_id, body.user_id, translator(language), body.response_url ? respond : undefined);
        const output = ctx.outputs.for(thread, body.user_id);
        await output.withTrigger(body.trigger_id, () => ctx.runner.handle(conversationKey(thread), prepared.event, output));
      } catch (error) {
        ctx.logger.warn({ err: error }, 'slack: /mailhelp could not start a conversation');
      }
    });
  });
}
