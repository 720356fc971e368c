import { TargetPolicy } from '../policy/target-policy';
import { compareWithDiscovery, discoveredHosts } from '../discovery/compare';
import type { DiscoveryResult } from '../discovery/discovery-result';
import type { AccountSettings, PortSecurity, Target } from '../settings/server-settings';
import type { DiagnoseOptions } from './diagnose-request';
import type { RawFinding } from './raw-finding';

/**
 * What discovery found for the domain, put to the engine's use: the combinations the user's
 * host publishes become alternatives to probe (and ports the policy allows), the discovered
 * names feed the NXDOMAIN suggestion, and the differences become findings.
 */
export function optionsWithPublished(options: DiagnoseOptions, settings: AccountSettings, discovery: DiscoveryResult | undefined): DiagnoseOptions {
  if (!discovery) return options;
  const alternatives: Partial<Record<Target, PortSecurity[]>> = { ...options.alternatives };
  // A published port is a candidate like any other: the admin's port policy decides (a hostile
  // domain can publish 6379 or 22 in SRV or autoconfig). Refused ones are named in the report.
  const policy = new TargetPolicy(options);
  for (const target of ['incoming', 'outgoing'] as const) {
    const published = publishedFor(settings, discovery, target).filter((s) => policy.checkPort(s.port).allowed);
    alternatives[target] = [...(alternatives[target] ?? []), ...published.map(({ port, security }) => ({ port, security }))];
  }
  const provider = options.provider ?? (discovery.provider ? { id: discovery.provider.id, name: discovery.provider.name } : undefined);
  return {
    ...options,
    ...(provider ? { provider } : {}),
    alternatives,
    discoveredHosts: [...(options.discoveredHosts ?? []), ...discoveredHosts(discovery)],
  };
}

function publishedFor(settings: AccountSettings, discovery: DiscoveryResult, target: Target) {
  const mine = settings[target];
  if (!mine) return [];
  return (target === 'incoming' ? discovery.incoming : discovery.outgoing)
    .map((c) => c.settings)
    .filter((s) => s.host === mine.host.toLowerCase() && s.protocol === mine.protocol);
}

/** Published combinations the port policy keeps from being tried: each becomes a skipped check. */
export function refusedPublishedPorts(options: DiagnoseOptions, settings: AccountSettings, discovery: DiscoveryResult | undefined): { target: Target; port: number; security: string }[] {
  if (!discovery) return [];
  const policy = new TargetPolicy(options);
  return (['incoming', 'outgoing'] as const).flatMap((target) =>
    publishedFor(settings, discovery, target)
      .filter((s) => !policy.checkPort(s.port).allowed)
      .map((s) => ({ target, port: s.port, security: s.security })),
  );
}

/**
 * The published-settings findings the probes did not already prove: a cause the engine found
 * on the same side, with its verified fix, says it better.
 */
export function publishedFindings(settings: AccountSettings, discovery: DiscoveryResult | undefined, proven: readonly RawFinding[]): RawFinding[] {
  if (!discovery) return [];
  const seen = new Set(proven.map((f) => `${f.target}/${f.cause}`));
  return compareWithDiscovery(settings, discovery).filter((f) => !seen.has(`${f.target}/${f.cause}`));
}
