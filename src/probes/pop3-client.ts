import type { EventEmitter } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect } from 'node:tls';
import type { ErrorCode } from '../errors/error-codes';
import { MailhelpError } from '../errors/mailhelp-error';
import type { Security } from '../settings/server-settings';
import { LineReader, printable } from './line-reader';
import { LOGIN_CODES, tlsIdentity, type LoginStage } from './login-common';
import { readPop3Reply, type Pop3Reply, type ReadFailure } from './mail-commands';
import { decodeOAuthChallenge, oauthBearerPayload, saslSafe, xoauth2Payload, type SaslMechanism } from './oauth-sasl';

/**
 * A minimal POP3 client for one login test: greeting, CAPA (RFC 2449), STLS (RFC 2595),
 * USER/PASS (RFC 1939) or AUTH PLAIN (RFC 5034), QUIT. Nothing else: it never reads mail.
 *
 * Our own because no well-kept POP3 client exists on npm: the packages there have been
 * unmaintained for years, are callback-based, and none lets us verify the STLS certificate
 * against a chosen name and CA on a pinned address while keeping the server's raw replies,
 * which is what a diagnosis needs. A login test needs only these few commands.
 */
export interface Pop3ClientOptions {
  /** IP to connect to. */
  address: string;
  port: number;
  /** Name for SNI and the certificate check. */
  servername: string;
  /** 'tls': implicit TLS; 'starttls': STLS is required before login; 'none': plain. */
  security: Security;
  ca?: string[];
  /** Budget for the session up to the credentials, from connect() on. */
  timeoutMs: number;
  /** Budget for the answer to the credentials, from the moment they are sent (servers delay failures). */
  loginTimeoutMs?: number;
}

export class Pop3Error extends MailhelpError {
  constructor(
    message: string,
    readonly stage: LoginStage,
    code: ErrorCode,
    /** The server line, as sent (e.g. `-ERR [AUTH] Authentication failed.`). */
    readonly response?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }

  /** The code a login result reports: ours, or for a socket error Node's own (ECONNRESET, CERT_HAS_EXPIRED). */
  get resultCode(): string | undefined {
    return this.code === 'SOCKET_ERROR' ? (this.cause as NodeJS.ErrnoException | undefined)?.code : this.code;
  }
}

export class Pop3Client {
  /** How far the session got; a timeout or cancel is reported at this stage. */
  stage: LoginStage = 'connect';
  secure = false;
  greeting: string | undefined;
  /** CAPA keywords (upper case); undefined when the server has no CAPA. */
  capabilities: Set<string> | undefined;
  /** Mechanisms of the CAPA `SASL` line (upper case). */
  saslMechanisms = new Set<string>();
  /** Told when the credentials go out, so the caller's deadline can switch to the login budget. */
  onCredentialsSent: (() => void) | undefined;

  private socket: Socket | undefined;
  private reader: LineReader | undefined;
  private deadline = 0;

  constructor(private readonly options: Pop3ClientOptions) {}

  /** Opens the connection (TLS first for implicit TLS) and reads the greeting. */
  async connect(): Promise<void> {
    this.deadline = performance.now() + this.options.timeoutMs;
    const raw = netConnect({ host: this.options.address, port: this.options.port });
    raw.on('error', () => {}); // errors are read through waitFor() and the line reader
    this.socket = raw;
    await this.waitFor(raw, 'connect', 'connect');
    if (this.options.security === 'tls') await this.handshake();
    this.stage = 'greeting';
    this.reader = new LineReader(this.socket);
    const reply = await readPop3Reply(this.reader, this.remaining());
    const greeting = this.expectReply(reply, 'greeting');
    if (!greeting.ok) {
      throw new Pop3Error('the server refused the session in its greeting', 'greeting', 'GREETING_REFUSED', `-ERR ${greeting.text}`);
    }
    this.greeting = greeting.text;
    this.stage = 'session';
  }

  /**
   * Goes on on a session the probe opened and secured (verified TLS, greeting read) instead of
   * connecting: the mail app's one connection. CAPA is read again by the caller (what the probe
   * parsed for its own purposes is not what this client keeps).
   */
  adopt(tlsSocket: Socket, greeting: string): void {
    this.deadline = performance.now() + this.options.timeoutMs;
    this.socket = tlsSocket;
    this.secure = true;
    this.greeting = greeting;
    this.reader = new LineReader(tlsSocket);
    // The probe paused it for the hand-over; a 'data' listener does not undo an explicit pause.
    tlsSocket.resume();
    this.stage = 'session';
  }

  /** Reads CAPA; a server without CAPA (-ERR) leaves `capabilities` undefined. */
  async capa(): Promise<void> {
    const reply = this.expectReply(await this.command('CAPA', true), this.stage);
    this.capabilities = undefined;
    this.saslMechanisms = new Set();
    if (!reply.ok) return;
    this.capabilities = new Set();
    for (const line of reply.body) {
      const [keyword, ...params] = line.trim().toUpperCase().split(/\s+/);
      if (!keyword) continue;
      this.capabilities.add(keyword);
      if (keyword === 'SASL') for (const mechanism of params) this.saslMechanisms.add(mechanism);
    }
  }

  /** STLS, the handshake, and CAPA again (RFC 2595 §4: what was learnt in plaintext is void). */
  async startTls(): Promise<void> {
    if (this.capabilities && !this.capabilities.has('STLS')) {
      throw new Pop3Error('the server does not offer STLS', 'tls', LOGIN_CODES.starttlsNotOffered);
    }
    const reply = this.expectReply(await this.command('STLS'), 'tls');
    if (!reply.ok) {
      throw new Pop3Error('the server refused STLS', 'tls', LOGIN_CODES.starttlsNotOffered, `-ERR ${reply.text}`);
    }
    const injected = this.reader?.detach() ?? Buffer.alloc(0);
    if (injected.length > 0) {
      throw new Pop3Error('data followed the STLS reply before the TLS handshake (possible injection)', 'tls', 'STARTTLS_INJECTION');
    }
    await this.handshake();
    this.reader = new LineReader(this.socket as Socket);
    this.stage = 'session';
    await this.capa();
  }

  /**
   * Logs in with AUTH PLAIN when CAPA offers it, else USER/PASS. Resolves with the method used;
   * a refusal throws a Pop3Error carrying the server's line.
   */
  async login(user: string, password: string): Promise<string> {
    this.stage = 'login';
    if (/[\r\n\0]/.test(user) || /[\r\n\0]/.test(password)) {
      throw new Pop3Error('the user name or password contains a line break or NUL', 'login', 'EINVAL');
    }
    this.startLoginBudget();
    if (this.saslMechanisms.has('PLAIN')) {
      await this.authPlain(user, password);
      return 'AUTH PLAIN';
    }
    if (!this.capabilities || this.capabilities.has('USER')) {
      await this.userPass(user, password);
      return 'USER/PASS';
    }
    if (!this.secure && this.capabilities.has('STLS')) {
      throw new Pop3Error('the server offers no password login before STLS', 'login', LOGIN_CODES.loginDisabled);
    }
    const offered = [...this.saslMechanisms].join(' ') || 'none';
    throw new Pop3Error(`no login method in common (server SASL mechanisms: ${offered})`, 'login', LOGIN_CODES.noMechanism);
  }

  /**
   * Logs in with an OAuth access token (AUTH XOAUTH2 or OAUTHBEARER, RFC 5034 with an initial
   * response). A server that refuses the token first sends an error challenge (`+ <base64 JSON>`),
   * which is answered with an empty line (XOAUTH2) or ^A (RFC 7628 §3.2.3) to get its final -ERR.
   */
  async loginOAuth(user: string, token: string, mechanism: SaslMechanism): Promise<string> {
    this.stage = 'login';
    if (!saslSafe(user) || !saslSafe(token)) throw new Pop3Error('the user name or token contains a control character', 'login', 'EINVAL');
    if (!this.saslMechanisms.has(mechanism)) {
      const offered = [...this.saslMechanisms].join(' ') || 'none';
      throw new Pop3Error(`the server does not offer ${mechanism} (server SASL mechanisms: ${offered})`, 'login', LOGIN_CODES.noMechanism);
    }
    const reader = this.requireReader();
    const payload = mechanism === 'XOAUTH2' ? xoauth2Payload(user, token) : oauthBearerPayload(user, token, this.options.servername, this.options.port);
    reader.writeLine(`AUTH ${mechanism} ${payload}`);
    let read = await reader.readLine(this.remaining());
    if (read.kind === 'line' && /^\+$|^\+ $/.test(read.line)) {
      reader.writeLine(payload);
      read = await reader.readLine(this.remaining());
    }
    let challenge: string | undefined;
    if (read.kind === 'line' && /^\+ \S/.test(read.line)) {
      challenge = read.line.slice(2).trim();
      reader.writeLine(mechanism === 'XOAUTH2' ? '' : 'AQ==');
      read = await reader.readLine(this.remaining());
    }
    if (read.kind !== 'line') throw this.readError(read, 'login');
    const match = /^([+-](?:OK|ERR))\b ?(.*)$/i.exec(read.line);
    if (!match) throw new Pop3Error('not a POP3 reply to AUTH', 'login', 'PROTOCOL', printable(read.line));
    if (match[1]?.toUpperCase() !== '+OK') {
      const status = challenge ? decodeOAuthChallenge(challenge)?.status : undefined;
      throw new Pop3Error('the server refused the token', 'login', LOGIN_CODES.auth, `-ERR ${match[2] ?? ''}${status ? ` (status ${status})` : ''}`);
    }
    return `AUTH ${mechanism}`;
  }

  /** STAT (RFC 1939 §5): a harmless command that proves the login opened this user's maildrop. */
  async stat(): Promise<string> {
    const reply = this.expectReply(await this.command('STAT'), 'login');
    if (!reply.ok) throw new Pop3Error('the server refused STAT after the login', 'login', 'MAILBOX_UNAVAILABLE', `-ERR ${reply.text}`);
    return `+OK ${reply.text}`;
  }

  /** Says goodbye politely; never fails the test. */
  async quit(): Promise<void> {
    if (!this.reader) return;
    this.reader.writeLine('QUIT');
    await this.reader.readLine(Math.min(1000, this.remaining()));
    this.socket?.end();
  }

  destroy(): void {
    this.socket?.destroy();
  }

  private async userPass(user: string, password: string): Promise<void> {
    const userReply = this.expectReply(await this.command(`USER ${user}`), 'login');
    if (!userReply.ok) throw new Pop3Error('the server refused USER', 'login', LOGIN_CODES.auth, `-ERR ${userReply.text}`);
    const passReply = this.expectReply(await this.command(`PASS ${password}`), 'login');
    if (!passReply.ok) throw new Pop3Error('the server refused the login', 'login', LOGIN_CODES.auth, `-ERR ${passReply.text}`);
  }

  private async authPlain(user: string, password: string): Promise<void> {
    const reader = this.requireReader();
    const payload = Buffer.from(`\0${user}\0${password}`).toString('base64');
    // RFC 5034 §4: the initial response may ride on the command; a server that ignores it
    // answers with an empty continuation and gets the payload then.
    reader.writeLine(`AUTH PLAIN ${payload}`);
    let read = await reader.readLine(this.remaining());
    if (read.kind === 'line' && /^\+(\s|$)/.test(read.line)) {
      reader.writeLine(payload);
      read = await reader.readLine(this.remaining());
    }
    if (read.kind !== 'line') throw this.readError(read, 'login');
    const match = /^([+-](?:OK|ERR))\b ?(.*)$/i.exec(read.line);
    if (!match) throw new Pop3Error('not a POP3 reply to AUTH', 'login', 'PROTOCOL', printable(read.line));
    if (match[1]?.toUpperCase() !== '+OK') {
      throw new Pop3Error('the server refused the login', 'login', LOGIN_CODES.auth, `-ERR ${match[2] ?? ''}`);
    }
  }

  private async handshake(): Promise<void> {
    this.stage = 'tls';
    const secure = tlsConnect({
      ...tlsIdentity(this.options.servername, this.options.ca),
      socket: this.socket,
      host: this.options.address,
    });
    secure.on('error', () => {});
    this.socket = secure;
    await this.waitFor(secure, 'secureConnect', 'tls');
    this.secure = true;
  }

  private command(line: string, multiline = false) {
    return (async () => {
      const reader = this.requireReader();
      reader.writeLine(line);
      return readPop3Reply(reader, this.remaining(), multiline);
    })();
  }

  private expectReply(reply: Pop3Reply | ReadFailure | { kind: 'malformed'; line: string }, stage: LoginStage): Pop3Reply {
    if ('kind' in reply) {
      if (reply.kind === 'malformed') throw new Pop3Error('the server does not speak POP3', stage, 'PROTOCOL', printable(reply.line));
      throw this.readError(reply, stage);
    }
    return reply;
  }

  private readError(read: ReadFailure, stage: LoginStage): Pop3Error {
    switch (read.kind) {
      case 'timeout':
        return stage === 'greeting'
          ? new Pop3Error('no POP3 greeting in time', stage, 'GREETING_TIMEOUT')
          : new Pop3Error('the server did not answer in time', stage, stage === 'login' ? LOGIN_CODES.loginTimeout : LOGIN_CODES.timeout);
      case 'closed':
        return new Pop3Error('the server closed the connection', stage, 'CLOSED');
      case 'overflow':
        return new Pop3Error('the server sent an oversized reply', stage, 'OVERFLOW');
      case 'slow':
        return new Pop3Error(`the reply came one line at a time and was not complete after ${read.ms} ms (${read.lines} lines)`, stage, LOGIN_CODES.slowReply);
      case 'error':
        return new Pop3Error(read.error.message, stage, 'SOCKET_ERROR', undefined, { cause: read.error });
    }
  }

  private requireReader(): LineReader {
    if (!this.reader) throw new Pop3Error('not connected', this.stage, 'CLOSED');
    return this.reader;
  }

  /** From here the server's (possibly deliberately delayed) answer to the credentials is awaited. */
  private startLoginBudget(): void {
    if (this.options.loginTimeoutMs !== undefined) this.deadline = performance.now() + this.options.loginTimeoutMs;
    this.onCredentialsSent?.();
  }

  private remaining(): number {
    return Math.max(1, Math.round(this.deadline - performance.now()));
  }

  /** Resolves on `event`, rejects with a Pop3Error on error, close or the deadline. */
  private waitFor(emitter: EventEmitter, event: string, stage: LoginStage): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Pop3Error(`no ${event} in time`, stage, LOGIN_CODES.timeout)), this.remaining());
      const onEvent = (): void => done();
      const onError = (error: NodeJS.ErrnoException): void => done(new Pop3Error(error.message, stage, 'SOCKET_ERROR', undefined, { cause: error }));
      const onClose = (): void => done(new Pop3Error('the connection closed', stage, 'CLOSED'));
      const done = (error?: Pop3Error): void => {
        clearTimeout(timer);
        emitter.off(event, onEvent);
        emitter.off('error', onError);
        emitter.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      emitter.once(event, onEvent);
      emitter.once('error', onError);
      emitter.once('close', onClose);
    });
  }
}
