import type { CauseId } from './causes';

/**
 * One login attempt per account per diagnosis. Every failed login counts towards the account's
 * lockout (Microsoft smart lockout, Google's "too many login attempts") and towards fail2ban
 * bans of the bot's address (Dovecot and Postfix filters count each `auth failed`), and a
 * help-desk bot logs in for many users from one address. So the logins of one diagnosis take
 * turns, and once the server has refused a user's password (or never answered it), that same
 * password is not sent again for the other side of the account.
 */
export class AccountLogins {
  readonly #turns = new Map<string, Promise<void>>();
  readonly #refused = new Map<string, RefusedLogin>();

  /** Runs `login` after the account's earlier login of this diagnosis has finished. */
  async inTurn<T>(user: string, login: () => Promise<T>): Promise<T> {
    const key = user.toLowerCase();
    const before = this.#turns.get(key) ?? Promise.resolve();
    let done: () => void = () => {};
    const mine = new Promise<void>((resolve) => (done = resolve));
    this.#turns.set(key, before.then(() => mine));
    await before;
    try {
      return await login();
    } finally {
      done();
    }
  }

  /** The earlier refusal that makes a second try pointless, if any. */
  refusal(user: string): RefusedLogin | undefined {
    return this.#refused.get(user.toLowerCase());
  }

  /** Notes that the server refused (or never answered) this user's credentials. */
  refused(user: string, refusal: RefusedLogin): void {
    this.#refused.set(user.toLowerCase(), refusal);
  }
}

export interface RefusedLogin {
  cause: CauseId;
  /** Where it happened, as the login check says it ("incoming imap.example.com …"). */
  where: string;
}

/**
 * Causes after which the same password must not be tried again in this diagnosis: the server
 * judged the credentials (or is holding their answer back, as auth penalties do). Not
 * `auth.basic_auth_disabled`: that is decided per protocol (Microsoft turns SMTP AUTH off per
 * mailbox while IMAP may still take the password).
 */
export const NO_SECOND_TRY: ReadonlySet<CauseId> = new Set<CauseId>([
  'auth.invalid_credentials',
  'auth.account_locked',
  'auth.app_password_required',
  'auth.web_login_required',
  'auth.password_expired',
  'auth.login_timeout',
]);
