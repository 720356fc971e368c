import { OAUTH_CAUSE_IDS } from '../oauth/oauth-causes';

/**
 * Every cause a finding can name (docs/report.md "Causes"); each has localized texts in locales/.
 * In causal order, the one order findings are sorted by (after severity): DNS → route → TCP →
 * TLS → protocol → auth. A cause earlier in the list explains later ones (no address means no
 * connection, no connection means no TLS, no TLS means no login), so no symptom is listed above
 * its cause. Warnings that explain nothing and the conversation's client-side causes come last.
 */
export const CAUSE_IDS = [
  'ok',
  // The bot did not probe at all
  'policy.target_refused',
  // DNS
  'dns.nxdomain',
  'dns.no_address',
  'dns.servfail',
  'dns.resolver_unreachable',
  'dns.propagation_mismatch',
  /** Only an email address, its domain resolves, and no source or guessed name gave a server to test. */
  'settings.not_found',
  // Route and addresses
  'network.unreachable',
  /** Some of the host's addresses refuse, drop or are unreachable while another answers. */
  'network.partial_outage',
  'network.intermittent',
  // TCP
  'tcp.refused',
  'tcp.filtered',
  'smtp.port25_blocked',
  'settings.wrong_protocol',
  'settings.wrong_port',
  // TLS
  'tls.implicit_on_plain_port',
  'tls.starttls_on_implicit_port',
  'tls.starttls_not_offered',
  'tls.cert_expired',
  'tls.cert_not_yet_valid',
  'tls.cert_self_signed',
  'tls.cert_untrusted',
  'tls.cert_hostname_mismatch',
  'tls.cert_expiring_soon',
  'tls.protocol_version',
  'tls.handshake_failed',
  // Protocol
  'protocol.mangled_banner',
  /** A firewall between the bot and the server masks EHLO keywords or rewrites commands (Cisco ESMTP inspection). */
  'protocol.middlebox_rewrite',
  'protocol.unexpected_close',
  'protocol.garbage',
  'server.unavailable',
  'server.slow_greeting',
  'smtp.auth_not_offered',
  // Auth
  'auth.plaintext_disabled',
  'auth.mechanism_unsupported',
  'auth.invalid_credentials',
  'auth.app_password_required',
  'auth.account_locked',
  'auth.password_expired',
  'auth.web_login_required',
  'auth.basic_auth_disabled',
  /** The credentials were sent and no answer came within the login budget: the password is untested. */
  'auth.login_timeout',
  /** The login test stopped before its credentials were sent, for a reason no transport check saw. */
  'auth.login_incomplete',
  // The OAuth sign-in test's causes (texts in locales/<lang>/oauth.json).
  ...OAUTH_CAUSE_IDS,
  // Explain nothing else
  'security.plaintext_exposed',
  /** A server name or email domain with look-alike letters (mixed scripts, UTS #39): check it letter by letter. */
  'input.lookalike_host',
  'reputation.dnsbl_listed',
  /** The diagnosis hit its connection cap, so its results are incomplete. */
  'policy.connection_limit',
  /** A check failed and no finding explains it: an engine bug, never "all good" (./report-invariant). */
  'diagnosis.unexplained_check',
  'client.side_suspected',
  'client.port_blocked',
  'client.dns_failure',
  'client.tls_intercepted',
] as const;

export type CauseId = (typeof CAUSE_IDS)[number];

/**
 * Order in which causes explain a failure: a cause earlier in the list makes later ones
 * consequences (no DNS means no TCP, no TCP means no TLS, ...). Findings are sorted by it.
 */
export function causeRank(cause: CauseId): number {
  return CAUSE_IDS.indexOf(cause);
}
