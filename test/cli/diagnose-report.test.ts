import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { Report } from '../../src/diagnosis/report';
import { createTestPki } from '../support/certs';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { startFakeImapServer, type FakeImapServer } from '../support/fake-imap-server';
import { runCli, runMain } from './run-cli';

const PASSWORD = 'S3cret-Passw0rd!';

/**
 * Against real servers, names from an in-process DNS server. The logins run the real
 * executable: trust comes from NODE_EXTRA_CA_CERTS exactly as a company with an internal CA
 * would run it (Node reads it only at start-up); the rest runs main() in this process.
 */
describe('mailhelp diagnose: report', function () {
  this.timeout(20000);
  const pki = createTestPki();
  const leaf = pki.issue({ commonName: 'mail.example.test', altNames: ['mail.example.test'] });
  let dir: string;
  let dns: TestDnsServer;
  let imap: FakeImapServer;
  let smtp: SMTPServer;
  let smtpPort: number;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'mailhelp-cli-'));
    writeFileSync(join(dir, 'ca.pem'), pki.ca.cert);
    dns = await startDnsServer({ records: { 'mail.example.test': { A: ['127.0.0.1'] } } });
    imap = await startFakeImapServer({
      tls: leaf,
      login: (user, password) => (user === 'alice' && password === PASSWORD ? 'OK Logged in' : 'NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)'),
    });
    smtp = new SMTPServer({
      // smtp-server would otherwise ask the system resolver (off this machine) for a PTR record.
      disableReverseLookup: true,
      logger: false,
      secure: false,
      key: leaf.key,
      cert: leaf.cert,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (auth, _session, callback) =>
        auth.username === 'alice' && auth.password === PASSWORD
          ? callback(null, { user: 'alice' })
          : callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 })),
    });
    // The TLS version scan offers old versions on purpose; the server's complaint is expected.
    smtp.on('error', () => {});
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as { port: number }).port;
    env = {
      NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
      MAILHELP_ALLOW_PORTS: `${imap.port},${smtpPort}`,
      MAILHELP_TIMEOUT_MS: '1500',
    };
  });

  after(async function () {
    await imap.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await dns.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const serverArgs = (): string[] => [
    '--incoming', `imap://mail.example.test:${imap.port}`, '--incoming-security', 'tls',
    '--outgoing', `smtp://mail.example.test:${smtpPort}`, '--outgoing-security', 'starttls',
    '--dns-server', dns.server, '--allow-net', '127.0.0.0/8', '--user', 'alice',
  ];

  it('prints an ok report as JSON and exits 0 when everything works, password from the environment', async function () {
    const result = await runCli(['diagnose', 'alice@example.test', ...serverArgs(), '--password-env', 'MAIL_PW', '--json'], {
      env: { ...env, MAIL_PW: PASSWORD },
    });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.verdict, 'ok');
    assert.deepEqual(report.findings.map((f) => f.cause), ['ok']);
    assert.deepEqual(
      report.checks.filter((c) => c.name === 'login').map((c) => [c.target, c.status]).sort(),
      [['incoming', 'pass'], ['outgoing', 'pass']],
    );
    assert.equal(report.settings.incoming?.port, imap.port);
    assert.match(report.vantage.description, /not from your device/);
    assert.ok(!result.stdout.includes(PASSWORD) && !result.stderr.includes(PASSWORD));
  });

  it('exits 1 with the cause when the password is wrong, password from stdin, never echoing it', async function () {
    const wrong = 'wrong-Passw0rd-123';
    const result = await runCli(['diagnose', ...serverArgs(), '--password-stdin', '--json'], { env, stdin: `${wrong}\n` });
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.verdict, 'problem');
    const causes = report.findings.map((f) => `${f.target}:${f.cause}`).sort();
    // One login per account: the password the incoming server refused is not sent again to the outgoing one.
    assert.deepEqual(causes, ['incoming:auth.invalid_credentials']);
    assert.match(report.findings[0]?.evidence ?? '', /rejected/);
    const outgoingLogin = report.checks.find((c) => c.name === 'login' && c.target === 'outgoing');
    assert.equal(outgoingLogin?.status, 'skip');
    assert.match(outgoingLogin?.detail ?? '', /already refused \(incoming .*\); a second attempt would count towards the account's lockout/);
    assert.ok(!result.stdout.includes(wrong) && !result.stderr.includes(wrong));
  });

  it('without --json writes the report for a person', async function () {
    // The real executable: the verified fix needs the test CA trusted (NODE_EXTRA_CA_CERTS is read at start-up).
    const result = await runCli(['diagnose', ...serverArgs().slice(0, 2), '--dns-server', dns.server, '--allow-net', '127.0.0.0/8', '--incoming-security', 'starttls'], { env });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /✗ Problem found: STARTTLS chosen on an SSL\/TLS port\n/);
    // The headline names the cause; its explanation, fix and verified fix follow, the details last.
    assert.doesNotMatch(result.stdout, /\[Problem\] STARTTLS chosen on an SSL\/TLS port\n/);
    assert.match(result.stdout, new RegExp(`✅ Verified fix: Security: STARTTLS → SSL/TLS · Port ${imap.port} \\(unchanged\\)`));
    assert.match(result.stdout, /\nDetails\n-+\nSettings checked\n/);
    assert.match(result.stdout, new RegExp(`Change security to SSL/TLS \\(the port stays ${imap.port}\\)`));
    assert.match(result.stdout, /Checked from .*not from your device/);
  });

  it('refuses loopback when the admin has not allowed it', async function () {
    const before = imap.received.length;
    const result = await runMain(['diagnose', '--incoming', `imap://mail.example.test:${imap.port}`, '--dns-server', dns.server, '--json'], { env });
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.findings[0]?.cause, 'policy.target_refused');
    assert.equal(imap.received.length, before);
  });
});
