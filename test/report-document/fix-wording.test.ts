import assert from 'node:assert/strict';
import { localizeFinding } from '../../src/diagnosis/localize';
import { finding } from '../../src/diagnosis/raw-finding';
import { verdictOf } from '../../src/diagnosis/report';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';

/** The verified fix says only what changes (issue 14 point 10). */
describe('verified fix wording', () => {
  const user = { host: 'imap.acme.test', address: '203.0.113.10', port: 143, protocol: 'imap', security: 'none' };
  const fix = (port: number, security: 'tls' | 'starttls' | 'none') =>
    finding('security.plaintext_exposed', 'warning', 'incoming', { ...user, fixPort: port, fixSecurity: security }, { fixSettings: { port, security } });

  it('same port, other security: names only the security', () => {
    const summary = localizeFinding(fix(143, 'starttls'), translator('en')).fix?.summary;
    assert.equal(summary, 'Change security to STARTTLS (the port stays 143): the bot connected with exactly these settings.');
    assert.doesNotMatch(summary ?? '', /Change the port/u);
  });

  it('other port, same security: names only the port; both changed: names both', () => {
    const sameSecurity = finding('tcp.filtered', 'error', 'incoming', { ...user, security: 'starttls' }, { fixSettings: { port: 587, security: 'starttls' } });
    assert.equal(localizeFinding(sameSecurity, translator('en')).fix?.summary, 'Change the port to 587 (security stays STARTTLS): the bot connected with exactly these settings.');
    assert.match(localizeFinding(fix(993, 'tls'), translator('en')).fix?.summary ?? '', /^Change the port to 993 and security to SSL\/TLS/u);
  });

  for (const language of LANGUAGES) {
    it(`${language}: each wording exists and differs`, () => {
      const t = translator(language);
      const texts = [fix(143, 'starttls'), finding('tcp.filtered', 'error', 'incoming', { ...user, security: 'starttls' }, { fixSettings: { port: 587, security: 'starttls' } }), fix(993, 'tls')].map((f) => localizeFinding(f, t).fix?.summary ?? '');
      assert.equal(new Set(texts).size, 3, texts.join('\n'));
      for (const text of texts) assert.doesNotMatch(text, /\{\{|fix_verified/u);
    });
  }
});

describe('one section for the same words on both sides', () => {
  it('the same cause with the same text for incoming and outgoing is shown once, naming both; different texts stay apart', () => {
    const same = { cause: 'security.plaintext_exposed' as const, severity: 'warning' as const, evidence: 'the password would travel unencrypted', fix: { summary: 'Use STARTTLS', steps: [] }, facts: {} };
    const other = { ...same, evidence: 'port 25 sends the password unencrypted' };
    const findings = [
      { ...same, target: 'incoming' as const },
      { ...same, target: 'outgoing' as const },
      { ...other, target: 'outgoing' as const },
    ];
    const report = { verdict: verdictOf(findings), settings: {}, findings, checks: [], vantage: { host: 'bot', description: 'from bot' }, durationMs: 1 };
    const doc = buildReportDocument(report, translator('en'), { language: 'en' });
    const sections = doc.sections.filter((s) => s.kind === 'finding');
    assert.equal(sections.length, 2);
    assert.deepEqual(sections[0]?.kind === 'finding' && sections[0].fields[0], { label: 'Affects', value: 'Incoming, Outgoing' });
    assert.deepEqual(sections[1]?.kind === 'finding' && sections[1].fields[0], { label: 'Affects', value: 'Outgoing' });
  });
});
