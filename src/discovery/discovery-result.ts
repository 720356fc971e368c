import type { ServerSettings } from '../settings/server-settings';

/** Where a candidate setting was learned. */
export type DiscoverySource = 'provider' | 'mx' | 'srv' | 'autoconfig' | 'guess';

export interface Candidate {
  settings: ServerSettings;
  /** Every source that published this exact combination, best first. */
  sources: DiscoverySource[];
  /** e.g. the provider's name or the SRV/autoconfig record, for "where I learned this". */
  origin: string;
}

export interface DiscoveryResult {
  email: string;
  domain: string;
  /** Ranked best first (TLS over STARTTLS over plain, RFC 8314; then agreement between sources). */
  incoming: Candidate[];
  outgoing: Candidate[];
  /** The provider hosting the domain, when known (e.g. "Google Workspace"). */
  provider?: { id: string; name: string; notes: string[] };
  /** Sources that disagree, shown rather than hidden. */
  conflicts: string[];
  durationMs: number;
}

/** How the conversation and the CLI call discovery (implemented in src/discovery/). */
export type Discover = (email: string, options?: { signal?: AbortSignal }) => Promise<DiscoveryResult>;
