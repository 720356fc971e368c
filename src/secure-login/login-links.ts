import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * One-time links to the password page. A link is bound to one conversation, works once, and
 * expires (10 minutes by default). Only a hash of the link token is kept, so the table itself
 * (a heap dump, a debug print) cannot be turned back into working links.
 *
 * Time comes from `now()` (Date.now by default), so sinon fake timers drive expiry in tests.
 */
export const LINK_TTL_MS = 10 * 60 * 1000;

export interface LinkRecord {
  conversationKey: string;
  /** The account's login name, shown on the page so the user knows which password is meant. */
  user: string;
  /** Language of the page (the conversation's). */
  language: string;
  /** Per-link anti-CSRF token: in the form's hidden field and in a SameSite=Strict cookie. */
  csrfToken: string;
  expiresAt: number;
  used: boolean;
}

export type LinkLookup =
  | { ok: true; record: LinkRecord }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export interface IssuedLink {
  /** The secret in the URL path. */
  token: string;
  expiresAt: number;
}

/** Long enough that guessing is hopeless (256 bits), URL-safe. */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class LoginLinks {
  private readonly links = new Map<string, LinkRecord>();
  /** Used and expired links are remembered a while, so their page can say why they fail. */
  private static readonly REMEMBER_MS = 60 * 60 * 1000;

  constructor(
    private readonly ttlMs = LINK_TTL_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A new link for the conversation; an older open link of the same conversation stops working. */
  issue(conversationKey: string, user: string, language = 'en'): IssuedLink {
    this.forgetOld();
    for (const record of this.links.values()) {
      if (record.conversationKey === conversationKey) record.used = true;
    }
    const token = randomToken();
    const expiresAt = this.now() + this.ttlMs;
    this.links.set(hash(token), { conversationKey, user, language, csrfToken: randomToken(), expiresAt, used: false });
    return { token, expiresAt };
  }

  /** What a page view may show; never marks the link used. */
  peek(token: string): LinkLookup {
    const record = this.links.get(hash(token));
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.used) return { ok: false, reason: 'used' };
    if (this.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, record };
  }

  /**
   * Spends the link: from now on it is refused. Called only once a submitted form passed every
   * check, so a forged or broken POST does not burn the user's link.
   */
  consume(token: string): LinkLookup {
    const lookup = this.peek(token);
    if (lookup.ok) lookup.record.used = true;
    return lookup;
  }

  /** Ends every open link of a conversation (it ended, or the user chose another way). */
  revoke(conversationKey: string): void {
    for (const record of this.links.values()) {
      if (record.conversationKey === conversationKey) record.used = true;
    }
  }

  get size(): number {
    return this.links.size;
  }

  private forgetOld(): void {
    const cutoff = this.now() - LoginLinks.REMEMBER_MS;
    for (const [key, record] of this.links) {
      if (record.expiresAt < cutoff) this.links.delete(key);
    }
  }
}
