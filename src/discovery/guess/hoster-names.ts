import { queryDns } from '../../probes/dns';
import type { Protocol } from '../../settings/server-settings';
import { baseDomain, findProviderByMx } from '../providers/provider-table';
import type { SourceContext } from '../source-context';

/** MX hosts looked at: the preferred one and a backup at another hoster is plenty. */
const MAX_EXCHANGES = 2;

/** Prefixes tried under the MX host's own domain (Thunderbird guesses these under it too). */
const HOSTER_PREFIXES: Readonly<Record<Protocol, readonly string[]>> = {
  imap: ['imap', 'mail'],
  pop3: ['mail'],
  smtp: ['smtp', 'mail'],
};

export interface HosterName {
  host: string;
  protocol: Protocol;
  /** The MX host the name was derived from, for "where I learned this". */
  fromMx: string;
}

/**
 * A domain whose only mail record is an MX at a hosting company (mx1.hoster.net) usually reads
 * its mail at that hoster: imap./smtp./mail. under the MX host's own domain, or the MX host
 * itself. Those names belong to the hoster, not to the domain, so the caller keeps one only
 * when it answers with a certificate valid for it. MX hosts of providers in the table are left
 * to the MX source, which maps them to the provider's real settings.
 */
export async function hosterNames(ctx: SourceContext): Promise<HosterName[]> {
  const answer = await queryDns(ctx.domain, 'MX', ctx.dns());
  if (!answer.ok) return [];
  const exchanges = [...answer.records]
    .sort((a, b) => a.priority - b.priority)
    .map((mx) => mx.exchange.toLowerCase().replace(/\.$/, ''))
    .filter((name) => name !== '' && !findProviderByMx(name));
  const names: HosterName[] = [];
  const add = (host: string, protocol: Protocol, fromMx: string): void => {
    if (!names.some((n) => n.host === host && n.protocol === protocol)) names.push({ host, protocol, fromMx });
  };
  for (const exchange of [...new Set(exchanges)].slice(0, MAX_EXCHANGES)) {
    const base = baseDomain(exchange);
    for (const protocol of ['imap', 'pop3', 'smtp'] as const) {
      if (base) for (const prefix of HOSTER_PREFIXES[protocol]) add(`${prefix}.${base}`, protocol, exchange);
      add(exchange, protocol, exchange);
    }
  }
  return names;
}
