import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerAuthenticationResponse } from 'smtp-server';
import type { Report } from '../../src/diagnosis/report';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { startFakeImapServer, type FakeImapServer } from '../support/fake-imap-server';
import { MAIL_SCOPES } from '../support/oauth-provider';
import { tokenChecker } from '../support/oauth-verifier';
import { testProviderEntry, useTestProvider } from '../oauth/support';
import { BASIC_AUTH_OFF } from '../oauth/conversation-fixture';
// Builds dist/ once before the tests (a build takes longer than a test may).
import { MAILHELP_BIN as BIN } from '../support/mailhelp-bin';

const ALICE = 'alice@example.test';
const PASSWORD = 'old-Passw0rd-for-basic-auth';

/**
 * `mailhelp diagnose --oauth`, the real executable: the device code is printed to the terminal
 * (stderr), the test plays the user on the real provider's pages, and the mail servers let the
 * bot in only with a token that introspects as alice's with the right scope.
 */
describe('mailhelp diagnose --oauth (device code in the terminal)', function () {
  this.timeout(60_000);
  const fixture = useTestProvider({ interval: 1 });
  let dir: string;
  let dns: TestDnsServer;
  let imap: FakeImapServer;
  let smtp: SMTPServer;
  let smtpPort: number;
  const imapOff = new Set<string>();
  let tokensSeen: string[];

  before(async () => {
    const { pki, provider } = fixture();
    dir = mkdtempSync(join(tmpdir(), 'mailhelp-oauth-'));
    writeFileSync(join(dir, 'ca.pem'), pki.ca.cert);
    writeFileSync(join(dir, 'providers.json'), JSON.stringify([testProviderEntry(provider)]));
    const leaf = pki.issue({ commonName: 'mail.example.test', altNames: ['mail.example.test'] });
    dns = await startDnsServer({ records: { 'mail.example.test': { A: ['127.0.0.1'] } } });
    const imapCheck = tokenChecker(provider, MAIL_SCOPES.imap);
    imap = await startFakeImapServer({
      tls: leaf,
      capabilities: ['IMAP4rev1', 'ID', 'SASL-IR', 'AUTH=PLAIN', 'AUTH=XOAUTH2'],
      // Passwords are refused the way Exchange Online refuses them with basic authentication off.
      login: () => BASIC_AUTH_OFF,
      oauth: async (user, token) => {
        tokensSeen.push(token);
        const verdict = await imapCheck(user, token);
        if (verdict !== 'ok') return { ok: false, status: 'invalid_token' };
        return imapOff.has(user) ? { ok: false, reply: 'NO AUTHENTICATE failed.' } : { ok: true };
      },
    });
    const smtpCheck = tokenChecker(provider, MAIL_SCOPES.smtp);
    smtp = new SMTPServer({
      disableReverseLookup: true,
      logger: false,
      key: leaf.key,
      cert: leaf.cert,
      authMethods: ['XOAUTH2'],
      onAuth: (auth, _session, callback) =>
        void smtpCheck(auth.username ?? '', auth.accessToken ?? '').then((verdict) =>
          verdict === 'ok' ? callback(null, { user: auth.username }) : callback(null, { data: { status: '401' } } as SMTPServerAuthenticationResponse),
        ),
    });
    smtp.on('error', () => {});
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  });
  beforeEach(() => (tokensSeen = []));
  after(async () => {
    await imap?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await dns?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI; when the code appears on stderr, `user` signs in (or nobody, or declines). */
  function run(args: string[], act: (code: string) => Promise<void>, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'diagnose', ...args], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
          MAILHELP_ALLOW_PORTS: `${imap.port},${smtpPort}`,
          MAILHELP_TIMEOUT_MS: '3000',
          MAILHELP_OAUTH_PROVIDERS: join(dir, 'providers.json'),
          MAILHELP_OAUTH_TEST_CLIENT_ID: 'mailhelp-test',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let acted = false;
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const code = /code ([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1];
        if (code && !acted) {
          acted = true;
          act(code).catch(reject);
        }
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const serverArgs = (): string[] => [
    ALICE,
    '--incoming', `imap://mail.example.test:${imap.port}`, '--incoming-security', 'tls',
    '--outgoing', `smtp://mail.example.test:${smtpPort}`, '--outgoing-security', 'starttls',
    '--dns-server', dns.server, '--allow-net', '127.0.0.0/8', '--oauth',
  ];

  it('signs in with the code, logs in over IMAP and SMTP with the token, and reports the verified fix', async () => {
    const { provider } = fixture();
    const result = await run([...serverArgs(), '--json'], (code) => provider.approveDevice(code, ALICE));
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stderr, new RegExp(`open ${provider.issuer}/device and enter the code [A-Z]{4}-[A-Z]{4}\\. Sign in as ${ALICE}\\.`));
    assert.match(result.stderr, /Waiting for you to sign in — the code expires in 15 min/);
    const report = JSON.parse(result.stdout) as Report;
    assert.deepEqual(report.findings.map((f) => `${f.target}:${f.cause}`).sort(), ['incoming:oauth.works', 'outgoing:oauth.works']);
    const incoming = report.findings.find((f) => f.target === 'incoming')!;
    assert.equal(incoming.fix?.summary, 'Switch your app to "Sign in with Test Identity"; the bot signed in that way and opened your inbox.');
    assert.match(report.checks.find((c) => c.name === 'login' && c.target === 'incoming')?.detail ?? '', /AUTHENTICATE XOAUTH2, EXAMINE INBOX: 2 messages/);
    // The token was revoked after the test, and never printed.
    const token = tokensSeen[0]!;
    assert.ok(token);
    assert.equal((await provider.introspect(token)).active, false);
    assert.ok(!result.stdout.includes(token) && !result.stderr.includes(token));
  });

  it('with --password-env beside --oauth, reports the refused password and the working sign-in side by side', async () => {
    const { provider } = fixture();
    const incoming = serverArgs().slice(0, 5);
    const result = await run([...incoming, '--dns-server', dns.server, '--allow-net', '127.0.0.0/8', '--password-env', 'MAIL_PW', '--oauth'], (code) => provider.approveDevice(code, ALICE), { MAIL_PW: PASSWORD });
    // Basic authentication off is a problem until the app is switched: exit 1, with the verified fix.
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /Passwords are refused; modern sign-in \(OAuth\) works/);
    assert.match(result.stdout, /password: refused \("NO \[AUTHENTICATIONFAILED\] Basic authentication is disabled\."\); sign-in with Test Identity as alice@example\.test: worked, mail\.example\.test opened the mailbox/);
    assert.match(result.stdout, /Switch your app to "Sign in with Test Identity"; the bot signed in that way and opened your inbox\./);
    // Both logins are in the checks: the password's refused, then the token's through.
    assert.match(result.stdout, /✗ Incoming · Sign-in +failed [^\n]*Basic authentication is disabled\.[^\n]*\n +✓ Incoming · Sign-in +passed [^\n]*AUTHENTICATE XOAUTH2/);
    const token = tokensSeen[0]!;
    assert.ok(token, 'the IMAP server saw a token');
    assert.equal((await provider.introspect(token)).active, false, 'revoked after the test');
    for (const secret of [PASSWORD, token]) assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret));
  });

  it('names the mailbox setting when IMAP is off for the mailbox but the token is good', async () => {
    const { provider } = fixture();
    imapOff.add(ALICE);
    try {
      const result = await run(serverArgs(), (code) => provider.approveDevice(code, ALICE));
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /IMAP is turned off for this mailbox/);
      assert.match(result.stdout, /Set-CASMailbox -Identity alice@example\.test -ImapEnabled \$true/);
    } finally {
      imapOff.delete(ALICE);
    }
  });

  it('reports a declined sign-in as a finding, without logging in anywhere', async () => {
    const { provider } = fixture();
    const result = await run([...serverArgs(), '--json'], (code) => provider.approveDevice(code, ALICE, { deny: true }));
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    const signIn = report.findings.find((f) => f.cause === 'oauth.sign_in_failed');
    assert.ok(signIn, JSON.stringify(report.findings));
    assert.equal(signIn.evidence, "the sign-in was declined on Test Identity's page");
    assert.deepEqual(tokensSeen, []);
  });
});
