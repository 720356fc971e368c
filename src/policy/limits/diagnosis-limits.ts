import { ConcurrencyQueue, QueueCancelledError, QueueFullError, type Slot, type SlotRequest } from './concurrency-queue';
import { ConnectionBudget } from './connection-budget';
import { DiagnosisRateLimit, type Requester } from './diagnosis-rate-limit';
import type { LimitsConfig } from './limits-config';
import type { SharedQueue, SharedRateLimit } from './shared-limits';

/**
 * The one door every diagnosis from chat goes through: the rate windows first (refused at once
 * with when to retry), then a place in the global queue. The conversation shows the result:
 * "you are number N" while waiting, the refusal text otherwise.
 */
export type Admission =
  | { admitted: true; slot: Slot }
  | { admitted: false; reason: 'user' | 'workspace'; limit: number; windowMs: number; retryAfterMs: number }
  | { admitted: false; reason: 'queue_full' | 'shutting_down' };

export class DiagnosisLimits {
  readonly rateLimit: DiagnosisRateLimit;
  readonly queue: ConcurrencyQueue;
  readonly #shared: { rateLimit?: SharedRateLimit; queue?: SharedQueue };
  #closed = false;

  /** `shared`: the deployment's limits in Redis, used instead of this process's own. */
  constructor(
    readonly config: LimitsConfig,
    shared: { rateLimit?: SharedRateLimit; queue?: SharedQueue } = {},
  ) {
    this.#shared = shared;
    this.rateLimit = new DiagnosisRateLimit({ user: config.user, workspace: config.workspace });
    this.queue = new ConcurrencyQueue({
      maxConcurrent: config.maxConcurrent,
      ...(config.maxQueued !== undefined ? { maxQueued: config.maxQueued } : {}),
    });
  }

  /**
   * Counts the diagnosis against the requester's windows and queues it. When admitted, await
   * `slot.granted` before starting and call `slot.release()` when done (or `slot.cancel()`).
   */
  async admit(requester: Requester, request: SlotRequest = {}): Promise<Admission> {
    const { rateLimit, queue } = this.#shared;
    if (this.#closed) return { admitted: false, reason: 'shutting_down' };
    const rate = rateLimit ? await rateLimit.take(requester) : this.rateLimit.take(requester);
    if (!rate.allowed) {
      const { scope, limit, windowMs, retryAfterMs } = rate;
      return { admitted: false, reason: scope, limit, windowMs, retryAfterMs };
    }
    try {
      return { admitted: true, slot: queue ? await queue.request(request) : this.queue.request(request) };
    } catch (error) {
      // Nothing ran, so nothing is counted against the requester.
      if (rateLimit) {
        const { ticket } = rate as { ticket?: string };
        if (ticket) await rateLimit.giveBack(requester, ticket).catch(() => undefined);
      } else this.rateLimit.giveBack(requester);
      if (error instanceof QueueFullError) return { admitted: false, reason: 'queue_full' };
      if (error instanceof QueueCancelledError) return { admitted: false, reason: 'shutting_down' };
      throw error;
    }
  }

  /**
   * A limit that holds for the requester right now, without counting anything: asked when
   * `/mailhelp` is typed, so a refusal comes before the questions. `admit` still decides.
   */
  async check(requester: Requester): Promise<Extract<Admission, { admitted: false }> | undefined> {
    if (this.#closed) return { admitted: false, reason: 'shutting_down' };
    const rateLimit = this.#shared.rateLimit;
    const rate = rateLimit ? await rateLimit.peek(requester) : this.rateLimit.peek(requester);
    if (rate.allowed) return undefined;
    const { scope, limit, windowMs, retryAfterMs } = rate;
    return { admitted: false, reason: scope, limit, windowMs, retryAfterMs };
  }

  /** Shutdown: no new diagnoses; those waiting are turned away, those running go on. */
  close(): void {
    this.#closed = true;
    this.queue.close();
    this.#shared.queue?.close();
  }

  /** Diagnoses waiting for a slot: in the deployment with a shared queue, else in this process. */
  async queued(): Promise<number> {
    return this.#shared.queue ? this.#shared.queue.queued() : this.queue.queued;
  }

  /** A fresh connection cap for one diagnosis (MAILHELP_MAX_CONNECTIONS). */
  connectionBudget(): ConnectionBudget {
    return new ConnectionBudget(this.config.maxConnections);
  }
}
