import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { readCapabilities, type Capabilities } from '../probes/capabilities';
import { readGreeting, type Greeting } from '../probes/greeting';
import { LineReader } from '../probes/line-reader';
import { startTls } from '../probes/starttls';
import type { TcpFailureCode } from '../probes/tcp';
import { tlsHandshake, type TlsObservation } from '../probes/tls';
import type { Protocol, Security } from '../settings/server-settings';
import type { DiagnosisContext } from './context';
import { CONNECTION_LIMIT } from './diagnosis-connections';
import { askPlainAuth, shouldAskPlainAuth, type PlainAuthAnswer } from './plain-auth';

/** One address, port, protocol and security mode: what a mail app would connect to. */
export interface Endpoint {
  address: string;
  port: number;
  protocol: Protocol;
  security: Security;
  /** The host name the user typed: SNI and the certificate check use it. */
  servername: string;
  /**
   * The host's other addresses, tried in order when `address` fails at once (refused,
   * unreachable, reset), as a client with the host name would: the observation then names the
   * address that answered. The user's own combination is probed on every address separately.
   */
  fallbackAddresses?: readonly string[];
}

/** Everything seen on one endpoint, layer by layer, up to the point where it stopped. */
export interface EndpointObservation {
  endpoint: Endpoint;
  /** `connection_limit`: not opened, the diagnosis's connection cap was reached (says nothing about the server). */
  tcp: { ok: boolean; code?: TcpFailureCode | typeof CONNECTION_LIMIT; message?: string; ms: number };
  /** The banner: in plaintext, or inside TLS for implicit TLS. */
  greeting?: Greeting;
  /** What the server offers before TLS (plain and STARTTLS ports). */
  capabilities?: Capabilities;
  /** `slow`: the answer to STARTTLS began but came one line at a time past the deadline. */
  startTls?: { kind: 'upgraded' | 'refused' | 'failed'; response?: string; injected?: boolean; slow?: boolean; ms?: number };
  tls?: TlsObservation;
  /** What the server offers once TLS is up (where login happens). */
  secureCapabilities?: Capabilities;
  /** SMTP without TLS: whether the server would take a login there (asked without a secret). */
  plainAuth?: PlainAuthAnswer;
  ms: number;
}

const GREETING_OK = new Set(['imap_ok', 'imap_preauth', 'pop3_ok', 'smtp_ready']);

/** The port speaks the expected protocol and hands out a greeting a client accepts. */
export function greetsAs(greeting: Greeting | undefined, protocol: Protocol): boolean {
  return !!greeting && GREETING_OK.has(greeting.kind) && greeting.protocol === protocol;
}

/** A client could use this endpoint as configured: protocol spoken, TLS (if any) negotiated. */
export function isReachable(o: EndpointObservation): boolean {
  if (!o.tcp.ok || !greetsAs(o.greeting, o.endpoint.protocol)) return false;
  return o.endpoint.security === 'none' || !!o.tls?.handshake;
}

/** Reachable, and the certificate is trusted and matches the host name. */
export function isHealthy(o: EndpointObservation): boolean {
  return isReachable(o) && (o.endpoint.security === 'none' || !!o.tls?.ok);
}

/**
 * Connects the way a mail app with these settings would and records each layer. Sockets are
 * always destroyed; nothing here sends credentials.
 */
export async function observeEndpoint(ctx: DiagnosisContext, endpoint: Endpoint): Promise<EndpointObservation> {
  const startedAt = performance.now();
  const sockets: Duplex[] = [];
  const track = <S extends Duplex>(socket: S): S => {
    sockets.push(socket);
    return socket;
  };
  try {
    const observation = await observe(ctx, endpoint, track);
    return { ...observation, ms: Math.round(performance.now() - startedAt) };
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}

type Track = <S extends Duplex>(socket: S) => S;
type Partial = Omit<EndpointObservation, 'ms'>;

/** Fails that come back at once: the next address is worth trying within the same step. */
const FAST_FAILURES = new Set(['refused', 'host_unreachable', 'net_unreachable', 'reset']);

async function connectAnswering(ctx: DiagnosisContext, endpoint: Endpoint): Promise<{ endpoint: Endpoint; connected: Awaited<ReturnType<DiagnosisContext['connect']>> }> {
  const addresses = [endpoint.address, ...(endpoint.fallbackAddresses ?? []).filter((a) => a !== endpoint.address)];
  let connected = await ctx.connect(endpoint.address, endpoint.port);
  let address = endpoint.address;
  for (const next of addresses.slice(1)) {
    if (connected.ok || !FAST_FAILURES.has(connected.code ?? '')) break;
    const attempt = await ctx.connect(next, endpoint.port);
    if (!attempt.ok && attempt.code === CONNECTION_LIMIT) break;
    connected = attempt;
    address = next;
  }
  const answered: Endpoint = { ...endpoint, address };
  delete answered.fallbackAddresses;
  return { endpoint: answered, connected };
}

async function observe(ctx: DiagnosisContext, requested: Endpoint, track: Track): Promise<Partial> {
  const { endpoint, connected } = await connectAnswering(ctx, requested);
  if (!connected.ok) {
    return { endpoint, tcp: { ok: false, code: connected.code, message: connected.message, ms: connected.ms } };
  }
  const tcp = { ok: true, ms: connected.ms };
  const socket = track(connected.socket);
  return endpoint.security === 'tls'
    ? { endpoint, tcp, ...(await observeImplicitTls(ctx, endpoint, socket, track)) }
    : { endpoint, tcp, ...(await observePlain(ctx, endpoint, socket, track)) };
}

async function observeImplicitTls(ctx: DiagnosisContext, endpoint: Endpoint, socket: Socket, track: Track) {
  const tlsOptions = { ...ctx.step, servername: endpoint.servername, ca: ctx.ca };
  const { observation: tls, tlsSocket } = await tlsHandshake(socket, tlsOptions);
  // What a plaintext port says instead is seen by the STARTTLS probe of the same port, which
  // runs in parallel (see ./alternatives).
  if (!tls.handshake || !tlsSocket) return { tls };
  const reader = new LineReader(track(tlsSocket));
  const greeting = await readGreeting(reader, ctx.step);
  const secureCapabilities = greetsAs(greeting, endpoint.protocol)
    ? await readCapabilities(reader, endpoint.protocol, { ...ctx.step, greeting })
    : undefined;
  return { tls, greeting, secureCapabilities };
}

async function observePlain(ctx: DiagnosisContext, endpoint: Endpoint, socket: Socket, track: Track) {
  const reader = new LineReader(socket);
  // A silent port may be waiting for a ClientHello: the implicit-TLS probe of the same port,
  // run in parallel (see ./alternatives), tells.
  const greeting = await readGreeting(reader, ctx.step);
  if (!greetsAs(greeting, endpoint.protocol)) return { greeting };
  const capabilities = await readCapabilities(reader, endpoint.protocol, { ...ctx.step, greeting });
  if (endpoint.security === 'none') {
    const plainAuth = endpoint.protocol === 'smtp' && shouldAskPlainAuth(capabilities) ? await askPlainAuth(reader, capabilities, ctx.timeoutMs) : undefined;
    return { greeting, capabilities, ...(plainAuth && { plainAuth }) };
  }
  if (!capabilities.startTls) return { greeting, capabilities };

  const upgradeStarted = performance.now();
  const upgrade = await startTls(socket, reader, endpoint.protocol, {
    ...ctx.step,
    servername: endpoint.servername,
    ca: ctx.ca,
  });
  if (upgrade.kind === 'refused') return { greeting, capabilities, startTls: { kind: upgrade.kind, response: upgrade.response } };
  if (upgrade.kind === 'failed') {
    const slow = upgrade.slow ? { slow: true, ms: Math.round(performance.now() - upgradeStarted) } : {};
    return { greeting, capabilities, startTls: { kind: upgrade.kind, response: upgrade.message, ...slow } };
  }
  const startTlsSeen = { kind: upgrade.kind, injected: upgrade.injected };
  if (!upgrade.tlsSocket || !upgrade.observation.handshake) {
    return { greeting, capabilities, startTls: startTlsSeen, tls: upgrade.observation };
  }
  const secureReader = new LineReader(track(upgrade.tlsSocket));
  const secureCapabilities = await readCapabilities(secureReader, endpoint.protocol, ctx.step);
  return { greeting, capabilities, startTls: startTlsSeen, tls: upgrade.observation, secureCapabilities };
}
