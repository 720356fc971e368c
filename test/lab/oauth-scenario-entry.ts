/**
 * Lab scenario `oauth-dovecot-xoauth2` (issue 18; run-scenarios.ts starts this file inside the
 * bot's namespace): the OAuth sign-in test end to end against a real Dovecot.
 *
 * The test's identity provider (test/support/oauth-provider.ts, a real oidc-provider) listens on
 * the bot's side of the veth ($IDP in lib.sh); oauth.lab.test's Dovecot checks every token with
 * its oauth2 passdb by RFC 7662 introspection there. `mailhelp diagnose --oauth` runs as a user
 * runs it: the code it prints is entered by the test's "user" on the provider's own pages, the
 * bot polls for the token, logs in with AUTHENTICATE XOAUTH2 and opens the inbox (EXAMINE, the
 * read-only SELECT).
 *
 * - alice@lab.test: Dovecot logs the XOAUTH2 login, the report says OAuth works (the verified
 *   fix), the token was revoked afterwards and is in no output and no Dovecot log line; over
 *   POP3 the same (AUTH XOAUTH2, then STAT).
 * - carol@lab.test, whose IMAP is off (passdb nologin for the imap service): the token is valid
 *   at introspection, Dovecot still refuses, and the report says IMAP is off for the mailbox;
 *   over POP3, which is on for her, the sign-in works.
 *
 * Exits 0 when the scenario holds, 1 with what went wrong otherwise.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../app/main';
import type { Report } from '../../src/diagnosis/report';
import { testProviderEntry } from '../oauth/support';
import { INTROSPECTION_CLIENT, startTestOAuthProvider, TEST_CLIENT_ID, type TestOAuthProvider } from '../support/oauth-provider';

const LAB_DIR = process.env.MHLAB_DIR ?? '/run/mhlab';
interface Lab {
  allowNets: string[];
  ca: string;
  dns: { ns1: string };
  user: string;
  idp: { address: string; port: number; introspectionClient: { id: string; secret: string }; imapOffUser: string };
}
const lab = JSON.parse(readFileSync(join(LAB_DIR, 'hosts.json'), 'utf8')) as Lab;
const NETWORK = ['--dns-server', lab.dns.ns1, ...lab.allowNets.flatMap((n) => ['--allow-net', n])];
const DOVECOT_LOG = join(LAB_DIR, 'logs', 'dovecot-oauth.log');
const IMAP = ['--incoming', 'imap://oauth.lab.test:993', '--incoming-security', 'tls'];
const POP3 = ['--incoming', 'pop3://oauth.lab.test:995', '--incoming-security', 'tls'];

/** `mailhelp diagnose USER --oauth` in this process; when the code appears on stderr, `approve` plays the user. */
async function diagnoseWithSignIn(user: string, providers: string, approve: (code: string) => Promise<void>, server = IMAP): Promise<{ code: number; report: Report; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let approving: Promise<void> | undefined;
  const out = new Writable({ write: (chunk, _enc, done) => ((stdout += String(chunk)), done()) });
  const err = new Writable({
    write: (chunk, _enc, done) => {
      stderr += String(chunk);
      const code = /code ([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1];
      if (code && !approving) approving = approve(code);
      done();
    },
  });
  const env = { ...process.env, MAILHELP_OAUTH_PROVIDERS: providers, MAILHELP_OAUTH_TEST_CLIENT_ID: TEST_CLIENT_ID };
  const code = await main(['diagnose', user, ...server, '--oauth', '--json', '--timeout', '5000', ...NETWORK], { stdout: out, stderr: err, env, stdin: Readable.from(['']) });
  await approving;
  process.stderr.write(stderr);
  return { code, report: JSON.parse(stdout) as Report, stderr };
}

function dovecotLogSince(offset: number): string {
  return readFileSync(DOVECOT_LOG).subarray(offset).toString('utf8');
}

async function scenario(provider: TestOAuthProvider, providers: string): Promise<void> {
  // alice: the XOAUTH2 login through, the inbox opened, the verified fix.
  let logStart = statSync(DOVECOT_LOG).size;
  const alice = await diagnoseWithSignIn(lab.user, providers, (code) => provider.approveDevice(code, lab.user));
  const aliceFindings = alice.report.findings.map((f) => `${f.target}:${f.cause}`);
  const login = alice.report.checks.find((c) => c.name === 'login');
  console.log(`${lab.user}: exit ${alice.code}, ${aliceFindings.join(', ')}; login: ${login?.detail}`);
  assert.equal(alice.code, 0);
  assert.ok(aliceFindings.includes('incoming:oauth.works'), 'OAuth works');
  assert.match(login?.detail ?? '', /AUTHENTICATE XOAUTH2, EXAMINE INBOX: \d+ messages/);
  assert.match(alice.report.findings.find((f) => f.cause === 'oauth.works')?.fix?.summary ?? '', /Switch your app to "Sign in with Test Identity"; the bot signed in that way and opened your inbox/);
  const aliceLog = dovecotLogSince(logStart);
  assert.match(aliceLog, new RegExp(`imap-login: Info: Login: user=<${lab.user}>, method=XOAUTH2`), 'Dovecot logged the XOAUTH2 login');
  // The token: revoked after the test, and in no output and no Dovecot log line.
  const token = provider.revoked[0];
  assert.ok(token, 'the bot revoked its token');
  assert.equal((await provider.introspect(token)).active, false);
  assert.ok(![JSON.stringify(alice.report), alice.stderr, aliceLog].some((text) => text.includes(token)), 'the token leaked');

  // alice over POP3: AUTH XOAUTH2 through our client, then STAT.
  logStart = statSync(DOVECOT_LOG).size;
  const pop3 = await diagnoseWithSignIn(lab.user, providers, (code) => provider.approveDevice(code, lab.user), POP3);
  const pop3Login = pop3.report.checks.find((c) => c.name === 'login');
  console.log(`${lab.user} (POP3): exit ${pop3.code}, ${pop3.report.findings.map((f) => `${f.target}:${f.cause}`).join(', ')}; login: ${pop3Login?.detail}`);
  assert.equal(pop3.code, 0);
  assert.ok(pop3.report.findings.some((f) => f.cause === 'oauth.works'), 'OAuth works over POP3');
  assert.match(pop3Login?.detail ?? '', /XOAUTH2/);
  assert.match(dovecotLogSince(logStart), new RegExp(`pop3-login: Info: Login: user=<${lab.user}>, method=XOAUTH2`), 'Dovecot logged the POP3 XOAUTH2 login');

  // carol: a valid token, IMAP off for her mailbox.
  const carolUser = lab.idp.imapOffUser;
  logStart = statSync(DOVECOT_LOG).size;
  const carol = await diagnoseWithSignIn(carolUser, providers, (code) => provider.approveDevice(code, carolUser));
  const off = carol.report.findings.find((f) => f.cause === 'oauth.protocol_disabled');
  console.log(`${carolUser}: exit ${carol.code}, ${carol.report.findings.map((f) => `${f.target}:${f.cause}`).join(', ')}; ${off?.evidence}`);
  assert.equal(carol.code, 1);
  assert.equal(off?.target, 'incoming', 'IMAP is off for this mailbox');
  assert.match(off?.evidence ?? '', /the token was valid, and oauth\.lab\.test answered "NO \[CONTACTADMIN\] Login disabled for this user"/);
  assert.ok(!carol.report.findings.some((f) => f.cause === 'oauth.works'));
  assert.match(dovecotLogSince(logStart), new RegExp(`user=<${carolUser}>, method=XOAUTH2`), 'Dovecot saw the XOAUTH2 attempt');
  // Only IMAP is off for her: POP3 lets the same kind of token in.
  const carolPop3 = await diagnoseWithSignIn(carolUser, providers, (code) => provider.approveDevice(code, carolUser), POP3);
  console.log(`${carolUser} (POP3): exit ${carolPop3.code}, ${carolPop3.report.findings.map((f) => `${f.target}:${f.cause}`).join(', ')}`);
  assert.equal(carolPop3.code, 0);
  assert.ok(carolPop3.report.findings.some((f) => f.cause === 'oauth.works'), 'POP3 is on for carol');
}

async function run(): Promise<void> {
  // setup.sh wrote the introspection client into Dovecot's oauth2 passdb; it must be the provider's.
  assert.deepEqual(lab.idp.introspectionClient, INTROSPECTION_CLIENT, 'lib.sh IDP_CLIENT_ID/IDP_CLIENT_SECRET match INTROSPECTION_CLIENT');
  const pki = join(LAB_DIR, 'pki');
  const provider = await startTestOAuthProvider({
    tls: { key: readFileSync(join(pki, 'idp.key'), 'utf8'), cert: readFileSync(join(pki, 'idp.pem'), 'utf8') },
    ca: [readFileSync(lab.ca, 'utf8')],
    listen: { host: lab.idp.address, port: lab.idp.port },
    interval: 1,
  });
  const dir = mkdtempSync(join(tmpdir(), 'mhlab-oauth-'));
  try {
    const providers = join(dir, 'providers.json');
    writeFileSync(providers, JSON.stringify([testProviderEntry(provider, { hosts: ['oauth.lab.test'] })]));
    await scenario(provider, providers);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await provider.close();
  }
}

run().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
