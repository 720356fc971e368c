import { MailhelpError } from '../errors/mailhelp-error';

/**
 * Knows what work is running so shutdown can wait for it. Once closed it takes nothing new:
 * `start` throws ShuttingDownError, which the caller turns into a polite "restarting" reply.
 */
export class ShuttingDownError extends MailhelpError {
  constructor() {
    super('SHUTTING_DOWN', 'shutting down: no new work is taken');
  }
}

export class WorkTracker {
  private readonly running = new Set<Promise<unknown>>();
  private readonly controllers = new Set<AbortController>();
  private closed = false;

  get accepting(): boolean {
    return !this.closed;
  }

  get size(): number {
    return this.running.size;
  }

  /** Runs `work` with a signal that aborts if shutdown runs out of time. */
  start<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.closed) throw new ShuttingDownError();
    const controller = new AbortController();
    this.controllers.add(controller);
    let promise: Promise<T>;
    try {
      promise = work(controller.signal);
    } catch (error) {
      this.controllers.delete(controller);
      throw error;
    }
    const tracked = promise.then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      this.running.delete(tracked);
      this.controllers.delete(controller);
    });
    this.running.add(tracked);
    return promise;
  }

  /** Takes no new work from now on. */
  close(): void {
    this.closed = true;
  }

  /** Resolves when everything started so far has finished (successfully or not). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Tells all running work to stop (their signals abort). */
  abortAll(): void {
    for (const controller of this.controllers) controller.abort();
  }
}
