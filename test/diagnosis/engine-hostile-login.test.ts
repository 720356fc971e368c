import assert from 'node:assert/strict';
import { imapEndlessLine, imapLiteralBomb, smtpEndlessEhlo } from '../support/hostile-mail-servers';
import { causes, findingFor } from './harness';
import { PASSWORD, USER, useEngineSuite } from './servers';

const TIMEOUT_MS = 1500;

/**
 * Hostile servers behind a valid certificate that misbehave only once a client talks (issue 12
 * §1 and §8): the login's library is cut off at the byte cap and the report names a hostile
 * server, never "Works". The probes see a healthy IMAP greeting here (its capabilities spare
 * them a command), so the finding must come from the login itself.
 */
describe('engine: hostile servers during the login end in a finding', function () {
  const { h, servers } = useEngineSuite();
  const credentials = { user: USER, password: PASSWORD };

  it('IMAP literal bomb (* ID {999999999} and streaming) → protocol.garbage, quickly', async function () {
    const port = await servers.tls(h.pki.issue({ commonName: 'imap.mail.test' }), imapLiteralBomb);
    const report = await h.run({ incoming: { protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' } }, { allowPorts: [port], credentials, timeoutMs: TIMEOUT_MS });
    assert.equal(report.verdict, 'problem');
    assert.deepEqual(causes(report), ['protocol.garbage'], JSON.stringify(report.findings));
    assert.match(findingFor(report, 'protocol.garbage').evidence, /hostile or broken server/);
    assert.ok(report.durationMs < TIMEOUT_MS, `took ${report.durationMs} ms: the cap, not the deadline, ended it`);
  });

  it('IMAP endless line after the first command → protocol.garbage', async function () {
    const port = await servers.tls(h.pki.issue({ commonName: 'imap.mail.test' }), imapEndlessLine);
    const report = await h.run({ incoming: { protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' } }, { allowPorts: [port], credentials, timeoutMs: TIMEOUT_MS });
    assert.deepEqual(causes(report), ['protocol.garbage'], JSON.stringify(report.findings));
  });

  for (const withLogin of [false, true]) {
    it(`an endless EHLO reply ${withLogin ? 'with' : 'without'} a login is protocol.garbage, not "Works"`, async function () {
      const port = await servers.tls(h.pki.issue({ commonName: 'smtp.mail.test' }), smtpEndlessEhlo);
      const report = await h.run({ outgoing: { protocol: 'smtp', host: 'smtp.mail.test', port, security: 'tls' } }, { allowPorts: [port], timeoutMs: TIMEOUT_MS, ...(withLogin ? { credentials } : {}) });
      assert.equal(report.verdict, 'problem', JSON.stringify(report.findings));
      assert.ok(causes(report).includes('protocol.garbage'), JSON.stringify(report.findings));
      for (const check of report.checks.filter((c) => c.status === 'fail')) assert.ok(report.findings.length > 0, `${check.name} failed without a finding`);
    });
  }
});
