import { type APIMessage, type APIThreadChannel, type REST, Routes, ThreadAutoArchiveDuration } from 'discord.js';
import type { AdapterLogger } from '../adapter-logger';
import { describeError, isExpiredInteraction, NoRouteError } from '../discord-errors';
import { clip } from '../render/message-text';
import type { ModalData } from '../render/modals';
import type { InteractionAck } from './interaction-ack';
import { channelCreateBody, channelEditBody, type OutgoingMessage, type PostedMessage } from './outgoing-message';
import type { ConversationPlace } from './place';

export interface PosterDependencies {
  rest: REST;
  logger: AdapterLogger;
  /** How long an interaction token is trusted for follow-ups (Discord: 15 minutes; less, to be safe). */
  tokenLifetimeMs: number;
  /** For logs and errors: the conversation's key string. */
  conversation: string;
}

/** Interactions kept per conversation; older ones are far past their 15 minutes anyway. */
const KEPT_ACKS = 20;

/**
 * Chooses the route of every message of one conversation:
 * 1. the first response of an interaction still waiting for one (reply, update, deferred reply);
 * 2. a follow-up through the newest interaction in the conversation's channel whose token lives
 *    (no channel permission needed, works in DMs and for ephemeral replies);
 * 3. the channel API, in the conversation's thread or DM;
 * and nothing else: a private or ephemeral message is never posted where everyone sees it.
 */
export class ConversationPoster {
  readonly #acks: InteractionAck[] = [];
  /** The neutral message in the channel that the thread starts from; edited with the outcome. */
  #root: PostedMessage | undefined;

  constructor(
    readonly place: ConversationPlace,
    private readonly deps: PosterDependencies,
  ) {}

  attach(ack: InteractionAck): void {
    this.#acks.push(ack);
    if (this.#acks.length > KEPT_ACKS) this.#acks.shift();
  }

  /** A modal as the first response of the waiting interaction; false when Discord would not allow one. */
  async showModal(modal: ModalData): Promise<boolean> {
    const ack = this.#acks.find((a) => a.pending);
    return ack?.canShowModal ? ack.showModal(modal) : false;
  }

  async post(message: OutgoingMessage): Promise<PostedMessage> {
    const ephemeral = this.place.ephemeral || message.private === true;
    const waiting = this.#acks.find((a) => a.canRespond);
    if (waiting && !ephemeral && this.place.thread === 'wanted' && this.place.rootText !== undefined && (waiting.kind === 'command' || waiting.kind === 'modal')) {
      // The channel sees a neutral root only; the conversation itself goes into its thread.
      const root = await waiting.respond({ content: this.place.rootText }, false);
      if (root) {
        this.#root = { ...root, ack: waiting, viaChannel: true };
        await this.#openThread(root);
        return this.post(message);
      }
    }
    if (waiting) {
      try {
        const posted = await waiting.respond(message, ephemeral);
        if (posted) {
          if ((waiting.kind === 'command' || waiting.kind === 'modal') && !ephemeral) await this.#openThread(posted);
          return { ...posted, ack: waiting };
        }
      } catch (error) {
        if (!isExpiredInteraction(error)) throw error;
      }
    }
    for (const ack of this.#live()) {
      try {
        return { ...(await ack.followUp(message, ephemeral)), ack };
      } catch (error) {
        if (!isExpiredInteraction(error)) throw error;
      }
    }
    if (this.place.channelPostable && !message.private) return this.#postToChannel(message);
    throw new NoRouteError(this.deps.conversation);
  }

  /**
   * Edits a posted message: through its interaction while the token lives, else through the
   * channel when the bot posted it there; otherwise it is posted again (the old one stays).
   */
  async edit(posted: PostedMessage, message: OutgoingMessage): Promise<PostedMessage> {
    const ack = posted.ack;
    if (ack?.usable && this.#young(ack)) {
      try {
        await ack.edit(posted, message);
        return posted;
      } catch (error) {
        if (!isExpiredInteraction(error)) throw error;
      }
    }
    if (posted.viaChannel) {
      await this.deps.rest.patch(Routes.channelMessage(posted.channelId, posted.id), { body: channelEditBody(message) });
      return posted;
    }
    if (message.editOnly) throw new NoRouteError(this.deps.conversation);
    return this.post(message);
  }

  /**
   * Rewrites the root message in the channel (the outcome of the check): through its interaction
   * while that lives, else with the channel API (the bot wrote it). False when there is no root.
   */
  async editRoot(content: string): Promise<boolean> {
    const known = this.place.root;
    // After a restart only the ids are known: the bot wrote the root, so the channel API edits it.
    const root = this.#root ?? (known ? { id: known.messageId, channelId: known.channelId, original: false, viaChannel: true } : undefined);
    if (!root) return false;
    await this.edit(root, { content, editOnly: true });
    return true;
  }

  /** Usable interactions whose follow-ups land in the conversation's channel, newest first. */
  #live(): InteractionAck[] {
    return this.#acks.filter((a) => a.usable && this.#young(a) && a.channelId === this.place.channelId).reverse();
  }

  #young(ack: InteractionAck): boolean {
    return Date.now() - ack.receivedAt < this.deps.tokenLifetimeMs;
  }

  async #postToChannel(message: OutgoingMessage): Promise<PostedMessage> {
    const sent = (await this.deps.rest.post(Routes.channelMessages(this.place.channelId), { body: channelCreateBody(message) })) as APIMessage;
    return { id: sent.id, channelId: sent.channel_id, original: false, viaChannel: true };
  }

  /** The first reply becomes the conversation's thread; without permission, replies it is. */
  async #openThread(first: PostedMessage): Promise<void> {
    if (this.place.thread !== 'wanted') return;
    try {
      const thread = (await this.deps.rest.post(Routes.threads(first.channelId, first.id), {
        body: { name: clip(this.place.threadName, 100), auto_archive_duration: ThreadAutoArchiveDuration.OneDay },
      })) as APIThreadChannel;
      Object.assign(this.place, { channelId: thread.id, thread: 'open', channelPostable: true });
    } catch (error) {
      // Missing permission, a channel that has none, a thread limit: go on in ephemeral replies.
      Object.assign(this.place, { thread: 'none', ephemeral: this.place.inGuild, channelPostable: false });
      this.deps.logger.info({ conversation: this.deps.conversation, error: describeError(error) }, 'discord: no thread, continuing in replies');
    }
  }
}
