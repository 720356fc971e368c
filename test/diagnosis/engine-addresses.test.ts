import assert from 'node:assert/strict';
import type { ServerSettings } from '../../src/settings/server-settings';
import { mailZone, useEngineSuite } from './servers';
import { causes, findingFor } from './harness';
import { USER } from './servers';

/**
 * A host name with several addresses, one of them dead (the DNS server in test/support returns
 * both): every step after the first probe — TLS versions, STARTTLS, the login — runs on the
 * address that answered; the dead one is named as a partial outage, and the login result is
 * still reported. IPv4 and IPv6 alike.
 */
describe('engine: hosts with several addresses', function () {
  const { h, servers } = useEngineSuite(() => ({
    ...mailZone(),
    // 127.0.0.2 refuses (nothing listens there), 127.0.0.1 is the healthy server.
    'pool.mail.test': { A: ['127.0.0.2', '127.0.0.1'] },
    // IPv6: ::1 is the healthy server, 127.0.0.2 the dead IPv4 address.
    'dual.mail.test': { A: ['127.0.0.2'], AAAA: ['::1'] },
  }));
  const imap = (host: string, port: number): ServerSettings => ({ protocol: 'imap', host, port, security: 'tls' });
  const wrong = { user: USER, password: 'wrong-password' };

  it('dead first address: no false "TLSv1.3 only", the wrong password is still reported, the dead address named', async function () {
    const port = await servers.imap({ tls: h.pki.issue({ commonName: 'pool.mail.test' }), login: () => 'NO [AUTHENTICATIONFAILED] Authentication failed.' });
    const report = await h.run({ incoming: imap('pool.mail.test', port) }, { allowPorts: [port], credentials: wrong });
    assert.deepEqual(causes(report), ['network.partial_outage', 'auth.invalid_credentials']);
    assert.match(findingFor(report, 'network.partial_outage').evidence, /1 of 2 addresses fail \(127\.0\.0\.2 \(refused\)\); 127\.0\.0\.1 works/);
    assert.ok(!report.findings.some((f) => f.cause === 'tls.protocol_version'), 'no TLS verdict from the dead address');
    assert.ok(!report.checks.some((c) => c.name === 'tls_versions' && c.detail.includes('TLSv1.3 only')));
    assert.match(report.checks.find((c) => c.name === 'login')?.detail ?? '', /^pool\.mail\.test \(127\.0\.0\.1\) port \d+\/tls login: NO \[AUTHENTICATIONFAILED\]/);
  });

  it('IPv6 healthy, IPv4 dead: the steps and the login go to the IPv6 address', async function () {
    const port = await servers.imap({ host: '::1', tls: h.pki.issue({ commonName: 'dual.mail.test' }), login: () => 'NO [AUTHENTICATIONFAILED] Authentication failed.' });
    const report = await h.run({ incoming: imap('dual.mail.test', port) }, { allowPorts: [port], allowNets: ['127.0.0.0/8', '::1/128'], credentials: wrong });
    assert.deepEqual(causes(report), ['network.partial_outage', 'auth.invalid_credentials']);
    assert.match(findingFor(report, 'network.partial_outage').evidence, /\(127\.0\.0\.2 \(refused\)\); ::1 works/);
    assert.match(report.checks.find((c) => c.name === 'login')?.detail ?? '', /^dual\.mail\.test \(::1\) port/);
    assert.ok(!report.findings.some((f) => f.cause === 'tls.protocol_version'));
  });
});
