/**
 * Writes the console transcript of a device-code sign-in test against the test provider (the
 * closing note of issue 18 shows it): the same two runs as test/oauth/console-sign-in.test.ts
 * (the sign-in alone; a refused password, then the sign-in), with what the terminal showed.
 *
 *   node --require tsx/cjs test/oauth/console-transcript-entry.ts OUT.txt
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki } from '../support/certs';
import { startTestOAuthProvider } from '../support/oauth-provider';
import { consoleSignIn } from './console-sign-in';
import { ALICE, startOAuthMailbox } from './conversation-fixture';

const PASSWORD = 'old-Passw0rd-for-basic-auth';

async function run(out: string): Promise<void> {
  const pki = createTestPki();
  const provider = await startTestOAuthProvider({ tls: pki.issue({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] }), ca: pki.trusted, interval: 1 });
  const mailbox = await startOAuthMailbox({ pki, provider });
  const dir = mkdtempSync(join(tmpdir(), 'mailhelp-transcript-'));
  try {
    const sections: string[] = [
      `mailhelp console, device-code sign-in test against the test provider (oidc-provider at ${provider.issuer});`,
      `IMAP server mail.example.test:${mailbox.imap.port} refuses passwords as Exchange Online does ("Basic authentication is disabled")`,
      `and lets a token in only when it introspects as ${ALICE}'s with the IMAP scope.`,
    ];
    for (const [title, password] of [
      ['1. The sign-in offered for the account, taken at once', undefined],
      ['2. A password first (typed at the hidden prompt, refused), then the sign-in: both side by side', PASSWORD],
    ] as const) {
      const seen = mailbox.tokensSeen.length;
      let entered = '';
      const result = await consoleSignIn({ pki, provider }, mailbox, dir, async (code) => {
        await provider.approveDevice(code, ALICE);
        entered = `(the test's user entered ${code} at ${provider.issuer}/device and signed in as ${ALICE})`;
      }, password);
      const token = mailbox.tokensSeen[seen] ?? '';
      const revoked = token !== '' && !(await provider.introspect(token)).active;
      const secrets = password ? [token, password] : [token];
      sections.push(
        '',
        `=== ${title} ===`,
        entered,
        `console exit code ${result.exitCode}; the token the IMAP server saw was ${revoked ? 'revoked after the test' : 'NOT revoked'}; ${secrets.some((x) => result.transcript.includes(x)) ? 'A SECRET IS' : 'no token or password is'} on the screen.`,
        '',
        result.transcript,
      );
    }
    writeFileSync(out, `${sections.join('\n')}\n`);
    console.log(`wrote ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await mailbox.close();
    await provider.close();
  }
}

const out = process.argv[2];
if (!out) {
  console.error('usage: console-transcript-entry.ts OUT.txt');
  process.exit(2);
}
run(out).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
