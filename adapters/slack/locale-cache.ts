import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;

/** A locale changes rarely; a day keeps `users.info` (Tier 4) calls to one per user per day. */
const TTL_MS = 24 * 60 * 60 * 1000;
/** Enough for a large workspace; the oldest entry goes first when full. */
const MAX_ENTRIES = 10_000;

export interface LocaleLogger {
  warn(details: object, message: string): void;
}

/**
 * The user's Slack locale (`users.info` with `include_locale`), cached. Slash commands carry no
 * locale, so this is the only source; it is called after the ack, never on the ack path. A
 * failed look-up is not cached as "no locale" for long: the next command asks again.
 */
export class LocaleCache {
  readonly #entries = new Map<string, { locale: string | undefined; expiresAt: number }>();
  readonly #pending = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: LocaleLogger,
    private readonly now: () => number = Date.now,
  ) {}

  async localeOf(userId: string): Promise<string | undefined> {
    const cached = this.#entries.get(userId);
    if (cached && cached.expiresAt > this.now()) return cached.locale;
    // Two commands of one user at once share one look-up.
    const pending = this.#pending.get(userId);
    if (pending) return pending;
    const lookup = this.#lookUp(userId).finally(() => this.#pending.delete(userId));
    this.#pending.set(userId, lookup);
    return lookup;
  }

  /** The cached locale without asking Slack (for answers that must be sent before any call). */
  peek(userId: string): string | undefined {
    const cached = this.#entries.get(userId);
    return cached && cached.expiresAt > this.now() ? cached.locale : undefined;
  }

  async #lookUp(userId: string): Promise<string | undefined> {
    try {
      const answer = await this.client.users.info({ user: userId, include_locale: true });
      const locale = answer.user?.locale;
      this.#remember(userId, locale, TTL_MS);
      return locale;
    } catch (error) {
      this.logger.warn({ err: error }, 'slack: users.info failed; using the default language');
      return undefined;
    }
  }

  #remember(userId: string, locale: string | undefined, ttlMs: number): void {
    if (this.#entries.size >= MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(userId, { locale, expiresAt: this.now() + ttlMs });
  }
}
