import { type ButtonInteraction, type ChatInputCommandInteraction, type Message, MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import type { ModalData } from '../render/modals';
import type { AdapterLogger } from '../adapter-logger';
import { describeError, isExpiredInteraction } from '../discord-errors';
import { createPayload, editPayload, type OutgoingMessage, type PostedMessage } from './outgoing-message';

export type AnswerableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/**
 * How an interaction may be answered. All may reply with a message. A quiet acknowledgement
 * is a deferred reply ("thinking…") for `command` (a slash command) and `modal` (a modal a
 * command opened), and a deferred update for `component` (a button) and `modal_from_message`
 * (a modal a button opened). Only `command` and `component` may answer with a modal.
 */
export type AckKind = 'command' | 'component' | 'modal' | 'modal_from_message';

type AckState = 'pending' | 'modal' | 'replied' | 'deferred_reply' | 'deferred_update' | 'failed';

export interface AckOptions {
  /** Discord allows 3 s for the first response; when nothing was sent by this time, defer. */
  deadlineMs: number;
  /** A reply or defer made now must be ephemeral (the conversation is personal in this channel). */
  ephemeral: () => boolean;
  logger: AdapterLogger;
}

/**
 * The one first response an interaction gets. Discord accepts exactly one, within 3 s: this
 * object claims it synchronously before any request goes out, so two effects racing (or the
 * deadline racing an effect) can never both answer. Whatever comes first wins: a modal, a
 * message, or, at the deadline, a defer whose "thinking…" the next message replaces.
 */
export class InteractionAck {
  readonly receivedAt = Date.now();
  /** Cleared when the token stops working, so nothing else is sent through it. */
  readonly token = { alive: true };
  #state: AckState = 'pending';
  /** How the reply was deferred: a private message may fill only an ephemeral one. */
  #deferredEphemeral = false;
  /** The request that acknowledged, which every later request through the token waits for. */
  #acknowledged: Promise<unknown> = Promise.resolve();
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly interaction: AnswerableInteraction,
    readonly kind: AckKind,
    private readonly options: AckOptions,
  ) {
    this.#timer = setTimeout(() => void this.settle('deadline'), options.deadlineMs);
    this.#timer.unref();
  }

  get channelId(): string | null {
    return this.interaction.channelId;
  }

  /** Nothing has been sent yet. */
  get pending(): boolean {
    return this.#state === 'pending';
  }

  /** The next message can be this interaction's own response (first reply, or the deferred one). */
  get canRespond(): boolean {
    return this.#state === 'pending' || this.#state === 'deferred_reply';
  }

  get canShowModal(): boolean {
    return this.#state === 'pending' && (this.kind === 'command' || this.kind === 'component');
  }

  /** Acknowledged and the token still works, so follow-ups and edits may go through it. */
  get usable(): boolean {
    return this.token.alive && this.#state !== 'pending' && this.#state !== 'modal' && this.#state !== 'failed';
  }

  async showModal(modal: ModalData): Promise<boolean> {
    const interaction = this.interaction;
    if (!this.canShowModal || interaction.isModalSubmit()) return false;
    this.#claim('modal');
    return this.#send(() => interaction.showModal(modal)).then(() => true, () => false);
  }

  /** The message as this interaction's response; undefined when it already has one. */
  async respond(message: OutgoingMessage, ephemeral: boolean): Promise<PostedMessage | undefined> {
    if (this.#state === 'deferred_reply') {
      // A reply deferred in public cannot turn ephemeral: a private message goes as a follow-up instead.
      if (message.private === true && !this.#deferredEphemeral) return undefined;
      // Claimed before waiting, so a quiet settle cannot delete the reply this message fills.
      this.#state = 'replied';
      await this.#acknowledged;
      return this.#posted(await this.#through(() => this.interaction.editReply(editPayload(message))), true);
    }
    if (this.#state !== 'pending') return undefined;
    this.#claim('replied');
    const response = await this.#send(() => this.interaction.reply({ ...createPayload(message), ...flags(ephemeral || message.private === true), withResponse: true }));
    const posted = response.resource?.message;
    if (!posted) throw new Error('Discord returned no message for the reply');
    return this.#posted(posted, true);
  }

  async followUp(message: OutgoingMessage, ephemeral: boolean): Promise<PostedMessage> {
    await this.#acknowledged;
    return this.#posted(await this.#through(() => this.interaction.followUp({ ...createPayload(message), ...flags(ephemeral || message.private === true) })), false);
  }

  /** Edits a message this interaction posted; only the parts given change. */
  async edit(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    await this.#acknowledged;
    await this.#through(() => this.interaction.editReply({ ...editPayload(message), message: posted.original ? '@original' : posted.id }));
  }

  /**
   * Answers quietly when nothing else did: at the deadline, or when the event was handled
   * without a message. A command shows "thinking…" until its first message replaces it.
   */
  async settle(reason: 'deadline' | 'finished'): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#state !== 'pending') return;
    if (this.kind === 'command' || this.kind === 'modal') {
      this.#claim('deferred_reply');
      this.#deferredEphemeral = this.options.ephemeral();
      const deferred = await this.#send(() => this.interaction.deferReply(flags(this.#deferredEphemeral))).then(() => true, () => false);
      // Handled without any message (should not happen for a start): remove the "thinking…".
      if (deferred && reason === 'finished' && this.#stillDeferred()) {
        this.#state = 'replied';
        await this.#through(() => this.interaction.deleteReply()).catch(() => undefined);
      }
    } else {
      // A button, or a modal opened by one: acknowledged without changing its message.
      const interaction = this.interaction;
      this.#claim('deferred_update');
      if (!interaction.isChatInputCommand()) await this.#send(() => interaction.deferUpdate()).catch(() => undefined);
    }
    this.options.logger.debug({ interaction: this.interaction.id, reason, ms: Date.now() - this.receivedAt }, 'interaction deferred');
  }

  /** A method, not a comparison, so TypeScript does not narrow the state across awaits. */
  #stillDeferred(): boolean {
    return this.#state === 'deferred_reply';
  }

  #claim(state: AckState): void {
    clearTimeout(this.#timer);
    this.#state = state;
  }

  /** Sends the acknowledgement; on failure the token is marked unusable and the error rethrown. */
  #send<T>(request: () => Promise<T>): Promise<T> {
    const sent = request();
    this.#acknowledged = sent.catch(() => undefined);
    return sent.catch((error: unknown) => {
      this.#state = 'failed';
      this.token.alive = false;
      this.options.logger.warn({ interaction: this.interaction.id, kind: this.kind, ms: Date.now() - this.receivedAt, error: describeError(error) }, 'interaction answer refused');
      throw error;
    });
  }

  /** A request through the token after the acknowledgement; an expired token is remembered. */
  async #through<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (isExpiredInteraction(error)) this.token.alive = false;
      throw error;
    }
  }

  #posted(message: Message, original: boolean): PostedMessage {
    return { id: message.id, channelId: message.channelId, ack: this, original, viaChannel: false };
  }
}

function flags(ephemeral: boolean): { flags?: MessageFlags.Ephemeral } {
  return ephemeral ? { flags: MessageFlags.Ephemeral } : {};
}
