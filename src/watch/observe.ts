import type { CauseId } from '../diagnosis/causes';
import type { Check, Finding, Report } from '../diagnosis/report';
import type { Target } from '../settings/server-settings';
import type { ServerFacts, WatchStatus } from './watch';

/** Causes that say the bot's own network stops the check, not that the server is down. */
const OWN_NETWORK_CAUSES: ReadonlySet<CauseId> = new Set(['dns.resolver_unreachable', 'smtp.port25_blocked', 'policy.target_refused']);

/** What one round of checks saw, reduced to what the watch compares between rounds. */
export interface Observation extends ServerFacts<string> {
  status: Exclude<WatchStatus, 'unknown'>;
  /** The root cause when down (or the reason the bot cannot check, when unverifiable). */
  cause?: CauseId;
  evidence?: string;
}

/**
 * Reads the engine's report. Down is any error finding about the server; a round whose only
 * errors come from the bot's own vantage (resolver, port 25 blocked here, a refused target) is
 * `unverifiable`, and so is one where every connection attempt was "could not test from here".
 */
export function observe(report: Report, published?: string): Observation {
  const errors = report.findings.filter((f) => f.severity === 'error');
  const serverErrors = errors.filter((f) => !OWN_NETWORK_CAUSES.has(f.cause));
  const ownNetwork = errors.find((f) => OWN_NETWORK_CAUSES.has(f.cause)) ?? report.findings.find((f) => f.cause === 'smtp.port25_blocked');
  const tcp = report.checks.filter((c) => c.name === 'tcp');
  const allUntestable = tcp.length > 0 && tcp.every((c) => c.status === 'untestable');
  const base = {
    certificates: certificatesOf(report.checks),
    tlsVersions: tlsVersionsOf(report.checks),
    listed: listedOf(report.findings),
    ...(published !== undefined ? { published } : {}),
  };
  const first = serverErrors[0];
  if (first) return { ...base, status: 'down', cause: watchedCause(first), evidence: first.evidence };
  if (ownNetwork) return { ...base, status: 'unverifiable', cause: ownNetwork.cause, evidence: ownNetwork.evidence };
  if (allUntestable) return { ...base, status: 'unverifiable', evidence: tcp.map((c) => c.detail).join('; ') };
  return { ...base, status: 'up' };
}

/**
 * What broke on the watched port. "Wrong port" (another port answers) is advice for a user's
 * app; the admin who watches imap.acme.com:993 needs to hear that 993 refuses or is filtered.
 * The evidence still says which other port works.
 */
function watchedCause(finding: Finding): CauseId {
  if (finding.cause !== 'settings.wrong_port') return finding.cause;
  if (finding.facts.reason === 'refused') return 'tcp.refused';
  if (finding.facts.reason === 'timeout') return 'tcp.filtered';
  return finding.cause;
}

/**
 * The certificate's last day, from the engine's `tls` check ("TLSv1.3 …; CN=… until 2026-12-20").
 * The report carries it only in that detail (and in findings when already close to expiry);
 * test/watch/observe-engine.test.ts runs the real engine so a change of that wording fails a test.
 */
function certificatesOf(checks: readonly Check[]): Partial<Record<Target, string>> {
  const found: Partial<Record<Target, string>> = {};
  for (const check of checks) {
    if (check.name !== 'tls' || check.target === 'account') continue;
    const date = /\buntil (\d{4}-\d{2}-\d{2})\b/u.exec(check.detail)?.[1];
    // Several addresses may answer: the earliest expiry is the one that bites first.
    if (date && (!found[check.target] || date < found[check.target]!)) found[check.target] = date;
  }
  return found;
}

/** Versions seen: the scan's list when it ran, else the negotiated one. */
function tlsVersionsOf(checks: readonly Check[]): Partial<Record<Target, string[]>> {
  const found: Partial<Record<Target, string[]>> = {};
  for (const target of ['incoming', 'outgoing'] as const) {
    const scan = checks.find((c) => c.name === 'tls_versions' && c.target === target && (c.status === 'pass' || c.status === 'warn'));
    const handshake = checks.find((c) => c.name === 'tls' && c.target === target && c.status !== 'fail');
    const versions = versionsIn(scan?.detail ?? '') ?? versionsIn(handshake?.detail.split(';')[0] ?? '');
    if (versions) found[target] = versions;
  }
  return found;
}

function versionsIn(detail: string): string[] | undefined {
  const versions = [...new Set(detail.match(/TLSv1(?:\.\d)?/gu) ?? [])].sort();
  return versions.length ? versions : undefined;
}

function listedOf(findings: readonly Finding[]): string[] {
  return findings
    .filter((f) => f.cause === 'reputation.dnsbl_listed')
    .map((f) => `${String(f.facts.address ?? '?')} ${String(f.facts.zone ?? '?')}`)
    .sort();
}
