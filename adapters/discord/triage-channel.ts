import type { REST } from 'discord.js';
import { Routes } from 'discord.js';
import type { ConversationUser } from '../../src/conversation/state';
import type { Translate } from '../../src/i18n/translator';
import type { ReportDocument } from '../../src/report-document/report-document';
import { TriageChannelError } from './discord-errors';
import { reportEmbeds } from './render/report-embeds';

/**
 * "Send to the help desk": the report, as the user saw it, in the triage channel
 * (MAILHELP_TRIAGE_CHANNEL), naming who asked. The mention links the user without pinging.
 */
export class TriageChannel {
  constructor(
    private readonly rest: REST,
    readonly channelId: string,
  ) {}

  async post(document: ReportDocument, from: ConversationUser, t: Translate): Promise<void> {
    const header = t('discord:helpdesk.header', { user: `<@${from.id}>` });
    try {
      for (const [i, embeds] of reportEmbeds(document).entries()) {
        await this.rest.post(Routes.channelMessages(this.channelId), { body: { content: i === 0 ? header : '', embeds, allowed_mentions: { parse: [] } } });
      }
    } catch (error) {
      throw new TriageChannelError(this.channelId, error);
    }
  }
}
