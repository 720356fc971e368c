import type { webApi } from '@slack/bolt';
import type {
  ConversationOutput,
  MessageBlock,
  RenderedChoice,
  RenderedForm,
  RenderedLoginLink,
  RenderedProgress,
  RenderedQuestion,
  RenderedSignInCode,
} from '../../src/conversation/runner/conversation-output';
import type { ConversationUser, UserRoles } from '../../src/conversation/state';
import type { Translate } from '../../src/i18n/translator';
import type { ReportDocument } from '../../src/report-document/report-document';
import { escalationMessage } from './blocks/escalation-blocks';
import { type FormMetadata, formView, loginLinkView } from './blocks/form-view';
import { answeredBlocks, openFormMessage, questionMessage, sayMessage, type SlackMessage } from './blocks/message-blocks';
import { progressMessage } from './blocks/progress-blocks';
import { detailsMessage, reportMessage } from './blocks/report-blocks';
import { signInCodeMessage } from './blocks/sign-in-code-blocks';
import { isTriggerRefused } from './slack-errors';
import type { ThreadRef } from './thread';
import { ThrottledMessage, type ThrottleLogger } from './throttled-message';

type WebClient = webApi.WebClient;

type PendingForm = { kind: 'form'; form: RenderedForm } | { kind: 'link'; link: RenderedLoginLink };

/** A trigger id opens a view only within 3 s of the click; a little is kept back for the round trip. */
const TRIGGER_FRESH_MS = 2500;

export interface OutputServices {
  client: WebClient;
  /** The conversation's current language (it can change mid-way with `lang de`). */
  translate(): Promise<Translate>;
  triageChannel?: string;
  progressIntervalMs: number;
  logger: ThrottleLogger;
  /** The conversation is over: the registry forgets this output. */
  onEnd(): void;
  now(): number;
  /** The rights of a user, for the channel commands (see slack-roles). */
  roles?(userId: string): Promise<UserRoles>;
}

/**
 * The conversation's effects, rendered into one Slack thread. It words nothing itself beyond
 * Slack's own needs (the form button, the unmasked-field warning, fallbacks); everything else
 * arrives already in the user's language.
 */
export class SlackOutput implements ConversationOutput {
  #trigger: { id: string; at: number } | undefined;
  /** The form (or sign-in link) the conversation asked for, until it is answered. */
  #pendingForm: PendingForm | undefined;
  readonly #progress = new Map<number, ThrottledMessage<RenderedProgress>>();
  /** "Looking up…": the next message in the thread is written over it instead of posted below. */
  #status: string | undefined;
  /** The question last asked, until it is answered: a typed answer leaves its hint and buttons behind. */
  #question: { ts: string; message: SlackMessage } | undefined;
  /** The progress message of the run that just finished: the report is written over it. */
  #finished: string | undefined;

  constructor(
    readonly thread: ThreadRef,
    /** The user the conversation belongs to. */
    readonly userId: string,
    private readonly services: OutputServices,
  ) {}

  /**
   * Runs the handling of one interaction with its trigger id at hand: a form that event opens
   * uses it (within Slack's 3 s). The id belongs to that event only; later events never reuse it.
   */
  async withTrigger<T>(triggerId: string | undefined, handle: () => Promise<T>): Promise<T> {
    this.#trigger = triggerId ? { id: triggerId, at: this.services.now() } : undefined;
    try {
      return await handle();
    } finally {
      this.#trigger = undefined;
    }
  }

  /** A thread in a channel is read by its members; a DM with the bot (ids start with D) only by the user. */
  get seenByOthers(): boolean {
    return !this.thread.channel.startsWith('D');
  }

  async roles(): Promise<UserRoles> {
    return this.services.roles ? this.services.roles(this.userId) : { admin: false, helpDesk: false };
  }

  async link(): Promise<string | undefined> {
    return this.#threadLink();
  }

  async say(message: MessageBlock[]): Promise<void> {
    await this.#post(sayMessage(message));
  }

  /** A status line ("Looking up the settings…") that the next message replaces. */
  async status(message: MessageBlock[]): Promise<void> {
    const ts = await this.#post(sayMessage(message));
    this.#status = ts || undefined;
  }

  /** Only the conversation's user sees it, in the thread (a limit's reason, a private note). */
  async sayPrivately(message: MessageBlock[]): Promise<void> {
    await this.services.client.chat.postEphemeral({ channel: this.thread.channel, thread_ts: this.thread.thread, user: this.userId, ...sayMessage(message) });
  }

  async ask(question: RenderedQuestion): Promise<void> {
    await this.#settleProgress();
    const message = questionMessage(question);
    const ts = await this.#post(message);
    if (ts) this.#question = { ts, message };
  }

  /** A button answered the question and the click marked it (action-handler): nothing is left to tidy. */
  answered(ts: string): void {
    if (this.#question?.ts === ts) this.#question = undefined;
  }

  async openForm(form: RenderedForm): Promise<void> {
    this.#pendingForm = { kind: 'form', form };
    await this.openPendingForm(this.#takeTrigger());
  }

  /** The one-time sign-in page's link, in a modal: only its user sees a modal. */
  async openLoginLink(link: RenderedLoginLink): Promise<void> {
    this.#pendingForm = { kind: 'link', link };
    await this.openPendingForm(this.#takeTrigger());
  }

  /** The OAuth sign-in code, ephemeral in the thread: only the conversation's user ever sees it. */
  async showSignInCode(code: RenderedSignInCode): Promise<void> {
    await this.services.client.chat.postEphemeral({ channel: this.thread.channel, thread_ts: this.thread.thread, user: this.userId, ...signInCodeMessage(code) });
  }

  /**
   * Opens the form the conversation asked for, with the trigger id of a click. Without a usable
   * trigger (the answer was typed, or Slack's 3 s passed) it posts a button that opens it.
   * Returns false when no form is waiting.
   */
  async openPendingForm(triggerId: string | undefined): Promise<boolean> {
    const pending = this.#pendingForm;
    if (!pending) return false;
    const t = await this.services.translate();
    let reason: 'open_prompt' | 'expired' = 'open_prompt';
    if (triggerId) {
      try {
        await this.services.client.views.open({ trigger_id: triggerId, view: this.#view(pending, t) });
        return true;
      } catch (error) {
        if (!isTriggerRefused(error)) throw error;
        reason = 'expired';
      }
    }
    const title = pending.kind === 'form' ? pending.form.title : pending.link.title;
    await this.#post(openFormMessage(t(`slack:form.${reason}`, { title }), t('slack:form.open_button')));
    return true;
  }

  /** The form was submitted or closed: its "open the form" button has nothing left to open. */
  formAnswered(formId: string): void {
    const pending = this.#pendingForm;
    if (pending && (pending.kind === 'form' ? pending.form.id : pending.link.formId) === formId) this.#pendingForm = undefined;
  }

  async progress(progress: RenderedProgress): Promise<void> {
    let message = this.#progress.get(progress.runId);
    if (!message) {
      message = new ThrottledMessage<RenderedProgress>(
        {
          post: (content) => this.#post(progressMessage(content)),
          update: async (ts, content) => {
            await this.services.client.chat.update({ channel: this.thread.channel, ts, ...progressMessage(content) });
          },
        },
        this.services.progressIntervalMs,
        this.services.logger,
        this.services.now,
      );
      this.#progress.set(progress.runId, message);
    }
    await message.show(progress, progress.done);
    if (!progress.done) return;
    this.#progress.delete(progress.runId);
    // A run that ends with a report: the report takes this message's place (one message, not two).
    this.#finished = progress.stopped ? undefined : await message.posted();
  }

  async report(document: ReportDocument, actions: RenderedChoice[]): Promise<void> {
    await this.#settleProgress();
    const t = await this.services.translate();
    const message = reportMessage(document, actions, { moreSections: (count) => t('slack:report.more_sections', { count }) });
    const finished = this.#finished;
    this.#finished = undefined;
    await this.#tidyQuestion();
    if (finished && (await this.#over(finished, message, 'slack: could not turn the progress into the report; posting it'))) return;
    await this.#post(message);
  }

  /** "Show details": the settings and every check, ephemeral in the thread (only the user sees it). */
  async reportDetails(document: ReportDocument): Promise<void> {
    await this.services.client.chat.postEphemeral({ channel: this.thread.channel, thread_ts: this.thread.thread, user: this.userId, ...detailsMessage(document) });
  }

  /**
   * A summary in the triage channel with a link to the thread. If the bot may not post there,
   * the user hears why in the thread (the help desk would otherwise never see it).
   */
  async escalate(document: ReportDocument, from: ConversationUser): Promise<void> {
    const channel = this.services.triageChannel;
    if (!channel) return;
    const t = await this.services.translate();
    const link = await this.#threadLink();
    const words = { heading: t('slack:helpdesk.heading', { user: `<@${from.id}>` }), findings: t('slack:helpdesk.findings'), openThread: t('slack:helpdesk.open_thread'), app: (app: string) => t('apps:escalation_app', { app }) };
    try {
      await this.services.client.chat.postMessage({ channel, unfurl_links: false, unfurl_media: false, ...escalationMessage(document, words, link) });
    } catch (error) {
      // The conversation tells the user; the reason is for the admin's log.
      this.services.logger.warn({ err: error }, 'slack: help-desk post failed');
      throw error;
    }
  }

  /**
   * The thread's root in the channel ("@alice started a mail check…") now says how the check
   * ended, so the channel reads without opening threads. The line names nobody's address.
   */
  async outcome(line: string): Promise<void> {
    const t = await this.services.translate();
    const text = t('slack:thread_root_done', { user: `<@${this.userId}>`, outcome: line });
    await this.services.client.chat.update({ channel: this.thread.channel, ts: this.thread.thread, text });
  }

  /**
   * Slack lets a bot delete only its own messages, so a password typed into the thread cannot be
   * removed by the bot; the conversation has already told the user to change it.
   */
  async hideMessage(): Promise<void> {}

  async end(): Promise<void> {
    for (const message of this.#progress.values()) message.stop();
    this.#progress.clear();
    this.#status = undefined;
    this.#finished = undefined;
    await this.#tidyQuestion();
    this.#pendingForm = undefined;
    this.services.onEnd();
  }

  #view(pending: PendingForm, t: Translate) {
    const close = t('slack:form.close');
    const formId = pending.kind === 'form' ? pending.form.id : pending.link.formId;
    const secrets = pending.kind === 'form' ? pending.form.fields.filter((f) => f.kind === 'secret').map((f) => f.name) : [];
    const metadata: FormMetadata = { channel: this.thread.channel, thread: this.thread.thread, formId, secrets };
    return pending.kind === 'form' ? formView(pending.form, metadata, { close }) : loginLinkView(pending.link, metadata, close);
  }

  #takeTrigger(): string | undefined {
    const trigger = this.#trigger;
    this.#trigger = undefined;
    return trigger && this.services.now() - trigger.at < TRIGGER_FRESH_MS ? trigger.id : undefined;
  }

  async #settleProgress(): Promise<void> {
    await Promise.all([...this.#progress.values()].map((m) => m.settle()));
  }

  async #threadLink(): Promise<string | undefined> {
    try {
      const answer = await this.services.client.chat.getPermalink({ channel: this.thread.channel, message_ts: this.thread.thread });
      return answer.permalink;
    } catch (error) {
      this.services.logger.warn({ err: error }, 'slack: no permalink for the thread');
      return undefined;
    }
  }

  /** A question answered by typing keeps its text; its buttons and how-to-answer line go. */
  async #tidyQuestion(): Promise<void> {
    const question = this.#question;
    this.#question = undefined;
    if (!question) return;
    try {
      await this.services.client.chat.update({ channel: this.thread.channel, ts: question.ts, text: question.message.text, blocks: answeredBlocks(question.message.blocks) });
    } catch (error) {
      this.services.logger.warn({ err: error }, 'slack: could not tidy an answered question');
    }
  }

  /** Rewrites a posted message of the thread with a new one; false (logged) when Slack refuses, so the caller posts it. */
  async #over(ts: string, message: SlackMessage, failure: string): Promise<boolean> {
    try {
      await this.services.client.chat.update({ channel: this.thread.channel, ts, ...message });
      return true;
    } catch (error) {
      this.services.logger.warn({ err: error }, failure);
      return false;
    }
  }

  /** Every message of the thread: over the status line if one waits, else a new reply. */
  async #post(message: SlackMessage): Promise<string> {
    await this.#tidyQuestion();
    const status = this.#status;
    this.#status = undefined;
    if (status && (await this.#over(status, message, 'slack: could not replace the status line; posting'))) return status;
    const answer = await this.services.client.chat.postMessage({
      channel: this.thread.channel,
      thread_ts: this.thread.thread,
      unfurl_links: false,
      unfurl_media: false,
      ...message,
    });
    return answer.ts ?? '';
  }
}
