import type { ConversationState } from '../../../src/conversation/state';
import type { ConversationKey } from '../../../src/store/conversation-key';
import type { ConversationStore, PutOptions, Versioned } from '../../../src/store/conversation-store';
import { MemoryConversationStore } from '../../../src/store/memory-conversation-store';

/**
 * The memory store with a delay on reads, as a far-away Redis under load would have: the
 * conversation then takes longer than Discord's 3 s to produce its first message.
 */
export class SlowStore implements ConversationStore<ConversationState> {
  readonly #inner = new MemoryConversationStore<ConversationState>();
  #delayMs = 0;
  #slowReads = 0;
  #slowReadStarted: () => void = () => {};

  /**
   * The next `reads` reads wait `ms` each. Resolves when the first of them starts: from then on
   * the conversation waits for the store (a test with fake timers then moves the clock on).
   */
  slowDown(ms: number, reads = 1): Promise<void> {
    this.#delayMs = ms;
    this.#slowReads = reads;
    return new Promise((resolve) => (this.#slowReadStarted = resolve));
  }

  async get(key: ConversationKey): Promise<Versioned<ConversationState> | undefined> {
    if (this.#slowReads > 0) {
      this.#slowReads -= 1;
      const waited = new Promise((resolve) => setTimeout(resolve, this.#delayMs));
      this.#slowReadStarted();
      await waited;
    }
    return this.#inner.get(key);
  }

  put(key: ConversationKey, value: ConversationState, options: PutOptions): Promise<Versioned<ConversationState>> {
    return this.#inner.put(key, value, options);
  }

  delete(key: ConversationKey, expectedVersion?: number): Promise<boolean> {
    return this.#inner.delete(key, expectedVersion);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
