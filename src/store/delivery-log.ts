/**
 * Which chat deliveries were already taken, so a platform's retry of one (Slack resends an event
 * it thinks was lost, with X-Slack-Retry-Num) is acknowledged and dropped, by whichever process
 * it reaches. The first `claim` of an id wins; every later one, anywhere, loses.
 */
export interface DeliveryLog {
  /** True the first time `id` is claimed within `ttlMs`; false for a repeat. */
  claim(id: string, ttlMs: number): Promise<boolean>;
}

/** Slack retries within minutes; an hour covers them with room to spare. */
export const DELIVERY_TTL_MS = 60 * 60 * 1000;

/** One process's memory of deliveries (the default store). */
export class MemoryDeliveryLog implements DeliveryLog {
  readonly #seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async claim(id: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    if (this.#seen.size > 10_000) for (const [key, expires] of this.#seen) if (expires <= now) this.#seen.delete(key);
    const expires = this.#seen.get(id);
    if (expires !== undefined && expires > now) return false;
    this.#seen.set(id, now + ttlMs);
    return true;
  }
}
