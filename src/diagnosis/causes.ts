import { OAUTH_CAUSE_IDS } from '../oauth/oauth-causes';

/** Every cause a finding can name (docs/report.md "Causes"). Each has localized texts in locales/. */
export const CAUSE_IDS = [
  'ok',
  'network.unreachable',
  'network.intermittent',
  /** Some of the host's addresses refuse, drop or are unreachable while another answers. */
  'network.partial_outage',
  'dns.nxdomain',
  'dns.no_address',
  'dns.servfail',
  'dns.resolver_unreachable',
  'dns.propagation_mismatch',
  'tcp.refused',
  'tcp.filtered',
  'settings.wrong_protocol',
  'settings.wrong_port',
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
  'auth.invalid_credentials',
  'auth.app_password_required',
  'auth.account_locked',
  'auth.password_expired',
  'auth.plaintext_disabled',
  'auth.mechanism_unsupported',
  'auth.web_login_required',
  'auth.basic_auth_disabled',
  /** The credentials were sent and no answer came within the login budget: the password is untested. */
  'auth.login_timeout',
  /** The login test stopped before its credentials were sent, for a reason no transport check saw. */
  'auth.login_incomplete',
  // The OAuth sign-in test's causes (texts in locales/<lang>/oauth.json).
  ...OAUTH_CAUSE_IDS,
  'smtp.auth_not_offered',
  'smtp.port25_blocked',
  'reputation.dnsbl_listed',
  'server.unavailable',
  'server.slow_greeting',
  'protocol.mangled_banner',
  'protocol.unexpected_close',
  'protocol.garbage',
  'security.plaintext_exposed',
  'policy.target_refused',
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
