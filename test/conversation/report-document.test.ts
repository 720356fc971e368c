import assert from 'node:assert/strict';
import type { Finding } from '../../src/diagnosis/report';
import { translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import type { ChecksSection, FieldsSection, FindingSection } from '../../src/report-document/report-document';
import { renderDocumentText } from '../../src/report-document/render-text';
import { CERT_EXPIRED, check, report } from './support/fixtures';

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
    assert.equal(finding.title, "The server's certificate has expired");
    assert.equal(finding.severityLabel, 'Problem');
    assert.ok(finding.explanation.length > 10, 'the cause is explained');
    assert.equal(finding.evidence, CERT_EXPIRED.evidence);
    assert.deepEqual(finding.fields, [
      { label: 'Affects', value: 'Incoming' },
      { label: 'Verified to work', value: 'port 993, SSL/TLS' },
    ]);
    assert.deepEqual(finding.fix, { title: 'How to fix it', summary: 'Renew the certificate', steps: ['Renew it', 'Reload the server'] });
  });

  it('lists the settings checked and every check with its status', () => {
    const doc = buildReportDocument(report([CERT_EXPIRED], SETTINGS), t, { language: 'en' });
    const settings = doc.sections.find((s): s is FieldsSection => s.kind === 'fields');
    assert.deepEqual(settings?.fields, [
      { label: 'Email', value: 'alice@acme.com' },
      { label: 'Incoming', value: 'IMAP imap.acme.com, port 993, SSL/TLS' },
    ]);
    const checks = doc.sections.find((s): s is ChecksSection => s.kind === 'checks');
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
    assert.ok(findings.every((f) => f.evidence.length <= 1000 && f.evidence.endsWith('…')));
    assert.equal(doc.sections.find((s) => s.kind === 'note')?.kind === 'note' && (doc.sections.find((s) => s.kind === 'note') as { text: string }).text, '3 more findings are not shown here.');
  });

  it('titles a server-only check by its servers and shows unknown check names as they are', () => {
    const r = report([CERT_EXPIRED], { incoming: SETTINGS.incoming });
    r.checks.push(check('brand_new_check', 'skip'));
    const doc = buildReportDocument(r, t, { language: 'en' });
    assert.equal(doc.title, 'Server check for imap.acme.com:993');
    const checks = doc.sections.find((s): s is ChecksSection => s.kind === 'checks');
    assert.equal(checks?.checks.at(-1)?.label, 'Incoming · brand_new_check');
    assert.equal(checks?.checks.at(-1)?.symbol, '–');
  });

  it('renders as text for the terminal', () => {
    const text = renderDocumentText(buildReportDocument(report([CERT_EXPIRED], SETTINGS), t, { language: 'en' }));
    assert.match(text, /^Mail check for alice@acme\.com\n=+\n✗ Problem found: The server's certificate has expired/);
    assert.match(text, /\[Problem\] The server's certificate has expired/);
    assert.match(text, /» certificate for imap\.acme\.com expired on 2026-10-01/);
    assert.match(text, /How to fix it: Renew the certificate\n {4}1\. Renew it\n {4}2\. Reload the server/);
    assert.match(text, /✗ Incoming · TLS and certificate {2}failed \(3 ms\) — tls fail/);
    assert.match(text, /Took 0\.4 s\.$/);
  });
});
