/**
 * A sliding-window counter per key: at most `limit` events in any `windowMs`. It keeps the
 * time of each counted event (at most `limit` per key), so a burst at the end of one window
 * cannot be followed by a full burst at the start of the next, as with fixed windows.
 *
 * Time comes from Date.now(), so sinon fake timers drive it in tests.
 */
export interface SlidingWindowOptions {
  /** Events allowed per window; 0 or less turns the limit off. */
  limit: number;
  windowMs: number;
}

export type WindowDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; limit: number; windowMs: number; retryAfterMs: number };

export class SlidingWindow {
  private readonly events = new Map<string, number[]>();

  constructor(readonly options: SlidingWindowOptions) {}

  get enabled(): boolean {
    return this.options.limit > 0;
  }

  /** Whether one more event for `key` would fit now, without counting it. */
  peek(key: string): WindowDecision {
    if (!this.enabled) return { allowed: true, remaining: Infinity };
    const now = Date.now();
    const recent = this.recent(key, now);
    if (recent.length < this.options.limit) return { allowed: true, remaining: this.options.limit - recent.length - 1 };
    // The oldest event in the window leaves it first; then one more fits.
    const retryAfterMs = Math.max(1, recent[0]! + this.options.windowMs - now);
    return { allowed: false, limit: this.options.limit, windowMs: this.options.windowMs, retryAfterMs };
  }

  /** Counts one event for `key` if it fits; says why not otherwise. */
  take(key: string): WindowDecision {
    const decision = this.peek(key);
    if (decision.allowed && this.enabled) {
      const recent = this.recent(key, Date.now());
      recent.push(Date.now());
      this.events.set(key, recent);
    }
    return decision;
  }

  /** Gives back the last event counted for `key` (the work it stood for never started). */
  giveBack(key: string): void {
    this.events.get(key)?.pop();
  }

  /** Forgets keys whose events have all left the window, so idle users cost no memory. */
  prune(): void {
    const now = Date.now();
    for (const key of [...this.events.keys()]) {
      if (this.recent(key, now).length === 0) this.events.delete(key);
    }
  }

  /** Number of keys remembered (for tests and metrics). */
  get size(): number {
    return this.events.size;
  }

  private recent(key: string, now: number): number[] {
    const events = this.events.get(key);
    if (!events) return [];
    const cutoff = now - this.options.windowMs;
    const recent = events.filter((time) => time > cutoff);
    if (recent.length) this.events.set(key, recent);
    else this.events.delete(key);
    return recent;
  }
}
