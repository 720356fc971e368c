import assert from 'node:assert/strict';
import { discover } from '../../src/discovery/discover';
import { probeService, type ServiceProbe } from '../../src/discovery/guess/probe-service';
import { createTestPki } from '../support/certs';
import { startFakeImapServer, type FakeImapServer } from '../support/fake-imap-server';
import { banner, silent, startRawServer, type RawServer } from '../support/hostile-servers';
import { startDiscoveryLab, type DiscoveryLab } from './lab';

/** Probing guessed hosts the Thunderbird way: only a server that proves itself is kept. */
describe('discovery/guess: probing guessed hosts', function () {
  const pki = createTestPki();
  const servers: (FakeImapServer | RawServer)[] = [];
  const probe = (port: number, extra: Partial<ServiceProbe> = {}) =>
    probeService({ host: 'imap.guess.test', address: '127.0.0.1', port, protocol: 'imap', security: 'tls', timeoutMs: 1000, signal: new AbortController().signal, ca: pki.trusted, ...extra });
  async function imapsWith(cert: { key: string; cert: string }): Promise<number> {
    const server = await startFakeImapServer({ tls: cert });
    servers.push(server);
    return server.port;
  }

  after(async function () {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('keeps a TLS server with a trusted certificate for the guessed name', async function () {
    const port = await imapsWith(pki.issue({ commonName: 'imap.guess.test' }));
    const answer = await probe(port);
    assert.ok(answer.ok);
    assert.deepEqual([answer.security, answer.caveats], ['tls', []]);
  });

  it('drops a server whose certificate names other hosts: a guessed host could be anybody', async function () {
    const port = await imapsWith(pki.issue({ commonName: 'shared-hosting.example' }));
    const answer = await probe(port);
    assert.deepEqual(answer, { ok: false, problem: 'tls_failed', detail: 'certificate is not for imap.guess.test' });
  });

  it('keeps a self-signed server but marks it, as Thunderbird asks the user to accept it first', async function () {
    const port = await imapsWith(pki.issue({ commonName: 'imap.guess.test', issuer: 'self' }));
    const answer = await probe(port);
    assert.ok(answer.ok);
    assert.deepEqual(answer.caveats, ['cert_untrusted']);
  });

  it('reads STARTTLS from the capabilities on a plain port, and "none" without it', async function () {
    const withStarttls = await startFakeImapServer({ starttls: pki.issue({ commonName: 'imap.guess.test' }) });
    const without = await startFakeImapServer({});
    servers.push(withStarttls, without);
    const a = await probe(withStarttls.port, { security: 'starttls' });
    const b = await probe(without.port, { security: 'starttls' });
    assert.deepEqual([a.ok && a.security, b.ok && b.security], ['starttls', 'none']);
  });

  it('drops another protocol, and a silent port, within the deadline', async function () {
    const smtp = await startRawServer(banner('220 mail.guess.test ESMTP'));
    const quiet = await startRawServer(silent);
    servers.push(smtp, quiet);
    const wrong = await probe(smtp.port, { security: 'starttls' });
    assert.deepEqual(wrong.ok ? 'kept' : wrong.problem, 'wrong_protocol');
    const started = Date.now();
    const silentAnswer = await probe(quiet.port, { security: 'starttls', timeoutMs: 300 });
    assert.deepEqual(silentAnswer.ok ? 'kept' : silentAnswer.problem, 'no_answer');
    assert.ok(Date.now() - started < 800);
  });

  describe('through discover()', function () {
    let lab: DiscoveryLab;
    before(async function () {
      lab = await startDiscoveryLab();
    });
    after(async function () {
      await lab.close();
    });

    it('never connects to a guessed name the policy refuses (loopback by default)', async function () {
      const result = await discover('frank@guess.test', lab.options({ allowNets: [], sources: ['guess'] }));
      assert.equal(result.notFound, true);
      const attempt = result.reports?.[0]?.attempts.find((a) => a.target === 'imap.guess.test');
      assert.deepEqual(attempt, { target: 'imap.guess.test', ok: false, problem: 'policy_refused', detail: 'not allowed: 127.0.0.1 (loopback)' });
    });

    it('is called off for a side other sources already cover', async function () {
      const result = await discover('dave@ac.test', lab.options());
      const guess = result.reports?.find((r) => r.source === 'guess');
      assert.equal(guess?.status, 'skipped');
      assert.ok(result.incoming.every((c) => !c.sources.includes('guess')));
    });
  });
});
