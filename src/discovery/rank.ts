import { securityRank, type Protocol, type ServerSettings } from '../settings/server-settings';
import type { Candidate, CandidateCaveat, DiscoverySource } from './discovery-result';
import type { Found } from './source-context';

/**
 * How much a source is trusted when everything else is equal: the curated table first, then
 * what the domain publishes itself (autoconfig, SRV), then the provider inferred from MX, and
 * last what merely answered.
 */
export const SOURCE_ORDER: readonly DiscoverySource[] = ['provider', 'autoconfig', 'srv', 'mx', 'guess'];

/** IMAP before POP3 for incoming mail, as Thunderbird sorts them: it keeps mail on the server. */
const PROTOCOL_ORDER: Readonly<Record<Protocol, number>> = { imap: 0, pop3: 1, smtp: 0 };

export interface RankedCandidates {
  incoming: Candidate[];
  outgoing: Candidate[];
}

/**
 * Merges identical settings from different sources into one candidate and ranks them: implicit
 * TLS over STARTTLS over plain (RFC 8314), IMAP over POP3, then the number of sources that
 * agree, then the most trusted source, then each source's own order (e.g. SRV priority).
 */
export function rankCandidates(found: readonly Found[]): RankedCandidates {
  const merged = new Map<string, { candidate: Candidate; firstIndex: number }>();
  found.forEach((item, index) => {
    const key = settingsKey(item.settings);
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, { candidate: newCandidate(item), firstIndex: index });
      return;
    }
    addSource(existing.candidate, item);
  });
  const ranked = [...merged.values()].sort((a, b) => compare(a.candidate, b.candidate) || a.firstIndex - b.firstIndex).map((m) => m.candidate);
  return {
    incoming: ranked.filter((c) => c.settings.protocol !== 'smtp'),
    outgoing: ranked.filter((c) => c.settings.protocol === 'smtp'),
  };
}

export function settingsKey(s: ServerSettings): string {
  return `${s.protocol}://${s.host.toLowerCase()}:${s.port}/${s.security}`;
}

function newCandidate(item: Found): Candidate {
  return {
    settings: { ...item.settings, host: item.settings.host.toLowerCase() },
    sources: [item.source],
    origin: item.origin,
    origins: [item.origin],
    ...(item.username && { username: item.username }),
    ...(item.caveats?.length && { caveats: [...item.caveats] }),
  };
}

function addSource(candidate: Candidate, item: Found): void {
  if (!candidate.sources.includes(item.source)) {
    candidate.sources.push(item.source);
    candidate.sources.sort((a, b) => SOURCE_ORDER.indexOf(a) - SOURCE_ORDER.indexOf(b));
  }
  if (!candidate.origins?.includes(item.origin)) candidate.origins?.push(item.origin);
  candidate.username ??= item.username;
  const caveats = new Set<CandidateCaveat>([...(candidate.caveats ?? []), ...(item.caveats ?? [])]);
  if (caveats.size) candidate.caveats = [...caveats];
}

function compare(a: Candidate, b: Candidate): number {
  return (
    securityRank(a.settings.security) - securityRank(b.settings.security) ||
    PROTOCOL_ORDER[a.settings.protocol] - PROTOCOL_ORDER[b.settings.protocol] ||
    b.sources.length - a.sources.length ||
    bestSource(a) - bestSource(b)
  );
}

function bestSource(candidate: Candidate): number {
  return Math.min(...candidate.sources.map((s) => SOURCE_ORDER.indexOf(s)));
}
