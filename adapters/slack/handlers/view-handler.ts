import type { App } from '@slack/bolt';
import { translator } from '../../../src/i18n/translator';
import { FORM_CALLBACK } from '../action-ids';
import { cachedLanguageForUser, openConversation, type SlackAdapterContext } from '../adapter-context';
import { endedView, fieldErrors, readFormValues, readMetadata, type ViewStateValues } from '../blocks/form-view';
import { renderFormProblems } from '../../../src/conversation/runner/render-effects';
import { isStoreUnavailable } from '../../../src/store/store-errors';
import { conversationKey } from '../thread';

/**
 * Modal submissions and closes. The modal says which thread it belongs to in its metadata.
 * A submission for a conversation that has ended is answered in the modal itself (the only
 * place the user is looking); checking that first costs one store read before the ack.
 */
export function registerViews(app: App, ctx: SlackAdapterContext): void {
  app.view({ callback_id: FORM_CALLBACK, type: 'view_submission' }, async ({ ack, body, view }) => {
    const metadata = readMetadata(view.private_metadata);
    if (!metadata) return await ack();
    const thread = { channel: metadata.channel, thread: metadata.thread };
    let conversation;
    try {
      conversation = await openConversation(ctx, thread);
    } catch (error) {
      ctx.logger.warn({ err: error }, 'slack: store unreachable on a form submission');
      if (isStoreUnavailable(error)) {
        // The modal stays open with its answers, and says why: the user can submit again in a minute.
        const t = translator(await cachedLanguageForUser(ctx, body.user.id));
        return await ack({ response_action: 'errors', errors: firstFieldError(view, t('store:unavailable')) });
      }
    }
    if (!conversation) {
      const t = translator(await cachedLanguageForUser(ctx, body.user.id).catch(() => 'en'));
      return await ack({ response_action: 'update', view: endedView(t('slack:form.gone_title'), t('slack:form.gone'), t('slack:form.close')) });
    }
    // Read (and wrap the secret fields) only now; the payload itself is never kept or logged.
    const values = readFormValues(view.state.values as ViewStateValues, metadata.secrets);
    // Checked before the modal closes (src/ decides what is wrong): Slack shows each problem
    // under its field and keeps everything typed, so nothing has to be entered twice.
    const problems = renderFormProblems(translator(conversation.language), metadata.formId, values);
    if (problems) return await ack({ response_action: 'errors', errors: fieldErrors(problems) });
    await ack();
    const output = ctx.outputs.for(thread, conversation.ownerId);
    output.formAnswered(metadata.formId);
    try {
      await ctx.runner.handle(conversationKey(thread), { type: 'form_submitted', formId: metadata.formId, values }, output);
    } catch (error) {
      ctx.logger.warn({ err: error }, 'slack: form submission not handled');
    }
  });

  app.view({ callback_id: FORM_CALLBACK, type: 'view_closed' }, async ({ ack, view }) => {
    await ack();
    const metadata = readMetadata(view.private_metadata);
    if (!metadata) return;
    const thread = { channel: metadata.channel, thread: metadata.thread };
    try {
      const conversation = await openConversation(ctx, thread);
      if (!conversation) return;
      const output = ctx.outputs.for(thread, conversation.ownerId);
      output.formAnswered(metadata.formId);
      await ctx.runner.handle(conversationKey(thread), { type: 'form_closed', formId: metadata.formId }, output);
    } catch (error) {
      ctx.logger.warn({ err: error }, 'slack: form close not handled');
    }
  });
}

/** Slack shows modal errors only on a field: the first input block of the form carries it. */
function firstFieldError(view: { blocks?: unknown[] }, message: string): Record<string, string> {
  const input = (view.blocks as { type?: string; block_id?: string }[] | undefined)?.find((block) => block.type === 'input' && block.block_id);
  return input?.block_id ? { [input.block_id]: message } : {};
}
