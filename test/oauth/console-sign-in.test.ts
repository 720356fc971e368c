import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenForms } from './token-forms';
import { consoleSignIn } from './console-sign-in';
import { ALICE, startOAuthMailbox, type OAuthMailbox } from './conversation-fixture';
import { useTestProvider } from './support';

const PASSWORD = 'old-Passw0rd-for-basic-auth';

/**
 * The third chat surface: the console under a real pseudo-terminal shows the device code in
 * the terminal, the user (played by the test on the real provider's pages) signs in, and the
 * real engine logs in to an IMAP server that lets the token in only when it introspects as
 * alice's with the IMAP scope. The report names the verified fix; the token is on no screen.
 * After a password typed at the hidden prompt and refused, the report sets both side by side.
 */
describe('console: the OAuth sign-in test (device code in the terminal)', function () {
  this.timeout(60_000);
  const fixture = useTestProvider({ interval: 1 });
  let mailbox: OAuthMailbox;
  let dir: string;

  before(async () => {
    mailbox = await startOAuthMailbox(fixture());
    dir = mkdtempSync(join(tmpdir(), 'mailhelp-console-oauth-'));
  });
  after(async () => {
    await mailbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the code in the terminal, signs in, logs in with the token and reports the verified fix', async () => {
    const { provider } = fixture();
    const run = await consoleSignIn(fixture(), mailbox, dir, (code) => provider.approveDevice(code, ALICE));
    assert.equal(run.exitCode, 0, run.transcript);
    const { transcript } = run;
    assert.match(transcript, new RegExp(`Open ${provider.issuer}/device and enter this code, then sign in as ${ALICE}:\\n +${run.code}\\n`, 'u'));
    assert.match(transcript, /Waiting for you to sign in — the code expires in 15 min/u);
    assert.match(transcript, /Signed in with Test Identity\. Testing the mail login with it now\./u);
    assert.match(transcript, /\[Note\] Modern sign-in \(OAuth\) works[\s\S]*How to fix it: Switch your app to "Sign in with Test Identity"; the bot signed in that way and opened your inbox\./u);
    assert.match(transcript, /opened the inbox \(EXAMINE INBOX: 2 messages\)/u);
    // The token the IMAP server was shown: revoked after the test, on no screen in any form.
    const token = mailbox.tokensSeen[0] ?? '';
    assert.ok(token.length > 8, 'the IMAP server saw a token');
    assert.equal((await provider.introspect(token)).active, false);
    for (const form of tokenForms(ALICE, token)) assert.ok(!transcript.includes(form), 'the token is on the screen');
  });

  it('after a password refused as basic authentication, the sign-in is the next step and the report sets both side by side', async () => {
    const { provider } = fixture();
    const seen = mailbox.tokensSeen.length;
    const run = await consoleSignIn(fixture(), mailbox, dir, (code) => provider.approveDevice(code, ALICE), PASSWORD);
    assert.equal(run.exitCode, 0, run.transcript);
    const report = run.transcript.slice(run.transcript.lastIndexOf('Mail check for'));
    // The sign-in run's progress lists its own checks only; the refused password is in the report.
    const progress = run.transcript.slice(run.transcript.lastIndexOf('Checking mail.example.test'), run.transcript.lastIndexOf('Mail check for'));
    assert.match(progress, /✓ Incoming · Sign-in: passed/u);
    assert.doesNotMatch(progress, /✗ Incoming · Sign-in: failed/u, progress);
    assert.match(progress, /Finished 8 checks in/u);
    assert.match(report, /✗ Problem found: Passwords are refused; modern sign-in \(OAuth\) works/u);
    assert.match(report, /» password: refused \("NO \[AUTHENTICATIONFAILED\] Basic authentication is disabled\."\); sign-in with Test Identity as alice@example\.test: worked/u);
    assert.match(report, /How to fix it: Switch your app to "Sign in with Test Identity"; the bot signed in that way and opened your inbox\./u);
    // The password's own finding names the account's provider and sign-in, not Microsoft's (the server only speaks like Exchange).
    assert.match(report, /How to fix it: Test Mail takes no password for IMAP: add the account in a mail app that signs in with Test Identity \(OAuth\)\./u);
    assert.doesNotMatch(run.transcript, /Microsoft|Outlook\.com|Set-CASMailbox/u);
    const token = mailbox.tokensSeen[seen] ?? '';
    assert.ok(token.length > 8, 'the IMAP server saw a token');
    for (const secret of [PASSWORD, token]) assert.ok(!run.transcript.includes(secret), 'a secret is on the screen');
  });
});
