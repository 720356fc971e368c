import type { Security } from '../../settings/server-settings';
import { interceptorOf } from './interceptors';
import type { ClientObservations, DnsObservation, TcpObservation, TlsObservation } from './observations';

/** What the bot itself saw for one server (from its report), to compare the user's view with. */
export interface BotServerView {
  host: string;
  port: number;
  security: Security;
  /** Addresses the bot's resolver gave; empty when unknown. */
  addresses: string[];
  /** The bot's TLS check passed (a trusted, valid certificate). */
  tlsOk: boolean;
}

export type ClientCause = 'client.port_blocked' | 'client.dns_failure' | 'client.tls_intercepted';

/** One thing the user's output proves, without words: the conversation puts it into words. */
export interface ClientAssessment {
  cause: ClientCause;
  /** Which wording: the TCP/DNS status, or `mismatch`, `product`, `self_signed`, `untrusted`. */
  variant: string;
  facts: Record<string, string | number>;
}

/**
 * Compares the user's view with the bot's. The bot reached the servers, so any failure the
 * user sees is on the user's side: their network blocks the port, their resolver fails or
 * disagrees, or something on their path replaces the certificate.
 */
export function assessClientOutput(observations: ClientObservations, servers: readonly BotServerView[]): ClientAssessment[] {
  const dns = observations.dns.flatMap((o) => dnsAssessment(o, servers));
  const dnsFailed = dns.length > 0;
  const tcp = observations.tcp.flatMap((o) => tcpAssessment(o, servers, dnsFailed));
  const tls = observations.tls.flatMap((o) => tlsAssessment(o, servers));
  return dedupe([...dns, ...tcp, ...tls]);
}

function serverFor(servers: readonly BotServerView[], host?: string, port?: number, address?: string): BotServerView | undefined {
  return (
    servers.find((s) => port !== undefined && s.port === port && (!host || s.host === host)) ??
    servers.find((s) => port !== undefined && s.port === port) ??
    servers.find((s) => host !== undefined && s.host === host) ??
    servers.find((s) => address !== undefined && s.addresses.includes(address)) ??
    servers[0]
  );
}

function dnsAssessment(o: DnsObservation, servers: readonly BotServerView[]): ClientAssessment[] {
  const name = o.name ?? serverFor(servers)?.host ?? '';
  const resolver = o.resolver ?? '';
  if (o.status !== 'ok') return [{ cause: 'client.dns_failure', variant: o.status, facts: { name, resolver, tool: o.tool } }];
  const server = servers.find((s) => s.host === name);
  if (!server || server.addresses.length === 0 || o.addresses.some((a) => server.addresses.includes(a))) return [];
  return [{ cause: 'client.dns_failure', variant: 'mismatch', facts: { name, theirs: o.addresses.join(', '), ours: server.addresses.join(', '), resolver, tool: o.tool } }];
}

function tcpAssessment(o: TcpObservation, servers: readonly BotServerView[], dnsFailed: boolean): ClientAssessment[] {
  if (o.status === 'open') return [];
  const server = serverFor(servers, o.host, o.port, o.address);
  const host = o.host ?? server?.host ?? '';
  // A name that does not resolve is a DNS fault; say it once, as DNS, if DNS output says so too.
  if (o.status === 'no_name') return dnsFailed ? [] : [{ cause: 'client.dns_failure', variant: 'failed', facts: { name: host, resolver: '', tool: o.tool } }];
  return [{ cause: 'client.port_blocked', variant: o.status, facts: { host, port: o.port ?? server?.port ?? 0, tool: o.tool } }];
}

function tlsAssessment(o: TlsObservation, servers: readonly BotServerView[]): ClientAssessment[] {
  if (o.noCertificate || !o.issuer) return [];
  const product = interceptorOf(o.issuer);
  const server = serverFor(servers);
  const host = server?.host ?? '';
  if (product) return [{ cause: 'client.tls_intercepted', variant: 'product', facts: { host, issuer: o.issuer, product, tool: o.tool } }];
  // Only when the bot trusted the certificate does an untrusted one on the user's side mean someone replaced it.
  if (!server?.tlsOk) return [];
  const selfSigned = o.subject !== undefined && sameName(o.subject, o.issuer);
  const unverified = o.verifyCode !== undefined && o.verifyCode !== 0;
  if (!selfSigned && !unverified) return [];
  const variant = selfSigned ? 'self_signed' : 'untrusted';
  return [{ cause: 'client.tls_intercepted', variant, facts: { host, issuer: o.issuer, verify: o.verifyText ?? '', tool: o.tool } }];
}

function sameName(a: string, b: string): boolean {
  const normalize = (name: string): string => name.replace(/\s*=\s*/gu, '=').replace(/\s*,\s*/gu, ',').toLowerCase();
  return normalize(a) === normalize(b);
}

/**
 * One finding per cause and server: two tools that fail differently on the same port (nc timed
 * out, openssl was refused) prove the same thing, and the report would otherwise give the same
 * cause and fix twice. The first tool's wording is kept, in the order the user pasted them.
 */
function dedupe(assessments: ClientAssessment[]): ClientAssessment[] {
  const seen = new Set<string>();
  return assessments.filter((a) => {
    const key = `${a.cause}|${a.facts.name ?? a.facts.host ?? ''}|${a.facts.port ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
