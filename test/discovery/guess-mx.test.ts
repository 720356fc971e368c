import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { discover } from '../../src/discovery/discover';
import type { DiscoveryOptions } from '../../src/discovery/discovery-options';
import { createTestPki } from '../support/certs';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { startFakeImapServer, type FakeImapServer } from '../support/fake-imap-server';
import { closedPort } from '../support/closed-port';

/**
 * A domain whose only mail record is an MX at a hosting company: discovery guesses the hoster's
 * names (imap./smtp./mail. under the MX host's domain, and the MX host itself) the way
 * Thunderbird does, and keeps only a server whose certificate is valid for the guessed name.
 * Real TLS servers on loopback; every name of the zone points at 127.0.0.1, and each standard
 * port is one server with one certificate, so only the name that certificate covers survives.
 */
describe('discovery/guess: a domain with only MX records at a hoster', function () {
  const pki = createTestPki();
  let dns: TestDnsServer;
  let imaps: FakeImapServer;
  let imapPlain: FakeImapServer;
  let smtps: SMTPServer;
  let submission: SMTPServer;
  let options: DiscoveryOptions;

  const listen = async (server: SMTPServer): Promise<number> => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.server.address() as AddressInfo).port;
  };

  before(async function () {
    // 993: IMAP with a certificate for imap.hoster.test (kept there, not for mx1 or mail.).
    imaps = await startFakeImapServer({ tls: pki.issue({ commonName: 'imap.hoster.test' }) });
    // 143: IMAP without STARTTLS: nothing proves any name, so nothing is kept.
    imapPlain = await startFakeImapServer({});
    // 465: SMTP with another customer's certificate: dropped for every guessed name.
    smtps = new SMTPServer({ logger: false, disableReverseLookup: true, secure: true, authOptional: true, ...pki.issue({ commonName: 'www.other-customer.test' }) });
    // 587: SMTP with STARTTLS and a certificate for smtp.hoster.test.
    submission = new SMTPServer({ logger: false, disableReverseLookup: true, authOptional: true, ...pki.issue({ commonName: 'smtp.hoster.test' }) });
    // A dropped guess hangs up mid-handshake; the servers log that as an error event.
    for (const server of [smtps, submission]) server.on('error', () => undefined);
    // 995 and 110: a loopback port nothing listens on (refused at once).
    const closed = await closedPort();
    const ports = { 993: imaps.port, 143: imapPlain.port, 465: await listen(smtps), 587: await listen(submission), 995: closed, 110: closed };
    const loopback = { A: ['127.0.0.1'] };
    dns = await startDnsServer({
      records: {
        'shop.test': { MX: [{ exchange: 'mx1.hoster.test', priority: 10 }] },
        'mx1.hoster.test': loopback,
        'imap.hoster.test': loopback,
        'smtp.hoster.test': loopback,
        'mail.hoster.test': loopback,
      },
    });
    options = {
      dnsServers: [dns.server],
      allowNets: ['127.0.0.0/8'],
      allowPorts: Object.values(ports),
      ca: pki.trusted,
      guessPorts: ports,
      // Generous: sixteen guesses with TLS run at once on a busy machine; nothing waits for it.
      timeoutMs: 8000,
      sources: ['mx', 'guess'],
    };
  });

  after(async function () {
    await Promise.all([dns.close(), imaps.close(), imapPlain.close(), new Promise<void>((r) => smtps.close(() => r())), new Promise<void>((r) => submission.close(() => r()))]);
  });

  it('finds imap.hoster.test:993 and smtp.hoster.test:587, each proven by its certificate', async function () {
    const result = await discover('ann@shop.test', options);
    assert.deepEqual(
      result.incoming.map((c) => c.settings),
      [{ protocol: 'imap', host: 'imap.hoster.test', port: 993, security: 'tls' }],
    );
    assert.deepEqual(
      result.outgoing.map((c) => c.settings),
      [{ protocol: 'smtp', host: 'smtp.hoster.test', port: 587, security: 'starttls' }],
    );
    assert.match(result.incoming[0]?.origin ?? '', /valid certificate for imap\.hoster\.test \(named after the MX host mx1\.hoster\.test\)/);
    assert.equal(result.notFound, false);
  });

  it('says why every other guess was dropped', async function () {
    const result = await discover('ann@shop.test', options);
    const attempts = result.reports?.find((r) => r.source === 'guess')?.attempts ?? [];
    const detail = (target: string): string | undefined => attempts.find((a) => a.target === target)?.detail;
    assert.match(detail('mx1.hoster.test:993') ?? '', /certificate is not for mx1\.hoster\.test/);
    assert.match(detail('smtp.hoster.test:465') ?? '', /certificate is not for smtp\.hoster\.test/);
    assert.match(detail('mx1.hoster.test:587') ?? '', /certificate not valid for mx1\.hoster\.test/);
    assert.match(detail('imap.hoster.test:143') ?? '', /no STARTTLS offered: nothing proves the name imap\.hoster\.test/);
    // The domain's own usual names were tried too, and do not exist.
    assert.equal(attempts.find((a) => a.target === 'imap.shop.test')?.problem, 'nxdomain');
  });

  it('guesses nothing under an MX host of a provider in the table (the MX source knows it)', async function () {
    const result = await discover('bob@google-hosted.test', {
      ...options,
      dnsServers: [dns.server],
      sources: ['guess'],
    });
    const tried = (result.reports?.[0]?.attempts ?? []).map((a) => a.target);
    assert.ok(tried.every((t) => !t.includes('google.com')), tried.join(', '));
  });
});
