import { checkPropagation, resolveAddresses, type AddressLookup, type PropagationView, type ResolvedAddress } from '../probes/dns';
import type { ServerSettings, Target } from '../settings/server-settings';
import type { DiagnosisContext } from './context';
import { finding, type RawFinding } from './raw-finding';
import type { CheckFact } from './report';
import { suggestHost } from './suggest-host';

/** At most this many addresses of one name are probed: enough to see a bad node in a pool. */
export const MAX_ADDRESSES = 4;

export interface ResolvedTarget {
  /** Addresses the policy allows, IPv4 first. */
  addresses: ResolvedAddress[];
  findings: RawFinding[];
  /** When the resolvers and the zone's own servers disagree: what the zone itself says. */
  authoritative?: string[];
}

/**
 * Host name to the addresses that may be probed: DNS (with the propagation check beside it),
 * then the target policy on every address. Nothing is re-resolved later: the probes connect to
 * exactly these addresses, so a rebinding resolver cannot swap them after the check.
 */
export async function resolveTarget(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  email: string | undefined,
): Promise<ResolvedTarget> {
  const portDecision = ctx.policy.checkPort(settings.port);
  if (!portDecision.allowed) {
    return { addresses: [], findings: [refused(target, settings, String(settings.port), portDecision.reason)] };
  }
  const isLiteral = /^[\d.]+$|:/.test(settings.host);
  const [lookup, propagation] = await Promise.all([
    resolveAddresses(settings.host, ctx.dns),
    isLiteral ? undefined : checkPropagation(settings.host, ctx.dns),
  ]);
  ctx.record({
    name: 'dns',
    target,
    status: lookup.ok ? 'pass' : 'fail',
    ms: lookup.ms,
    detail: lookup.ok ? lookup.addresses.map((a) => a.address).join(', ') : `${lookup.code}: ${lookup.message}`,
    about: lookup.ok ? { id: 'dns_addresses', values: { addresses: lookup.addresses.map((a) => a.address).join(', ') } } : { id: 'dns_failed', codes: { reason: `dns.${lookup.code}` } },
  });
  const findings: RawFinding[] = [];
  if (propagation) {
    ctx.record({
      name: 'dns_propagation',
      target,
      // No view answered at all (resolver silent, refusing, failing): nothing was compared.
      status: !propagation.views.some((v) => v.addresses || v.error === 'nxdomain' || v.error === 'nodata') ? 'fail' : propagation.consistent ? 'pass' : 'warn',
      ms: propagation.ms,
      detail: propagation.views.map((v) => `${v.source}: ${v.addresses?.join(' ') ?? v.error}`).join('; '),
      about: { id: 'dns_views', parts: { name: 'views', facts: propagation.views.map(viewFact) } },
    });
    if (!propagation.consistent) {
      const views = propagation.views.filter((v) => v.addresses).map((v) => `${v.source} → ${v.addresses?.join(', ')}`);
      findings.push(finding('dns.propagation_mismatch', 'warning', target, { host: settings.host, views: views.join('; ') }));
    }
  }
  const authoritative = propagation && !propagation.consistent ? authoritativeAddresses(propagation.views) : undefined;
  if (!lookup.ok) return { addresses: [], findings: [...(await dnsFailure(ctx, target, settings, email, lookup)), ...findings] };

  const ordered = [...lookup.addresses].sort((a, b) => a.family - b.family).slice(0, MAX_ADDRESSES);
  const allowed: ResolvedAddress[] = [];
  for (const address of ordered) {
    const decision = ctx.policy.checkAddress(address.address);
    if (decision.allowed) allowed.push(address);
    else findings.push(refused(target, settings, address.address, decision.reason));
  }
  return { addresses: allowed, findings, ...(authoritative?.length ? { authoritative } : {}) };
}

/** The addresses the zone's own servers give (their views' sources start with "authoritative"). */
function authoritativeAddresses(views: readonly { source: string; addresses?: string[] }[]): string[] {
  return [...new Set(views.filter((v) => v.source.startsWith('authoritative') && v.addresses).flatMap((v) => v.addresses ?? []))];
}

function refused(target: Target, settings: ServerSettings, what: string, reason: string): RawFinding {
  return finding('policy.target_refused', 'error', target, { host: settings.host, port: settings.port, what, reason }, { variant: reason === 'port_not_allowed' ? 'port' : 'address' });
}

async function dnsFailure(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  email: string | undefined,
  lookup: Extract<AddressLookup, { ok: false }>,
): Promise<RawFinding[]> {
  const facts = { host: settings.host, server: lookup.server, message: lookup.message };
  switch (lookup.code) {
    case 'nxdomain': {
      const suggestion = await suggestHost(ctx, settings, email, ctx.discoveredHosts);
      return [
        finding('dns.nxdomain', 'error', target, { ...facts, suggestion: suggestion ?? '' }, { variant: suggestion ? 'suggestion' : undefined }),
      ];
    }
    case 'nodata':
      return [finding('dns.no_address', 'error', target, facts)];
    case 'servfail':
    case 'error':
      return [finding('dns.servfail', 'error', target, facts)];
    case 'timeout':
    case 'refused':
    case 'unreachable':
      return [finding('dns.resolver_unreachable', 'error', target, facts, { variant: lookup.code })];
  }
}

/** One resolver's answer: "resolver 1.1.1.1: 203.0.113.10" in the user's words. */
function viewFact(view: PropagationView): CheckFact {
  const resolver = /^resolver (.+)$/u.exec(view.source);
  const authoritative = /^authoritative (.+)$/u.exec(view.source);
  const values = { server: resolver?.[1] ?? authoritative?.[1] ?? view.source, addresses: view.addresses?.join(' ') ?? '' };
  const id = resolver ? 'view_resolver' : authoritative ? 'view_authoritative' : 'view_literal';
  return view.addresses ? { id, values } : { id: `${id}_failed`, values, codes: { reason: `dns.${view.error ?? 'error'}` } };
}
