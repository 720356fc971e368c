import { MailhelpError } from '../../errors/mailhelp-error';

/**
 * A cap on the connections one diagnosis may open. A diagnosis legitimately opens a few dozen
 * (every address, the alternatives, the TLS version scan, the login); a cap turns a bug or a
 * hostile DNS answer that multiplies them into a clear error instead of a flood.
 */
export class ConnectionLimitError extends MailhelpError {
  constructor(readonly max: number) {
    super('CONNECTION_LIMIT', `this diagnosis reached its limit of ${max} connections`);
  }
}

export class ConnectionBudget {
  private used = 0;

  /** `max` of 0 or less means no cap. */
  constructor(readonly max: number) {}

  /** Counts one connection if the budget has room; false when it is spent. */
  tryTake(): boolean {
    if (this.max > 0 && this.used >= this.max) return false;
    this.used++;
    return true;
  }

  /** Counts one connection or throws ConnectionLimitError. */
  take(): void {
    if (!this.tryTake()) throw new ConnectionLimitError(this.max);
  }

  get taken(): number {
    return this.used;
  }

  get remaining(): number {
    return this.max > 0 ? Math.max(0, this.max - this.used) : Infinity;
  }

  /**
   * Wraps a connect function so every call first takes from the budget. A call over the cap
   * never reaches `connect`; it rejects with ConnectionLimitError.
   */
  guard<A extends unknown[], R>(connect: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      this.take();
      return connect(...args);
    };
  }
}
