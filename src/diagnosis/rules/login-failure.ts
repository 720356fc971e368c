import type { LoginFailure } from '../../probes/login-common';
import type { Protocol } from '../../settings/server-settings';
import type { CauseId } from '../causes';
import { classifyServerReply, type FixProvider } from './server-replies';

export interface LoginFailureClassification {
  cause: CauseId;
  source: string;
  /** The provider's own fix, when a provider rule matched (ServerReplyRule.fix), and where it holds. */
  fix?: string;
  fixOnlyFor?: FixProvider;
}

/**
 * Fallbacks by library/Node code, when the server's own words matched no rule. Checked in order;
 * `code` is a regex on LoginResult.code, `message` one on its message.
 */
interface CodeRule {
  code?: RegExp;
  message?: RegExp;
  cause: CauseId;
  source: string;
}

const CODE_RULES: readonly CodeRule[] = [
  {
    code: /^LOGIN_TIMEOUT$/,
    cause: 'auth.login_timeout',
    source: 'no answer to the credentials within the login budget (Dovecot auth_failure_delay/auth_penalty, Postfix smtpd_error_sleep_time delay failed logins)',
  },
  // Login-stage refusals the libraries decide on their own
  {
    code: /^LOGINDISABLED$/,
    message: /Login is disabled/i,
    cause: 'auth.plaintext_disabled',
    source: 'RFC 9051 §6.2.3 LOGINDISABLED; imapflow AuthenticationFailure("Login is disabled") (reply-sources §3.2, §4.1)',
  },
  {
    code: /^NO_MECHANISM$/,
    message: /Unsupported authentication mechanism|No matching authentication method|Unknown authentication method/i,
    cause: 'auth.mechanism_unsupported',
    source: 'imapflow "Unsupported authentication mechanism"; nodemailer EAUTH "Unknown authentication method" (reply-sources §3.1, §3.2)',
  },
  {
    code: /^STARTTLS_NOT_OFFERED$/,
    message: /does not support STARTTLS|Error upgrading connection with STARTTLS/i,
    cause: 'tls.starttls_not_offered',
    source: 'imapflow _failSTARTTLS(); nodemailer ETLS "Error upgrading connection with STARTTLS" (reply-sources §3.1, §3.2)',
  },
  // TLS, by Node's codes (reply-sources §2)
  { code: /^CERT_HAS_EXPIRED$/, cause: 'tls.cert_expired', source: 'Node CERT_HAS_EXPIRED (reply-sources §2)' },
  { code: /^CERT_NOT_YET_VALID$/, cause: 'tls.cert_not_yet_valid', source: 'Node CERT_NOT_YET_VALID (reply-sources §2)' },
  {
    code: /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/,
    cause: 'tls.cert_self_signed',
    source: 'Node DEPTH_ZERO_SELF_SIGNED_CERT / SELF_SIGNED_CERT_IN_CHAIN (reply-sources §2)',
  },
  { code: /^UNABLE_TO_/, cause: 'tls.cert_untrusted', source: 'Node UNABLE_TO_VERIFY_LEAF_SIGNATURE / UNABLE_TO_GET_ISSUER_CERT* (reply-sources §2)' },
  {
    code: /^(ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/,
    cause: 'tls.cert_hostname_mismatch',
    source: 'Node ERR_TLS_CERT_ALTNAME_INVALID (reply-sources §2)',
  },
  {
    code: /^ERR_SSL_WRONG_VERSION_NUMBER$/,
    cause: 'tls.implicit_on_plain_port',
    source: 'OpenSSL "wrong version number": TLS spoken to a plaintext service (reply-sources §2.3)',
  },
  {
    code: /^(ERR_SSL_UNSUPPORTED_PROTOCOL|ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION|ERR_SSL_NO_PROTOCOLS_AVAILABLE)$/,
    cause: 'tls.protocol_version',
    source: 'OpenSSL protocol version alerts (reply-sources §2)',
  },
  { code: /^(ERR_SSL_|ERR_OSSL_|EPROTO$|ETLS$|UPGRADE_TIMEOUT$|STARTTLS_INJECTION$)/, cause: 'tls.handshake_failed', source: 'Node/OpenSSL handshake error (reply-sources §2)' },
  // Network and session
  { code: /^ECONNREFUSED$/, cause: 'tcp.refused', source: 'Node ECONNREFUSED (reply-sources §1)' },
  { code: /^(EHOSTUNREACH|ENETUNREACH)$/, cause: 'network.unreachable', source: 'Node EHOSTUNREACH / ENETUNREACH (reply-sources §1)' },
  { code: /^(ENOTFOUND|EDNS)$/, cause: 'dns.nxdomain', source: 'Node ENOTFOUND / nodemailer EDNS (reply-sources §1, §3.1)' },
  { code: /^(GREETING_TIMEOUT)$/, message: /Greeting never received/i, cause: 'server.slow_greeting', source: 'imapflow GREETING_TIMEOUT; nodemailer "Greeting never received" (reply-sources §3)' },
  { code: /^(ECONNRESET|EPIPE|CLOSED|ECONNECTION|ClosedAfterConnectText|ClosedAfterConnectTLS|NoConnection|EConnectionClosed)$/, cause: 'protocol.unexpected_close', source: 'connection closed by the server (reply-sources §3.1 ECONNECTION, §3.2 ClosedAfterConnect*)' },
  { code: /^(PROTOCOL|EPROTOCOL|InvalidResponse|ParserError)/, cause: 'protocol.garbage', source: 'not a valid protocol reply (reply-sources §3.1 EPROTOCOL, §3.2 InvalidResponse)' },
  { code: /^ETHROTTLE$/, cause: 'server.unavailable', source: 'imapflow ETHROTTLE "Request is throttled" (reply-sources §3.2, §6.2)' },
];

/**
 * Timeouts: what the stage that did not finish says. No answer to the credentials is never
 * "unavailable": servers hold a failed login's answer back on purpose (Dovecot auth_penalty,
 * Postfix smtpd_error_sleep_time), so all that is known is that no answer came.
 */
const TIMEOUT_BY_STAGE: Record<LoginFailure['stage'], CauseId> = {
  connect: 'tcp.filtered',
  tls: 'tls.handshake_failed',
  greeting: 'server.slow_greeting',
  session: 'auth.login_incomplete',
  login: 'auth.login_timeout',
};
const TIMEOUT_CODE = /^(TIMEOUT|ETIMEDOUT|ETIMEOUT|CONNECT_TIMEOUT|ESOCKETTIMEDOUT)$/;

/**
 * Why a login test failed: the server's own words first (classifyServerReply), then what the
 * library or Node said, then a sensible default for the stage.
 */
export function classifyLoginFailure(protocol: Protocol, failure: LoginFailure, host?: string): LoginFailureClassification {
  // At the greeting and login steps the server's words say most; before them (TCP, TLS) the code.
  const byReply = (): LoginFailureClassification | undefined => {
    for (const text of [failure.response, failure.message]) {
      if (!text) continue;
      const match = classifyServerReply(protocol, { text, ...(host && { host }) });
      if (match) return { cause: match.cause, source: match.source, ...(match.fix && { fix: match.fix }), ...(match.fixOnlyFor && { fixOnlyFor: match.fixOnlyFor }) };
    }
    return undefined;
  };
  const byCode = (): LoginFailureClassification | undefined => {
    const code = failure.code ?? '';
    for (const rule of CODE_RULES) {
      if ((rule.code?.test(code)) || (rule.message?.test(failure.message))) {
        return { cause: rule.cause, source: rule.source };
      }
    }
    if (TIMEOUT_CODE.test(code)) {
      return { cause: TIMEOUT_BY_STAGE[failure.stage], source: `no answer in time during ${failure.stage}` };
    }
    return undefined;
  };
  // Our own "no answer to the credentials": nothing the server said can be read into it.
  if (failure.code === 'LOGIN_TIMEOUT') return { cause: CODE_RULES[0]!.cause, source: CODE_RULES[0]!.source };
  const replyFirst = failure.stage === 'login' || failure.stage === 'greeting' || failure.stage === 'session';
  const known = replyFirst ? (byReply() ?? byCode()) : (byCode() ?? byReply());
  if (known) return known;

  const code = failure.code ?? 'no code';
  if (failure.stage === 'login') {
    // The server said no without words we know (nodemailer EAUTH, imapflow authenticationFailed,
    // POP3 -ERR): the ordinary meaning of a refused login.
    return {
      cause: 'auth.invalid_credentials',
      source: `${protocol.toUpperCase()} login refused (${code}); RFC 4954 §6 / RFC 5530 §3 / RFC 1939 §7`,
    };
  }
  const byStage: Record<Exclude<LoginFailure['stage'], 'login'>, CauseId> = {
    connect: 'tcp.filtered',
    tls: 'tls.handshake_failed',
    greeting: 'protocol.unexpected_close',
    session: 'auth.login_incomplete',
  };
  return { cause: byStage[failure.stage], source: `failed during ${failure.stage} (${code})` };
}
