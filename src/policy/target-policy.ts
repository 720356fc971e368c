import ipaddr from 'ipaddr.js';
import { METADATA_ADDRESSES } from './metadata-addresses';
import { MailhelpError } from '../errors/mailhelp-error';

/**
 * Which addresses and ports the bot may probe. A bot that connects wherever a chat user points
 * it is a port scanner and an SSRF hole, so by default only public unicast addresses on mail
 * ports are allowed. The check runs on the exact address that is then connected to (after DNS
 * resolution, no re-resolution in between), so DNS rebinding cannot slip past it.
 */
export const DEFAULT_MAIL_PORTS: readonly number[] = [25, 110, 143, 465, 587, 993, 995, 2525, 4190];

export type RefusalReason =
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cloud_metadata'
  | 'carrier_nat'
  | 'multicast'
  | 'unspecified'
  | 'reserved'
  | 'not_an_address'
  | 'port_not_allowed';

export type PolicyDecision = { allowed: true } | { allowed: false; reason: RefusalReason };

export interface TargetPolicyOptions {
  /** CIDRs admins allow on top of public unicast (MAILHELP_ALLOW_NETS). */
  allowNets?: readonly string[];
  /** Ports admins allow on top of the mail ports (MAILHELP_ALLOW_PORTS). */
  allowPorts?: readonly number[];
}

/** ipaddr.js range names mapped to why such an address is refused. */
const RANGE_REASONS: Record<string, RefusalReason> = {
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private',
  linkLocal: 'link_local',
  carrierGradeNat: 'carrier_nat',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'reserved',
  reserved: 'reserved',
  benchmarking: 'reserved',
  amt: 'reserved',
  as112: 'reserved',
  deprecated: 'reserved',
  orchid2: 'reserved',
  discard: 'reserved',
  teredo: 'reserved',
  '6to4': 'reserved',
  rfc6052: 'reserved',
  rfc6145: 'reserved',
};

/** Cloud metadata services (./metadata-addresses), named apart because reaching them leaks credentials. */
const METADATA = new Set(METADATA_ADDRESSES.map((m) => ipaddr.parse(m.address).toNormalizedString()));

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * IPv4 addresses an IPv6 address carries and reaches through a translator or tunnel: the
 * address is judged by them, whatever its prefix, so the decision never depends on spelling.
 * IPv4-compatible (::a.b.c.d, RFC 4291 §2.5.5.1), IPv4-translated (::ffff:0:a.b.c.d, RFC 6145),
 * NAT64 (64:ff9b::/96 RFC 6052, 64:ff9b:1::/48 RFC 8215, at the /48 and /96 positions),
 * 6to4 (2002:AABB:CCDD::/16, RFC 3056) and Teredo (2001::/32: server, and client XOR 0xffff,
 * RFC 4380). IPv4-mapped (::ffff:a.b.c.d) is unwrapped by ipaddr.process() before this.
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] {
  const w = address.parts;
  const v4 = (hi: number, lo: number): ipaddr.IPv4 => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zeros = (from: number, to: number): boolean => w.slice(from, to).every((x) => x === 0);
  if (zeros(0, 6) && (w[6] !== 0 || w[7]! > 1)) return [v4(w[6]!, w[7]!)];
  if (zeros(0, 4) && w[4] === 0xffff && w[5] === 0) return [v4(w[6]!, w[7]!)];
  if (w[0] === 0x64 && w[1] === 0xff9b && zeros(2, 6)) return [v4(w[6]!, w[7]!)];
  if (w[0] === 0x64 && w[1] === 0xff9b && w[2] === 1) {
    // RFC 6052 §2.2: /48 keeps the IPv4 in bits 48-63 and 72-87 (bits 64-71 are zero). An
    // all-zero position is not where the address is, unless both are.
    const candidates = [v4(w[6]!, w[7]!), v4(w[3]!, ((w[4]! & 0xff) << 8) | (w[5]! >> 8))];
    const placed = candidates.filter((c) => c.toString() !== '0.0.0.0');
    return placed.length ? placed : candidates.slice(0, 1);
  }
  if (w[0] === 0x2002) return [v4(w[1]!, w[2]!)];
  if (w[0] === 0x2001 && w[1] === 0) return [v4(w[2]!, w[3]!), v4(w[6]! ^ 0xffff, w[7]! ^ 0xffff)];
  return [];
}

export class InvalidNetworkError extends MailhelpError {
  constructor(readonly cidr: string) {
    super('INVALID_NETWORK', `not a network in CIDR form: ${cidr}`);
  }
}

export class TargetPolicy {
  private readonly allowNets: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  private readonly ports: ReadonlySet<number>;

  constructor(options: TargetPolicyOptions = {}) {
    this.allowNets = (options.allowNets ?? []).map((cidr) => {
      try {
        return ipaddr.parseCIDR(cidr.trim());
      } catch {
        throw new InvalidNetworkError(cidr);
      }
    });
    this.ports = new Set([...DEFAULT_MAIL_PORTS, ...(options.allowPorts ?? [])]);
  }

  checkPort(port: number): PolicyDecision {
    return this.ports.has(port) ? { allowed: true } : { allowed: false, reason: 'port_not_allowed' };
  }

  checkAddress(address: string): PolicyDecision {
    let parsed: Address;
    try {
      parsed = ipaddr.process(address); // turns IPv4-mapped IPv6 (::ffff:10.0.0.1) into IPv4
    } catch {
      return { allowed: false, reason: 'not_an_address' };
    }
    const own = this.judge(parsed);
    if (!own.allowed || parsed.kind() === 'ipv4') return own;
    // Allowed as IPv6 (its prefix is an allowed net): what it reaches must be allowed too.
    for (const inner of embeddedIPv4(parsed as ipaddr.IPv6)) {
      const decision = this.judge(inner);
      if (!decision.allowed) return decision;
    }
    return own;
  }

  private judge(parsed: Address): PolicyDecision {
    const isMetadata = METADATA.has(parsed.toNormalizedString());
    // An admin who allows a whole range (fd00::/8, 169.254.0.0/16) for internal mail servers
    // has not thereby allowed the metadata service inside it: only a net naming that single
    // address opens it.
    const allowedBy = this.allowNets.filter(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits));
    if (allowedBy.some(([net, bits]) => !isMetadata || bits === (net.kind() === 'ipv4' ? 32 : 128))) {
      return { allowed: true };
    }
    if (isMetadata) return { allowed: false, reason: 'cloud_metadata' };
    const range = parsed.range();
    if (range === 'unicast') {
      // ::a.b.c.d is "unicast" to ipaddr.js; it is judged by the IPv4 address it spells.
      const inner = parsed.kind() === 'ipv6' ? embeddedIPv4(parsed as ipaddr.IPv6)[0] : undefined;
      return inner ? this.judge(inner) : { allowed: true };
    }
    return { allowed: false, reason: RANGE_REASONS[range] ?? 'reserved' };
  }
}
