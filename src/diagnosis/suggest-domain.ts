import { distance } from 'fastest-levenshtein';
import { PROVIDERS } from '../discovery/providers/provider-table';
import { queryDns, type DnsOptions } from '../probes/dns';

/** Names looked up before giving up on a suggestion: the nearest few are enough. */
const MAX_LOOKUPS = 6;

/**
 * For an email domain that does not exist, the nearest domain that does: the email domains of
 * the provider table (gmial.com → gmail.com, outlok.com → outlook.com) and the names discovery
 * found, within a small edit distance of what was typed, nearest first (the table's order breaks
 * ties: the bigger providers come first). A suggestion is offered only when DNS shows it exists,
 * so the bot never proposes a name that is no better than the typo.
 */
export async function suggestDomain(typed: string, dns: DnsOptions, discovered: readonly string[] = []): Promise<string | undefined> {
  const domain = typed.toLowerCase().replace(/\.$/, '');
  const limit = domain.length >= 8 ? 2 : 1;
  const names = [...new Set([...PROVIDERS.flatMap((p) => p.domains), ...discovered].map((n) => n.toLowerCase()))].filter((n) => !n.includes('*'));
  const near = names
    .map((name, order) => ({ name, order, d: distance(domain, name) }))
    .filter((c) => c.d > 0 && c.d <= limit)
    .sort((a, b) => a.d - b.d || a.order - b.order)
    .slice(0, MAX_LOOKUPS);
  // One after the other, nearest first: the resolver answered for the typo, so each look-up is
  // quick, and the first that exists ends the search.
  for (const candidate of near) {
    if ((await queryDns(candidate.name, 'MX', dns)).ok) return candidate.name;
  }
  return undefined;
}
