import { isIP, type Socket } from 'node:net';
import tls, { type ConnectionOptions, type TLSSocket } from 'node:tls';
import { certificateInfo, chainFailure, type CertificateInfo } from './certificate';
import { msSince, onAbort, type ProbeOptions } from './probe-options';

/**
 * The TLS probe: wraps an already-connected socket, completes the handshake and reports what
 * was seen (version, cipher, certificate facts) and, when it is not usable, why.
 */
export type { CertificateInfo } from './certificate';

export type TlsFailureCode =
  | 'cert_expired'
  | 'cert_not_yet_valid'
  | 'cert_self_signed'
  | 'cert_untrusted'
  | 'cert_hostname_mismatch'
  /** No TLS version in common (e.g. server only TLS 1.0, or alert protocol version). */
  | 'protocol_version'
  /** The server answered a ClientHello in plaintext: a plain/STARTTLS port. */
  | 'plaintext_reply'
  | 'handshake_failed'
  | 'timeout'
  | 'closed'
  | 'reset';

export interface TlsObservation {
  /** Handshake completed, chain trusted and name matches. */
  ok: boolean;
  /** Handshake completed at all. */
  handshake: boolean;
  failure?: TlsFailureCode;
  /** Node's code/text, for evidence. */
  message?: string;
  protocol?: string;
  cipher?: string;
  certificate?: CertificateInfo;
  /** Node's authorizationError code, e.g. CERT_HAS_EXPIRED. */
  chainError?: string;
  hostnameMatch?: boolean;
  ms: number;
}

export interface TlsOptions extends ProbeOptions {
  servername: string;
  /** Replaces Node's default store when given; production leaves it unset (Node's store + NODE_EXTRA_CA_CERTS). */
  ca?: string[];
}

export interface TlsHandshakeResult {
  observation: TlsObservation;
  /**
   * Present whenever the handshake completed; the caller owns it and must end it. When
   * `observation.ok` is false it is for observation only (e.g. reading a greeting): never send
   * credentials on it.
   */
  tlsSocket?: TLSSocket;
}

/** Version-related settings the version scan overrides; nothing else may be. */
type VersionOverrides = Pick<ConnectionOptions, 'minVersion' | 'maxVersion' | 'ciphers'>;

/** Wraps an already-connected plain socket (implicit TLS right after connect, or after STARTTLS). */
export function tlsHandshake(socket: Socket, options: TlsOptions): Promise<TlsHandshakeResult> {
  return handshake(socket, options, {});
}

/** OpenSSL reasons meaning the bytes that came back were not TLS at all: a plaintext banner. */
const PLAINTEXT_REASONS = ['wrong version number', 'packet length too long', 'http request', 'https proxy request', 'unknown protocol'];
/** OpenSSL reasons meaning both ends speak TLS, but no version in common. */
const VERSION_REASONS = ['unsupported protocol', 'alert protocol version', 'no protocols available', 'version too low', 'wrong ssl version', 'inappropriate fallback'];

const ignore = (): void => {};

/** The handshake shared with the version scan, which narrows the versions and ciphers. */
function handshake(socket: Socket, options: TlsOptions, overrides: VersionOverrides): Promise<TlsHandshakeResult> {
  const startedAt = performance.now();
  // Errors on the raw socket surface through the TLS socket; without a listener of its own
  // a late one (after we return) would crash the process.
  socket.on('error', ignore);
  if (options.signal?.aborted || socket.destroyed) {
    socket.destroy();
    return Promise.resolve({ observation: failed('closed', options.signal?.aborted ? 'aborted' : 'socket already closed', startedAt) });
  }
  return new Promise((resolve) => {
    const tlsSocket = connectTls(socket, options, overrides);
    let settled = false;
    const finish = (result: TlsHandshakeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      detachAbort();
      tlsSocket.off('error', onError).off('close', onClose);
      // Left in place so an error after we return is never an uncaught exception.
      tlsSocket.on('error', ignore);
      if (!result.tlsSocket) {
        tlsSocket.destroy();
        socket.destroy();
      }
      resolve(result);
    };
    const onError = (error: NodeJS.ErrnoException): void => finish({ observation: classifyError(error, startedAt) });
    const onClose = (): void => finish({ observation: failed('closed', 'connection closed during the TLS handshake', startedAt) });
    const timer = setTimeout(
      () => finish({ observation: failed('timeout', `no TLS handshake within ${options.timeoutMs} ms`, startedAt) }),
      options.timeoutMs,
    );
    const detachAbort = onAbort(options.signal, () => finish({ observation: failed('closed', 'aborted', startedAt) }));
    tlsSocket.once('secureConnect', () => finish({ observation: observe(tlsSocket, options.servername, startedAt), tlsSocket }));
    tlsSocket.on('error', onError).on('close', onClose);
  });
}

function connectTls(socket: Socket, options: TlsOptions, overrides: VersionOverrides): TLSSocket {
  return tls.connect({
    socket,
    // SNI carries host names only (RFC 6066 §3); an IP literal is still checked below.
    servername: isIP(options.servername) ? undefined : options.servername,
    ca: options.ca,
    // Trust is never disabled. The handshake is completed even with a bad certificate only
    // so the certificate can be observed and described; the verdict comes from Node's own
    // chain verification (`authorized` / `authorizationError`) and tls.checkServerIdentity
    // in observe(). Credentials are never sent on this socket: the login probes open their
    // own verified connections.
    rejectUnauthorized: false,
    // The name is checked in observe() against the name the user typed, so that
    // `authorizationError` stays the chain's verdict alone and both are reported.
    checkServerIdentity: () => undefined,
    ...overrides,
  });
}

/** Facts and verdict of a completed handshake. */
function observe(tlsSocket: TLSSocket, servername: string, startedAt: number): TlsObservation {
  const peer = tlsSocket.getPeerCertificate(true);
  const certificate = certificateInfo(peer);
  const chainError = tlsSocket.authorized ? undefined : authorizationCode(tlsSocket.authorizationError);
  const identityError = certificate ? tls.checkServerIdentity(servername, peer) : new Error('the server sent no certificate');
  const hostnameMatch = identityError === undefined;
  const failure = chainError ? chainFailure(chainError) : hostnameMatch ? undefined : 'cert_hostname_mismatch';
  const cipher = tlsSocket.getCipher();
  return {
    ok: failure === undefined,
    handshake: true,
    ...(failure && { failure, message: chainError ?? identityError?.message }),
    protocol: tlsSocket.getProtocol() ?? undefined,
    cipher: cipher?.standardName ?? cipher?.name,
    ...(certificate && { certificate }),
    ...(chainError && { chainError }),
    hostnameMatch,
    ms: msSince(startedAt),
  };
}

/** Node types `authorizationError` as an Error but sets the verify code string. */
function authorizationCode(error: unknown): string {
  if (typeof error === 'string') return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : String(error ?? 'UNKNOWN');
}

/** Turns a handshake error into a cause; the raw code and text stay as evidence. */
function classifyError(error: NodeJS.ErrnoException & { reason?: string }, startedAt: number): TlsObservation {
  const text = `${error.reason ?? ''} ${error.message}`.toLowerCase();
  const message = error.code ? `${error.code}: ${firstLine(error.message)}` : firstLine(error.message);
  return failed(failureOf(error, text), message, startedAt);
}

function failureOf(error: NodeJS.ErrnoException, text: string): TlsFailureCode {
  if (PLAINTEXT_REASONS.some((reason) => text.includes(reason))) return 'plaintext_reply';
  if (VERSION_REASONS.some((reason) => text.includes(reason))) return 'protocol_version';
  // Node reports a peer's FIN before the handshake as ECONNRESET too ("Client network socket
  // disconnected before secure TLS connection was established"), but without a syscall; a
  // real RST comes from a `read`/`write` syscall.
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return error.syscall ? 'reset' : 'closed';
  return 'handshake_failed';
}

/** OpenSSL messages end with a newline and file positions; the first line is the evidence. */
function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}

function failed(failure: TlsFailureCode, message: string, startedAt: number): TlsObservation {
  return { ok: false, handshake: false, failure, message, ms: msSince(startedAt) };
}

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
/** OpenSSL 3 forbids TLS 1.0/1.1 (SHA-1) above security level 0: without it they could not be seen. */
const SCAN_CIPHERS = 'DEFAULT:@SECLEVEL=0';

/**
 * Which TLS versions (all, or the ones asked about) the server accepts. `open` gives a fresh connection ready for a
 * ClientHello (the engine does TCP connect and STARTTLS if needed), or undefined when it could
 * not. Each version is tried in parallel with min = max = that version; every socket is closed.
 * A version counts when its handshake completes, whatever the certificate: this only
 * observes, nothing is sent over these sockets.
 */
export async function scanTlsVersions(
  open: () => Promise<Socket | undefined>,
  options: TlsOptions,
  versions: readonly TlsVersion[] = TLS_VERSIONS,
): Promise<Partial<Record<TlsVersion, boolean>>> {
  const results = await Promise.all(versions.map((version) => tryVersion(open, version, options)));
  return Object.fromEntries(versions.map((version, i) => [version, results[i] ?? false]));
}

async function tryVersion(open: () => Promise<Socket | undefined>, version: TlsVersion, options: TlsOptions): Promise<boolean> {
  const socket = await openWithin(open, options);
  if (!socket) return false;
  const { observation, tlsSocket } = await handshake(socket, options, { minVersion: version, maxVersion: version, ciphers: SCAN_CIPHERS });
  tlsSocket?.destroy();
  socket.destroy();
  return observation.handshake && observation.protocol === version;
}

/** `open` under the same deadline and signal; a socket that arrives too late is closed. */
function openWithin(open: () => Promise<Socket | undefined>, options: TlsOptions): Promise<Socket | undefined> {
  if (options.signal?.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (socket: Socket | undefined): void => {
      if (settled) {
        socket?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      detachAbort();
      resolve(socket);
    };
    const timer = setTimeout(() => settle(undefined), options.timeoutMs);
    const detachAbort = onAbort(options.signal, () => settle(undefined));
    open().then(settle, () => settle(undefined));
  });
}
