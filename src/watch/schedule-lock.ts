/**
 * The right to run the watch schedule. Several processes may serve the same chats; only the
 * holder of this lock checks watches. The holder renews it on every tick; a holder that dies
 * stops renewing, and another process takes it over when its time-to-live runs out.
 */
export interface ScheduleLock {
  readonly ttlMs: number;
  /** Takes the lock if it is free, or renews it if this process holds it; true while held. */
  hold(): Promise<boolean>;
  /** Gives it up (shutdown), so another process need not wait for the time-to-live. */
  release(): Promise<void>;
}

/** One process, no one to share with: always held. */
export class LocalScheduleLock implements ScheduleLock {
  readonly ttlMs = Number.POSITIVE_INFINITY;

  async hold(): Promise<boolean> {
    return true;
  }

  async release(): Promise<void> {}
}
