import assert from 'node:assert/strict';
import type { ServerSettings } from '../../src/settings/server-settings';
import { DAY } from '../support/certs';
import { causes, findingFor } from './harness';
import { PASSWORD, USER, useEngineSuite } from './servers';

/**
 * "Verified to work" means the bot completed that combination end to end: the certificate
 * verified, the greeting came, and the login passed when one was tested. Anything less is said
 * as what the combination still needs.
 */
describe('engine: a verified fix is verified end to end', function () {
  const { h, servers } = useEngineSuite();
  const imap = (port: number, security: ServerSettings['security']): ServerSettings => ({ protocol: 'imap', host: 'imap.mail.test', port, security });
  const expiredCert = () => h.pki.issue({ commonName: 'imap.mail.test', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 10 * DAY) });

  it('143/STARTTLS and 993 share an expired certificate: no combination is offered as verified', async function () {
    // The reproduced case: the user's STARTTLS port and the implicit-TLS alternative both serve it.
    const cert = expiredCert();
    const plain = await servers.imap({ starttls: cert });
    const implicit = await servers.imap({ tls: cert });
    const report = await h.run({ incoming: imap(plain, 'starttls') }, { allowPorts: [plain, implicit], alternatives: { incoming: [{ port: implicit, security: 'tls' }] } });
    assert.deepEqual(causes(report), ['tls.cert_expired']);
    for (const f of report.findings) {
      assert.equal(f.fix?.settings, undefined, `${f.cause} offers ${JSON.stringify(f.fix?.settings)} as verified`);
      assert.doesNotMatch(f.fix?.summary ?? '', /the bot connected with exactly these settings/);
    }
  });

  it('a fix where the login failed is not verified: it says it still needs a working login', async function () {
    const good = h.pki.issue({ commonName: 'imap.mail.test' });
    const plain = await servers.imap({ starttls: good, capabilities: ['IMAP4rev1', 'STARTTLS', 'LOGINDISABLED'], capabilitiesAfterTls: ['IMAP4rev1', 'AUTH=PLAIN'], login: () => 'NO [AUTHENTICATIONFAILED] Authentication failed.' });
    const report = await h.run({ incoming: imap(plain, 'none') }, { allowPorts: [plain], credentials: { user: USER, password: 'wrong' } });
    const disabled = findingFor(report, 'auth.plaintext_disabled');
    assert.equal(disabled.fix?.settings, undefined);
    assert.match(disabled.fix?.summary ?? '', new RegExp(`^Port ${plain} with STARTTLS connects, but it is not verified to work: the login there failed too`));
    findingFor(report, 'auth.invalid_credentials');
  });

  it('the same fix with a working login is verified', async function () {
    const good = h.pki.issue({ commonName: 'imap.mail.test' });
    const plain = await servers.imap({ starttls: good, capabilities: ['IMAP4rev1', 'STARTTLS', 'LOGINDISABLED'], capabilitiesAfterTls: ['IMAP4rev1', 'AUTH=PLAIN'] });
    const report = await h.run({ incoming: imap(plain, 'none') }, { allowPorts: [plain], credentials: { user: USER, password: PASSWORD } });
    const disabled = findingFor(report, 'auth.plaintext_disabled');
    assert.deepEqual(disabled.fix?.settings, { port: plain, security: 'starttls' });
    assert.match(disabled.fix?.summary ?? '', /the bot connected with exactly these settings/);
  });
});
