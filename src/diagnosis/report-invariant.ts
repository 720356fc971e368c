import { channel } from 'node:diagnostics_channel';
import type { CauseId } from './causes';
import { finding, type RawFinding } from './raw-finding';
import type { Check, Report } from './report';

/**
 * The report's invariant, enforced here and only here: a verdict is `ok` only when every check
 * passed, or was skipped or untestable for a stated reason; every failed (or warning) check is
 * explained by a finding of its side that could cause it. A check nothing explains is a bug in
 * the engine's reading of its own evidence; the report then says so with
 * `diagnosis.unexplained_check` (an error), so it can never read "all good" by mistake, and the
 * `mailhelp:report` diagnostics channel carries the violation (the test suite fails on it).
 */

/**
 * Which causes can explain a check of each name, by cause-id prefix. A name not listed is
 * explained by any error or warning of its side.
 */
const EXPLAINED_BY: Readonly<Record<string, readonly string[]>> = {
  dns: ['dns.', 'policy.'],
  dns_propagation: ['dns.'],
  dns_authoritative_address: ['dns.', 'network.', 'tcp.', 'tls.', 'protocol.', 'server.', 'settings.'],
  tcp: ['network.', 'tcp.', 'settings.', 'smtp.port25_blocked', 'policy.'],
  tls: ['tls.', 'settings.', 'protocol.', 'server.'],
  tls_versions: ['tls.', 'protocol.', 'settings.'],
  greeting: ['server.', 'protocol.', 'settings.', 'tls.'],
  capabilities: ['server.', 'protocol.', 'settings.', 'tls.', 'smtp.', 'auth.'],
  // A token login that fails is explained by the OAuth test's own causes (oauth.token_rejected, …).
  login: ['auth.', 'oauth.', 'server.', 'tls.', 'tcp.', 'network.', 'protocol.', 'smtp.', 'settings.', 'policy.'],
  dnsbl: ['reputation.'],
  connection_limit: ['policy.connection_limit'],
};

const NEEDS_EXPLANATION = new Set<Check['status']>(['fail', 'warn']);

function explains(f: Pick<RawFinding, 'cause' | 'severity' | 'target'>, check: Check): boolean {
  if (f.severity === 'info') return false;
  if (f.target !== check.target && f.target !== 'account' && check.target !== 'account') return false;
  const prefixes = EXPLAINED_BY[check.name];
  return !prefixes || prefixes.some((p) => f.cause.startsWith(p));
}

/** Checks that break the invariant: failed or warning without a finding, skipped without a reason. */
export function unexplainedChecks(checks: readonly Check[], findings: readonly Pick<RawFinding, 'cause' | 'severity' | 'target'>[]): Check[] {
  return checks.filter((check) => {
    if (check.status === 'skip') return check.detail.trim() === '';
    if (!NEEDS_EXPLANATION.has(check.status)) return false;
    return !findings.some((f) => explains(f, check));
  });
}

/** One error finding per check nothing explains, so the verdict cannot be `ok`. */
export function unexplainedFindings(unexplained: readonly Check[]): RawFinding[] {
  return unexplained.map((check) =>
    finding('diagnosis.unexplained_check' satisfies CauseId, 'error', check.target, { check: check.name, status: check.status, detail: check.detail }),
  );
}

/** Every finished report, with the checks nothing explained (empty when the invariant held). */
export interface ReportPublished {
  report: Report;
  unexplained: Check[];
}

export const REPORT_CHANNEL = 'mailhelp:report';
const reports = channel(REPORT_CHANNEL);

export function publishReport(report: Report, unexplained: Check[]): void {
  if (reports.hasSubscribers) reports.publish({ report, unexplained } satisfies ReportPublished);
}
