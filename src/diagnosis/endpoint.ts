import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { readCapabilities, type Capabilities } from '../probes/capabilities';
import { readGreeting, type Greeting } from '../probes/greeting';
import { LineReader } from '../probes/line-reader';
import { startTls } from '../probes/starttls';
import type { HeldSession } from '../probes/login-common';
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
 * What the scheduler (./scheduling) learns while an observation is still under way, so it can
 * start or stop other probes before this one ends.
 */
export interface ObserveHooks {
  onConnected?(ms: number): void;
  /** The TLS handshake ended (implicit TLS, or after STARTTLS), whatever its outcome. */
  onHandshake?(tls: TlsObservation): void;
  onGreeting?(greeting: Greeting): void;
  /**
   * Resolves when waiting longer for a plaintext greeting cannot change the verdict (another
   * probe completed a TLS handshake on this port: the port waits for a ClientHello). The
   * greeting is then recorded as silent after the time waited.
   */
  stopGreetingWait?: Promise<void>;
  /**
   * A session that ended healthy (verified TLS, greeting, EHLO / CAPABILITY / CAPA inside TLS)
   * is offered for the login, so it needs no connection of its own. Returning true takes it
   * over: the caller then closes it.
   */
  keepSession?(session: HeldSession, endpoint: Endpoint): boolean;
}

/**
 * Connects the way a mail app with these settings would and records each layer. Sockets are
 * always destroyed; nothing here sends credentials.
 */
export async function observeEndpoint(ctx: DiagnosisContext, endpoint: Endpoint, hooks: ObserveHooks = {}): Promise<EndpointObservation> {
  const startedAt = performance.now();
  const sockets = new Set<Duplex>();
  const track = <S extends Duplex>(socket: S): S => {
    sockets.add(socket);
    return socket;
  };
  track.release = (socket: Duplex): void => void sockets.delete(socket);
  try {
    const observation = await observe(ctx, endpoint, track, hooks);
    return { ...observation, ms: Math.round(performance.now() - startedAt) };
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}

type Track = (<S extends Duplex>(socket: S) => S) & { release(socket: Duplex): void };
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

async function observe(ctx: DiagnosisContext, requested: Endpoint, track: Track, hooks: ObserveHooks): Promise<Partial> {
  const { endpoint, connected } = await connectAnswering(ctx, requested);
  if (!connected.ok) {
    return { endpoint, tcp: { ok: false, code: connected.code, message: connected.message, ms: connected.ms } };
  }
  const tcp = { ok: true, ms: connected.ms };
  hooks.onConnected?.(connected.ms);
  const socket = track(connected.socket);
  return endpoint.security === 'tls'
    ? { endpoint, tcp, ...(await observeImplicitTls(ctx, endpoint, socket, track, hooks)) }
    : { endpoint, tcp, ...(await observePlain(ctx, endpoint, socket, track, hooks)) };
}

async function observeImplicitTls(ctx: DiagnosisContext, endpoint: Endpoint, socket: Socket, track: Track, hooks: ObserveHooks) {
  const tlsOptions = { ...ctx.step, servername: endpoint.servername, ca: ctx.ca };
  const { observation: tls, tlsSocket } = await ctx.waitFor('tls', endpoint.port, ctx.timeoutMs, tlsHandshake(socket, tlsOptions));
  hooks.onHandshake?.(tls);
  // What a plaintext port says instead is seen by the STARTTLS probe of the same port, which
  // runs in parallel (see ./alternatives).
  if (!tls.handshake || !tlsSocket) return { tls };
  const reader = new LineReader(track(tlsSocket));
  const greeting = await ctx.waitFor('greeting', endpoint.port, ctx.timeoutMs, readGreeting(reader, ctx.step));
  hooks.onGreeting?.(greeting);
  const secureCapabilities = greetsAs(greeting, endpoint.protocol)
    ? await ctx.waitFor('capabilities', endpoint.port, ctx.timeoutMs, readCapabilities(reader, endpoint.protocol, { ...ctx.step, greeting }))
    : undefined;
  if (secureCapabilities?.ok) offerSession(endpoint, tls, { reader, tlsSocket, socket, greeting, capabilities: secureCapabilities }, track, hooks);
  return { tls, greeting, secureCapabilities };
}

async function observePlain(ctx: DiagnosisContext, endpoint: Endpoint, socket: Socket, track: Track, hooks: ObserveHooks) {
  const reader = new LineReader(socket);
  // A silent port may be waiting for a ClientHello: the implicit-TLS probe of the same port
  // (started by ./scheduling when the greeting is late) tells, and then ends this wait.
  const greeting = await ctx.waitFor('greeting', endpoint.port, ctx.timeoutMs, untilStopped(readGreeting(reader, ctx.step), hooks.stopGreetingWait));
  hooks.onGreeting?.(greeting);
  if (!greetsAs(greeting, endpoint.protocol)) return { greeting };
  const capabilities = await ctx.waitFor('capabilities', endpoint.port, ctx.timeoutMs, readCapabilities(reader, endpoint.protocol, { ...ctx.step, greeting }));
  if (endpoint.security === 'none') {
    const plainAuth = endpoint.protocol === 'smtp' && shouldAskPlainAuth(capabilities) ? await askPlainAuth(reader, capabilities, ctx.timeoutMs) : undefined;
    return { greeting, capabilities, ...(plainAuth && { plainAuth }) };
  }
  if (!capabilities.startTls) return { greeting, capabilities };

  const upgradeStarted = performance.now();
  const upgrade = await ctx.waitFor('starttls', endpoint.port, ctx.timeoutMs, startTls(socket, reader, endpoint.protocol, {
    ...ctx.step,
    servername: endpoint.servername,
    ca: ctx.ca,
  }));
  if (upgrade.kind === 'refused') return { greeting, capabilities, startTls: { kind: upgrade.kind, response: upgrade.response } };
  if (upgrade.kind === 'failed') {
    const slow = upgrade.slow ? { slow: true, ms: Math.round(performance.now() - upgradeStarted) } : {};
    return { greeting, capabilities, startTls: { kind: upgrade.kind, response: upgrade.message, ...slow } };
  }
  if (upgrade.kind === 'upgraded') hooks.onHandshake?.(upgrade.observation);
  const startTlsSeen = { kind: upgrade.kind, injected: upgrade.injected };
  if (!upgrade.tlsSocket || !upgrade.observation.handshake) {
    return { greeting, capabilities, startTls: startTlsSeen, tls: upgrade.observation };
  }
  const secureReader = new LineReader(track(upgrade.tlsSocket));
  const secureCapabilities = await ctx.waitFor('capabilities', endpoint.port, ctx.timeoutMs, readCapabilities(secureReader, endpoint.protocol, ctx.step));
  if (secureCapabilities.ok) offerSession(endpoint, upgrade.observation, { reader: secureReader, tlsSocket: upgrade.tlsSocket, socket, greeting, capabilities: secureCapabilities }, track, hooks);
  return { greeting, capabilities, startTls: startTlsSeen, tls: upgrade.observation, secureCapabilities };
}

/** The greeting after which a login can go on on the session (IMAP: not PREAUTH, which needs none). */
const SESSION_GREETINGS: Readonly<Record<Protocol, string>> = { smtp: 'smtp_ready', imap: 'imap_ok', pop3: 'pop3_ok' };

/**
 * Hands a healthy session to `hooks.keepSession` (the login): only with a
 * verified certificate, and only when nothing arrived beyond the last reply (a server that
 * talks out of turn gets a fresh connection for the password).
 */
function offerSession(
  endpoint: Endpoint,
  tls: TlsObservation,
  { reader, tlsSocket, socket, greeting, capabilities }: { reader: LineReader; tlsSocket: TLSSocket; socket: Socket; greeting: Greeting; capabilities: Capabilities },
  track: Track,
  hooks: ObserveHooks,
): void {
  if (!tls.ok || !hooks.keepSession || greeting.kind !== SESSION_GREETINGS[endpoint.protocol] || !greetsAs(greeting, endpoint.protocol)) return;
  if (reader.detach().length > 0) return;
  // Nothing reads it until the login's library does; it resumes the socket when it listens.
  tlsSocket.pause();
  const close = (): void => {
    tlsSocket.destroy();
    socket.destroy();
  };
  if (!hooks.keepSession({ tlsSocket, socket, greeting: greeting.text, capabilities: capabilities.raw, close }, endpoint)) return;
  track.release(tlsSocket);
  track.release(socket);
}

/**
 * The greeting, or "silent" for the time waited once `stop` resolves first. The read left
 * behind ends when observeEndpoint destroys the socket; its result is dropped.
 */
function untilStopped(reading: Promise<Greeting>, stop: Promise<void> | undefined): Promise<Greeting> {
  if (!stop) return reading;
  const startedAt = performance.now();
  const silent = stop.then((): Greeting => ({ kind: 'silent', text: '', ms: Math.round(performance.now() - startedAt) }));
  return Promise.race([reading, silent]);
}
