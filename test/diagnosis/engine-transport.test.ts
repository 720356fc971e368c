import assert from 'node:assert/strict';
import type { ServerSettings, Security } from '../../src/settings/server-settings';
import { startFilteredPort } from '../support/filtered-port';
import { banner, binaryGarbage, closesAtOnce, mangledSmtp, silent, slowBanner } from '../support/hostile-servers';
import { causes, findingFor } from './harness';
import { imapBanner, mailZone, useEngineSuite } from './servers';

/** Connection, greeting and protocol faults, each shown by a real server on loopback. */
describe('engine: transport and greeting causes', function () {
  const { h, servers } = useEngineSuite(() => ({ ...mailZone(), 'pool.mail.test': { A: ['127.0.0.1', '127.0.0.2'] } }));

  const imap = (port: number, security: Security = 'starttls', host = 'imap.mail.test'): ServerSettings => ({ protocol: 'imap', host, port, security });
  const smtp = (port: number, security: Security = 'starttls'): ServerSettings => ({ protocol: 'smtp', host: 'smtp.mail.test', port, security });

  it('tcp.refused when nothing listens and no alternative answers', async function () {
    const port = await servers.closedPort();
    const report = await h.run({ incoming: imap(port, 'tls') }, { allowPorts: [port] });
    const f = findingFor(report, 'tcp.refused');
    assert.deepEqual(causes(report), ['tcp.refused']);
    assert.equal(f.evidence, `127.0.0.1 port ${port}: connection refused`);
    assert.equal(f.fix?.settings, undefined);
  });

  it('tcp.filtered when SYNs are dropped (full accept queue), within the connect deadline', async function () {
    const filtered = await startFilteredPort();
    servers.add(() => filtered.close());
    const report = await h.run({ incoming: imap(filtered.port, 'tls') }, { allowPorts: [filtered.port], timeoutMs: 800 });
    const f = findingFor(report, 'tcp.filtered');
    assert.deepEqual(causes(report), ['tcp.filtered']);
    assert.match(f.evidence, new RegExp(`port ${filtered.port}: no answer within \\d+ ms \\(filtered\\)`));
    assert.ok(report.durationMs < 800 + 700, `took ${report.durationMs} ms`);
  });

  it('settings.wrong_port with the published alternative that works as verified fix', async function () {
    const wrong = await servers.closedPort();
    const right = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }) });
    const report = await h.run(
      { incoming: imap(wrong, 'tls') },
      { allowPorts: [wrong, right], alternatives: { incoming: [{ port: right, security: 'tls' }] } },
    );
    const f = findingFor(report, 'settings.wrong_port');
    assert.deepEqual(causes(report), ['settings.wrong_port']);
    assert.deepEqual(f.fix?.settings, { port: right, security: 'tls' });
    assert.match(f.evidence, new RegExp(`port ${wrong} refused the connection; port ${right} with SSL/TLS works`));
    assert.deepEqual(causes(report), ['settings.wrong_port']);
  });

  it('network.partial_outage: one of two addresses of the name does not listen', async function () {
    const port = await servers.imap({ tls: h.pki.issue({ commonName: 'pool.mail.test' }) });
    const report = await h.run({ incoming: imap(port, 'tls', 'pool.mail.test') }, { allowPorts: [port] });
    const f = findingFor(report, 'network.partial_outage');
    assert.deepEqual(causes(report), ['network.partial_outage']);
    assert.equal(f.severity, 'error');
    assert.equal(f.evidence, `pool.mail.test port ${port}: 1 of 2 addresses fail (127.0.0.2 (refused)); 127.0.0.1 works. A client that tries only a failing address cannot connect.`);
  });

  it('settings.wrong_protocol: SMTP answers on the IMAP setting', async function () {
    const port = await servers.smtp({ disabledCommands: ['STARTTLS'] });
    const report = await h.run({ incoming: imap(port, 'starttls') }, { allowPorts: [port] });
    const f = findingFor(report, 'settings.wrong_protocol');
    assert.deepEqual(causes(report), ['settings.wrong_protocol']);
    assert.equal(f.facts.spokenProtocol, 'smtp');
    assert.match(f.evidence, new RegExp(`port ${port} speaks SMTP, not IMAP: "220 `));
  });

  it('server.unavailable from an IMAP `* BYE` greeting', async function () {
    const port = await servers.imap({ greeting: '* BYE Too many connections, try later' });
    const report = await h.run({ incoming: imap(port) }, { allowPorts: [port] });
    const f = findingFor(report, 'server.unavailable');
    assert.deepEqual(causes(report), ['server.unavailable']);
    assert.match(f.evidence, /refused service: "\* BYE Too many connections, try later"/);
  });

  it('server.unavailable from an SMTP 421 greeting', async function () {
    const port = await servers.raw(banner('421 4.3.2 smtp.mail.test Service not available, closing channel'));
    const report = await h.run({ outgoing: smtp(port) }, { allowPorts: [port] });
    const f = findingFor(report, 'server.unavailable');
    assert.deepEqual(causes(report), ['server.unavailable']);
    assert.match(f.evidence, /"421 4\.3\.2 smtp\.mail\.test Service not available/);
  });

  it('server.slow_greeting (error) when the server never greets', async function () {
    const port = await servers.raw(silent);
    const report = await h.run({ incoming: imap(port) }, { allowPorts: [port], timeoutMs: 600 });
    const f = findingFor(report, 'server.slow_greeting');
    assert.equal(f.severity, 'error');
    assert.match(f.evidence, new RegExp(`port ${port} sent no greeting within \\d+ ms`));
  });

  it('server.slow_greeting (warning) when the greeting comes late but in time', async function () {
    const port = await servers.raw(slowBanner(800, imapBanner('AUTH=PLAIN')));
    const report = await h.run({ incoming: imap(port, 'none') }, { allowPorts: [port] });
    const f = findingFor(report, 'server.slow_greeting');
    assert.equal(f.severity, 'warning');
    assert.match(f.evidence, new RegExp(`port ${port} greeted only after \\d+ ms`));
    assert.ok(Number(f.facts.waitedMs) >= 750, String(f.facts.waitedMs));
  });

  it('protocol.mangled_banner when a middlebox masks the SMTP greeting', async function () {
    const port = await servers.raw(mangledSmtp);
    const report = await h.run({ outgoing: smtp(port) }, { allowPorts: [port] });
    const f = findingFor(report, 'protocol.mangled_banner');
    assert.deepEqual(causes(report), ['protocol.mangled_banner']);
    assert.match(f.evidence, /greeted with "220 \*{40}"/);
  });

  it('protocol.unexpected_close when the server hangs up at once', async function () {
    const port = await servers.raw(closesAtOnce);
    const report = await h.run({ incoming: imap(port) }, { allowPorts: [port] });
    const f = findingFor(report, 'protocol.unexpected_close');
    assert.deepEqual(causes(report), ['protocol.unexpected_close']);
    assert.match(f.evidence, new RegExp(`port ${port} closed the connection before greeting`));
  });

  it('protocol.garbage when the port speaks no mail protocol', async function () {
    const port = await servers.raw(binaryGarbage);
    const report = await h.run({ incoming: imap(port) }, { allowPorts: [port] });
    const f = findingFor(report, 'protocol.garbage');
    assert.deepEqual(causes(report), ['protocol.garbage']);
    assert.match(f.evidence, new RegExp(`port ${port} sent "`));
  });
});
