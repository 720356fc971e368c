import assert from 'node:assert/strict';
import { activeSecrets } from '../../src/logging/active-secrets';
import { PASSWORD, USER, useEngineSuite } from './servers';

/**
 * The password is registered with the log scrubber exactly while a login test runs: whatever a
 * library writes into an error or trace then never reaches a log line, and nothing of it stays
 * registered (or in memory through the registry) afterwards.
 */
describe('engine: the password is a live secret only during the login test', function () {
  const { h, servers } = useEngineSuite();

  it('registered while the server receives it, forgotten once the diagnosis is over', async function () {
    const seenDuringLogin: boolean[] = [];
    const port = await servers.imap({
      tls: h.pki.issue({ commonName: 'imap.mail.test' }),
      login: (_user, password) => {
        seenDuringLogin.push(activeSecrets.scrub(`x ${password} y`) === 'x [redacted] y');
        return 'NO [AUTHENTICATIONFAILED] Invalid credentials';
      },
    });
    assert.equal(activeSecrets.size, 0);
    const report = await h.run({ incoming: { protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' } }, { allowPorts: [port], credentials: { user: USER, password: PASSWORD } });
    assert.ok(report.findings.some((f) => f.cause === 'auth.invalid_credentials'));
    assert.deepEqual(seenDuringLogin, [true]);
    assert.equal(activeSecrets.size, 0);
    assert.equal(activeSecrets.scrub(PASSWORD), PASSWORD);
  });
});
