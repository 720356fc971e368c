import { resolveAddresses, type DnsFailureCode, type DnsOptions } from '../probes/dns';
import type { TargetPolicy } from '../policy/target-policy';
import type { AttemptProblem } from './discovery-result';

export type AllowedAddress =
  | { ok: true; address: string }
  | { ok: false; problem: AttemptProblem; detail: string };

/**
 * Resolves a name and returns the first address the target policy allows (IPv4 first), which
 * the caller then connects to directly: the policy is checked on the exact address used, and
 * nothing re-resolves the name in between (no DNS rebinding past the check).
 */
export async function allowedAddress(host: string, policy: TargetPolicy, dns: DnsOptions): Promise<AllowedAddress> {
  const lookup = await resolveAddresses(host, dns);
  if (!lookup.ok) {
    return { ok: false, problem: dnsProblem(lookup.code), detail: `${lookup.code}: ${lookup.message}` };
  }
  const ordered = [...lookup.addresses].sort((a, b) => a.family - b.family);
  const refusals: string[] = [];
  for (const { address } of ordered) {
    const decision = policy.checkAddress(address);
    if (decision.allowed) return { ok: true, address };
    refusals.push(`${address} (${decision.reason})`);
  }
  return { ok: false, problem: 'policy_refused', detail: `not allowed: ${refusals.join(', ')}` };
}

/** The port rule: what the policy allows, plus the ports a source itself must use (80/443 for autoconfig). */
export function portAllowed(port: number, policy: TargetPolicy, inherent: readonly number[] = []): boolean {
  return inherent.includes(port) || policy.checkPort(port).allowed;
}

/** A DNS failure as a discovery problem: absence (nxdomain, no records) or a broken look-up. */
export function dnsProblem(code: DnsFailureCode): AttemptProblem {
  switch (code) {
    case 'nxdomain':
      return 'nxdomain';
    case 'nodata':
      return 'no_records';
    case 'timeout':
      return 'timeout';
    default:
      return 'dns_failed';
  }
}
