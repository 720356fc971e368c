import { DEFAULT_TIMEOUT_MS } from '../diagnosis/diagnose-request';
import type { DiscoverySource } from './discovery-result';

/**
 * How discovery runs. The network fields mean what they mean for a diagnosis (DiagnoseOptions),
 * so the CLI and the bots pass the same configuration to both.
 */
export interface DiscoveryOptions {
  /**
   * Deadline of each source as a whole, in ms (MAILHELP_TIMEOUT_MS). Sources run in parallel,
   * so discovery as a whole ends within about this time.
   */
  timeoutMs?: number;
  /** Resolvers `IP[:PORT]`; the system's when empty (MAILHELP_DNS_SERVERS). */
  dnsServers?: string[];
  /** Networks (CIDR) admins allow beyond public unicast (MAILHELP_ALLOW_NETS). */
  allowNets?: string[];
  /** Ports admins allow beyond the mail ports (MAILHELP_ALLOW_PORTS). */
  allowPorts?: number[];
  /** Trusted CA certificates replacing Node's store (tests); production leaves it unset. */
  ca?: string[];
  signal?: AbortSignal;
  /**
   * Where autoconfig is fetched: 80 and 443 in production. Tests serve it on loopback at
   * random ports; those ports must also be in allowPorts, like any non-standard port.
   */
  autoconfigPorts?: { http: number; https: number };
  /**
   * Guessing probes the standard mail ports (993, 143, 995, 110, 465, 587). Tests run their
   * servers at random ports and map each standard port to the one actually dialled.
   */
  guessPorts?: Partial<Record<number, number>>;
  /** Largest autoconfig document read (default 1 MB); a bigger one is dropped unread. */
  maxAutoconfigBytes?: number;
  /** Redirects followed per autoconfig URL (default 5). */
  maxRedirects?: number;
  /** Which sources to run (default all); tests narrow it to one. */
  sources?: DiscoverySource[];
}

export const DEFAULT_AUTOCONFIG_PORTS = { http: 80, https: 443 } as const;
export const DEFAULT_MAX_AUTOCONFIG_BYTES = 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
export const ALL_SOURCES: readonly DiscoverySource[] = ['provider', 'mx', 'srv', 'autoconfig', 'guess'];

export interface ResolvedDiscoveryOptions {
  timeoutMs: number;
  dnsServers: string[];
  allowNets: string[];
  allowPorts: number[];
  ca: string[] | undefined;
  autoconfigPorts: { http: number; https: number };
  guessPorts: Partial<Record<number, number>>;
  maxAutoconfigBytes: number;
  maxRedirects: number;
  sources: readonly DiscoverySource[];
}

export function resolveDiscoveryOptions(options: DiscoveryOptions = {}): ResolvedDiscoveryOptions {
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    dnsServers: options.dnsServers ?? [],
    allowNets: options.allowNets ?? [],
    allowPorts: options.allowPorts ?? [],
    ca: options.ca,
    autoconfigPorts: options.autoconfigPorts ?? { ...DEFAULT_AUTOCONFIG_PORTS },
    guessPorts: options.guessPorts ?? {},
    maxAutoconfigBytes: options.maxAutoconfigBytes ?? DEFAULT_MAX_AUTOCONFIG_BYTES,
    maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    sources: options.sources ?? ALL_SOURCES,
  };
}
