import { queryDns, type DnsFailureCode, type DnsOptions } from '../probes/dns';

/** What the email's domain itself says in DNS: its MX hosts, or why it could not be read. */
export type DomainLookup =
  | { ok: true; exchanges: string[]; server: string; ms: number }
  | { ok: false; code: Exclude<DnsFailureCode, 'nodata'>; message: string; server: string; ms: number };

/**
 * The MX look-up of the email's domain: whether the domain exists at all, and whether DNS works
 * for it. `nodata` (no MX record) still means the domain exists. Discovery reports it beside the
 * sources, so "nothing found" is never said of a domain DNS could not read.
 */
export async function lookupEmailDomain(domain: string, dns: DnsOptions): Promise<DomainLookup> {
  const answer = await queryDns(domain, 'MX', dns);
  if (answer.ok) return { ok: true, exchanges: answer.records.map((mx) => mx.exchange), server: answer.server, ms: answer.ms };
  if (answer.code === 'nodata') return { ok: true, exchanges: [], server: answer.server, ms: answer.ms };
  return { ok: false, code: answer.code, message: answer.message, server: answer.server, ms: answer.ms };
}
