import type { ConnectionBudget } from '../policy/limits/connection-budget';

/**
 * The connections one diagnosis may still open, shared by the diagnosis and its forks (the
 * speculative alternatives are part of the same diagnosis). A connection the budget refuses is
 * never opened; the count of refused ones tells the report it is incomplete.
 */
export const CONNECTION_LIMIT = 'connection_limit';

export class DiagnosisConnections {
  #denied = 0;

  constructor(
    readonly budget: ConnectionBudget,
    private readonly onTaken?: () => void,
  ) {}

  /** Counts one connection about to be opened; false when the budget is spent (do not open it). */
  take(): boolean {
    if (this.budget.tryTake()) {
      this.onTaken?.();
      return true;
    }
    this.#denied++;
    return false;
  }

  /** Connections that were not opened because the budget was spent. */
  get denied(): number {
    return this.#denied;
  }

  /** The words for checks and results that were cut short by the cap (checks are in English, like every detail). */
  get reason(): string {
    return `not opened: this diagnosis reached its limit of ${this.budget.max} connections`;
  }
}
