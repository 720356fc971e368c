import { localizeFinding, orderFindings } from '../diagnosis/localize';
import type { RawFinding } from '../diagnosis/raw-finding';
import { type Finding, verdictOf, type Report } from '../diagnosis/report';
import type { Translate } from '../i18n/translator';

/** The identity provider's answer joins the report as a finding (no mail server was asked with a token). */
export function withSignInFinding(report: Report, finding: RawFinding, t: Translate): Report {
  const findings = orderFindings([...report.findings.filter((f) => f.cause !== 'ok'), localizeFinding(finding, t)]);
  return { ...report, findings, verdict: verdictOf(findings) };
}

/**
 * The finding that makes OAuth the way in: the bot signed in with it, and no password test
 * beside it worked too (side by side, `oauth.compared` says so; `oauth.use_oauth` is an error).
 */
export function oauthWayIn<F extends Pick<Finding, 'cause'>>(findings: readonly F[]): F | undefined {
  if (findings.some((f) => f.cause === 'oauth.compared')) return undefined;
  return findings.find((f) => f.cause === 'oauth.works');
}
