import assert from 'node:assert/strict';
import { startSecretMail, type SecretMail } from './secret-scenario';

/**
 * The secret test every adapter runs (issue 6): full conversations with a known password
 * submitted through the login form (or the one-time page), against real mail servers, and the
 * password in none of what the platform showed, logged or stored. An adapter adds itself by
 * writing a driver and calling `secretLeakSuite(driver)` from a test file.
 */
export interface SecretDriver {
  /** Shown in the test titles: "console (child process)", "slack", ... */
  name: string;
  /**
   * One conversation as a user would have it: start with `mail.email`; take the discovered
   * settings; both sides; test the login, giving `mail.password` in the private form or page;
   * read the report; send it to the help desk; run again, giving the password once more; done.
   */
  converse(mail: SecretMail): Promise<Captured>;
}

/** Everything a conversation left behind, as text. */
export interface Captured {
  /** Every log line written (pino JSON or whatever the platform logs). */
  logs: string[];
  /** Every value written to the conversation store, and what it holds at the end. */
  store: string[];
  /** The engine's reports and the report documents shown or escalated. */
  reports: string[];
  /** Every message, question, form, progress update the user (or the help desk) saw. */
  chat: string[];
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/**
 * The forms in which any secret leaks: plain, base64 (padded or not), URL and JSON escaped, and
 * base64 of each SASL payload it travels in (`saslPayloads`, already holding the secret).
 */
export function secretForms(secret: string, saslPayloads: string[]): string[] {
  return [
    ...new Set([
      secret,
      base64(secret),
      base64(secret).replace(/=+$/u, ''),
      ...saslPayloads.map(base64),
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ]),
  ];
}

/** The forms in which a password leaks: secretForms with the SASL PLAIN payloads. */
export function passwordForms(user: string, password: string): string[] {
  return secretForms(password, [`\0${user}\0${password}`, `${user}\0${user}\0${password}`]);
}

export function assertNoPassword(captured: Captured, user: string, password: string): void {
  const forms = passwordForms(user, password);
  for (const [place, texts] of Object.entries(captured) as [keyof Captured, string[]][]) {
    texts.forEach((text, i) => {
      for (const form of forms) assert.ok(!text.includes(form), `the password (as ${JSON.stringify(form)}) is in ${place}[${i}]: ${text.slice(0, 300)}`);
    });
  }
}

export function secretLeakSuite(driver: SecretDriver): void {
  describe(`secrets through ${driver.name}: a known password in no log, store record, report or message`, function () {
    this.timeout(60_000);
    let mail: SecretMail;
    let captured: Captured;

    before(async function () {
      mail = await startSecretMail();
      captured = await driver.converse(mail);
    });
    after(() => mail?.close());

    it('the conversation really ran: the servers got the password twice, the reports have the login checks', function () {
      assert.ok(mail.received.length >= 4, `IMAP and SMTP, in each of two runs: ${mail.received.length}`);
      assert.ok(mail.received.every((p) => p === mail.password), 'the password arrived intact');
      assert.ok(captured.reports.length > 0, 'a report was shown');
      assert.ok(captured.logs.length > 0, 'something was logged');
      assert.ok(captured.store.length > 0, 'something was stored');
      assert.ok(captured.chat.length > 0, 'something was shown');
    });

    for (const place of ['logs', 'store', 'reports', 'chat'] as const) {
      it(`the password is in no ${place === 'store' ? 'store record' : place === 'logs' ? 'log line' : place === 'chat' ? 'chat message' : 'report'}`, function () {
        assertNoPassword({ logs: [], store: [], reports: [], chat: [], [place]: captured[place] }, mail.user, mail.password);
      });
    }
  });
}
