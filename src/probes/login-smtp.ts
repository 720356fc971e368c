import { connect as netConnect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import nodemailer from 'nodemailer';
import type { Credentials, ServerSettings } from '../settings/server-settings';
import {
  bounded,
  errorFields,
  failure,
  isConnectCode,
  isTlsCode,
  libraryTimeout,
  librarySocketTimeout,
  LOGIN_CODES,
  secretForms,
  tlsCodeFromMessage,
  tlsIdentity,
  type LoginOptions,
  type LoginResult,
  type LoginStage,
} from './login-common';
import { msSince } from './probe-options';
import { capSocketBytes, DEFAULT_BYTE_CAP, TOO_MUCH_DATA } from './socket-byte-cap';

/** A reply line as long as any real EHLO; nodemailer's own default is 1 MB. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export type { LoginOptions, LoginResult } from './login-common';

/**
 * Logs in over SMTP with nodemailer's `verify()` (greeting, EHLO, STARTTLS, AUTH, QUIT; no mail
 * is sent) and reports how far it got. Never throws.
 *
 * The TCP (and implicit TLS) connection is opened here and handed to nodemailer through
 * `getSocket`: that pins the exact policy-checked address, keeps Node's own error codes
 * (nodemailer reports socket errors as a bare `ESOCKET`), tells which stage a timeout hit, and
 * lets a timeout or cancel destroy the socket, which `verify()` alone cannot.
 */
export async function loginSmtp(settings: ServerSettings, credentials: Credentials, options: LoginOptions): Promise<LoginResult> {
  const startedAt = performance.now();
  const secrets = secretForms(credentials);
  const perPhase = libraryTimeout(options.timeoutMs);
  const identity = tlsIdentity(options.servername, options.ca);
  const implicitTls = settings.security === 'tls';
  const held = options.session;

  let raw: Socket | undefined;
  let secure: TLSSocket | undefined;
  let connected = false;
  let secured = false;
  let sawData = false;
  let authSent = false;
  const stage = (): LoginStage => {
    if (!connected) return 'connect';
    if (implicitTls && !secured) return 'tls';
    if (authSent) return 'login';
    return sawData ? 'session' : 'greeting';
  };
  const cancel = (): void => {
    secure?.destroy();
    raw?.destroy();
  };

  return bounded(options, startedAt, secrets, stage, cancel, async (credentialsSent) => {
    const transport = nodemailer.createTransport({
      host: options.address,
      port: settings.port,
      // A held session is secured already (STARTTLS or implicit TLS, verified by the probe).
      secure: implicitTls || !!held,
      requireTLS: settings.security === 'starttls',
      ignoreTLS: settings.security === 'none',
      ...(identity.servername ? { servername: identity.servername } : {}),
      tls: identity,
      auth: credentials.oauth
        ? { type: 'OAuth2', user: credentials.user, accessToken: credentials.oauth.accessToken }
        : { user: credentials.user, pass: credentials.password },
      // Log in even when EHLO lists no AUTH: otherwise verify() reports success without a login.
      forceAuth: true,
      // The transaction log is how nodemailer says which command it sends: the AUTH command starts
      // the wait for the (possibly delayed) login answer. nodemailer masks the secret in it, and
      // this logger keeps nothing.
      logger: authWatcher(() => {
        authSent = true;
        credentialsSent();
      }),
      debug: false,
      transactionLog: true,
      connectionTimeout: perPhase,
      greetingTimeout: perPhase,
      socketTimeout: librarySocketTimeout(options),
      dnsTimeout: perPhase,
      socketCloseTimeout: 0,
      maxResponseSize: MAX_RESPONSE_BYTES,
      getSocket: (_opts, callback) => {
        if (held) {
          // nodemailer starts every session by reading the greeting, which the probe has read
          // already: that line is put back in front of the socket's data (Readable.unshift).
          // nodemailer then sends EHLO again, which RFC 5321 §4.1.4 allows at any time (the server
          // resets its state), finds TLS in place and goes on with AUTH.
          raw = held.socket;
          secure = held.tlsSocket;
          connected = true;
          secured = true;
          sawData = true;
          capSocketBytes(held.tlsSocket, DEFAULT_BYTE_CAP);
          held.tlsSocket.unshift(Buffer.from(`220 ${held.greeting.replace(/[\r\n]/gu, ' ')}\r\n`));
          return callback(null, { connection: held.tlsSocket, secured: true });
        }
        let answered = false;
        const answer = (error: Error | null, socket?: Socket): void => {
          if (answered) return;
          answered = true;
          if (error) callback(error);
          else callback(null, { connection: socket, ...(implicitTls ? { secured: true } : {}) });
        };
        raw = netConnect({ host: options.address, port: settings.port });
        capSocketBytes(raw, DEFAULT_BYTE_CAP);
        raw.on('error', (error) => answer(error));
        raw.once('connect', () => {
          connected = true;
          if (!implicitTls || !raw) {
            if (raw) watchData(raw, () => (sawData = true));
            return answer(null, raw);
          }
          secure = tlsConnect({ ...identity, socket: raw, host: options.address });
          // Inside TLS the raw socket emits no data: count the decrypted bytes instead.
          capSocketBytes(secure, DEFAULT_BYTE_CAP);
          secure.on('error', (error) => answer(error));
          secure.once('secureConnect', () => {
            secured = true;
            if (secure) watchData(secure, () => (sawData = true));
            answer(null, secure);
          });
        });
      },
    });
    try {
      await transport.verify();
      return { ok: true, ms: msSince(startedAt) };
    } catch (error) {
      return smtpFailure(error, stage(), startedAt, secrets);
    } finally {
      transport.close();
      cancel();
    }
  });
}

type LogMethod = (entry: unknown, message?: unknown) => void;

/**
 * A bunyan-style logger for nodemailer that only watches for the client's AUTH command and
 * drops every entry (server replies may echo secrets: nothing is kept or printed).
 */
function authWatcher(onAuth: () => void): Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', LogMethod> {
  let seen = false;
  const drop: LogMethod = () => {};
  const debug: LogMethod = (entry, message) => {
    const client = typeof entry === 'object' && entry !== null && (entry as { tnx?: unknown }).tnx === 'client';
    if (!seen && client && typeof message === 'string' && /^AUTH\b/i.test(message)) {
      seen = true;
      onAuth();
    }
  };
  return { trace: drop, debug, info: drop, warn: drop, error: drop, fatal: drop };
}

/** Notes the first data event without adding a 'data' listener (that would start the flow early). */
function watchData(socket: Socket, seen: () => void): void {
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  (socket as { emit: (event: string | symbol, ...args: unknown[]) => boolean }).emit = (event, ...args) => {
    if (event === 'data') seen();
    return emit(event, ...args);
  };
}

function smtpFailure(error: unknown, reached: LoginStage, startedAt: number, secrets: readonly string[]): LoginResult {
  const f = errorFields(error);
  const command = f.command ?? '';
  // nodemailer reports socket errors as ESOCKET and keeps Node's code in originalCode; a failed
  // STARTTLS handshake comes as ETLS with the reason only in the message.
  let code = f.code === 'ESOCKET' && f.originalCode ? f.originalCode : f.code;
  if (code === TOO_MUCH_DATA || /Server response exceeds maximum allowed size/i.test(f.message)) code = LOGIN_CODES.tooMuchData;
  else if (/Error upgrading connection with STARTTLS/i.test(f.message)) code = LOGIN_CODES.starttlsNotOffered;
  else if (code === 'ETLS' || code === 'ESOCKET' || !code) code = tlsCodeFromMessage(f.message) ?? code;

  let stage: LoginStage = reached;
  if (isTlsCode(code) || command === 'STARTTLS') stage = 'tls';
  else if (isConnectCode(code)) stage = 'connect';
  else if (code === 'EAUTH' || code === 'ENOAUTH' || command.startsWith('AUTH')) stage = 'login';
  // nodemailer names a timeout or close after the greeting 'CONN' too: what was reached says more.
  // A reply to CONN is the greeting itself (421, 554); nodemailer names a timeout or close after
  // the greeting 'CONN' too, and there the stage reached says more.
  else if (command === 'CONN') stage = reached === 'connect' ? 'connect' : f.response ? 'greeting' : reached;
  else if (command === 'EHLO' || command === 'HELO') stage = reached === 'connect' ? 'connect' : 'session';

  return failure(startedAt, secrets, { stage, code, response: f.response, message: f.message });
}
