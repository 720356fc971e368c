import type { REST } from 'discord.js';
import { Routes } from 'discord.js';
import type { ConversationUser } from '../../src/conversation/state';
import type { Translate } from '../../src/i18n/translator';
import type { ReportDocument } from '../../src/report-document/report-document';
import { TriageChannelError } from './discord-errors';
import { escalationMessage } from './render/escalation-message';

/**
 * "Send to the help desk": a summary in the triage channel (MAILHELP_TRIAGE_CHANNEL) naming who
 * asked, with a link to the conversation. The mention links the user without pinging.
 */
export class TriageChannel {
  constructor(
    private readonly rest: REST,
    readonly channelId: string,
  ) {}

  async post(document: ReportDocument, from: ConversationUser, t: Translate, link?: string): Promise<void> {
    const words = { header: t('discord:helpdesk.header', { user: `<@${from.id}>` }), findings: t('chat:helpdesk.findings'), openThread: t('chat:helpdesk.open_thread'), app: (app: string) => t('apps:escalation_app', { app }) };
    try {
      await this.rest.post(Routes.channelMessages(this.channelId), { body: { ...escalationMessage(document, words, link), allowed_mentions: { parse: [] } } });
    } catch (error) {
      throw new TriageChannelError(this.channelId, error);
    }
  }
}
