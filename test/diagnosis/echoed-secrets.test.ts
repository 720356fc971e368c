import assert from 'node:assert/strict';
import { redactSecret } from '../../src/logging/redact-secret';
import { PASSWORD, USER, useEngineSuite } from './servers';

/**
 * Issue 12 §5: a server that echoes the password transformed (upper case, hex, spaced out, a
 * long piece of it) does not get it into the report, whose findings go to chat and logs.
 */
const echoes: [string, (p: string) => string][] = [
  ['upper case', (p) => p.toUpperCase()],
  ['lower case', (p) => p.toLowerCase()],
  ['hex', (p) => Buffer.from(p).toString('hex')],
  ['HEX', (p) => Buffer.from(p).toString('hex').toUpperCase()],
  ['spaced out', (p) => [...p].join(' ')],
  ['dotted', (p) => [...p].join('.')],
  ['a long piece', (p) => p.slice(3, 3 + Math.ceil(p.length / 2) + 2)],
];

describe('engine: a password echoed transformed by the server never reaches the report', function () {
  const { h, servers } = useEngineSuite();

  /** Every way the report could still show the password or its hex. */
  function leaks(text: string): boolean {
    const lower = text.toLowerCase().replace(/[\s.]/g, '');
    const secret = PASSWORD.toLowerCase();
    return lower.includes(secret) || lower.includes(Buffer.from(PASSWORD).toString('hex')) || lower.includes(secret.slice(3, 3 + Math.ceil(secret.length / 2)));
  }

  for (const [name, transform] of echoes) {
    it(`${name}`, async function () {
      const port = await servers.imap({
        tls: h.pki.issue({ commonName: 'imap.mail.test' }),
        login: (_user, password) => `NO [AUTHENTICATIONFAILED] wrong password ${transform(password)} for you`,
      });
      const report = await h.run({ incoming: { protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' } }, { allowPorts: [port], credentials: { user: USER, password: PASSWORD } });
      assert.ok(report.findings.length > 0);
      const text = JSON.stringify(report);
      assert.ok(!leaks(text), `the report carries the password: ${text.slice(0, 400)}`);
    });
  }

  it('the log scrubber masks the same transformed forms', function () {
    for (const [name, transform] of echoes) {
      assert.ok(!leaks(redactSecret(`server said ${transform(PASSWORD)}`, PASSWORD)), name);
    }
    assert.equal(redactSecret('NO [AUTHENTICATIONFAILED] Invalid credentials', PASSWORD), 'NO [AUTHENTICATIONFAILED] Invalid credentials');
  });
});
