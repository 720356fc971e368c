import { finding, type RawFinding } from '../diagnosis/raw-finding';
import type { Facts } from '../diagnosis/report';
import type { AccountSettings, ServerSettings, Target } from '../settings/server-settings';
import type { Candidate, DiscoveryResult } from './discovery-result';

/**
 * The user's settings against what the domain publishes, as report findings with docs/report.md
 * cause ids. Every finding has variant 'published': its evidence says "your app uses X; the
 * domain publishes Y (sources)", not "the bot connected". The probes still decide whether the
 * user's settings work; these findings say what to change to match what is published.
 *
 * - same host and port, other security → tls.implicit_on_plain_port / tls.starttls_on_implicit_port
 *   (error: that combination cannot work) or security.plaintext_exposed (warning: no encryption);
 * - other port → settings.wrong_port (warning; the diagnosis shows whether the user's port answers).
 * A different host name is not a finding here: the engine reports a name that does not exist as
 * dns.nxdomain and suggests the discovered names (see discoveredHosts).
 */
export function compareWithDiscovery(settings: AccountSettings, result: DiscoveryResult): RawFinding[] {
  return (['incoming', 'outgoing'] as const).flatMap((target) => {
    const mine = settings[target];
    const candidates = target === 'incoming' ? result.incoming : result.outgoing;
    return mine ? compareOne(target, mine, candidates, result.domain) : [];
  });
}

/** The discovered host names, best first, for the engine's NXDOMAIN suggestions (suggestHost). */
export function discoveredHosts(result: DiscoveryResult): string[] {
  return [...new Set([...result.incoming, ...result.outgoing].map((c) => c.settings.host))];
}

function compareOne(target: Target, mine: ServerSettings, candidates: Candidate[], domain: string): RawFinding[] {
  const sameProtocol = candidates.filter((c) => c.settings.protocol === mine.protocol);
  if (sameProtocol.length === 0) return [];
  const host = mine.host.toLowerCase();
  if (sameProtocol.some((c) => c.settings.host === host && c.settings.port === mine.port && c.settings.security === mine.security)) return [];

  const sameHost = sameProtocol.filter((c) => c.settings.host === host);
  // Compared with what this very host publishes when known, else with the domain's best.
  const pool = sameHost.length ? sameHost : sameProtocol;
  const samePort = pool.find((c) => c.settings.port === mine.port);
  if (samePort) return securityFinding(target, mine, samePort, domain);
  const best = pool[0]!;
  return [finding('settings.wrong_port', 'warning', target, facts(mine, best, domain), { variant: 'published' })];
}

function securityFinding(target: Target, mine: ServerSettings, published: Candidate, domain: string): RawFinding[] {
  const theirs = published.settings.security;
  const f = facts(mine, published, domain);
  if (mine.security === 'tls' && theirs !== 'tls') return [finding('tls.implicit_on_plain_port', 'error', target, f, { variant: 'published' })];
  if (mine.security !== 'tls' && theirs === 'tls') {
    return mine.security === 'starttls'
      ? [finding('tls.starttls_on_implicit_port', 'error', target, f, { variant: 'published' })]
      : [finding('security.plaintext_exposed', 'warning', target, f, { variant: 'published' })];
  }
  if (mine.security === 'none' && theirs === 'starttls') return [finding('security.plaintext_exposed', 'warning', target, f, { variant: 'published' })];
  // STARTTLS where plain is published: the probe tells whether STARTTLS is offered after all.
  return [];
}

/** Facts named like the engine's (host, port, security → fix*), plus where the published one comes from. */
function facts(mine: ServerSettings, published: Candidate, domain: string): Facts {
  return {
    host: mine.host,
    port: mine.port,
    security: mine.security,
    protocol: mine.protocol,
    fixHost: published.settings.host,
    fixPort: published.settings.port,
    fixSecurity: published.settings.security,
    domain,
    sources: published.sources.join(', '),
    origin: published.origin,
  };
}
