/**
 * What the user's own tools saw, read from output pasted into the chat. Only facts the tools
 * print in fixed words (status codes, property names, errno texts) are used: free text may be
 * translated on the user's system.
 */
export type ClientTool = 'dig' | 'nslookup' | 'Resolve-DnsName' | 'Test-NetConnection' | 'nc' | 'ncat' | 'openssl' | 'PowerShell';

/** `failed`: the tool could not resolve the name and does not say why. */
export type DnsStatus = 'ok' | 'nxdomain' | 'servfail' | 'refused' | 'timeout' | 'no_address' | 'failed';

export interface DnsObservation {
  tool: ClientTool;
  name?: string;
  status: DnsStatus;
  addresses: string[];
  /** The resolver that answered (or did not), when the tool says. */
  resolver?: string;
}

/** `failed`: the connection failed and the tool does not say how (Test-NetConnection). */
export type TcpStatus = 'open' | 'refused' | 'timeout' | 'unreachable' | 'no_name' | 'failed';

export interface TcpObservation {
  tool: ClientTool;
  host?: string;
  address?: string;
  port?: number;
  status: TcpStatus;
}

export interface TlsObservation {
  tool: ClientTool;
  subject?: string;
  issuer?: string;
  /** OpenSSL's verify result: 0 is ok. */
  verifyCode?: number;
  verifyText?: string;
  fingerprint?: string;
  /** The tool got no certificate at all (the connection or handshake failed). */
  noCertificate?: boolean;
}

export interface ClientObservations {
  dns: DnsObservation[];
  tcp: TcpObservation[];
  tls: TlsObservation[];
}

export function isEmpty(observations: ClientObservations): boolean {
  return observations.dns.length + observations.tcp.length + observations.tls.length === 0;
}
