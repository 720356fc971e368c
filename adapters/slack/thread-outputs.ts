import { keyString } from '../../src/store/conversation-key';
import type { SlackOutput } from './slack-output';
import { conversationKey, type ThreadRef } from './thread';

/**
 * The output of each open thread, so a progress message and a waiting form survive between
 * events. After a restart the first event of a thread creates its output again: conversation
 * state is in the store, only the message being edited starts anew.
 */
export class ThreadOutputs {
  readonly #outputs = new Map<string, SlackOutput>();

  constructor(private readonly create: (thread: ThreadRef, userId: string) => SlackOutput) {}

  get(thread: ThreadRef): SlackOutput | undefined {
    return this.#outputs.get(keyString(conversationKey(thread)));
  }

  /** The thread's output, made for `userId` (the conversation's owner) if there is none yet. */
  for(thread: ThreadRef, userId: string): SlackOutput {
    const id = keyString(conversationKey(thread));
    let output = this.#outputs.get(id);
    if (!output) {
      output = this.create(thread, userId);
      this.#outputs.set(id, output);
    }
    return output;
  }

  /** A one-off output that is not kept (an answer on a thread whose conversation is over). */
  make(thread: ThreadRef, userId: string): SlackOutput {
    return this.create(thread, userId);
  }

  forget(thread: ThreadRef): void {
    this.#outputs.delete(keyString(conversationKey(thread)));
  }

  get size(): number {
    return this.#outputs.size;
  }
}
