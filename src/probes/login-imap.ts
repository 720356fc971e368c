import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { Credentials, ServerSettings } from '../settings/server-settings';
import {
  type HeldSession,
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

/**
 * imapflow's own strict limits, far below its 1 GiB defaults: a login (CAPABILITY, ID, LOGIN,
 * NAMESPACE) never sees a literal or a line anywhere near these.
 */
const IMAP_LIMITS = { maxLineLength: 64 * 1024, maxLiteralSize: 256 * 1024, maxResponseSize: 512 * 1024, maxResponseTokens: 20_000 };
/** imapflow's codes for a server past those limits. */
const LIMIT_CODES = new Set(['LineTooLarge', 'LiteralTooLarge', 'ResponseTooLarge', 'TooManyTokens', TOO_MUCH_DATA]);

export type { LoginOptions, LoginResult } from './login-common';

/** imapflow keeps these on the instance; read defensively, they are not part of its typed API. */
interface ImapFlowProgress {
  socket?: { once?: (event: string, listener: () => void) => unknown } | false | null;
  upgrading?: boolean;
  connectedAt?: number | null;
  greetingReceived?: boolean;
  greeting?: string;
  authCapabilities?: Map<string, unknown>;
}

/**
 * Logs in over IMAP with imapflow (`verifyOnly`: CAPABILITY, STARTTLS, ID, LOGIN or AUTHENTICATE,
 * NAMESPACE, LOGOUT) and reports how far it got. Never throws.
 *
 * With `options.session` (the probe's own connection, TLS verified, greeting and CAPABILITY read)
 * imapflow goes on on that connection through its `transport` option instead of opening one,
 * as a mail app does: see heldTransport.
 */
export async function loginImap(settings: ServerSettings, credentials: Credentials, options: LoginOptions): Promise<LoginResult> {
  const startedAt = performance.now();
  const secrets = secretForms(credentials);
  const perPhase = libraryTimeout(options.timeoutMs);
  const identity = tlsIdentity(options.servername, options.ca);
  const held = options.session;

  let client: ImapFlow | undefined;
  // A held session was connected (and secured) by the probe.
  let tcpConnected = !!held;
  let authSent = false;
  const progress = (): ImapFlowProgress => (client ?? {}) as unknown as ImapFlowProgress;
  const stage = (): LoginStage => {
    const p = progress();
    if (authSent) return 'login';
    if (p.upgrading) return 'tls';
    if (p.greetingReceived || p.greeting !== undefined) return 'session';
    if (p.connectedAt) return 'greeting';
    // For implicit TLS imapflow marks the connection only after the handshake.
    if (settings.security === 'tls' && tcpConnected) return 'tls';
    return 'connect';
  };

  return bounded(
    options,
    startedAt,
    secrets,
    stage,
    () => client?.close(),
    async (credentialsSent) => {
      client = new ImapFlow({
        host: options.address,
        port: settings.port,
        ...(held ? heldConnection(held) : ownConnection(settings.security)),
        ...(identity.servername ? { servername: identity.servername } : {}),
        tls: identity,
        auth: credentials.oauth ? { user: credentials.user, accessToken: credentials.oauth.accessToken } : { user: credentials.user, pass: credentials.password },
        // An OAuth login goes on to open the inbox: a login can report success for another user's token.
        verifyOnly: !credentials.oauth,
        // imapflow logs each command it sends (secrets masked): LOGIN / AUTHENTICATE starts the
        // wait for the (possibly delayed) login answer. This logger keeps nothing.
        logger: loginWatcher(() => {
          authSent = true;
          credentialsSent();
        }),
        emitLogs: false,
        clientInfo: { name: 'mailhelp' },
        connectionTimeout: perPhase,
        greetingTimeout: perPhase,
        socketTimeout: librarySocketTimeout(options),
        ...IMAP_LIMITS,
      });
      // imapflow emits 'error' besides rejecting connect(); without a listener that would crash.
      client.on('error', () => {});
      try {
        const connecting = client.connect();
        // imapflow opens its socket synchronously inside connect(); note when TCP is up.
        const socket = progress().socket;
        if (held) {
          capSocketBytes(held.tlsSocket, DEFAULT_BYTE_CAP);
        } else if (socket && typeof socket.once === 'function') {
          socket.once('connect', () => (tcpConnected = true));
          // The literal and line limits bound one response; this bounds the whole connection.
          capSocketBytes(socket as unknown as Duplex, DEFAULT_BYTE_CAP);
        }
        await connecting;
      } catch (error) {
        const reached = stage();
        client.close();
        return imapFailure(error, reached, startedAt, secrets);
      }
      const mechanism = imapMechanism(progress().authCapabilities);
      const opened = credentials.oauth ? await examineInbox(client, startedAt, secrets) : undefined;
      client.close();
      if (opened && !opened.ok) return opened;
      return { ok: true, ms: msSince(startedAt), ...(mechanism ? { mechanism } : {}), ...(opened ? { opened: opened.opened } : {}) };
    },
  );
}

/** A held session is secured already (STARTTLS or implicit TLS, verified by the probe). */
function heldConnection(held: HeldSession): Pick<ImapFlowOptions, 'secure' | 'transport'> {
  return { secure: true, transport: heldTransport(held) };
}

/**
 * 'tls': doSTARTTLS left undefined (imapflow refuses secure + doSTARTTLS); 'starttls': required;
 * 'none': never upgrade, so the test shows what a plain client gets.
 */
function ownConnection(security: ServerSettings['security']): Pick<ImapFlowOptions, 'secure' | 'doSTARTTLS'> {
  return { secure: security === 'tls', ...(security === 'starttls' ? { doSTARTTLS: true } : security === 'none' ? { doSTARTTLS: false } : {}) };
}

/**
 * imapflow's `transport` over the probe's held session: connect() hands over the verified TLS
 * socket, and onConnect comes on the next turn (imapflow stores the socket first). imapflow
 * starts every session by reading a greeting, which the probe has read already: a greeting is
 * put back in front of the socket's data (Readable.unshift), carrying the capabilities the probe
 * read inside TLS on this very connection, so imapflow goes on with ID and the login without
 * asking for CAPABILITY again. Its limits (IMAP_LIMITS), the byte cap and the login's deadlines
 * bound this session as they bound one imapflow opens.
 */
function heldTransport(held: HeldSession): NonNullable<ImapFlowOptions['transport']> {
  return {
    connect: (_options, onConnect) => {
      held.tlsSocket.unshift(Buffer.from(`${heldGreeting(held.capabilities)}\r\n`));
      setImmediate(onConnect);
      return held.tlsSocket;
    },
  };
}

/** An IMAP greeting with the capabilities read inside TLS (atoms only: nothing that could end the response code). */
function heldGreeting(capabilities: readonly string[]): string {
  const atoms = capabilities.filter((c) => /^[\x21-\x7e]+$/.test(c) && !/[\][(){%*"\\]/.test(c));
  return atoms.length ? `* OK [CAPABILITY ${atoms.join(' ')}] session of the check` : '* OK session of the check';
}

/** EXAMINE INBOX (SELECT's read-only form, RFC 9051 §6.3.3): changes nothing, proves whose mailbox it is. */
async function examineInbox(client: ImapFlow, startedAt: number, secrets: readonly string[]): Promise<{ ok: true; opened: string } | LoginResult> {
  try {
    const mailbox = await client.mailboxOpen('INBOX', { readOnly: true });
    return { ok: true, opened: `EXAMINE INBOX: ${mailbox.exists} messages` };
  } catch (error) {
    const f = errorFields(error);
    const response = f.response?.replace(/^[A-Za-z0-9.]+ (?=(?:OK|NO|BAD)\b)/, '');
    return failure(startedAt, secrets, { stage: 'login', code: LOGIN_CODES.mailboxUnavailable, ...(response ? { response } : {}), message: f.message });
  }
}

type LogMethod = (entry: unknown) => void;

/** An imapflow logger that only watches for the client's LOGIN or AUTHENTICATE command. */
function loginWatcher(onLogin: () => void): Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', LogMethod> {
  let seen = false;
  const drop: LogMethod = () => {};
  const debug: LogMethod = (entry) => {
    if (seen || typeof entry !== 'object' || entry === null) return;
    const { src, msg } = entry as { src?: unknown; msg?: unknown };
    if (src === 'c' && typeof msg === 'string' && /^\S+ (?:LOGIN|AUTHENTICATE)\b/i.test(msg)) {
      seen = true;
      onLogin();
    }
  };
  return { trace: drop, debug, info: drop, warn: drop, error: drop, fatal: drop };
}

/** imapflow's map holds every advertised AUTH= as false and marks the one it used true. */
function imapMechanism(capabilities: Map<string, unknown> | undefined): string | undefined {
  if (!capabilities) return undefined;
  for (const [key, used] of capabilities) {
    if (used !== true) continue;
    if (key === 'LOGIN') return 'LOGIN';
    if (key.startsWith('AUTH=')) return `AUTHENTICATE ${key.slice(5)}`;
  }
  return undefined;
}

function imapFailure(error: unknown, reached: LoginStage, startedAt: number, secrets: readonly string[]): LoginResult {
  const f = errorFields(error);
  let code = f.code;
  let stage: LoginStage = reached;
  // A server reply: the tagged NO/BAD text, or the BYE reason of a connection closed early.
  // imapflow keeps the tag ("2 NO [...] ..."); the tag says nothing to a person.
  const reply = (f.response ?? f.reason)?.replace(/^[A-Za-z0-9.]+ (?=(?:OK|NO|BAD)\b)/, '');
  // imapflow keeps the server's OAuth error challenge (RFC 7628 §3.2.2) apart: its status says why.
  const oauthStatus = (error as { oauthError?: { status?: unknown } } | null)?.oauthError?.status;
  const response = reply && typeof oauthStatus === 'string' ? `${reply} (status ${oauthStatus.slice(0, 50)})` : reply;

  if (code && LIMIT_CODES.has(code)) {
    code = LOGIN_CODES.tooMuchData;
  } else if (f.tlsFailed && !code) {
    code = LOGIN_CODES.starttlsNotOffered;
  } else if (f.message === 'Login is disabled') {
    code = LOGIN_CODES.loginDisabled;
  } else if (/Unsupported authentication mechanism|No matching authentication method/i.test(f.message)) {
    code = LOGIN_CODES.noMechanism;
  } else if (!code && f.authenticationFailed) {
    code = f.serverResponseCode ?? LOGIN_CODES.auth;
  } else if (!code) {
    code = tlsCodeFromMessage(f.message);
  }

  if (f.authenticationFailed || code === LOGIN_CODES.loginDisabled || code === LOGIN_CODES.noMechanism) stage = 'login';
  else if (isTlsCode(code) || f.tlsFailed) stage = 'tls';
  // imapflow's CONNECT_TIMEOUT covers the implicit TLS handshake too: keep the stage reached.
  else if (isConnectCode(code) && code !== 'CONNECT_TIMEOUT') stage = 'connect';
  else if (code === 'GREETING_TIMEOUT') stage = 'greeting';
  else if (code === 'ClosedAfterConnectText' || code === 'ClosedAfterConnectTLS') stage = reached === 'login' || reached === 'session' ? reached : 'greeting';

  return failure(startedAt, secrets, { stage, code, response, message: f.message });
}
