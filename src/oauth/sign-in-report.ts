import { localizeFinding, orderFindings } from '../diagnosis/localize';
import type { RawFinding } from '../diagnosis/raw-finding';
import { verdictOf, type Report } from '../diagnosis/report';
import type { Translate } from '../i18n/translator';

/** The identity provider's answer joins the report as a finding (no mail server was asked with a token). */
export function withSignInFinding(report: Report, finding: RawFinding, t: Translate): Report {
  const findings = orderFindings([...report.findings.filter((f) => f.cause !== 'ok'), localizeFinding(finding, t)]);
  return { ...report, findings, verdict: verdictOf(findings) };
}
