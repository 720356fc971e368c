import assert from 'node:assert/strict';
import { parseServerSpec } from '../../src/conversation/parse/parse-server';
import { completeServer } from '../../src/conversation/parse/complete-server';
import { diagnose } from '../../src/diagnosis/diagnose';
import { translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import { renderDocumentText } from '../../src/report-document/render-text';
import type { ServerSettings } from '../../src/settings/server-settings';
import { parseServerUrl } from '../../src/settings/parse-settings';
import { findingFor, TEST_TIMEOUT_MS } from './harness';
import { mailZone, useEngineSuite } from './servers';

/** Issue 12 §7: an IDN server is the same server from the CLI and from chat; look-alike names are named. */
describe('engine: internationalised and look-alike server names', function () {
  const { h, servers } = useEngineSuite(() => ({
    ...mailZone(),
    'imap.xn--bcher-kva.test': { A: ['127.0.0.1'] },
    'imap.xn--pypal-4ve.test': { A: ['127.0.0.1'] },
  }));

  const run = (incoming: ServerSettings, language = 'en') =>
    diagnose({ settings: { incoming }, options: { dnsServers: [h.dns.server], authoritativeDnsPort: h.dns.port, allowNets: ['127.0.0.0/8'], allowPorts: [incoming.port], ca: h.pki.trusted, timeoutMs: TEST_TIMEOUT_MS } }, language);

  /** The settings the chat builds from a typed answer. */
  const fromChat = (typed: string): ServerSettings => {
    const parsed = parseServerSpec(typed);
    assert.ok(parsed.ok, typed);
    const completed = completeServer(parsed.spec, 'incoming');
    assert.ok(completed.ok, typed);
    return completed.settings;
  };

  it('bücher typed in chat and xn--bcher-kva given to the CLI connect to the same server, and people read bücher', async function () {
    const port = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.xn--bcher-kva.test' }) });
    const cli = parseServerUrl(`imap://imap.xn--bcher-kva.test:${port}`, ['imap'], 'tls');
    const chat = fromChat(`imap.bücher.test ${port} ssl`);
    assert.deepEqual(chat, cli);
    const report = await run(chat);
    assert.equal(report.verdict, 'ok', JSON.stringify(report.findings));
    const text = renderDocumentText(buildReportDocument(report, translator('en'), { language: 'en' }));
    // The title's server list and the settings checked; the certificate's own subject stays as the certificate has it.
    const doc = buildReportDocument(report, translator('en'), { language: 'en' });
    assert.ok(text.includes(`imap.bücher.test:${port}`), text);
    const settingsSection = JSON.stringify(doc.details.find((section) => section.kind === 'fields'));
    assert.ok(settingsSection.includes('imap.bücher.test') && !settingsSection.includes('xn--'), settingsSection);
  });

  it('a Cyrillic "а" in a Latin name is a warning on both surfaces, naming the letter and both forms', async function () {
    const port = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.xn--pypal-4ve.test' }) });
    const chat = fromChat(`imap.pаypal.test:${port} ssl`);
    assert.deepEqual(chat, parseServerUrl(`imap://imap.pаypal.test:${port}`, ['imap'], 'tls'));
    const report = await run(chat);
    const warning = findingFor(report, 'input.lookalike_host');
    assert.equal(warning.severity, 'warning');
    assert.equal(warning.facts.host, 'imap.xn--pypal-4ve.test');
    assert.equal(warning.evidence, 'imap.pаypal.test (imap.xn--pypal-4ve.test): "pаypal" mixes Latin and Cyrillic letters; these are not Latin: а');
    // The server itself works: the warning does not hide that, nor turn it into an error.
    assert.equal(report.verdict, 'warning');

    const german = findingFor(await run(chat, 'de'), 'input.lookalike_host');
    assert.match(german.evidence, /Lateinisch und Kyrillisch/u);
    assert.doesNotMatch(`${german.evidence} ${german.fix?.summary ?? ""}`, /\b(?:letters|mixes|Latin)\b/u);
  });
});
