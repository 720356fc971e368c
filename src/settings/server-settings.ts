/** The settings a mail app is configured with, and the standard combinations per protocol. */

export type Protocol = 'imap' | 'pop3' | 'smtp';
/** `tls` is implicit TLS ("SSL/TLS" in most apps), `starttls` upgrades a plain connection. */
export type Security = 'tls' | 'starttls' | 'none';
/** Which side of the account a setting belongs to. */
export type Target = 'incoming' | 'outgoing';

export interface ServerSettings {
  protocol: Protocol;
  host: string;
  port: number;
  security: Security;
}

export interface AccountSettings {
  email?: string;
  incoming?: ServerSettings;
  outgoing?: ServerSettings;
}

export interface Credentials {
  user: string;
  /** Lives only in memory for one login test; never logged, stored or echoed. */
  password: string;
  /**
   * The OAuth sign-in test: an access token sent with SASL XOAUTH2 or OAUTHBEARER instead of a
   * password (`password` is then empty). Same rules as the password: memory only, one test.
   */
  oauth?: { accessToken: string; mechanism: 'XOAUTH2' | 'OAUTHBEARER'; /** "Microsoft", for "Sign in with Microsoft". */ providerName?: string };
}

export interface PortSecurity {
  port: number;
  security: Security;
}

/**
 * Standard combinations, best first: implicit TLS, then STARTTLS, then plain (RFC 8314 §3, §5).
 * These are what the engine probes to find a verified fix.
 */
export const STANDARD_COMBINATIONS: Readonly<Record<Protocol, readonly PortSecurity[]>> = {
  imap: [
    { port: 993, security: 'tls' },
    { port: 143, security: 'starttls' },
  ],
  pop3: [
    { port: 995, security: 'tls' },
    { port: 110, security: 'starttls' },
  ],
  smtp: [
    { port: 465, security: 'tls' },
    { port: 587, security: 'starttls' },
    { port: 25, security: 'starttls' },
  ],
};

export const IMPLICIT_TLS_PORTS: ReadonlySet<number> = new Set([993, 995, 465]);
export const PLAIN_OR_STARTTLS_PORTS: ReadonlySet<number> = new Set([143, 110, 587, 25]);

export function securityRank(security: Security): number {
  return security === 'tls' ? 0 : security === 'starttls' ? 1 : 2;
}

export function describeSettings(s: ServerSettings): string {
  return `${s.protocol}://${s.host}:${s.port} (${s.security})`;
}

/** The security a port implies when the user gave none. */
export function securityForPort(protocol: Protocol, port: number): Security {
  if (IMPLICIT_TLS_PORTS.has(port)) return 'tls';
  if (PLAIN_OR_STARTTLS_PORTS.has(port)) return 'starttls';
  // Unusual ports: submission-style SMTP ports (2525) speak STARTTLS; IMAP/POP3 ones usually TLS.
  return protocol === 'smtp' ? 'starttls' : 'tls';
}

/** The standard port for a security mode (the best one when no mode is given). */
export function portFor(protocol: Protocol, security: Security | undefined): number {
  const combos = STANDARD_COMBINATIONS[protocol];
  const wanted = security === 'none' ? 'starttls' : security;
  const match = combos.find((c) => wanted === undefined || c.security === wanted) ?? combos[0];
  // Port 25 is for servers talking to servers; a mail app submitting with STARTTLS uses 587.
  if (protocol === 'smtp' && wanted === 'starttls') return 587;
  return match?.port ?? 0;
}
