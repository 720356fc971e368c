import type { DiscoverySource } from '../discovery-result';
import { findProviderByDomain } from '../providers/provider-table';
import type { ProviderEntry } from '../providers/provider-types';
import type { EmailParts, Found, ProviderMatch, SourceRun } from '../source-context';

/** The built-in table: the address's own domain is a known provider (gmail.com, web.de). */
export const providerSource: SourceRun = async (ctx) => {
  const entry = findProviderByDomain(ctx.domain);
  if (!entry) {
    ctx.note({ target: ctx.domain, ok: false, problem: 'unknown_provider', detail: 'not in the provider table' });
    return [];
  }
  ctx.note({ target: ctx.domain, ok: true, detail: `provider ${entry.id}` });
  ctx.recognise(providerMatch(entry, false));
  return providerFinds(entry, { source: 'provider', origin: entry.name, hosted: false, parts: ctx });
};

export function providerMatch(entry: ProviderEntry, hosted: boolean): ProviderMatch {
  return { id: entry.id, name: (hosted && entry.hostedName) || entry.name, tripUps: entry.tripUps };
}

export interface ProviderFindOptions {
  source: DiscoverySource;
  origin: string;
  /** The domain is a customer's domain hosted by the provider (found via MX). */
  hosted: boolean;
  parts: EmailParts;
}

/** A provider's settings as finds of one source, best first as the table lists them. */
export function providerFinds(entry: ProviderEntry, options: ProviderFindOptions): Found[] {
  const servers = (options.hosted && entry.hosted) || entry;
  const username = entry.username === 'address' ? options.parts.email : options.parts.localPart;
  return [...servers.incoming, ...servers.outgoing].map((settings) => ({
    settings: { ...settings },
    source: options.source,
    origin: options.origin,
    username,
    ...(entry.local && { caveats: ['local_only' as const] }),
  }));
}
