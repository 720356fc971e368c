import assert from 'node:assert/strict';
import { observe } from '../../src/watch/observe';
import { DAY } from '../support/certs';
import { useEngineSuite } from '../diagnosis/servers';

/**
 * The watch reads facts off the engine's report (the certificate's last day, the TLS versions,
 * the cause). These run the real engine against real loopback servers, so a change of the
 * report's wording that the watch depends on fails here.
 */
describe('watch: observations from the real engine', function () {
  const { h, servers } = useEngineSuite();
  const HOST = 'imap.mail.test';

  it('a healthy IMAPS server: up, with the certificate last day and TLS versions', async function () {
    const notAfter = new Date(Date.now() + 20 * DAY);
    const port = await servers.imap({ tls: h.pki.issue({ commonName: HOST, notAfter }) });
    const report = await h.run({ incoming: { protocol: 'imap', host: HOST, port, security: 'tls' } }, { allowPorts: [port] });
    const seen = observe(report);
    assert.equal(seen.status, 'up', JSON.stringify(report.findings));
    assert.equal(seen.certificates.incoming, notAfter.toISOString().slice(0, 10));
    assert.ok(seen.tlsVersions.incoming?.includes('TLSv1.3'), JSON.stringify(report.checks));
  });

  it('a closed port: down, tcp.refused, with the evidence', async function () {
    const port = await servers.closedPort();
    const report = await h.run({ incoming: { protocol: 'imap', host: HOST, port, security: 'tls' } }, { allowPorts: [port] });
    const seen = observe(report);
    assert.equal(seen.status, 'down');
    assert.equal(seen.cause, 'tcp.refused');
    assert.match(seen.evidence ?? '', new RegExp(String(port)));
  });

  it('a closed port while another answers: down as refused, not "wrong port"; the evidence names the port that works', async function () {
    const closed = await servers.closedPort();
    const other = await servers.imap({ tls: h.pki.issue({ commonName: HOST }) });
    const report = await h.run(
      { incoming: { protocol: 'imap', host: HOST, port: closed, security: 'tls' } },
      { allowPorts: [closed, other], alternatives: { incoming: [{ port: other, security: 'tls' }] } },
    );
    assert.deepEqual(report.findings.filter((f) => f.severity === 'error').map((f) => f.cause), ['settings.wrong_port'], 'the user is told to change the port');
    const seen = observe(report);
    assert.equal(seen.status, 'down');
    assert.equal(seen.cause, 'tcp.refused', 'the admin is told the watched port refuses');
    assert.match(seen.evidence ?? '', new RegExp(`port ${closed} refused the connection; port ${other} with .+ works`));
  });

  it("a resolver that does not answer is the bot's network: unverifiable, not down", async function () {
    const report = await h.run(
      { incoming: { protocol: 'imap', host: HOST, port: 993, security: 'tls' } },
      // A loopback port where nothing answers DNS: the bot's own resolver is down.
      { dnsServers: [`127.0.0.1:${await servers.closedPort()}`] },
    );
    const seen = observe(report);
    assert.equal(seen.status, 'unverifiable', JSON.stringify(report.findings.map((f) => f.cause)));
    assert.equal(seen.cause, 'dns.resolver_unreachable');
  });
});
