import type { Scheduler } from '../../../src/conversation/runner/idle-timers';

/** A clock and timers the test moves by hand. */
export class ManualScheduler implements Scheduler {
  time = 1_700_000_000_000;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();
  #next = 1;

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Moves the clock and runs every timer that is due. */
  advance(ms: number): void {
    this.time += ms;
    for (const [id, timer] of [...this.#timers]) {
      if (timer.at <= this.time) {
        this.#timers.delete(id);
        timer.callback();
      }
    }
  }

  get pending(): number {
    return this.#timers.size;
  }
}
