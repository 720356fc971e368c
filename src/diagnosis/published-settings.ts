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
  const ports = new Set(options.allowPorts ?? []);
  for (const target of ['incoming', 'outgoing'] as const) {
    const mine = settings[target];
    if (!mine) continue;
    const published = (target === 'incoming' ? discovery.incoming : discovery.outgoing)
      .map((c) => c.settings)
      .filter((s) => s.host === mine.host.toLowerCase() && s.protocol === mine.protocol);
    for (const s of published) ports.add(s.port);
    alternatives[target] = [...(alternatives[target] ?? []), ...published.map(({ port, security }) => ({ port, security }))];
  }
  return {
    ...options,
    alternatives,
    allowPorts: [...ports],
    discoveredHosts: [...(options.discoveredHosts ?? []), ...discoveredHosts(discovery)],
  };
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
