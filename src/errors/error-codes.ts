/**
 * The one table of mailhelp's own codes: every `MailhelpError` carries one, and so does every
 * failed login result that mailhelp (not a library) decided. nodemailer's ERROR_CODES
 * (lib/errors) and bolt-js's ErrorCode are the models: a code is a stable name to act on and to
 * search the logs for; the message says what happened this time; `cause` keeps the error that
 * led to it. `layer` says which network layer a login failure with this code stopped at.
 *
 * Codes of Node, OpenSSL and the mail libraries (ECONNREFUSED, CERT_HAS_EXPIRED, nodemailer's
 * ETLS) are theirs: the few the login probes sort by layer are in FOREIGN_CODE_LAYERS below.
 */
export type CodeLayer = 'connect' | 'tls';

interface CodeInfo {
  readonly description: string;
  readonly layer?: CodeLayer;
}

export const ERROR_CODES = {
  // A failed login (src/probes/login-*.ts, pop3-client.ts), as LoginResult.code.
  TIMEOUT: { description: 'The steps before the credentials ran out of their deadline (timeoutMs).' },
  LOGIN_TIMEOUT: { description: 'The credentials were sent and no answer came within loginTimeoutMs.' },
  GREETING_TIMEOUT: { description: 'The POP3 server sent no greeting in time.' },
  ABORTED: { description: 'The caller cancelled (options.signal aborted).' },
  LOGINDISABLED: { description: 'The server refuses a plaintext login before TLS (IMAP LOGINDISABLED, POP3 without USER but with STLS).' },
  NO_MECHANISM: { description: 'No login method in common with the server.' },
  STARTTLS_NOT_OFFERED: { description: 'STARTTLS (STLS) was required but not offered or refused.', layer: 'tls' },
  STARTTLS_INJECTION: { description: 'Data followed the STARTTLS reply before the handshake (a possible injection).', layer: 'tls' },
  SLOW_REPLY: { description: 'A reply began but did not finish within its deadline (a server dripping one line at a time).' },
  TOO_MUCH_DATA: { description: 'The server sent more than a login ever needs (socket-byte-cap): hostile or garbage.' },
  EAUTH: { description: 'The server refused the credentials (nodemailer uses the same code).' },
  MAILBOX_UNAVAILABLE: { description: 'Logged in, but the harmless command after it (IMAP EXAMINE INBOX, POP3 STAT) was refused.' },
  GREETING_REFUSED: { description: 'The POP3 server refused the session in its greeting (-ERR).' },
  PROTOCOL: { description: 'The server does not speak the protocol (a reply that is not POP3).' },
  CLOSED: { description: 'The server closed the connection before the login finished.' },
  OVERFLOW: { description: 'A reply line was longer than a POP3 line may be.' },
  EINVAL: { description: 'The user name, password or token contains a line break, NUL or other control character.' },
  SOCKET_ERROR: { description: 'The socket failed; the cause holds Node’s error and its code (ECONNRESET, CERT_HAS_EXPIRED), which the login result reports.' },
  CONNECTION_LIMIT: { description: 'The diagnosis reached its cap of connections, so this one was not opened.' },
  NOT_TRIED: { description: 'The login was not tried: the account’s password was already refused in this diagnosis.' },

  // The OAuth sign-in test (src/oauth).
  OAUTH_PROVIDER_ERROR: { description: 'The identity provider answered with an OAuth error (RFC 6749 §5.2).' },
  OAUTH_EXPIRED: { description: 'The user did not sign in before the code expired (RFC 8628 expired_token).' },
  OAUTH_DENIED: { description: 'The user declined the sign-in (access_denied).' },
  OAUTH_ENDPOINT_REFUSED: { description: 'An identity endpoint outside the allow list (src/policy/identity-endpoints).' },
  OAUTH_NETWORK: { description: 'The identity provider could not be reached, or answered too much or too slowly.' },
  OAUTH_NOT_CONFIGURED: { description: 'The provider has no client id here, or cannot do the flow this needs.' },
  OAUTH_ABORTED: { description: 'The sign-in test was cancelled (conversation ended, shutdown).' },
  OAUTH_CONFIG_INVALID: { description: 'An OAuth variable (MAILHELP_OAUTH_*) cannot be used: the bot does not start.' },

  // Input and configuration: the CLI prints one line and exits 2, the chat asks again.
  INVALID_INPUT: { description: 'Input a person typed that cannot be used (carries a locale key).' },
  INVALID_NETWORK: { description: 'Not a network in CIDR form (MAILHELP_ALLOW_NETWORKS, --allow-network).' },
  INVALID_LIMIT_CONFIG: { description: 'A limit variable (MAILHELP_MAX_*, rates) cannot be read.' },
  INVALID_STORE_CONFIG: { description: 'MAILHELP_STORE or a store variable cannot be used.' },
  SLACK_CONFIG: { description: 'The Slack configuration lacks a token or signing secret.' },
  DISCORD_CONFIG: { description: 'The Discord configuration lacks something the adapter needs.' },

  // Limits and the process's life.
  QUEUE_FULL: { description: 'Too many diagnoses are already waiting for a free slot.' },
  QUEUE_CANCELLED: { description: 'A caller left the queue: cancelled, waited too long, or shutting down.' },
  SHUTTING_DOWN: { description: 'The process is shutting down and takes no new work.' },
  CONVERSATION_ENDED: { description: 'The conversation no longer waits for what was sent to it (a password from the login page).' },

  // The conversation store (memory, Redis).
  VERSION_CONFLICT: { description: 'Someone else wrote the conversation since it was read; the caller reads again.' },
  STORE_CLOSED: { description: 'The store is closed.' },
  STORE_UNAVAILABLE: { description: 'The store could not be reached or did not answer in time.' },

  // The one-time login page.
  FORM_BODY_INVALID: { description: 'The login page got a form post it does not take (type, size, encoding).' },

  // Chat delivery.
  SLACK_NO_THREAD: { description: 'Neither the channel nor a DM with the user could take the thread.' },
  DISCORD_NO_ROUTE: { description: 'No live interaction token and no channel the bot may post in.' },
  DISCORD_TRIAGE_CHANNEL: { description: 'The help-desk channel is unknown or the bot may not post there.' },
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Node's, OpenSSL's and the mail libraries' codes that the login probes sort by layer (a login
 * that failed with them stopped at connecting or at TLS, not at the credentials).
 */
const FOREIGN_CODE_LAYERS: Readonly<Record<string, CodeLayer>> = {
  ECONNREFUSED: 'connect',
  EHOSTUNREACH: 'connect',
  ENETUNREACH: 'connect',
  EADDRNOTAVAIL: 'connect',
  ENOTFOUND: 'connect',
  EAI_AGAIN: 'connect',
  // nodemailer
  EDNS: 'connect',
  // nodemailer and imapflow (imapflow's also covers an implicit-TLS handshake)
  CONNECT_TIMEOUT: 'connect',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  HOSTNAME_MISMATCH: 'tls',
  EPROTO: 'tls',
  // nodemailer
  ETLS: 'tls',
  UPGRADE_TIMEOUT: 'tls',
};

/** Whole families of Node/OpenSSL certificate and handshake codes (ERR_TLS_CERT_ALTNAME_INVALID, CERT_HAS_EXPIRED, UNABLE_TO_GET_ISSUER_CERT). */
const FOREIGN_TLS_PREFIXES = ['ERR_SSL_', 'ERR_TLS_', 'ERR_OSSL_', 'CERT_', 'UNABLE_TO_'];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** The network layer a failure with this code (ours or a library's) stopped at, if it names one. */
export function layerOfCode(code: string | undefined): CodeLayer | undefined {
  if (!code) return undefined;
  if (isErrorCode(code)) return (ERROR_CODES[code] as CodeInfo).layer;
  if (Object.hasOwn(FOREIGN_CODE_LAYERS, code)) return FOREIGN_CODE_LAYERS[code];
  return FOREIGN_TLS_PREFIXES.some((prefix) => code.startsWith(prefix)) ? 'tls' : undefined;
}
