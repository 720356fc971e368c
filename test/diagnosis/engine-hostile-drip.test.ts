import assert from 'node:assert/strict';
import { imapDrip, pop3Drip, smtpDrip } from '../support/hostile-mail-servers';
import { causes, findingFor } from './harness';
import { useEngineSuite } from './servers';

const TIMEOUT_MS = 1000;
const DRIP_EVERY_MS = 400;
/** One step's deadline for the greeting, one for the command's whole reply, plus slack. */
const DEADLINE_MS = 3 * TIMEOUT_MS;

/**
 * A server that answers the first command one line at a time, each just inside the step
 * timeout, and never finishes (issue 12 §2). It used to hold a diagnosis for 100 lines (40 s
 * here, 90 s at 900 ms) and be reported as lacking STARTTLS; it is named as slow, in time.
 */
describe('engine: a server that drips its reply is slow, and the diagnosis ends in time', function () {
  const { h, servers } = useEngineSuite();

  const cases = [
    { protocol: 'imap' as const, host: 'imap.mail.test', behaviour: imapDrip(DRIP_EVERY_MS) },
    { protocol: 'smtp' as const, host: 'smtp.mail.test', behaviour: smtpDrip(DRIP_EVERY_MS) },
    { protocol: 'pop3' as const, host: 'pop.mail.test', behaviour: pop3Drip(DRIP_EVERY_MS) },
  ];
  for (const c of cases) {
    it(`${c.protocol} STARTTLS port dripping its capabilities → server.slow_greeting (drip)`, async function () {
      const port = await servers.raw(c.behaviour);
      const target = c.protocol === 'smtp' ? 'outgoing' : 'incoming';
      const report = await h.run({ [target]: { protocol: c.protocol, host: c.host, port, security: 'starttls' } }, { allowPorts: [port], timeoutMs: TIMEOUT_MS });
      assert.ok(report.durationMs < DEADLINE_MS, `took ${report.durationMs} ms`);
      assert.ok(causes(report).includes('server.slow_greeting'), JSON.stringify(report.findings));
      assert.ok(!causes(report).includes('tls.starttls_not_offered'), 'a slow server is not one without STARTTLS');
      assert.match(findingFor(report, 'server.slow_greeting').evidence, /one line at a time/);
    });
  }
});
