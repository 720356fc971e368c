import type { CauseId } from '../diagnosis/causes';
import type { Report } from '../diagnosis/report';

/** What counts as an outage: the server's fault, never one user's settings or password. */
const SERVER_CAUSE = /^(?:(?:network|dns|tcp|server|protocol)\.|tls\.(?:cert_|handshake_failed$|protocol_version$))/u;
const NOT_SERVER: ReadonlySet<CauseId> = new Set(['dns.resolver_unreachable', 'dns.propagation_mismatch']);

export interface OutageOptions {
  /** Different users whose diagnoses end in the same cause (default 3) … */
  reports?: number;
  /** … within this long (default 15 minutes). */
  windowMs?: number;
}

export const DEFAULT_OUTAGE_REPORTS = 3;
export const DEFAULT_OUTAGE_WINDOW_MS = 15 * 60_000;

/** One user's failed diagnosis of one server. */
export interface OutageSighting {
  server: string;
  cause: CauseId;
  /** Platform and user id: the same person checking five times is one report. */
  reporter: string;
  at: number;
  reportId?: string;
  link?: string;
}

/** A server several users found failing the same way. */
export interface Outage {
  server: string;
  cause: CauseId;
  firstAt: number;
  lastAt: number;
  reporters: string[];
  firstReportId?: string;
  firstLink?: string;
}

/**
 * What the detector remembers per server. Memory by default; Redis with MAILHELP_STORE, where
 * `update` runs atomically per server so two processes never open the same outage twice.
 */
export interface OutageStore {
  /** Applies `change` to the server's entry atomically; returns what `change` returned. */
  update<T>(server: string, change: (entry: OutageEntry | undefined) => { entry: OutageEntry | undefined; result: T }): Promise<T>;
}

export interface OutageEntry {
  sightings: OutageSighting[];
  open?: Outage;
}

/** `opened`: this report made it an outage (post to triage); `known`: already reported. */
export type OutageVerdict = { kind: 'none' } | { kind: 'opened'; outage: Outage } | { kind: 'known'; outage: Outage } | { kind: 'cleared'; outage: Outage };

/**
 * Spots an outage from users' reports: when `reports` different users' diagnoses of one server
 * end in the same cause within `windowMs`, it opens once (one triage alert) and later users are
 * told it is known. A diagnosis of that server that succeeds clears it.
 */
export class OutageDetector {
  readonly #store: OutageStore;
  readonly #reports: number;
  readonly #windowMs: number;

  constructor(store: OutageStore, options: OutageOptions = {}) {
    this.#store = store;
    this.#reports = options.reports ?? DEFAULT_OUTAGE_REPORTS;
    this.#windowMs = options.windowMs ?? DEFAULT_OUTAGE_WINDOW_MS;
  }

  /** Every server of the report, with its verdict. */
  async record(report: Report, sighting: Omit<OutageSighting, 'server' | 'cause'>): Promise<OutageVerdict[]> {
    const verdicts: OutageVerdict[] = [];
    for (const side of ['incoming', 'outgoing'] as const) {
      const settings = report.settings[side];
      if (!settings) continue;
      const server = `${settings.host.toLowerCase()}:${settings.port}`;
      const errors = report.findings.filter((f) => f.target === side && f.severity === 'error');
      const cause = errors.find((f) => SERVER_CAUSE.test(f.cause) && !NOT_SERVER.has(f.cause))?.cause;
      if (errors.length === 0) verdicts.push(await this.#succeeded(server));
      else if (cause) verdicts.push(await this.#failed({ ...sighting, server, cause }));
    }
    return verdicts;
  }

  async #succeeded(server: string): Promise<OutageVerdict> {
    return this.#store.update<OutageVerdict>(server, (entry) => ({
      entry: undefined,
      result: entry?.open ? { kind: 'cleared', outage: entry.open } : { kind: 'none' },
    }));
  }

  async #failed(sighting: OutageSighting): Promise<OutageVerdict> {
    return this.#store.update<OutageVerdict>(sighting.server, (entry) => {
      const recent = (entry?.sightings ?? []).filter((s) => s.at > sighting.at - this.#windowMs && s.reporter !== sighting.reporter);
      const sightings = [...recent, sighting];
      const open = entry?.open;
      if (open && open.cause === sighting.cause) {
        const reporters = open.reporters.includes(sighting.reporter) ? open.reporters : [...open.reporters, sighting.reporter];
        const updated = { ...open, lastAt: sighting.at, reporters };
        return { entry: { sightings, open: updated }, result: { kind: 'known', outage: updated } };
      }
      const same = sightings.filter((s) => s.cause === sighting.cause);
      if (same.length < this.#reports) return { entry: { sightings, ...(open ? { open } : {}) }, result: { kind: 'none' } };
      const first = same[0]!;
      const outage: Outage = {
        server: sighting.server,
        cause: sighting.cause,
        firstAt: first.at,
        lastAt: sighting.at,
        reporters: same.map((s) => s.reporter),
        ...(first.reportId ? { firstReportId: first.reportId } : {}),
        ...(first.link ? { firstLink: first.link } : {}),
      };
      return { entry: { sightings, open: outage }, result: { kind: 'opened', outage } };
    });
  }
}

/** One process's outage memory; entries go when a server has been quiet for a day. */
export class MemoryOutageStore implements OutageStore {
  readonly #entries = new Map<string, { entry: OutageEntry; touched: number }>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly now: () => number = Date.now) {}

  update<T>(server: string, change: (entry: OutageEntry | undefined) => { entry: OutageEntry | undefined; result: T }): Promise<T> {
    // Serialized: the read-change-write of one report never interleaves with another's.
    const run = this.#queue.then(() => {
      this.#sweep();
      const { entry, result } = change(this.#entries.get(server)?.entry);
      if (entry) this.#entries.set(server, { entry: JSON.parse(JSON.stringify(entry)) as OutageEntry, touched: this.now() });
      else this.#entries.delete(server);
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #sweep(): void {
    const oldest = this.now() - 24 * 60 * 60_000;
    for (const [server, { touched }] of this.#entries) if (touched < oldest) this.#entries.delete(server);
  }
}
