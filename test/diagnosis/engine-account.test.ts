import assert from 'node:assert/strict';
import type { ServerSettings, Security } from '../../src/settings/server-settings';
import { DAY } from '../support/certs';
import { silent } from '../support/hostile-servers';
import { until } from '../support/until';
import { causes, findingFor } from './harness';
import { PASSWORD, USER, mailZone, useEngineSuite } from './servers';

const credentials = { user: USER, password: PASSWORD };

/** Whole-account behaviour: healthy, several faults at once, warnings, secrets, cancelling. */
describe('engine: account-level behaviour', function () {
  const { h, servers } = useEngineSuite(() => ({
    ...mailZone(),
    // Blocklists: 127.0.0.1 listed on one, the other refuses the query (127.255.255.254).
    '1.0.0.127.bl.test': { A: ['127.0.0.2'], TXT: ['Listed: spam source, see https://bl.test/127.0.0.1'] },
    '1.0.0.127.refusing.test': { A: ['127.255.255.254'] },
  }));

  const imap = (port: number, security: Security = 'tls'): ServerSettings => ({ protocol: 'imap', host: 'imap.mail.test', port, security });
  const smtp = (port: number, security: Security = 'starttls'): ServerSettings => ({ protocol: 'smtp', host: 'smtp.mail.test', port, security });

  async function healthyImap(): Promise<number> {
    return servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }) });
  }

  it('healthy IMAP + SMTP with login: verdict ok and only the `ok` finding', async function () {
    const imapPort = await healthyImap();
    const smtpPort = await servers.smtp({ ...h.pki.issue({ commonName: 'smtp.mail.test' }) });
    const report = await h.run(
      { email: USER, incoming: imap(imapPort), outgoing: smtp(smtpPort) },
      { allowPorts: [imapPort, smtpPort], credentials },
    );
    assert.equal(report.verdict, 'ok', JSON.stringify(report.findings));
    assert.deepEqual(causes(report), ['ok']);
    const logins = report.checks.filter((c) => c.name === 'login');
    assert.deepEqual(logins.map((c) => `${c.target}:${c.status}`).sort(), ['incoming:pass', 'outgoing:pass']);
    assert.ok(report.vantage.description.length > 0);
  });

  it('two faults: wrong port, and the port that answers has an expired certificate (so it is no verified fix)', async function () {
    const wrong = await servers.closedPort();
    const expired = await servers.imap({
      tls: h.pki.issue({ commonName: 'imap.mail.test', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 10 * DAY) }),
    });
    const report = await h.run(
      { incoming: imap(wrong) },
      { allowPorts: [wrong, expired], alternatives: { incoming: [{ port: expired, security: 'tls' }] } },
    );
    const port = findingFor(report, 'settings.wrong_port');
    // Not verified end to end (its certificate expired): not offered as settings that work.
    assert.equal(port.fix?.settings, undefined);
    assert.match(port.fix?.summary ?? '', new RegExp(`^Port ${expired} with SSL/TLS answers, but it is not verified to work: its certificate fails too`));
    const cert = findingFor(report, 'tls.cert_expired');
    assert.match(cert.evidence, /certificate for CN=imap\.mail\.test expired on /);
    assert.equal(cert.facts.port, expired);
    assert.deepEqual(causes(report), ['settings.wrong_port', 'tls.cert_expired']);
  });

  it('security.plaintext_exposed (warning) with the verified STARTTLS fix on the same port', async function () {
    const port = await servers.imap({ starttls: h.pki.issue({ commonName: 'imap.mail.test' }) });
    const report = await h.run({ incoming: imap(port, 'none') }, { allowPorts: [port] });
    const f = findingFor(report, 'security.plaintext_exposed');
    assert.equal(f.severity, 'warning');
    assert.equal(f.evidence, `imap.mail.test port ${port} accepts login without encryption`);
    assert.deepEqual(f.fix?.settings, { port, security: 'starttls' });
    assert.equal(report.verdict, 'warning');
  });

  it('security.plaintext_exposed on SMTP, proven by the AUTH challenge before TLS', async function () {
    const port = await servers.smtp({ allowInsecureAuth: true, ...h.pki.issue({ commonName: 'smtp.mail.test' }) });
    const report = await h.run({ outgoing: smtp(port, 'none') }, { allowPorts: [port] });
    const f = findingFor(report, 'security.plaintext_exposed');
    assert.deepEqual(f.fix?.settings, { port, security: 'starttls' });
  });

  it('reputation.dnsbl_listed is a warning; a 127.255.255.x answer is "could not check", never listed', async function () {
    const port = await healthyImap();
    const report = await h.run({ incoming: imap(port) }, { allowPorts: [port], dnsblZones: ['bl.test', 'refusing.test'] });
    const listed = report.findings.filter((f) => f.cause === 'reputation.dnsbl_listed');
    assert.equal(listed.length, 1, JSON.stringify(report.findings));
    assert.equal(listed[0]?.severity, 'warning');
    assert.equal(listed[0]?.facts.zone, 'bl.test');
    assert.match(listed[0]?.evidence ?? '', /127\.0\.0\.1 is listed on bl\.test \(127\.0\.0\.2\) Listed: spam source/);
    assert.equal(report.verdict, 'warning');
    const check = report.checks.find((c) => c.name === 'dnsbl');
    assert.match(check?.detail ?? '', /127\.0\.0\.1 in refusing\.test: refused/);
  });

  it('a blocklist that only refuses the query: the check is untestable, no finding', async function () {
    const port = await healthyImap();
    const report = await h.run({ incoming: imap(port) }, { allowPorts: [port], dnsblZones: ['refusing.test'] });
    assert.deepEqual(causes(report), ['ok']);
    assert.equal(report.checks.find((c) => c.name === 'dnsbl')?.status, 'untestable');
  });

  it('the password never appears in the report, even when the server echoes it', async function () {
    const port = await servers.imap({
      tls: h.pki.issue({ commonName: 'imap.mail.test' }),
      login: (user, password) => `NO [AUTHENTICATIONFAILED] Invalid credentials for ${user} with ${password} (${Buffer.from(password).toString('base64')})`,
    });
    const report = await h.run({ incoming: imap(port) }, { allowPorts: [port], credentials });
    findingFor(report, 'auth.invalid_credentials');
    const json = JSON.stringify(report);
    assert.ok(!json.includes(PASSWORD), json);
    assert.ok(!json.includes(Buffer.from(PASSWORD).toString('base64')), json);
  });

  it('cancelling through options.signal ends the diagnosis promptly and closes every socket', async function () {
    const server = await servers.counting(silent);
    const controller = new AbortController();
    const running = h.run({ incoming: imap(server.port, 'starttls') }, { allowPorts: [server.port], timeoutMs: 5000, signal: controller.signal, credentials });
    await until(() => server.accepted() > 0, 'the diagnosis to connect');
    const cancelledAt = performance.now();
    controller.abort();
    const report = await running;
    const ms = performance.now() - cancelledAt;
    assert.equal(report.checks.find((c) => c.name === 'cancelled')?.status, 'skip');
    // Well before the 5 s deadline the silent server would have let it run into.
    assert.ok(ms < 2000, `ended ${Math.round(ms)} ms after the cancel`);
    await until(() => server.open() === 0, `the ${server.open()} of ${server.accepted()} connections still open to close`);
  });
});
