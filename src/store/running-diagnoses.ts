import type { ConversationKey } from './conversation-key';

/**
 * The diagnoses running anywhere in the deployment, by conversation, so that a process can find
 * the ones whose process died (their lock expired, no result came) and tell their users.
 */
export interface RunningDiagnoses {
  add(id: string, key: ConversationKey, runId: number): Promise<void>;
  /** Removes the entry only if it is still for `runId` (a newer run of the conversation stays). */
  remove(id: string, runId: number): Promise<void>;
  list(): Promise<{ id: string; key: ConversationKey; runId: number }[]>;
}

export class MemoryRunningDiagnoses implements RunningDiagnoses {
  readonly #runs = new Map<string, { key: ConversationKey; runId: number }>();

  async add(id: string, key: ConversationKey, runId: number): Promise<void> {
    this.#runs.set(id, { key: { ...key }, runId });
  }

  async remove(id: string, runId: number): Promise<void> {
    if (this.#runs.get(id)?.runId === runId) this.#runs.delete(id);
  }

  async list(): Promise<{ id: string; key: ConversationKey; runId: number }[]> {
    return [...this.#runs].map(([id, run]) => ({ id, key: { ...run.key }, runId: run.runId }));
  }
}
