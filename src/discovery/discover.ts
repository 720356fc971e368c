import { domainToASCII } from 'node:url';
import { TargetPolicy } from '../policy/target-policy';
import { InvalidInputError } from '../settings/invalid-input';
import { parseEmail } from '../settings/parse-settings';
import { describeConflict, findConflicts } from './conflicts';
import { lookupEmailDomain } from './domain-lookup';
import { resolveDiscoveryOptions, type DiscoveryOptions, type ResolvedDiscoveryOptions } from './discovery-options';
import type { Discover, DiscoveryResult, DiscoverySource } from './discovery-result';
import { findProviderByDomain } from './providers/provider-table';
import { rankCandidates, SOURCE_ORDER } from './rank';
import { runSource, type SourceOutcome } from './run-source';
import type { EmailParts, Found, SourceRun } from './source-context';
import { autoconfigSource } from './sources/autoconfig-source';
import { guessSource } from './sources/guess-source';
import { mxSource } from './sources/mx-source';
import { providerSource } from './sources/provider-source';
import { srvSource } from './sources/srv-source';

const RUNS: Readonly<Record<DiscoverySource, SourceRun>> = {
  provider: providerSource,
  mx: mxSource,
  srv: srvSource,
  autoconfig: autoconfigSource,
  guess: guessSource,
};

/**
 * Email address → ranked candidate settings, each tagged with where it was learned. Every
 * source runs at once under its own deadline (options.timeoutMs), so discovery takes about as
 * long as the slowest source, never the sum. Guessing (connecting to imap./mail./smtp. names)
 * starts at the same time but is called off, and its results dropped, for every side
 * (incoming, outgoing) another source already covers. Finding nothing is a result
 * (`notFound`), not an error. Throws InvalidInputError only for an address that is not one.
 */
export async function discover(email: string, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const startedAt = performance.now();
  const parts = emailParts(email);
  const resolved = resolveDiscoveryOptions(options);
  const policy = new TargetPolicy({ allowNets: resolved.allowNets, allowPorts: resolved.allowPorts });
  const caller = options.signal ?? new AbortController().signal;
  const stopGuessing = new AbortController();

  const start = (source: DiscoverySource, signal: AbortSignal): Promise<SourceOutcome> | undefined =>
    resolved.sources.includes(source) ? runSource({ source, run: RUNS[source], parts, options: resolved, policy, signal }) : undefined;
  // Connecting to guessed names of a provider the table knows would only be noise.
  if (findProviderByDomain(parts.domain)) stopGuessing.abort('the provider table knows this domain');
  const others = SOURCE_ORDER.filter((s) => s !== 'guess').map((s) => start(s, caller));
  const guessing = start('guess', AbortSignal.any([caller, stopGuessing.signal]));

  const outcomes = (await Promise.all(others)).filter((o): o is SourceOutcome => o !== undefined);
  const known = outcomes.flatMap((o) => o.found);
  const covered = { incoming: known.some((f) => f.settings.protocol !== 'smtp'), outgoing: known.some((f) => f.settings.protocol === 'smtp') };
  if (covered.incoming && covered.outgoing) stopGuessing.abort('other sources found incoming and outgoing settings');
  const guessed = guessing ? await guessing : undefined;
  const guessedFinds = (guessed?.found ?? []).filter((f) => !covered[f.settings.protocol === 'smtp' ? 'outgoing' : 'incoming']);

  const result = assemble(parts, resolved, [...outcomes, ...(guessed ? [{ ...guessed, found: guessedFinds }] : [])], startedAt);
  if (!result.notFound) return result;
  // Nothing found: does the domain exist, and does DNS work for it? (Asked only now, once the
  // sources have let go of the caller's signal.)
  const domainLookup = await lookupEmailDomain(parts.domain, { servers: resolved.dnsServers, timeoutMs: resolved.timeoutMs, signal: caller });
  return { ...result, domainLookup, durationMs: Math.round(performance.now() - startedAt) };
}

/** A Discover bound to fixed options, for the conversation runner. */
export function createDiscover(options: DiscoveryOptions = {}): Discover {
  return (email, call) => discover(email, { ...options, ...(call?.signal && { signal: call.signal }) });
}

function assemble(parts: EmailParts, options: ResolvedDiscoveryOptions, outcomes: SourceOutcome[], startedAt: number): DiscoveryResult {
  const found: Found[] = outcomes.flatMap((o) => o.found);
  const { incoming, outgoing } = rankCandidates(found);
  const conflictDetails = findConflicts(found);
  // The table (the domain's own provider) knows better than an inference from MX.
  const provider = outcomes.find((o) => o.provider)?.provider;
  const reports = options.sources.map((source) => outcomes.find((o) => o.report.source === source)?.report).filter((r) => r !== undefined);
  return {
    email: parts.email,
    domain: parts.domain,
    incoming,
    outgoing,
    ...(provider && { provider: { id: provider.id, name: provider.name, notes: provider.tripUps.map((t) => t.kind), tripUps: provider.tripUps } }),
    conflicts: conflictDetails.map(describeConflict),
    conflictDetails,
    notFound: incoming.length === 0 && outgoing.length === 0,
    reports,
    durationMs: Math.round(performance.now() - startedAt),
  };
}

/** Splits and normalises the address; an internationalised domain becomes punycode. */
export function emailParts(email: string): EmailParts {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  const localPart = at > 0 ? trimmed.slice(0, at) : '';
  // domainToASCII gives '' for a name that cannot be a domain; parseEmail then says why.
  const domain = at > 0 ? domainToASCII(trimmed.slice(at + 1).toLowerCase().replace(/\.$/, '')) : '';
  const address = `${localPart}@${domain}`;
  parseEmail(domain ? address : trimmed);
  if (!domain) throw new InvalidInputError('cli:invalid.email', { email: trimmed.slice(0, 80) }, `not an email address: ${trimmed.slice(0, 80)}`);
  return { email: address, localPart, domain };
}
