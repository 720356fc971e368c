import { DEFAULT_RETENTION_MS, type HistoryRecord, matchesServer } from './history-record';

export interface HistoryQuery {
  platform?: string;
  workspace?: string;
  user?: string;
  server?: string;
  /** Newest first, at most this many. */
  limit?: number;
}

/**
 * Where diagnosis records live: memory by default, Redis with MAILHELP_STORE. Records expire
 * after the retention time; a user's records can be deleted on request.
 */
export interface HistoryStore {
  add(record: HistoryRecord): Promise<void>;
  get(id: string): Promise<HistoryRecord | undefined>;
  query(query: HistoryQuery): Promise<HistoryRecord[]>;
  /** Deletes every record of the user on that platform; returns how many. */
  forgetUser(platform: string, userId: string): Promise<number>;
}

export interface MemoryHistoryOptions {
  retentionMs?: number;
  now?: () => number;
  /** The oldest records go first past this many. */
  maxRecords?: number;
}

export class MemoryHistoryStore implements HistoryStore {
  readonly #records = new Map<string, string>();
  readonly #retentionMs: number;
  readonly #now: () => number;
  readonly #max: number;

  constructor(options: MemoryHistoryOptions = {}) {
    this.#retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.#now = options.now ?? Date.now;
    this.#max = options.maxRecords ?? 50_000;
  }

  async add(record: HistoryRecord): Promise<void> {
    this.#records.set(record.id, JSON.stringify(record));
    while (this.#records.size > this.#max) this.#records.delete(this.#records.keys().next().value!);
  }

  async get(id: string): Promise<HistoryRecord | undefined> {
    return this.#live().find((r) => r.id === id);
  }

  async query(query: HistoryQuery): Promise<HistoryRecord[]> {
    return this.#live()
      .filter((r) => query.platform === undefined || r.platform === query.platform)
      .filter((r) => query.workspace === undefined || r.workspace === query.workspace)
      .filter((r) => query.user === undefined || r.user.id === query.user)
      .filter((r) => query.server === undefined || matchesServer(r, query.server))
      .sort((a, b) => b.at - a.at)
      .slice(0, query.limit ?? Number.POSITIVE_INFINITY);
  }

  async forgetUser(platform: string, userId: string): Promise<number> {
    let removed = 0;
    for (const record of this.#live()) {
      if (record.platform === platform && record.user.id === userId) removed += Number(this.#records.delete(record.id));
    }
    return removed;
  }

  /** Live records; expired ones are dropped on the way. */
  #live(): HistoryRecord[] {
    const oldest = this.#now() - this.#retentionMs;
    const live: HistoryRecord[] = [];
    for (const [id, json] of this.#records) {
      const record = JSON.parse(json) as HistoryRecord;
      if (record.at < oldest) this.#records.delete(id);
      else live.push(record);
    }
    return live;
  }
}
