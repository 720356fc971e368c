import type { ConnectionBudget } from '../policy/limits/connection-budget';

/**
 * The connections one diagnosis may still open, shared by the diagnosis and its forks (the
 * speculative alternatives are part of the same diagnosis). A connection the budget refuses is
 * never opened; the count of refused ones tells the report it is incomplete.
 *
 * Beside the hard cap, every connection is counted per server (the target side and its host
 * name): that is what a server's fail2ban or connection-rate limit sees of the bot, and what
 * the report shows. The scheduler asks `withinServerBudget` before it starts a probe that only
 * adds confidence (see SERVER_CONNECTION_BUDGET).
 */
export const CONNECTION_LIMIT = 'connection_limit';

/**
 * Connections one server may get from one diagnosis for probes that only add confidence
 * (extra attempts, a full TLS version scan). A mail app opens one or two; fail2ban's Dovecot
 * filter bans after 5 "no auth attempts" disconnects in its aggressive mode, provider
 * connection-rate limits answer 421. Probes that decide the verdict are not held back by it;
 * only the hard cap stops them.
 */
export const SERVER_CONNECTION_BUDGET = 8;

/** The connections one server got, for the report. */
export interface ServerConnections {
  /** `incoming` / `outgoing` (or `account` for what belongs to neither). */
  target: string;
  host: string;
  opened: number;
}

export class DiagnosisConnections {
  #denied = 0;
  readonly #byServer = new Map<string, ServerConnections>();

  constructor(
    readonly budget: ConnectionBudget,
    private readonly onTaken?: () => void,
  ) {}

  /** Counts one connection about to be opened; false when the budget is spent (do not open it). */
  take(server?: { target: string; host: string }): boolean {
    if (!this.budget.tryTake()) {
      this.#denied++;
      return false;
    }
    if (server) this.#entry(server).opened++;
    this.onTaken?.();
    return true;
  }

  /** Whether `server` may get `count` more connections for a probe that only adds confidence. */
  withinServerBudget(server: { target: string; host: string } | undefined, count = 1): boolean {
    if (this.budget.remaining < count) return false;
    if (!server) return true;
    return this.#entry(server).opened + count <= SERVER_CONNECTION_BUDGET;
  }

  /** Connections opened so far (all servers). */
  get opened(): number {
    return this.budget.taken;
  }

  /** Per server, in the order they were first connected to. */
  get byServer(): ServerConnections[] {
    return [...this.#byServer.values()].filter((s) => s.opened > 0).map((s) => ({ ...s }));
  }

  /** Connections that were not opened because the budget was spent. */
  get denied(): number {
    return this.#denied;
  }

  /** The words for checks and results that were cut short by the cap (checks are in English, like every detail). */
  get reason(): string {
    return `not opened: this diagnosis reached its limit of ${this.budget.max} connections`;
  }

  #entry(server: { target: string; host: string }): ServerConnections {
    const key = `${server.target}\u0000${server.host.toLowerCase()}`;
    let entry = this.#byServer.get(key);
    if (!entry) {
      entry = { target: server.target, host: server.host.toLowerCase(), opened: 0 };
      this.#byServer.set(key, entry);
    }
    return entry;
  }
}
