import assert from 'node:assert/strict';
import { diagnosisDeadlineMs } from '../../src/diagnosis/diagnosis-deadline';
import { silent } from '../support/hostile-servers';
import { useEngineSuite } from './servers';

/** Issue 12 §2: one overall deadline per diagnosis, derived from the step timeout and the login budget. */
describe('engine: the overall diagnosis deadline', function () {
  const { h, servers } = useEngineSuite();

  it('is eight sequential steps plus the login budget', function () {
    assert.equal(diagnosisDeadlineMs(5000, 20000), 60000);
    assert.equal(diagnosisDeadlineMs(1000, 20000), 28000);
  });

  it('is stated in the report', async function () {
    const port = await servers.raw(silent);
    const report = await h.run({ incoming: { protocol: 'imap', host: 'imap.mail.test', port, security: 'starttls' } }, { allowPorts: [port], timeoutMs: 300, loginTimeoutMs: 2000 });
    assert.equal(report.deadlineMs, 8 * 300 + 2000);
  });
});
