import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PtySession } from '../console/support/pty-session';
import { TEST_CLIENT_ID } from '../support/oauth-provider';
import type { OAuthMailbox } from './conversation-fixture';
import { testProviderEntry, type ProviderFixture } from './support';

const CONSOLE_ENTRY = join(__dirname, '..', 'console', 'support', 'console-entry.ts');

export interface ConsoleSignIn {
  /** What the terminal showed (its screen and scrollback), from the first prompt to the report and the exit. */
  transcript: string;
  /** The device code the console showed. */
  code: string;
  exitCode: number;
}

/**
 * The console chat under a real pseudo-terminal, configured for the test provider the way an
 * admin configures a provider (MAILHELP_OAUTH_PROVIDERS, the client id variable), checking an
 * account whose server takes only OAuth: the user asks about alice's mail, takes the discovered
 * settings, says receiving fails, takes the offered sign-in; when the code appears, `approve`
 * plays the user on the provider's pages; the report follows, then /quit. Nothing but the
 * terminal shows the code (a console has no one else to hide it from).
 */
export async function consoleSignIn(
  fixture: ProviderFixture,
  mailbox: OAuthMailbox,
  dir: string,
  approve: (code: string) => Promise<void>,
  /** Test this password first (typed at the hidden prompt); the sign-in is then the next step offered. */
  password?: string,
): Promise<ConsoleSignIn> {
  const providers = join(dir, 'providers.json');
  writeFileSync(providers, JSON.stringify([testProviderEntry(fixture.provider)]));
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, fixture.pki.ca.cert);
  const session = new PtySession(
    {
      MAILHELP_LANG: 'en',
      MAILHELP_TEST_DISCOVERY: JSON.stringify(mailbox.discovery),
      MAILHELP_TEST_CA: fixture.pki.ca.cert,
      MAILHELP_DNS_SERVERS: mailbox.dns.server,
      MAILHELP_ALLOW_PORTS: String(mailbox.imap.port),
      MAILHELP_TIMEOUT_MS: '3000',
      // The identity provider is reached with Node's trust store plus this, as in production.
      NODE_EXTRA_CA_CERTS: ca,
      MAILHELP_OAUTH_PROVIDERS: providers,
      MAILHELP_OAUTH_TEST_CLIENT_ID: TEST_CLIENT_ID,
    },
    CONSOLE_ENTRY,
  );
  try {
    await session.waitFor(/Ctrl-C/u);
    session.type(`/mailhelp ${mailbox.discovery.email}\r`);
    await session.waitFor(/Does your mail app use these settings\?/u);
    session.type('yes\r');
    await session.waitFor(/What isn't working/u);
    session.type('receiving\r');
    await session.waitFor(/Sign in with Test Identity/u);
    if (password !== undefined) {
      session.type('2\r');
      await session.waitFor(/User name/iu);
      session.type('\r');
      await session.waitFor(/hidden while you type: $/u);
      session.type(`${password}\r`);
      // The report of the password, then "which app?" under it (the fix changes how the app signs in).
      await session.waitFor(/Which app do you use for this account\?[\s\S]*\(Type a number/u, 30_000);
      session.type("I don't know\r");
      await session.waitFor(/No problem: the fix above[\s\S]*What would you like to do next\?[\s\S]*1\) Sign in with Test Identity[\s\S]*\(Type a number/u);
    }
    session.type('1\r');
    const shown = /enter this code[^\n]*\n\s+([A-Z]{4}-[A-Z]{4})\n/u;
    await session.waitFor(shown);
    const code = shown.exec(session.text)![1]!;
    await approve(code);
    await session.waitFor(/Signed in with Test Identity\.[\s\S]*Mail check for [\s\S]*Took [\d.]+ s\./u, 30_000);
    session.type('/quit\r');
    const { exitCode } = await session.exit();
    // As the terminal shows it: prompts cleared and redrawn under new output are there once.
    return { transcript: await session.screen(), code, exitCode };
  } finally {
    session.kill();
  }
}
