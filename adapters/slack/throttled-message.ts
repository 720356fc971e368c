/**
 * One message edited in place (the progress of a run), at most once per interval. Slack allows
 * about one post per second per channel and `chat.update` is Tier 3, so a diagnosis that
 * finishes ten checks in 200 ms becomes one post and one or two edits, never a burst. Only the
 * newest content is ever sent; intermediate states are skipped.
 */
export interface MessageSink<T> {
  /** Posts the message; resolves with its `ts`. */
  post(content: T): Promise<string>;
  update(ts: string, content: T): Promise<void>;
}

export interface ThrottleLogger {
  warn(details: object, message: string): void;
}

export class ThrottledMessage<T> {
  #ts: Promise<string | undefined> | undefined;
  #latest: T | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastSentAt = 0;
  /** Edits run one after another, so an older state can never overwrite a newer one. */
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: MessageSink<T>,
    private readonly intervalMs: number,
    private readonly logger: ThrottleLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Shows `content`: the first call posts (and resolves once posted); later calls schedule an
   * edit. `final` content is sent before this resolves, so what follows (the report) comes after it.
   */
  async show(content: T, final = false): Promise<void> {
    if (!this.#ts) {
      this.#lastSentAt = this.now();
      this.#ts = this.sink.post(content).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'slack: progress message could not be posted');
        return undefined;
      });
      await this.#ts;
      return;
    }
    this.#latest = content;
    if (final) {
      this.#cancelTimer();
      await sleep(this.#waitMs());
      await this.#flush();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.#flush();
    }, this.#waitMs());
  }

  /** Sends what is pending now (before the report), without waiting out the interval. */
  async settle(): Promise<void> {
    this.#cancelTimer();
    await this.#flush();
  }

  /** The message's ts once posted (undefined when the post failed), after any edit in flight. */
  async posted(): Promise<string | undefined> {
    await this.#chain;
    return this.#ts ? await this.#ts : undefined;
  }

  /** Drops anything pending (the conversation ended). */
  stop(): void {
    this.#cancelTimer();
    this.#latest = undefined;
  }

  #waitMs(): number {
    return Math.max(0, this.#lastSentAt + this.intervalMs - this.now());
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #flush(): Promise<void> {
    this.#chain = this.#chain.then(async () => {
      const content = this.#latest;
      this.#latest = undefined;
      if (content === undefined) return;
      this.#lastSentAt = this.now();
      try {
        const ts = await this.#ts;
        // The first post failed: post the newest state instead of editing nothing.
        if (ts === undefined) this.#ts = Promise.resolve(await this.sink.post(content));
        else await this.sink.update(ts, content);
      } catch (error) {
        this.logger.warn({ err: error }, 'slack: progress update failed');
      }
    });
    return this.#chain;
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
