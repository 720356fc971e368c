import type { Lock, Locks } from '../store/locks';
import type { ScheduleLock } from './schedule-lock';

export const SCHEDULE_LOCK_NAME = 'watch-schedule';
export const DEFAULT_SCHEDULE_LOCK_TTL_MS = 30_000;

/**
 * The schedule lock on the process's Locks (Redis across processes): taken when free, renewed on
 * every scheduler tick while held. A holder that dies stops renewing; after the TTL another
 * process's next tick takes it.
 */
export class LocksScheduleLock implements ScheduleLock {
  #lock: Lock | undefined;

  constructor(
    private readonly locks: Locks,
    readonly ttlMs = DEFAULT_SCHEDULE_LOCK_TTL_MS,
    private readonly name = SCHEDULE_LOCK_NAME,
  ) {}

  async hold(): Promise<boolean> {
    if (this.#lock) {
      if (await this.#lock.renew(this.ttlMs)) return true;
      this.#lock = undefined;
    }
    this.#lock = await this.locks.acquire(this.name, this.ttlMs);
    return this.#lock !== undefined;
  }

  async release(): Promise<void> {
    await this.#lock?.release();
    this.#lock = undefined;
  }
}
