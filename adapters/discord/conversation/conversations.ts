import { type ConversationKey, keyString } from '../../../src/store/conversation-key';
import type { DiscordOutput } from './discord-output';
import type { ConversationPlace } from './place';

export type OutputFactory = (key: ConversationKey, place: ConversationPlace, forget: () => void) => DiscordOutput;

/**
 * The outputs of the conversations this process is holding. A conversation whose output is
 * not here (after a restart, from the store) gets a new one from the interaction that touches it.
 */
export class Conversations {
  readonly #outputs = new Map<string, DiscordOutput>();

  constructor(private readonly create: OutputFactory) {}

  get size(): number {
    return this.#outputs.size;
  }

  /** A new conversation (a new /mailhelp): replaces any output under the same key. */
  start(key: ConversationKey, place: ConversationPlace): DiscordOutput {
    const id = keyString(key);
    const output = this.create(key, place, () => {
      if (this.#outputs.get(id) === output) this.#outputs.delete(id);
    });
    this.#outputs.set(id, output);
    return output;
  }

  get(key: ConversationKey): DiscordOutput | undefined {
    return this.#outputs.get(keyString(key));
  }

  /** The output of a known conversation, or a new one placed where the interaction came from. */
  resume(key: ConversationKey, place: () => ConversationPlace): DiscordOutput {
    return this.#outputs.get(keyString(key)) ?? this.start(key, place());
  }
}
