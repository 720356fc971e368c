import { randomBytes } from 'node:crypto';

/**
 * A named lock with a token and a time to live: held by one owner (process, run) at a time,
 * renewed while its work goes on, and released only by the token that took it. When the owner
 * dies, the lock expires on its own and someone else may take it. Redis backs it across
 * processes; memory within one.
 */
export interface Lock {
  readonly name: string;
  readonly token: string;
  /** Extends the lock if this token still holds it; false when it was lost (expired, taken). */
  renew(ttlMs: number): Promise<boolean>;
  /** Gives it up if this token still holds it. */
  release(): Promise<boolean>;
}

export interface Locks {
  /** Takes the lock when nobody holds it; undefined when someone does. */
  acquire(name: string, ttlMs: number): Promise<Lock | undefined>;
  /** Whether anyone holds it now. */
  held(name: string): Promise<boolean>;
}

export function newLockToken(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Renews `lock` every third of its time to live until the returned function is called. When a
 * renewal finds the lock lost (or the store unreachable for longer than the TTL), `onLost` is
 * called once and renewing stops: the work it guarded must stop too.
 */
export function keepRenewed(lock: Lock, ttlMs: number, onLost: () => void): () => void {
  let stopped = false;
  let lastRenewed = Date.now();
  const timer = setInterval(() => {
    void lock.renew(ttlMs).then(
      (ok) => {
        if (ok) lastRenewed = Date.now();
        if (!ok) lose();
      },
      () => {
        // Unreachable for a moment is not lost; unreachable for the whole TTL is.
        if (Date.now() - lastRenewed >= ttlMs) lose();
      },
    );
  }, Math.max(10, Math.floor(ttlMs / 3)));
  timer.unref();
  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
  };
  const lose = (): void => {
    if (stopped) return;
    stop();
    onLost();
  };
  return stop;
}

interface MemoryEntry {
  token: string;
  expiresAt: number;
}

/** Locks within one process (the default store). */
export class MemoryLocks implements Locks {
  readonly #entries = new Map<string, MemoryEntry>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(name: string, ttlMs: number): Promise<Lock | undefined> {
    if (this.#live(name)) return undefined;
    const token = newLockToken();
    this.#entries.set(name, { token, expiresAt: this.now() + ttlMs });
    return {
      name,
      token,
      renew: async (ms) => {
        const entry = this.#live(name);
        if (entry?.token !== token) return false;
        entry.expiresAt = this.now() + ms;
        return true;
      },
      release: async () => {
        if (this.#live(name)?.token !== token) return false;
        return this.#entries.delete(name);
      },
    };
  }

  async held(name: string): Promise<boolean> {
    return this.#live(name) !== undefined;
  }

  #live(name: string): MemoryEntry | undefined {
    const entry = this.#entries.get(name);
    if (entry && entry.expiresAt <= this.now()) {
      this.#entries.delete(name);
      return undefined;
    }
    return entry;
  }
}
