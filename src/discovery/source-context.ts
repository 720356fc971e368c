import type { DnsOptions } from '../probes/dns';
import type { TargetPolicy } from '../policy/target-policy';
import type { ServerSettings } from '../settings/server-settings';
import type { ResolvedDiscoveryOptions } from './discovery-options';
import type { CandidateCaveat, DiscoverySource, SourceAttempt, TripUp } from './discovery-result';

/** The address being looked up, split the ways the sources need it. */
export interface EmailParts {
  email: string;
  localPart: string;
  /** Lower case, ASCII (punycode for IDNs), no trailing dot. */
  domain: string;
}

/** One setting as a source published it, before merging and ranking. */
export interface Found {
  settings: ServerSettings;
  source: DiscoverySource;
  /** Where exactly: the provider, SRV record, autoconfig URL or probed host. */
  origin: string;
  username?: string;
  caveats?: CandidateCaveat[];
}

/** A provider a source recognised (table by domain, or MX). */
export interface ProviderMatch {
  id: string;
  name: string;
  tripUps: TripUp[];
}

/** What every source gets: the address, its own deadline and cancel signal, resolvers and policy. */
export interface SourceContext extends EmailParts {
  options: ResolvedDiscoveryOptions;
  policy: TargetPolicy;
  /** Fires at this source's deadline or when the caller cancels. */
  signal: AbortSignal;
  /**
   * Milliseconds a step may still take: up to a small margin before the source's deadline (at
   * least 1, so a deadline is never "none").
   */
  remaining(): number;
  /** DNS options bounded by the time left. */
  dns(): DnsOptions;
  /** Records one look-up, kept even when the source later times out. */
  note(attempt: SourceAttempt): void;
  /** Records the provider recognised. */
  recognise(provider: ProviderMatch): void;
}

export type SourceRun = (ctx: SourceContext) => Promise<Found[]>;
