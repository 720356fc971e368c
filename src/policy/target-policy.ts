import ipaddr from 'ipaddr.js';

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

/** Cloud metadata services, named apart because reaching them leaks credentials. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254']);

export class InvalidNetworkError extends Error {
  constructor(readonly cidr: string) {
    super(`not a network in CIDR form: ${cidr}`);
    this.name = 'InvalidNetworkError';
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
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      parsed = ipaddr.process(address); // turns IPv4-mapped IPv6 (::ffff:10.0.0.1) into IPv4
    } catch {
      return { allowed: false, reason: 'not_an_address' };
    }
    const isMetadata = METADATA_ADDRESSES.has(parsed.toNormalizedString()) || METADATA_ADDRESSES.has(parsed.toString());
    // An admin who allows a whole range (fd00::/8, 169.254.0.0/16) for internal mail servers
    // has not thereby allowed the metadata service inside it: only a net naming that single
    // address opens it.
    const allowedBy = this.allowNets.filter(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits));
    if (allowedBy.some(([net, bits]) => !isMetadata || bits === (net.kind() === 'ipv4' ? 32 : 128))) {
      return { allowed: true };
    }
    if (isMetadata) return { allowed: false, reason: 'cloud_metadata' };
    const range = parsed.range();
    if (range === 'unicast') return { allowed: true };
    return { allowed: false, reason: RANGE_REASONS[range] ?? 'reserved' };
  }
}
