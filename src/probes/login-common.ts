import { isIP, type Socket } from 'node:net';
import { checkServerIdentity, type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import { type ErrorCode, layerOfCode } from '../errors/error-codes';
import type { Credentials } from '../settings/server-settings';
import { xoauth2Payload } from './oauth-sasl';
import { msSince, onAbort, type ProbeOptions } from './probe-options';
import { maskTransformed } from '../logging/redact-secret';

/**
 * What the three login probes (IMAP, SMTP, POP3) share: their options and result, the deadline
 * and cancel handling, and the scrubbing that keeps the password out of everything returned.
 */
export interface LoginOptions extends ProbeOptions {
  /** The exact IP to connect to (policy was checked on it; no re-resolution). */
  address: string;
  /** Host name for SNI and the certificate check. */
  servername: string;
  /** Replaces Node's default CA store when given (tests); production leaves it unset. */
  ca?: string[];
  /**
   * How long to wait for the answer to the credentials, from the moment they are sent
   * (MAILHELP_LOGIN_TIMEOUT_MS; DEFAULT_LOGIN_TIMEOUT_MS). Servers delay a failed login on purpose
   * (Dovecot auth_failure_delay 2 s and auth_penalty up to 15 s, Postfix smtpd_error_sleep_time),
   * so this is its own setting, separate from `timeoutMs`, which bounds everything before it.
   */
  loginTimeoutMs?: number;
  /** Called once, when the credentials have been sent and the wait for their answer begins. */
  onCredentialsSent?: () => void;
  /**
   * An SMTP or IMAP session the probe already opened and secured (verified TLS, greeting and
   * EHLO / CAPABILITY read): the login goes on on it instead of opening a connection of its
   * own, as a mail app does.
   */
  session?: HeldSession;
}

/**
 * A probe's connection kept open for the login: the verified TLS socket over its TCP socket,
 * the greeting the probe read and the capabilities it read inside TLS (the login's library
 * reads a greeting again from the socket: see the SMTP and IMAP logins).
 */
export interface HeldSession {
  tlsSocket: TLSSocket;
  socket: Socket;
  greeting: string;
  /** What the server offers inside TLS, as the probe read it on this connection. */
  capabilities: readonly string[];
  /** Destroys both sockets (the login was not tried after all, or the diagnosis ended). */
  close(): void;
}

/**
 * 20 s: above Dovecot's worst auth_penalty (15 s) plus a round trip. Real clients wait longer
 * still (Thunderbird's mailnews.tcptimeout 100 s, Outlook 60 s); a chat user waits for this one.
 */
export const DEFAULT_LOGIN_TIMEOUT_MS = 20_000;

/**
 * How far a login got. `session`: greeted, before the credentials (EHLO/CAPABILITY/CAPA,
 * STARTTLS negotiation); `login`: the credentials are being sent or were answered.
 */
export type LoginStage = 'connect' | 'tls' | 'greeting' | 'session' | 'login';

export type LoginResult =
  | {
      ok: true;
      ms: number;
      mechanism?: string;
      /** The harmless command run after an OAuth login and its answer ("EXAMINE INBOX", "STAT +OK 2 320"). */
      opened?: string;
    }
  | {
      ok: false;
      stage: LoginStage;
      /** Library or Node code (`EAUTH`, `ECONNREFUSED`, `CERT_HAS_EXPIRED`, `LOGINDISABLED`, `TIMEOUT`...). */
      code?: string;
      /** Server reply text, password-free. */
      response?: string;
      message: string;
      ms: number;
    };

export type LoginFailure = Extract<LoginResult, { ok: false }>;

/** Codes this module gives on its own (the libraries and Node add theirs). */
export const LOGIN_CODES = {
  /** The steps before the credentials ran out of `timeoutMs`. */
  timeout: 'TIMEOUT',
  /** The credentials were sent and no answer came within `loginTimeoutMs`. */
  loginTimeout: 'LOGIN_TIMEOUT',
  /** `options.signal` aborted. */
  aborted: 'ABORTED',
  /** The server refuses plaintext login before TLS (IMAP LOGINDISABLED, POP3 without USER but with STLS). */
  loginDisabled: 'LOGINDISABLED',
  /** No login method in common. */
  noMechanism: 'NO_MECHANISM',
  /** STARTTLS required but not offered or refused. */
  starttlsNotOffered: 'STARTTLS_NOT_OFFERED',
  /** A reply began but did not finish within its deadline (a server dripping one line at a time). */
  slowReply: 'SLOW_REPLY',
  /** The server sent more than a login ever needs (see socket-byte-cap): hostile or garbage. */
  tooMuchData: 'TOO_MUCH_DATA',
  /** Generic authentication failure (the server said no). */
  auth: 'EAUTH',
  /** Logged in, but the harmless command after it (IMAP EXAMINE INBOX, POP3 STAT) was refused. */
  mailboxUnavailable: 'MAILBOX_UNAVAILABLE',
} as const satisfies Record<string, ErrorCode>;

/** Every form in which the password could leak into a message: plain, and base64 as SASL sends it. */
export function secretForms(credentials: Credentials): string[] {
  const { user, password } = credentials;
  const token = credentials.oauth?.accessToken;
  if (token) {
    const tokenForms = [token, Buffer.from(token).toString('base64'), xoauth2Payload(user, token), encodeURIComponent(token)];
    return [...new Set(tokenForms)].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
  }
  if (!password) return [];
  const forms = [
    password,
    Buffer.from(password).toString('base64'),
    Buffer.from(`\0${user}\0${password}`).toString('base64'),
    Buffer.from(`${user}\0${user}\0${password}`).toString('base64'),
    encodeURIComponent(password),
    JSON.stringify(password).slice(1, -1),
  ];
  // Longest first, so a longer form is not half-replaced by a shorter one it contains.
  return [...new Set(forms)].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Replaces every secret form in `text` with `***`, and what a server could make of them
 * (another case, hex, spaced out, a long piece: see maskTransformed).
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  for (const secret of secrets) out = maskTransformed(out, secret, '***');
  return out;
}

/**
 * TLS options that verify the certificate for `servername` while connecting to `address`.
 * SNI may not carry an IP literal (RFC 6066 §3), so for an IP the identity check is done
 * against that IP explicitly instead.
 */
export function tlsIdentity(servername: string, ca: string[] | undefined): ConnectionOptions {
  const options: ConnectionOptions = {};
  if (ca) options.ca = ca;
  if (isIP(servername)) {
    options.checkServerIdentity = (_host: string, cert: PeerCertificate) => checkServerIdentity(servername, cert);
  } else {
    options.servername = servername;
  }
  return options;
}

/**
 * The libraries' own per-phase timeouts: a little under the whole deadline, so that their
 * specific errors (greeting timeout, connection timeout) win over our overall timer.
 */
export function libraryTimeout(timeoutMs: number): number {
  return Math.max(1, timeoutMs - Math.min(100, Math.floor(timeoutMs / 10)));
}

/** The code (ours or a library's) names a TLS failure: see layerOfCode in the code table. */
export function isTlsCode(code: string | undefined): boolean {
  return layerOfCode(code) === 'tls';
}

/** The code names a failure to connect at all. */
export function isConnectCode(code: string | undefined): boolean {
  return layerOfCode(code) === 'connect';
}

/**
 * Node's certificate and handshake codes, recovered from the message when a library wrapped the
 * original error (nodemailer: "Error initiating TLS - certificate has expired").
 */
const TLS_MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [/certificate has expired/i, 'CERT_HAS_EXPIRED'],
  [/certificate is not yet valid/i, 'CERT_NOT_YET_VALID'],
  [/self[- ]signed certificate in certificate chain/i, 'SELF_SIGNED_CERT_IN_CHAIN'],
  [/self[- ]signed certificate/i, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  [/unable to verify the first certificate/i, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  [/unable to get local issuer certificate/i, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
  [/unable to get issuer certificate/i, 'UNABLE_TO_GET_ISSUER_CERT'],
  [/Hostname\/IP does not match certificate's altnames|does not match certificate/i, 'ERR_TLS_CERT_ALTNAME_INVALID'],
  [/wrong version number/i, 'ERR_SSL_WRONG_VERSION_NUMBER'],
  [/unsupported protocol|protocol version|no protocols available/i, 'ERR_SSL_UNSUPPORTED_PROTOCOL'],
];

export function tlsCodeFromMessage(message: string): string | undefined {
  for (const [pattern, code] of TLS_MESSAGES) if (pattern.test(message)) return code;
  return undefined;
}

/** Error-like values from libraries: read fields without trusting their types. */
export interface ErrorFields {
  message: string;
  code?: string;
  response?: string;
  command?: string;
  reason?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  originalCode?: string;
  serverResponseCode?: string;
}

export function errorFields(error: unknown): ErrorFields {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
  let message = str(e.message) ?? String(error);
  // AggregateError (several addresses tried) carries the useful part in its errors.
  if (!str(e.code) && Array.isArray(e.errors) && e.errors.length > 0) {
    const first = errorFields(e.errors[0]);
    return { ...first, message: message || first.message };
  }
  if (!message) message = 'unknown error';
  return {
    message,
    code: str(e.code),
    response: str(e.response),
    command: str(e.command),
    reason: str(e.reason),
    authenticationFailed: e.authenticationFailed === true,
    tlsFailed: e.tlsFailed === true,
    originalCode: str(e.originalCode),
    serverResponseCode: str(e.serverResponseCode),
  };
}

/** Builds a failure with every text field scrubbed of the password. */
export function failure(
  startedAt: number,
  secrets: readonly string[],
  fields: { stage: LoginStage; code?: string; response?: string; message: string },
): LoginFailure {
  const result: LoginFailure = { ok: false, stage: fields.stage, message: scrub(fields.message, secrets), ms: msSince(startedAt) };
  if (fields.code) result.code = fields.code;
  if (fields.response) result.response = scrub(fields.response, secrets);
  return result;
}

/**
 * Runs one login attempt: everything up to the credentials under `options.timeoutMs`, the wait
 * for their answer under `options.loginTimeoutMs` (restarted when `attempt` calls
 * `credentialsSent`), and all of it under `options.signal`. `attempt` does the work and must
 * never reject; on timeout or abort `cancel` is called (it closes the client) and the result says
 * which stage had been reached, per `stage()`.
 */
export async function bounded(
  options: LoginOptions | ProbeOptions,
  startedAt: number,
  secrets: readonly string[],
  stage: () => LoginStage,
  cancel: () => void,
  attempt: (credentialsSent: () => void) => Promise<LoginResult>,
): Promise<LoginResult> {
  if (options.signal?.aborted) {
    return failure(startedAt, secrets, { stage: 'connect', code: LOGIN_CODES.aborted, message: 'login test cancelled' });
  }
  const loginTimeoutMs = loginTimeoutOf(options);
  let timer: NodeJS.Timeout | undefined;
  let detach: () => void = () => {};
  let stopped = false;
  let end: (code: string, message: string) => void = () => {};
  let sent = false;
  const stop = new Promise<LoginResult>((resolve) => {
    end = (code, message) => {
      stopped = true;
      resolve(failure(startedAt, secrets, { stage: sent ? 'login' : stage(), code, message }));
    };
    timer = setTimeout(() => end(LOGIN_CODES.timeout, `no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    detach = onAbort(options.signal, () => end(LOGIN_CODES.aborted, 'login test cancelled'));
  });
  const credentialsSent = (): void => {
    if (sent || stopped) return;
    sent = true;
    clearTimeout(timer);
    timer = setTimeout(
      () => end(LOGIN_CODES.loginTimeout, `no answer to the login within ${loginTimeoutMs} ms`),
      loginTimeoutMs,
    );
    if ('onCredentialsSent' in options) options.onCredentialsSent?.();
  };
  try {
    return await Promise.race([
      attempt(credentialsSent).catch((error: unknown) => {
        const f = errorFields(error);
        return failure(startedAt, secrets, { stage: stage(), code: f.code, response: f.response, message: f.message });
      }),
      stop,
    ]);
  } finally {
    clearTimeout(timer);
    detach();
    if (stopped) cancel();
  }
}

export function loginTimeoutOf(options: LoginOptions | ProbeOptions): number {
  const ms = 'loginTimeoutMs' in options ? options.loginTimeoutMs : undefined;
  return ms !== undefined && ms > 0 ? ms : DEFAULT_LOGIN_TIMEOUT_MS;
}

/**
 * The libraries' idle timeout: past the login budget, so that the wait for a delayed login
 * answer is ours to end (with LOGIN_TIMEOUT), not the library's generic socket timeout.
 */
export function librarySocketTimeout(options: LoginOptions): number {
  return Math.max(options.timeoutMs, loginTimeoutOf(options)) + 1000;
}
