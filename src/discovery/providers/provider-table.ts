import { GLOBAL_PROVIDERS } from './global-providers';
import type { ProviderEntry } from './provider-types';
import { REGIONAL_PROVIDERS } from './regional-providers';

/** Every known provider: readable data in ./global-providers and ./regional-providers. */
export const PROVIDERS: readonly ProviderEntry[] = [...GLOBAL_PROVIDERS, ...REGIONAL_PROVIDERS];

export interface MxMatch {
  provider: ProviderEntry;
  /** The MX pattern or base domain that matched, for "where I learned this". */
  rule: string;
}

/** The provider whose own email domain this is (gmail.com, x.onmicrosoft.com). */
export function findProviderByDomain(domain: string, providers: readonly ProviderEntry[] = PROVIDERS): ProviderEntry | undefined {
  const name = normalise(domain);
  return providers.find((p) => p.domains.some((d) => domainMatches(d, name)));
}

/**
 * The provider behind an MX host: first the listed MX patterns (the longest, most specific
 * pattern wins: *.olc.protection.outlook.com is Outlook.com, *.mail.protection.outlook.com is
 * Microsoft 365), then, the way Thunderbird does it, the MX host's base domain looked up among
 * the providers' own domains (mx00.gmx.net → gmx.net → GMX).
 */
export function findProviderByMx(exchange: string, providers: readonly ProviderEntry[] = PROVIDERS): MxMatch | undefined {
  const host = normalise(exchange);
  let best: MxMatch | undefined;
  for (const provider of providers) {
    for (const pattern of provider.mx) {
      if (globMatches(pattern, host) && (!best || pattern.length > best.rule.length)) best = { provider, rule: pattern };
    }
  }
  if (best) return best;
  const base = baseDomain(host);
  const byBase = base && base !== host ? findProviderByDomain(base, providers) : undefined;
  return byBase ? { provider: byBase, rule: base! } : undefined;
}

/** `*` stands for any run of host-name characters, dots included. */
export function globMatches(pattern: string, host: string): boolean {
  const source = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[a-z0-9.-]*');
  return new RegExp(`^${source}$`).test(host);
}

function domainMatches(entry: string, domain: string): boolean {
  if (entry.startsWith('*.')) return domain.endsWith(entry.slice(1)) && domain.length > entry.length - 1;
  return entry === domain;
}

/**
 * Second-level suffixes under which registrations sit one label deeper. A short list rather
 * than the Public Suffix List: it only has to avoid calling "co.uk" a provider's domain.
 */
const TWO_LABEL_SUFFIXES = new Set(['co.uk', 'org.uk', 'com.au', 'com.br', 'co.jp', 'com.cn', 'net.cn', 'co.nz', 'co.za', 'com.tr', 'com.mx']);

/** mx1.mail.hoster.com → hoster.com. */
export function baseDomain(host: string): string | undefined {
  const labels = normalise(host).split('.');
  if (labels.length < 2) return undefined;
  const lastTwo = labels.slice(-2).join('.');
  if (TWO_LABEL_SUFFIXES.has(lastTwo)) return labels.length >= 3 ? labels.slice(-3).join('.') : undefined;
  return lastTwo;
}

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
