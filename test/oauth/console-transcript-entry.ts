/**
 * Writes the console transcript of a device-code sign-in test against the test provider (the
 * closing note of issue 18 shows it): the same run as test/oauth/console-sign-in.test.ts, with
 * what the terminal showed saved to a file.
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

async function run(out: string): Promise<void> {
  const pki = createTestPki();
  const provider = await startTestOAuthProvider({ tls: pki.issue({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] }), ca: pki.trusted, interval: 1 });
  const mailbox = await startOAuthMailbox({ pki, provider });
  const dir = mkdtempSync(join(tmpdir(), 'mailhelp-transcript-'));
  try {
    const signedIn: string[] = [];
    const result = await consoleSignIn({ pki, provider }, mailbox, dir, async (code) => {
      await provider.approveDevice(code, ALICE);
      signedIn.push(`(the test's user entered ${code} at ${provider.issuer}/device and signed in as ${ALICE})`);
    });
    const token = mailbox.tokensSeen[0] ?? '';
    const revoked = token !== '' && !(await provider.introspect(token)).active;
    const header = [
      `mailhelp console, device-code sign-in test against the test provider (oidc-provider at ${provider.issuer});`,
      `IMAP server mail.example.test:${mailbox.imap.port} refuses passwords and lets a token in only when it introspects as ${ALICE}'s with the IMAP scope.`,
      ...signedIn,
      `console exit code ${result.exitCode}; the token the IMAP server saw was ${revoked ? 'revoked after the test' : 'NOT revoked'}, and is ${result.transcript.includes(token) ? 'ON' : 'not on'} the screen.`,
      '',
    ].join('\n');
    writeFileSync(out, `${header}\n${result.transcript}`);
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
