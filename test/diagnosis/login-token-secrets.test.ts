import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { activeSecrets } from '../../src/logging/active-secrets';
import { createLogger } from '../../src/logging/logger';
import { secretForms } from '../../src/probes/login-common';
import { USER, useEngineSuite } from './servers';

/** An access token as an identity provider hands it out (opaque, base64url). */
const TOKEN = 'EwBwA8l6BAAUkj1Xcpm-2VJ5SrjbNOUSFW0AqZ0Ae9p4zfA_token_0123456789';

/**
 * The OAuth token is a secret like the password: a live secret for the log scrubber exactly
 * while its login runs, and never in the report, even from a server that echoes it back.
 */
describe('engine: an OAuth token is treated like a password', function () {
  const { h, servers } = useEngineSuite();

  it('is scrubbed from log lines while the login runs, kept out of the report, and forgotten after', async function () {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString()), done()) });
    const log = createLogger({ level: 'trace', destination, secrets: activeSecrets });
    const port = await servers.imap({
      tls: h.pki.issue({ commonName: 'imap.mail.test' }),
      capabilities: ['IMAP4rev1', 'SASL-IR', 'AUTH=XOAUTH2'],
      // A careless server (or library) puts the token into its answer and into a debug line.
      oauth: async (_user, token) => {
        log.debug({ reply: `token ${token} refused` }, `server said no to ${token}`);
        return { ok: false, reply: `NO [AUTHENTICATIONFAILED] Invalid token ${token}` };
      },
    });
    const credentials = { user: USER, password: '', oauth: { accessToken: TOKEN, mechanism: 'XOAUTH2' as const, providerName: 'Microsoft' } };
    const report = await h.run({ incoming: { protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' } }, { allowPorts: [port], credentials });
    assert.ok(report.findings.some((f) => f.cause === 'oauth.token_rejected'), JSON.stringify(report.findings));
    const text = JSON.stringify(report);
    for (const form of secretForms(credentials)) assert.ok(!text.includes(form), `a form of the token is in the report: ${form.slice(0, 12)}…`);
    assert.ok(lines.length > 0 && lines.every((line) => !line.includes(TOKEN)), lines.join('\n'));
    assert.equal(activeSecrets.size, 0);
    assert.equal(activeSecrets.scrub(TOKEN), TOKEN);
  });
});
