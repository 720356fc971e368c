import type { RespondFn, webApi } from '@slack/bolt';
import type {
  ConversationOutput,
  MessageBlock,
  RenderedChoice,
  RenderedForm,
  RenderedProgress,
  RenderedQuestion,
} from '../../src/conversation/runner/conversation-output';
import type { UserRoles } from '../../src/conversation/state';
import type { ReportDocument } from '../../src/report-document/report-document';
import { sayMessage, type SlackMessage } from './blocks/message-blocks';

export interface PrivateRepliesServices {
  client: webApi.WebClient;
  /** The command's response_url: it works where the bot is no member, and only the user sees it. */
  respond?: RespondFn;
  /** Where `/mailhelp` was typed, for chat.postEphemeral when there is no response_url. */
  channel: string;
  userId: string;
  logger: { warn(details: object, message: string): void };
  roles?(): Promise<UserRoles>;
}

/**
 * The answers to a `/mailhelp` that opens no conversation (help, `lang de`, a limit that holds,
 * a channel command): ephemeral, seen by the user alone, with no root message and no thread.
 * Only `say` is ever asked of it; the rest of the interface degrades to the same private text.
 */
export class PrivateReplies implements ConversationOutput {
  constructor(private readonly services: PrivateRepliesServices) {}

  async say(message: MessageBlock[]): Promise<void> {
    await this.#send(sayMessage(message));
  }

  async ask(question: RenderedQuestion): Promise<void> {
    await this.#send(sayMessage(question.message));
  }

  async openForm(_form: RenderedForm): Promise<void> {}

  async progress(_progress: RenderedProgress): Promise<void> {}

  async report(_document: ReportDocument, _actions: RenderedChoice[]): Promise<void> {}

  async escalate(): Promise<void> {}

  async hideMessage(): Promise<void> {}

  async roles(): Promise<UserRoles> {
    return this.services.roles ? this.services.roles() : { admin: false, helpDesk: false };
  }

  async end(): Promise<void> {}

  async #send(message: SlackMessage): Promise<void> {
    const { respond, client, channel, userId } = this.services;
    if (respond) {
      try {
        await respond({ response_type: 'ephemeral', ...message });
        return;
      } catch (error) {
        this.services.logger.warn({ err: error }, 'slack: response_url refused a private answer; trying chat.postEphemeral');
      }
    }
    await client.chat.postEphemeral({ channel, user: userId, ...message });
  }
}
