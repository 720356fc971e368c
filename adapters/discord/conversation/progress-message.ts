import type { AdapterLogger } from '../adapter-logger';
import { describeError } from '../discord-errors';
import type { ConversationPoster } from './conversation-poster';
import type { OutgoingMessage, PostedMessage } from './outgoing-message';

/**
 * One message edited in place as checks finish. Edits are coalesced: while one is on its way,
 * only the newest content waits, so a burst of checks costs a few edits, not one each (and
 * Discord's per-channel rate limit is not run into). The conversation does not wait for
 * intermediate edits; it waits for the final one, so the report comes after it.
 */
/** Where the message goes: the conversation's poster, or the output that may write over a status line. */
export type ProgressSink = Pick<ConversationPoster, 'post' | 'edit'>;

export class ProgressMessage {
  #posted: PostedMessage | undefined;
  #latest: OutgoingMessage | undefined;
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly poster: ProgressSink,
    private readonly logger: AdapterLogger,
  ) {}

  /** The message as posted (and last edited), once it is. */
  get posted(): PostedMessage | undefined {
    return this.#posted;
  }

  async show(message: OutgoingMessage, final: boolean): Promise<void> {
    if (!this.#posted) {
      this.#posted = await this.poster.post(message);
      return;
    }
    this.#latest = message;
    this.#flushing ??= this.#flush().finally(() => (this.#flushing = undefined));
    if (final) await this.#flushing;
  }

  async #flush(): Promise<void> {
    while (this.#latest && this.#posted) {
      const next = this.#latest;
      this.#latest = undefined;
      try {
        this.#posted = await this.poster.edit(this.#posted, next);
      } catch (error) {
        this.logger.warn({ error: describeError(error) }, 'discord: progress edit failed');
      }
    }
  }
}
