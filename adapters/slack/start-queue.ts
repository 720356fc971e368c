/**
 * Runs the work that follows a slash command's ack (locale look-up, the thread root, the first
 * messages) a few at a time, and holds it back while commands are still pouring in. Under a
 * burst this keeps the process free to read, verify and ack the requests still arriving: their
 * ack is what Slack times (3 s), while a conversation's first message may come a moment later.
 * Nothing waits longer than `maxDeferMs`, so a steady stream of commands still gets served.
 */
export interface StartQueueOptions {
  concurrency: number;
  /** Work starts once no command has arrived for this long... */
  quietMs: number;
  /** ...or once it has waited this long, whichever comes first. */
  maxDeferMs: number;
  now?: () => number;
}

interface Waiting {
  start: () => void;
  queuedAt: number;
}

export class StartQueue {
  readonly #waiting: Waiting[] = [];
  readonly #now: () => number;
  #running = 0;
  #lastArrival = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StartQueueOptions) {
    this.#now = options.now ?? (() => performance.now());
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    const queuedAt = this.#now();
    this.#lastArrival = queuedAt;
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.#running += 1;
        work()
          .then(resolve, reject)
          .finally(() => {
            this.#running -= 1;
            this.#pump();
          });
      };
      this.#waiting.push({ start, queuedAt });
      this.#pump();
    });
  }

  get pending(): number {
    return this.#running + this.#waiting.length;
  }

  #pump(): void {
    if (this.#timer) return;
    while (this.#running < this.options.concurrency && this.#waiting.length > 0) {
      const now = this.#now();
      const quietFor = now - this.#lastArrival;
      const waitedFor = now - this.#waiting[0]!.queuedAt;
      if (quietFor < this.options.quietMs && waitedFor < this.options.maxDeferMs) {
        const delay = Math.min(this.options.quietMs - quietFor, this.options.maxDeferMs - waitedFor);
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#pump();
        }, Math.max(1, Math.ceil(delay)));
        return;
      }
      this.#waiting.shift()!.start();
    }
  }
}
