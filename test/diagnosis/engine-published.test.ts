import assert from 'node:assert/strict';
import type { DiscoveryResult } from '../../src/discovery/discovery-result';
import type { ServerSettings } from '../../src/settings/server-settings';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { documentCheck } from '../../src/report-document/check-lines';
import { findingFor } from './harness';
import { useEngineSuite } from './servers';

/** What discovery found for the domain, as the engine uses it: alternatives, suggestions, comparison. */
describe('engine: settings published for the domain', function () {
  const { h, servers } = useEngineSuite();

  const published = (incoming: ServerSettings[]): DiscoveryResult => ({
    email: 'alice@mail.test',
    domain: 'mail.test',
    incoming: incoming.map((settings) => ({ settings, sources: ['srv'], origin: `_imaps._tcp.mail.test SRV 0 0 ${settings.port} ${settings.host}` })),
    outgoing: [],
    conflicts: [],
    durationMs: 1,
  });

  it('probes the published port as a fix the policy allows, and verifies it', async function () {
    const closedPort = await servers.raw((socket) => socket.destroy());
    await servers.closeAll(); // a port that was just free: nothing listens there now
    const livePort = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }) });
    const mine: ServerSettings = { protocol: 'imap', host: 'imap.mail.test', port: closedPort, security: 'tls' };
    const report = await h.run(
      { email: 'alice@mail.test', incoming: mine },
      // The admin allows both ports: a published port is tried only where the policy allows it.
      { allowPorts: [closedPort, livePort], discovery: published([{ ...mine, port: livePort }]) },
    );
    const wrongPort = findingFor(report, 'settings.wrong_port');
    assert.deepEqual(wrongPort.fix?.settings, { port: livePort, security: 'tls' });
    assert.match(wrongPort.evidence, new RegExp(`port ${livePort} with SSL/TLS works`));
    // The engine's verified finding stands for the published comparison: one finding, not two.
    assert.equal(report.findings.filter((f) => f.cause === 'settings.wrong_port').length, 1);
  });

  it('suggests a discovered name for a host that does not exist', async function () {
    h.records['mailhost.mail.test'] = { A: ['127.0.0.1'] };
    const report = await h.run(
      { incoming: { protocol: 'imap', host: 'mailhots.mail.test', port: 993, security: 'tls' } },
      { discovery: published([{ protocol: 'imap', host: 'mailhost.mail.test', port: 993, security: 'tls' }]) },
    );
    assert.match(findingFor(report, 'dns.nxdomain').evidence, /mailhost\.mail\.test does/);
  });

  it('says where the user differs from what is published, even when the user port works', async function () {
    const port = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }) });
    const report = await h.run(
      { incoming: { protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' } },
      { allowPorts: [port], discovery: published([{ protocol: 'imap', host: 'imap.mail.test', port: 993, security: 'tls' }]) },
    );
    const differs = findingFor(report, 'settings.wrong_port');
    assert.equal(differs.severity, 'warning');
    assert.match(differs.evidence, /mail\.test publishes IMAP on imap\.mail\.test port 993 with SSL\/TLS/);
    assert.equal(differs.fix?.settings, undefined, 'a published setting is not a verified one');
  });

  it('a published port the policy does not allow is never connected to, and the report says why', async function () {
    // Canary listeners on the forbidden published ports (as 6379 or 22 would be): any connect is a failure.
    const canaries = await Promise.all([0, 1].map(() => servers.counting(() => {})));
    const livePort = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }) });
    const mine: ServerSettings = { protocol: 'imap', host: 'imap.mail.test', port: livePort, security: 'tls' };
    const report = await h.run(
      { email: 'alice@mail.test', incoming: mine },
      { allowPorts: [livePort], discovery: published(canaries.map((c) => ({ ...mine, port: c.port, security: 'starttls' as const }))) },
    );
    for (const canary of canaries) assert.equal(canary.accepted(), 0, `the bot connected to the published port ${canary.port}`);
    const notTried = report.checks.filter((c) => c.name === 'published_port');
    assert.deepEqual(notTried.map((c) => c.status), ['skip', 'skip']);
    for (const canary of canaries) assert.ok(notTried.some((c) => c.detail.includes(`port ${canary.port}/starttls`) && /port policy/.test(c.detail)), JSON.stringify(notTried));
    // What a person reads, in every language: the port, its security and why, no English words.
    for (const language of LANGUAGES) {
      const t = translator(language);
      for (const canary of canaries) {
        const check = notTried.find((c) => c.detail.includes(`port ${canary.port}/`))!;
        const shown = documentCheck(t, check, language);
        assert.ok(shown.detail.includes(String(canary.port)) && shown.detail.includes('STARTTLS') && shown.detail.includes('MAILHELP_ALLOW_PORTS'), `${language}: ${shown.detail}`);
        assert.notEqual(shown.label.split(' · ')[1], 'published_port', `${language}: the check has no name`);
        if (language !== 'en') assert.doesNotMatch(`${shown.label} ${shown.detail}`, /\b(?:published|policy|not tried)\b/iu, `${language}: ${shown.label} ${shown.detail}`);
      }
    }
  });
});
