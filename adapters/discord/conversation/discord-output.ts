import type { APIMessageTopLevelComponent } from 'discord.js';
import type {
  ConversationOutput,
  MessageBlock,
  RenderedChoice,
  RenderedForm,
  RenderedLoginLink,
  RenderedProgress,
  RenderedQuestion,
  RenderedSignInCode,
} from '../../../src/conversation/runner/conversation-output';
import type { ConversationUser } from '../../../src/conversation/state';
import { type Language, translator, type Translate } from '../../../src/i18n/translator';
import type { ReportDocument } from '../../../src/report-document/report-document';
import type { ConversationKey } from '../../../src/store/conversation-key';
import type { AdapterLogger } from '../adapter-logger';
import { describeError } from '../discord-errors';
import { answeredRows, choiceButton, choiceButtons, linkRow, rowsOf } from '../render/buttons';
import { escaped, escapeTitle, messageContent } from '../render/message-text';
import { answerModal, formModal } from '../render/modals';
import { progressContent } from '../render/progress';
import { detailsEmbeds, reportEmbeds } from '../render/report-embeds';
import type { TriageChannel } from '../triage-channel';
import type { ConversationPoster } from './conversation-poster';
import type { InteractionAck } from './interaction-ack';
import type { OutgoingMessage, PostedMessage } from './outgoing-message';
import { ProgressMessage } from './progress-message';

export interface OutputDependencies {
  key: ConversationKey;
  poster: ConversationPoster;
  /** The conversation's language now (it can change mid-conversation), for the adapter's own words. */
  language(): Promise<Language>;
  triage?: TriageChannel;
  logger: AdapterLogger;
  onEnd(): void;
}

/**
 * Choices that do not answer a question typed in words: a question offering only these needs
 * the "type your answer" button, as the bot cannot read channel messages (no Message Content
 * intent). Ids of src/conversation/choices.ts, which are stable by design.
 */
const NOT_AN_ANSWER = new Set(['cancel', 'skip_client']);
/** The choice that opens a form again, when Discord does not allow the modal right now. */
const REOPEN_FORM: Readonly<Record<string, string>> = { login: 'open_login_form', incoming: 'form', outgoing: 'form' };

/** One conversation's effects as Discord messages, buttons, modals and embeds. */
export class DiscordOutput implements ConversationOutput {
  readonly #progress = new Map<number, ProgressMessage>();
  /** The last question's hint, shown in the answer modal (Discord messages cannot be typed into). */
  #hint: string | undefined;
  /** The message whose buttons answer the current question; greyed out once it is superseded. */
  #question: { posted: PostedMessage; components: APIMessageTopLevelComponent[] } | undefined;
  /** The button last pressed in this conversation, marked when its question is greyed out. */
  #pressed: string | undefined;
  /** "Looking up…": the next message of the conversation is written over it instead of posted below. */
  #status: PostedMessage | undefined;
  /** The progress message of the run that just finished: the report is written over it. */
  #finished: PostedMessage | undefined;

  constructor(private readonly deps: OutputDependencies) {}

  /** Replies are visible only to the user (a shared channel without a thread). */
  get ephemeral(): boolean {
    return this.deps.poster.place.ephemeral;
  }

  /** A thread or public reply in a server is read by others; ephemeral replies and DMs only by the user. */
  get seenByOthers(): boolean {
    const place = this.deps.poster.place;
    return place.inGuild && !place.ephemeral;
  }

  /** Each interaction on this conversation, so its first response goes through it. */
  attach(ack: InteractionAck): void {
    this.deps.poster.attach(ack);
    if (ack.interaction.isButton()) this.#pressed = ack.interaction.customId;
  }

  async say(message: MessageBlock[]): Promise<void> {
    await this.#send({ content: messageContent(message) });
  }

  /** A status line ("Looking up the settings…") that the next message replaces. */
  async status(message: MessageBlock[]): Promise<void> {
    this.#status = await this.#send({ content: messageContent(message) });
  }

  /** Only the user sees it (flag 64, through an interaction); never posted where everyone reads. */
  async sayPrivately(message: MessageBlock[]): Promise<void> {
    await this.deps.poster.post({ content: messageContent(message), private: true });
  }

  async ask(question: RenderedQuestion): Promise<void> {
    this.#hint = question.hint;
    const typed = question.choices.every((c) => NOT_AN_ANSWER.has(c.id));
    const answerLabel = typed ? (await this.#t())('discord:answer.button') : undefined;
    await this.#postQuestion({ content: messageContent(question.message), components: rowsOf(choiceButtons(this.deps.key, question.choices, answerLabel)) });
  }

  /** The "type your answer" button: a modal, with the question's hint above the text box. */
  async showAnswerModal(ack: InteractionAck): Promise<void> {
    await ack.showModal(answerModal(this.deps.key, await this.#t(), this.#hint));
  }

  async openForm(form: RenderedForm): Promise<void> {
    if (await this.deps.poster.showModal(formModal(this.deps.key, form))) return;
    const t = await this.#t();
    // A modal must be an interaction's first response; this one was answered already.
    const reopen = REOPEN_FORM[form.id] ?? 'form';
    await this.#postQuestion({
      content: [`**${escapeTitle(form.title)}**`, form.description ? escaped(form.description, 1500) : undefined].filter(Boolean).join('\n'),
      components: rowsOf([choiceButton(this.deps.key, reopen, t('discord:form.open', { title: form.title }))]),
    });
  }

  /** The one-time password page (MAILHELP_PUBLIC_URL) instead of the login modal: for the user's eyes only. */
  async openLoginLink(link: RenderedLoginLink): Promise<void> {
    await this.deps.poster.post({ private: true, content: messageContent(link.message), components: [linkRow(link.url, link.buttonLabel)] });
  }

  /** The OAuth sign-in code as an ephemeral reply (flag 64): never through the channel. */
  async showSignInCode(code: RenderedSignInCode): Promise<void> {
    await this.deps.poster.post({ private: true, content: messageContent(code.message), components: [linkRow(code.url, code.buttonLabel)] });
  }

  async progress(progress: RenderedProgress): Promise<void> {
    let message = this.#progress.get(progress.runId);
    if (!message) {
      message = new ProgressMessage({ post: (m) => this.#send(m), edit: (posted, m) => this.deps.poster.edit(posted, m) }, this.deps.logger);
      this.#progress.set(progress.runId, message);
    }
    await message.show({ content: progressContent(progress) }, progress.done);
    if (!progress.done) return;
    this.#progress.delete(progress.runId);
    // A run that ends with a report: the report takes this message's place (one message, not two).
    this.#finished = progress.stopped ? undefined : message.posted;
  }

  async report(document: ReportDocument, actions: RenderedChoice[]): Promise<void> {
    const messages = reportEmbeds(document);
    let over = this.#finished;
    this.#finished = undefined;
    for (const [i, embeds] of messages.entries()) {
      const last = i === messages.length - 1;
      const components = last ? rowsOf(choiceButtons(this.deps.key, actions)) : [];
      const message = { content: '', embeds, components };
      const posted = over ? await this.#over(over, message) : await this.#send(message);
      over = undefined;
      if (components.length > 0) await this.#becomeQuestion(posted, components);
    }
  }

  /** "Show details": the settings and every check as an ephemeral reply to the click (flag 64). */
  async reportDetails(document: ReportDocument): Promise<void> {
    for (const embeds of detailsEmbeds(document)) await this.deps.poster.post({ embeds, private: true });
  }

  async escalate(document: ReportDocument, from: ConversationUser): Promise<void> {
    const t = await this.#t();
    // The button is offered only with a help-desk channel (capabilities.helpDesk).
    if (!this.deps.triage) return this.deps.logger.warn({}, 'discord: help desk asked for, but no channel is configured');
    try {
      await this.deps.triage.post(document, from, t, await this.link());
    } catch (error) {
      // The conversation tells the user (escalation_finished); the reason is for the admin's log.
      this.deps.logger.warn({ error: describeError(error) }, 'discord: help-desk post failed');
      throw error;
    }
  }

  /** The conversation's thread, for the help desk and the history; none for ephemeral replies and DMs. */
  async link(): Promise<string | undefined> {
    const place = this.deps.poster.place;
    return place.guildId && place.thread === 'open' ? `https://discord.com/channels/${place.guildId}/${place.channelId}` : undefined;
  }

  /**
   * The channel's root message ("@alice started a mail check…") now says how the check ended.
   * A conversation this process picked up after a restart knows the root's ids only: whose it
   * is comes from the stored conversation.
   */
  async outcome(line: string, user?: ConversationUser): Promise<void> {
    const rootUser = this.deps.poster.place.rootUser ?? user?.id;
    const t = await this.#t();
    const outcome = escaped(line, 1500);
    await this.deps.poster.editRoot(rootUser ? t('chat:discord.root_done', { user: `<@${rootUser}>`, outcome }) : t('chat:discord.root_done_plain', { outcome }));
  }

  /** The bot never reads channel messages (no Message Content intent), so none can hold a password. */
  async hideMessage(): Promise<void> {}

  async end(): Promise<void> {
    this.#progress.clear();
    this.#status = undefined;
    this.#finished = undefined;
    this.deps.onEnd();
    await this.#supersede();
  }

  /**
   * A message with buttons becomes the current question; the one before is greyed out, its
   * pressed button marked, so old questions cannot be answered and the thread reads as a record.
   */
  async #postQuestion(message: OutgoingMessage & { components: APIMessageTopLevelComponent[] }): Promise<void> {
    await this.#becomeQuestion(await this.#send(message), message.components);
  }

  async #becomeQuestion(posted: PostedMessage, components: APIMessageTopLevelComponent[]): Promise<void> {
    await this.#supersede();
    this.#question = { posted, components };
  }

  /** Every public message: over the status line if one waits, else a new one. */
  async #send(message: OutgoingMessage): Promise<PostedMessage> {
    const status = this.#status;
    this.#status = undefined;
    return status && !message.private ? this.#over(status, message) : this.deps.poster.post(message);
  }

  /** Rewrites a posted message with a new one entirely (text, embeds, buttons); posts it when that fails. */
  async #over(posted: PostedMessage, message: OutgoingMessage): Promise<PostedMessage> {
    try {
      return await this.deps.poster.edit(posted, { content: message.content ?? '', embeds: message.embeds ?? [], components: message.components ?? [] });
    } catch (error) {
      this.deps.logger.debug({ error: describeError(error) }, 'discord: could not write over a message; posting');
      return this.deps.poster.post(message);
    }
  }

  async #supersede(): Promise<void> {
    const previous = this.#question;
    this.#question = undefined;
    if (!previous) return;
    try {
      await this.deps.poster.edit(previous.posted, { components: answeredRows(previous.components, this.#pressed), editOnly: true });
    } catch (error) {
      this.deps.logger.debug({ error: describeError(error) }, 'discord: could not grey out an answered question');
    }
  }

  async #t(): Promise<Translate> {
    return translator(await this.deps.language());
  }
}
