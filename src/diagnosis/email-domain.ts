import { domainToASCII } from 'node:url';
import type { DiscoveryResult } from '../discovery/discovery-result';
import { lookupEmailDomain, type DomainLookup } from '../discovery/domain-lookup';
import type { DnsOptions } from '../probes/dns';
import type { DiagnosisContext } from './context';
import { finding, type RawFinding } from './raw-finding';
import { suggestDomain } from './suggest-domain';

/**
 * The finding for an email domain DNS cannot read, in the same words as for a server name: a
 * domain that does not exist (with the nearest existing one, e.g. gmial.com → gmail.com), DNS
 * failing for the domain (its name servers: the domain's DNS host can act), or the bot's own
 * resolver not answering (the bot's admin can act). Undefined when the domain resolves.
 */
export async function domainFailureFinding(
  lookup: DomainLookup,
  domain: string,
  email: string,
  dns: DnsOptions,
  discovered: readonly string[] = [],
): Promise<RawFinding | undefined> {
  if (lookup.ok) return undefined;
  // `subject` picks the words for an email's domain where a cause also speaks of server names.
  const facts = { host: domain, email, server: lookup.server, message: lookup.message, subject: 'email_domain' };
  switch (lookup.code) {
    case 'nxdomain': {
      const suggestion = await suggestDomain(domain, dns, discovered);
      if (!suggestion) return finding('dns.nxdomain', 'error', 'account', { ...facts, suggestion: '' }, { variant: 'domain' });
      const suggestedEmail = `${email.slice(0, email.lastIndexOf('@'))}@${suggestion}`;
      return finding('dns.nxdomain', 'error', 'account', { ...facts, suggestion, suggestedEmail }, { variant: 'domain_suggestion' });
    }
    case 'timeout':
    case 'refused':
    case 'unreachable':
      return finding('dns.resolver_unreachable', 'error', 'account', facts, { variant: lookup.code });
    default:
      return finding('dns.servfail', 'error', 'account', facts);
  }
}

/**
 * A diagnosis from an email address alone, when discovery found no server to test: the domain
 * is looked up and what DNS says is the finding. A domain that resolves but publishes nothing,
 * and whose usual names do not answer, gets `settings.not_found`: the user must ask for them.
 */
export async function diagnoseEmailDomain(ctx: DiagnosisContext, email: string, discovery?: DiscoveryResult): Promise<RawFinding[]> {
  const domain = domainToASCII(email.slice(email.lastIndexOf('@') + 1).toLowerCase()) || email.slice(email.lastIndexOf('@') + 1);
  const lookup = await lookupEmailDomain(domain, ctx.dns);
  ctx.record({
    name: 'dns',
    target: 'account',
    status: lookup.ok ? 'pass' : 'fail',
    ms: lookup.ms,
    detail: lookup.ok ? `${domain} MX: ${lookup.exchanges.join(', ') || 'none'}` : `${domain} MX: ${lookup.code}: ${lookup.message}`,
    about: lookup.ok
      ? lookup.exchanges.length
        ? { id: 'dns_mx', values: { domain, exchanges: lookup.exchanges.join(', ') } }
        : { id: 'dns_mx_none', values: { domain } }
      : { id: 'dns_failed', codes: { reason: `dns.${lookup.code}` } },
  });
  const failure = await domainFailureFinding(lookup, domain, email, ctx.dns, ctx.discoveredHosts);
  if (failure) return [failure];
  const tried = (discovery?.reports ?? []).map((r) => r.source).join(', ');
  return [finding('settings.not_found', 'error', 'account', { domain, email, exchanges: lookup.ok ? lookup.exchanges.join(', ') : '', sources: tried })];
}
