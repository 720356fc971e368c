import assert from 'node:assert/strict';
import type { Finding } from '../../src/diagnosis/report';
import { translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import type { ChecksSection, FieldsSection, FindingSection } from '../../src/report-document/report-document';
import { renderDocumentText } from '../../src/report-document/render-text';
import { CERT_EXPIRED, check, report, STARTTLS_ON_993 } from './support/fixtures';

const t = translator('en');
const SETTINGS = {
  email: 'alice@acme.com',
  incoming: { protocol: 'imap' as const, host: 'imap.acme.com', port: 993, security: 'tls' as const },
};
const OK: Finding = { cause: 'ok', severity: 'info', target: 'account', evidence: 'every check passed', facts: {} };
const WARNING: Finding = { cause: 'tls.cert_expiring_soon', severity: 'warning', target: 'incoming', evidence: 'expires in 5 days', facts: { days: 5 } };

describe('report document', () => {
  it('leads with the verdict naming the root cause, then the finding with its fix', () => {
    const doc = buildReportDocument(report([CERT_EXPIRED], SETTINGS), t, { language: 'en' });
    assert.equal(doc.title, 'Mail check for alice@acme.com');
    assert.deepEqual(doc.verdict, { kind: 'problem', headline: "Problem found: The server's certificate has expired" });
    const finding = doc.sections[0] as FindingSection;
    assert.equal(finding.kind, 'finding');
    assert.equal(finding.lead, true);
    assert.equal(finding.title, "The server's certificate has expired");
    assert.equal(finding.severityLabel, 'Problem');
    assert.ok(finding.explanation.length > 10, 'the cause is explained');
    assert.equal(finding.evidence, CERT_EXPIRED.evidence);
    assert.deepEqual(finding.fields, [{ label: 'Affects', value: 'Incoming' }]);
    assert.deepEqual(finding.fix, { title: 'How to fix it', summary: 'Renew the certificate', steps: ['Renew it', 'Reload the server'] });
    // The user's settings already are the verified ones: nothing to change, said as such.
    assert.deepEqual(finding.verifiedFix, { title: 'Verified fix', text: 'Security SSL/TLS (unchanged) · Port 993 (unchanged)' });
  });

  it('says what a verified fix changes from the user\'s settings, and what stays', () => {
    const starttls = { ...SETTINGS, incoming: { ...SETTINGS.incoming, security: 'starttls' as const } };
    const doc = buildReportDocument(report([STARTTLS_ON_993], starttls), t, { language: 'en' });
    assert.equal((doc.sections[0] as FindingSection).verifiedFix?.text, 'Security: STARTTLS → SSL/TLS · Port 993 (unchanged)');
    const moved = { ...STARTTLS_ON_993, fix: { summary: 'Use the other server', steps: [], settings: { host: 'mail.acme.com', port: 465, security: 'tls' as const } } };
    const other = buildReportDocument(report([moved], starttls), t, { language: 'en' });
    assert.equal((other.sections[0] as FindingSection).verifiedFix?.text, 'Server: imap.acme.com → mail.acme.com · Security: STARTTLS → SSL/TLS · Port: 993 → 465');
    const de = buildReportDocument(report([STARTTLS_ON_993], starttls), translator('de'), { language: 'de' });
    assert.deepEqual((de.sections[0] as FindingSection).verifiedFix, { title: 'Geprüfte Lösung', text: 'Sicherheit: STARTTLS → SSL/TLS · Port 993 (unverändert)' });
  });

  it('puts the problem the verdict names first, ahead of warnings the engine listed before it', () => {
    const doc = buildReportDocument(report([WARNING, CERT_EXPIRED], SETTINGS), t, { language: 'en' });
    const findings = doc.sections.filter((s): s is FindingSection => s.kind === 'finding');
    assert.deepEqual(findings.map((f) => [f.title, f.lead]), [
      ["The server's certificate has expired", true],
      [findings[1]!.title, undefined],
    ]);
    assert.equal(findings[1]!.severity, 'warning');
    assert.equal(buildReportDocument(report([WARNING], SETTINGS), t, { language: 'en' }).sections.some((s) => s.kind === 'finding' && s.lead), false, 'a warning leads nothing');
  });

  it('keeps one line of evidence', () => {
    const long = { ...CERT_EXPIRED, evidence: `first line\nsecond line ${'x'.repeat(50)}` };
    assert.equal((buildReportDocument(report([long], SETTINGS), t, { language: 'en' }).sections[0] as FindingSection).evidence, 'first line');
  });

  it('lists the settings checked and every check with its status as details, apart from the findings', () => {
    const doc = buildReportDocument(report([CERT_EXPIRED], SETTINGS), t, { language: 'en' });
    assert.equal(doc.detailsTitle, 'Details');
    assert.deepEqual(doc.details.map((d) => d.kind), ['fields', 'checks']);
    const settings = doc.details.find((s): s is FieldsSection => s.kind === 'fields');
    assert.deepEqual(settings?.fields, [
      { label: 'Email', value: 'alice@acme.com' },
      { label: 'Incoming', value: 'IMAP imap.acme.com, port 993, SSL/TLS' },
    ]);
    const checks = doc.details.find((s): s is ChecksSection => s.kind === 'checks');
    assert.deepEqual(checks?.checks.map((c) => [c.symbol, c.label, c.statusLabel]), [
      ['✓', 'Incoming · DNS lookup', 'passed'],
      ['✓', 'Incoming · Connection', 'passed'],
      ['✗', 'Incoming · TLS and certificate', 'failed'],
    ]);
    assert.match(doc.footer, /not from your device|Took 0\.4 s/);
  });

  it('puts the conversation\'s own findings first and drops the engine\'s "ok" next to them', () => {
    const side: Finding = { cause: 'client.side_suspected', severity: 'info', target: 'account', evidence: 'all passed from here', facts: {} };
    const doc = buildReportDocument(report([OK], SETTINGS), t, { language: 'en', extraFindings: [side] });
    assert.equal(doc.verdict.kind, 'client_side');
    const findings = doc.sections.filter((s): s is FindingSection => s.kind === 'finding');
    assert.deepEqual(findings.map((f) => f.title), ['The server works from here']);
  });

  it('says everything works when it does, and counts warnings with plurals', () => {
    assert.deepEqual(buildReportDocument(report([OK], SETTINGS), t, { language: 'en' }).verdict, { kind: 'ok', headline: 'Everything works' });
    assert.equal(buildReportDocument(report([WARNING], SETTINGS), t, { language: 'en' }).verdict.headline, 'Works, with 1 warning');
    assert.equal(buildReportDocument(report([WARNING, WARNING], SETTINGS), t, { language: 'en' }).verdict.headline, 'Works, with 2 warnings');
  });

  it('fits chat limits: at most six findings, long texts cut', () => {
    const many = Array.from({ length: 9 }, () => ({ ...CERT_EXPIRED, evidence: 'e'.repeat(5000) }));
    const doc = buildReportDocument(report(many, SETTINGS), t, { language: 'en' });
    const findings = doc.sections.filter((s): s is FindingSection => s.kind === 'finding');
    assert.equal(findings.length, 6);
    assert.ok(findings.every((f) => f.evidence.length <= 300 && f.evidence.endsWith('…')));
    assert.equal(doc.sections.find((s) => s.kind === 'note')?.kind === 'note' && (doc.sections.find((s) => s.kind === 'note') as { text: string }).text, '3 more findings are not shown here.');
  });

  it('titles a server-only check by its servers and shows unknown check names as they are', () => {
    const r = report([CERT_EXPIRED], { incoming: SETTINGS.incoming });
    r.checks.push(check('brand_new_check', 'skip'));
    const doc = buildReportDocument(r, t, { language: 'en' });
    assert.equal(doc.title, 'Server check for imap.acme.com:993');
    const checks = doc.details.find((s): s is ChecksSection => s.kind === 'checks');
    assert.equal(checks?.checks.at(-1)?.label, 'Incoming · brand_new_check');
    assert.equal(checks?.checks.at(-1)?.symbol, '–');
  });

  it('renders as text for the terminal: cause, fix, verified fix, evidence; details only when asked', () => {
    const doc = buildReportDocument(report([CERT_EXPIRED, WARNING], SETTINGS), t, { language: 'en' });
    const text = renderDocumentText(doc);
    assert.match(text, /^Mail check for alice@acme\.com\n=+\n✗ Problem found: The server's certificate has expired\n {2}The certificate/);
    assert.doesNotMatch(text, /\[Problem\] The server's certificate has expired/, 'the headline names the cause once');
    assert.match(text, /\[Warning\] /);
    const order = ['The certificate that proves', 'How to fix it: Renew the certificate', '1. Renew it', '✅ Verified fix:', '» certificate for imap.acme.com expired on 2026-10-01', '[Warning]'].map((part) => text.indexOf(part));
    assert.ok(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)), `in order: ${order.join(', ')}`);
    assert.doesNotMatch(text, /TLS and certificate|Settings checked/);
    assert.match(text, /Took 0\.4 s\.$/);
    const full = renderDocumentText(doc, { details: true });
    assert.match(full, /\nDetails\n-+\nSettings checked\n {2}Email: alice@acme\.com/);
    assert.match(full, /✗ Incoming · TLS and certificate {2}failed \(3 ms\) — tls fail/);
    assert.ok(full.indexOf('Details') > full.indexOf('[Warning]') && full.indexOf('Details') < full.indexOf('Took 0.4 s'));
  });
});
