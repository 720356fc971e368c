import type { AccountSettings, Credentials, PortSecurity, Target } from '../settings/server-settings';
import type { DiscoveryResult } from '../discovery/discovery-result';
import type { Check } from './report';

/** Everything one diagnosis needs. The engine (`diagnose()` in ./diagnose) takes this. */
export interface DiagnoseRequest {
  settings: AccountSettings;
  /** Only for the optional login test; dropped as soon as it is done. */
  credentials?: Credentials;
  /** What discovery found for the email's domain: compared, and used for fixes and suggestions. */
  discovery?: DiscoveryResult;
  options?: DiagnoseOptions;
}

export interface DiagnoseOptions {
  /** Per-step network deadline (MAILHELP_TIMEOUT_MS). */
  timeoutMs?: number;
  /**
   * How long the login test waits for the answer to the credentials (MAILHELP_LOGIN_TIMEOUT_MS,
   * default 20000). Servers delay failed logins on purpose, so this is separate from `timeoutMs`.
   */
  loginTimeoutMs?: number;
  /** Resolvers `IP[:PORT]`; the system's when empty (MAILHELP_DNS_SERVERS). */
  dnsServers?: string[];
  /** Port for a zone's own name servers in the propagation check (53; tests use their own). */
  authoritativeDnsPort?: number;
  /** Blocklist zones to look the server addresses up in (MAILHELP_DNSBL_ZONES). */
  dnsblZones?: string[];
  /** Networks (CIDR) admins allow beyond public unicast (MAILHELP_ALLOW_NETS). */
  allowNets?: string[];
  /** Ports admins allow beyond the mail ports (MAILHELP_ALLOW_PORTS). */
  allowPorts?: number[];
  /**
   * Trusted CA certificates replacing Node's default store. Production leaves this unset
   * (Node's store plus NODE_EXTRA_CA_CERTS); in-process tests pass roots plus their test CA.
   */
  ca?: string[];
  /**
   * More combinations to try beside the standard ones when looking for a fix, e.g. the ports
   * discovery found published for the domain (SRV, autoconfig).
   */
  alternatives?: Partial<Record<Target, PortSecurity[]>>;
  /**
   * Who hosts the account and the modern sign-in it uses, as discovery and the OAuth offer named
   * them: a fix that names a provider names this one, not one guessed from the reply's words.
   * Taken from the request's discovery when not given.
   */
  provider?: AccountProvider;
  /** Host names discovery found, for "did you mean" when a name does not exist. */
  discoveredHosts?: string[];
  /**
   * Connections this diagnosis may open (MAILHELP_MAX_CONNECTIONS, default 64; 0: no cap). Past
   * it nothing more is opened and a `connection_limit` check says the report is incomplete.
   */
  maxConnections?: number;
  /** Called as each check finishes, for live progress. */
  onProgress?: (check: Check) => void;
  /** Called when a step has been waiting about a second or more (what, where, how long at most), for live progress. */
  onWaiting?: (waiting: Waiting) => void;
  /** Called for each connection the diagnosis opens (the connections metric). */
  onConnection?: () => void;
  /** Cancels the diagnosis and destroys its sockets. */
  signal?: AbortSignal;
}

/** The account's provider by discovery's id and name ("Test Mail"), and the OAuth provider's display name ("Test Identity"). */
export interface AccountProvider {
  id?: string;
  name?: string;
  signInName?: string;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export { DEFAULT_LOGIN_TIMEOUT_MS } from '../probes/login-common';

/**
 * A step that is still waiting: what for, where, since when, and how long at most. Reported
 * once a wait has lasted about a second (./waiting), so a person knows why nothing happens.
 */
export interface Waiting {
  target: Target;
  /**
   * `login`: the credentials were sent and the server takes its time to answer them;
   * `connect`, `tls`, `greeting`, `capabilities`, `starttls`: that step has had no answer yet.
   */
  step: 'connect' | 'tls' | 'greeting' | 'capabilities' | 'starttls' | 'login';
  waitedMs: number;
  maxMs: number;
  /** The server waited for (the host name the user gave, and the port). */
  host?: string;
  port?: number;
}
