import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiscoveryResult } from '../../src/discovery/discovery-result';
import type { Report } from '../../src/diagnosis/report';
import { runCli, runMain } from '../cli/run-cli';
import { createTestPki } from '../support/certs';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { startFakeImapServer, type FakeImapServer } from '../support/fake-imap-server';
import { scripted, startRawServer, type RawServer } from '../support/hostile-servers';
import { ZONE } from './lab';

/**
 * `mailhelp discover`, and `mailhelp diagnose EMAIL` discovering first, through main() in this
 * process; one test of each command runs the real executable.
 */
describe('mailhelp discover / diagnose EMAIL', function () {
  const pki = createTestPki();
  let dir: string;
  let dns: TestDnsServer;
  let imap: FakeImapServer;
  let smtp: RawServer;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'mailhelp-discover-'));
    writeFileSync(join(dir, 'ca.pem'), pki.ca.cert);
    imap = await startFakeImapServer({ tls: pki.issue({ commonName: 'mail.diag.test' }) });
    smtp = await startRawServer(
      scripted(['220 mail.diag.test ESMTP'], (line) => (/^EHLO /i.test(line) ? ['250-mail.diag.test', '250 AUTH PLAIN'] : /^QUIT/i.test(line) ? null : ['502 5.5.1 no'])),
    );
    dns = await startDnsServer({
      records: {
        ...ZONE,
        // Published on ports of this test's own servers, so the diagnosis can reach them.
        '_imaps._tcp.diag.test': { SRV: [{ target: 'mail.diag.test', port: imap.port }] },
        '_submission._tcp.diag.test': { SRV: [{ target: 'mail.diag.test', port: smtp.port }] },
        'mail.diag.test': { A: ['127.0.0.1'] },
        // Exists, publishes no mail settings, and none of its usual names resolves.
        'quiet.test': { TXT: ['v=spf1 -all'] },
      },
    });
    env = { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), MAILHELP_ALLOW_PORTS: `${imap.port},${smtp.port}`, MAILHELP_TIMEOUT_MS: '1500' };
  });

  after(async function () {
    await Promise.all([dns.close(), imap.close(), smtp.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const discoverJson = async (email: string): Promise<{ code: number | null; result: DiscoveryResult }> => {
    const run = await runMain(['discover', email, '--json', '--dns-server', dns.server], { env });
    assert.equal(run.stderr, '');
    return { code: run.code, result: JSON.parse(run.stdout) as DiscoveryResult };
  };

  it('discover --json: an SRV-published domain', async function () {
    const { code, result } = await discoverJson('carol@srv.test');
    assert.equal(code, 0);
    assert.deepEqual(result.incoming.map((c) => c.settings.host), ['mail2.srv.test', 'mail.srv.test', 'backup.srv.test']);
    assert.deepEqual(result.outgoing.map((c) => `${c.settings.port}/${c.settings.security}`), ['465/tls', '587/starttls']);
    assert.equal(result.notFound, false);
  });

  it('discover --json: a company domain hosted by Google (MX)', async function () {
    const { code, result } = await discoverJson('bob@google-hosted.test');
    assert.equal(code, 0);
    assert.equal(result.provider?.name, 'Google Workspace');
    assert.deepEqual(result.incoming[0]?.settings, { protocol: 'imap', host: 'imap.gmail.com', port: 993, security: 'tls' });
  });

  it('discover (text): nothing found is a clear message and exit code 1', async function () {
    const run = await runCli(['discover', 'gina@quiet.test', '--dns-server', dns.server], { env });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /Could not find the settings for quiet\.test\. Please enter them yourself/);
    assert.match(run.stdout, /SRV records\s+nothing/);
  });

  it('discover (text): ranked candidates with their sources and trip-ups', async function () {
    const run = await runMain(['discover', 'alice@gmail.com', '--dns-server', dns.server], { env });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /1\. IMAP imap\.gmail\.com port 993, SSL\/TLS — from provider table/);
    assert.match(run.stdout, /! With two-step verification on, use an app password.* https:\/\/support\.google\.com\/accounts\/answer\/185833/);
  });

  it('discover: bad input is one line and exit code 2', async function () {
    for (const args of [['discover'], ['discover', 'not-an-email'], ['discover', 'a@b.test', '--dns-server', 'nope']]) {
      const run = await runMain(args, { env });
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stderr.trimEnd().split('\n').length, 1);
    }
  });

  it('diagnose EMAIL: discovers first, then diagnoses the best incoming and outgoing', async function () {
    const run = await runMain(['diagnose', 'carl@diag.test', '--json', '--dns-server', dns.server, '--allow-net', '127.0.0.0/8'], { env });
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.settings.incoming, { protocol: 'imap', host: 'mail.diag.test', port: imap.port, security: 'tls' });
    assert.deepEqual(report.settings.outgoing, { protocol: 'smtp', host: 'mail.diag.test', port: smtp.port, security: 'starttls' });
    assert.ok(report.checks.some((c) => c.target === 'incoming' && c.name === 'tcp' && c.status === 'pass'), JSON.stringify(report.checks));
  });

  it('diagnose EMAIL (text) says where the settings came from', async function () {
    const run = await runMain(['diagnose', 'carl@diag.test', '--dns-server', dns.server, '--allow-net', '127.0.0.0/8'], { env });
    assert.match(run.stdout, /^Settings discovered for diag\.test \(from SRV records\):/);
  });

  it('diagnose EMAIL with nothing to discover is still diagnosed: a report and exit code 1', async function () {
    const missing = await runCli(['diagnose', 'gina@nothing.test', '--dns-server', dns.server], { env });
    assert.deepEqual([missing.code, missing.stderr], [1, '']);
    assert.match(missing.stdout, /the domain of your email address, nothing\.test, does not exist/);
    const quiet = await runMain(['diagnose', 'gina@quiet.test', '--json', '--dns-server', dns.server], { env });
    assert.equal(quiet.code, 1);
    assert.deepEqual((JSON.parse(quiet.stdout) as Report).findings.map((f) => f.cause), ['settings.not_found']);
  });

  it('diagnose EMAIL for Proton Mail explains that Bridge runs on the user’s computer (exit 2)', async function () {
    const run = await runMain(['diagnose', 'pat@proton.me', '--dns-server', dns.server], { env });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^mailhelp: Proton Mail \(Bridge\) runs on your own computer: the bot cannot test it from here/);
  });
});
