/**
 * DNS blocklist look-ups (RFC 5782) for the mail server's own addresses.
 *
 * The trap here is reading an error answer as a listing: Spamhaus and others answer
 * 127.255.255.x to queries they will not serve (typically those arriving through a public
 * resolver), and a wrong "your server is blacklisted" sends a help desk on a long detour.
 */
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { byNumber, queryDns, type DnsOptions, type DnsQueryResult } from './dns';
import { msSince } from './probe-options';

export type DnsblStatus = 'listed' | 'not_listed' | 'refused' | 'error';
export interface DnsblResult {
  zone: string;
  address: string;
  status: DnsblStatus;
  /** The A answers, sorted, e.g. ['127.0.0.2'] (Spamhaus SBL) or ['127.255.255.254'] (refused). */
  codes: string[];
  /** The list's TXT explanation, when listed. */
  reason?: string;
  ms: number;
  message?: string;
}

const REFUSAL_NET = ipaddr.IPv4.parseCIDR('127.255.255.0/24');
const LISTING_NET = ipaddr.IPv4.parseCIDR('127.0.0.0/8');

export async function checkDnsbl(addresses: string[], zones: string[], options: DnsOptions): Promise<DnsblResult[]> {
  const pairs = addresses.flatMap((address) => zones.map((zone) => ({ address, zone })));
  return Promise.all(pairs.map(({ address, zone }) => checkOne(address.trim(), cleanZone(zone), options)));
}

/** The name to look up: reversed octets (IPv4) or reversed nibbles (IPv6), then the zone. */
export function dnsblQueryName(address: string, zone: string): string | undefined {
  const reversed = reversedAddress(address);
  return reversed && `${reversed}.${cleanZone(zone)}`;
}

async function checkOne(address: string, zone: string, options: DnsOptions): Promise<DnsblResult> {
  const started = performance.now();
  const name = dnsblQueryName(address, zone);
  if (!name) return { zone, address, status: 'error', codes: [], ms: 0, message: `not an IP address: ${address}` };
  if (!zone) return { zone, address, status: 'error', codes: [], ms: 0, message: 'empty blocklist zone' };

  // TXT is asked alongside A so a listing costs one round trip, not two.
  const [a, txt] = await Promise.all([queryDns(name, 'A', options), queryDns(name, 'TXT', options)]);
  return { zone, address, ms: msSince(started), ...interpret(zone, a, txt) };
}

function interpret(
  zone: string,
  a: DnsQueryResult<string>,
  txt: DnsQueryResult<string>,
): Pick<DnsblResult, 'status' | 'codes' | 'reason' | 'message'> {
  if (!a.ok) return fromFailure(zone, a.code, a.message);
  const codes = [...a.records].sort(byNumber);
  if (codes.some((code) => inNet(code, REFUSAL_NET))) {
    return { status: 'refused', codes, message: `${zone} refused the query (answered ${codes.join(', ')}); it may not accept queries from public resolvers` };
  }
  // A resolver that rewrites NXDOMAIN to an ad server would otherwise look like a listing.
  if (!codes.every((code) => inNet(code, LISTING_NET))) {
    return { status: 'error', codes, message: `${zone} answered ${codes.join(', ')}, outside 127.0.0.0/8: the resolver may rewrite answers` };
  }
  const reason = txt.ok && txt.records.length > 0 ? txt.records.join('; ') : undefined;
  return reason === undefined ? { status: 'listed', codes } : { status: 'listed', codes, reason };
}

function fromFailure(zone: string, code: string, message: string): Pick<DnsblResult, 'status' | 'codes' | 'message'> {
  if (code === 'nxdomain' || code === 'nodata') return { status: 'not_listed', codes: [] };
  if (code === 'refused') return { status: 'refused', codes: [], message: `${zone} refused the query: ${message}` };
  return { status: 'error', codes: [], message: `${zone}: ${code} (${message})` };
}

function reversedAddress(address: string): string | undefined {
  const text = address.trim().replace(/^\[(.*)\]$/, '$1');
  // net.isIP, not ipaddr.isValid: the latter also takes forms like '127.1' that no server has.
  if (!net.isIP(text)) return undefined;
  // process() turns ::ffff:a.b.c.d into a.b.c.d: such a server is IPv4 and listed as such.
  const ip = ipaddr.process(text);
  if (ip.kind() === 'ipv4') return ip.toByteArray().reverse().join('.');
  const nibbles = ip.toByteArray().flatMap((byte) => [byte >> 4, byte & 0xf]);
  return nibbles.reverse().map((n) => n.toString(16)).join('.');
}

function cleanZone(zone: string): string {
  return zone.trim().toLowerCase().replace(/^\.+|\.+$/g, '');
}

function inNet(address: string, range: [ipaddr.IPv4, number]): boolean {
  return net.isIPv4(address) && ipaddr.IPv4.parse(address).match(range);
}
