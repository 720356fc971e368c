import { Writable } from 'node:stream';
import type { Diagnose } from '../../../src/conversation/runner/runner-dependencies';
import type { ConversationState } from '../../../src/conversation/state';
import { diagnose } from '../../../src/diagnosis/diagnose';
import { createLogger } from '../../../src/logging/logger';
import { type ConversationKey, keyString } from '../../../src/store/conversation-key';
import { MemoryConversationStore } from '../../../src/store/memory-conversation-store';

/** A conversation store that keeps a copy of every value written to it. */
export class RecordingStore extends MemoryConversationStore<ConversationState> {
  readonly written: string[] = [];
  readonly #keys = new Map<string, ConversationKey>();
  override async put(...args: Parameters<MemoryConversationStore<ConversationState>['put']>) {
    this.written.push(JSON.stringify(args[1]));
    this.#keys.set(keyString(args[0]), args[0]);
    return super.put(...args);
  }

  /** Every value written, then what the store holds at the end for each conversation. */
  async records(): Promise<string[]> {
    const now = await Promise.all([...this.#keys.values()].map(async (key) => String(JSON.stringify(await this.get(key)))));
    return [...this.written, ...now];
  }
}

/**
 * What a driver puts around the real engine: the project's pino logger (redaction included) at
 * `trace` into memory, a recording store, and the engine's reports as JSON.
 */
export function instruments() {
  const logs: string[] = [];
  const logger = createLogger({ level: 'trace', destination: new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString('utf8')), done()) }) });
  const store = new RecordingStore();
  const reports: string[] = [];
  const engine: Diagnose = async (request, language) => {
    const report = await diagnose(request, language);
    reports.push(JSON.stringify(report));
    return report;
  };
  return { logs, logger, store, reports, engine };
}
