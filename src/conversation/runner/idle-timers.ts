/** How the runner schedules: real timers in production, a hand-driven clock in tests. */
export interface Scheduler {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const REAL_SCHEDULER: Scheduler = {
  now: () => Date.now(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // An idle conversation must not keep the process alive on shutdown.
    timer.unref();
    return timer;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** One timer per conversation, restarted on every event, that reports the conversation idle. */
export class IdleTimers {
  readonly #timers = new Map<string, unknown>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly idleMs: number,
  ) {}

  restart(key: string, onIdle: () => void): void {
    this.stop(key);
    this.#timers.set(
      key,
      this.scheduler.setTimer(() => {
        this.#timers.delete(key);
        onIdle();
      }, this.idleMs),
    );
  }

  stop(key: string): void {
    const handle = this.#timers.get(key);
    if (handle !== undefined) this.scheduler.clearTimer(handle);
    this.#timers.delete(key);
  }

  stopAll(): void {
    for (const key of [...this.#timers.keys()]) this.stop(key);
  }

  get size(): number {
    return this.#timers.size;
  }
}
