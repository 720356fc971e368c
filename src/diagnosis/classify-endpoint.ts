import type { Target } from '../settings/server-settings';
import { type Greeting, startedButUnfinished } from '../probes/greeting';
import type { TlsObservation } from '../probes/tls';
import { chooseFix, fixSettingsOf } from './alternatives';
import { CONNECTION_LIMIT } from './diagnosis-connections';
import { greetsAs, isHealthy, isReachable, type EndpointObservation } from './endpoint';
import { finding, type RawFinding } from './raw-finding';
import type { Facts } from './report';
import { conversationRewrite, maskedBanner, type ConversationRewrite } from './middlebox';
import { classifyServerReply } from './rules/server-replies';

/**
 * Reads the observations of the user's own combination, with the alternatives probed beside
 * it, the way a mail admin would: the first layer that fails is the cause, and a working
 * alternative becomes the verified fix.
 */
export interface EndpointEvidence {
  target: Target;
  user: EndpointObservation;
  alternatives: readonly EndpointObservation[];
  /** Greetings slower than this are a warning: many clients give up soon after. */
  slowGreetingMs: number;
  /** TLS versions the server accepts, when the handshake failed and they were scanned. */
  tlsVersions?: readonly string[];
  /** The login test signs in with an OAuth token: XOAUTH2/OAUTHBEARER are then the way in, not a problem. */
  oauthLogin?: boolean;
  /** Another connect to the user's own address and port got through (a retry, the TLS 1.2 check). */
  flakyPath?: boolean;
}

const EXPIRING_SOON_DAYS = 14;
const UNAVAILABLE_GREETINGS = new Set(['imap_bye', 'pop3_err', 'smtp_unavailable', 'smtp_rejected']);
const TOKEN_MECHANISMS = new Set(['XOAUTH2', 'OAUTHBEARER']);
const PASSWORD_MECHANISMS = new Set(['PLAIN', 'LOGIN', 'CRAM-MD5', 'DIGEST-MD5', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'USER', 'NTLM']);

export function classifyEndpoint(evidence: EndpointEvidence): RawFinding[] {
  const findings = classifyUser(evidence);
  return [...findings, ...fixFindings(evidence, findings)];
}

function classifyUser(evidence: EndpointEvidence): RawFinding[] {
  const { user } = evidence;
  if (!user.tcp.ok) return tcpFindings(evidence);
  const transport = user.endpoint.security === 'tls' ? implicitTlsFindings(evidence) : plainFindings(evidence);
  if (transport.some((f) => f.severity === 'error')) return transport;
  return [...transport, ...capabilityFindings(evidence)];
}

/**
 * The fix connects but its certificate fails (no healthy alternative exists): that is the next
 * fault the user will hit once the settings are changed, so it is reported beside the first.
 */
function fixFindings(evidence: EndpointEvidence, findings: readonly RawFinding[]): RawFinding[] {
  const fix = findings.find((f) => f.fixSettings ?? f.fixCandidate);
  const settings = fix?.fixSettings ?? fix?.fixCandidate;
  if (!settings) return [];
  const used = evidence.alternatives.find((a) => a.endpoint.port === settings.port && a.endpoint.security === settings.security);
  if (!used?.tls || isHealthy(used)) return [];
  const seen = new Set(findings.map((f) => f.cause));
  return tlsFindings({ ...evidence, user: used }, used.tls, baseFacts(used)).filter((f) => !seen.has(f.cause));
}

function baseFacts(o: EndpointObservation): Facts {
  const { endpoint } = o;
  return { host: endpoint.servername, address: endpoint.address, port: endpoint.port, protocol: endpoint.protocol, security: endpoint.security };
}

/**
 * A fix is offered as verified only when the bot completed it end to end: TCP, TLS with a
 * certificate that verifies, and the greeting. One that answers with a failing certificate is a
 * candidate that says what it still needs.
 */
function withFix(facts: Facts, fix: EndpointObservation | undefined): Pick<RawFinding, 'fixSettings' | 'fixCandidate'> & { facts: Facts } {
  const settings = fixSettingsOf(fix);
  if (!settings || !fix) return { facts };
  const withPort = { ...facts, fixPort: settings.port, fixSecurity: settings.security };
  return isHealthy(fix) ? { facts: withPort, fixSettings: settings } : { facts: withPort, fixCandidate: { ...settings, needs: 'certificate' } };
}

function tcpFindings({ target, user, alternatives, flakyPath }: EndpointEvidence): RawFinding[] {
  const code = user.tcp.code ?? 'error';
  // Never opened (the diagnosis's connection cap): nothing is known; the check says so.
  if (code === CONNECTION_LIMIT) return [];
  const facts = { ...baseFacts(user), reason: code, ms: user.tcp.ms };
  if (code === 'host_unreachable' || code === 'net_unreachable') {
    return [finding('network.unreachable', 'error', target, facts, { variant: code })];
  }
  const fix = chooseFix(alternatives);
  const otherPortAnswers = alternatives.some((a) => a.tcp.ok && a.endpoint.port !== user.endpoint.port);
  if (code === 'timeout' && user.endpoint.port === 25 && otherPortAnswers) {
    // Many networks (and clouds, where this bot may run) block outbound 25 while 465/587 pass.
    const fixed = withFix(facts, fix);
    return [finding('smtp.port25_blocked', 'warning', target, fixed.facts, { fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
  }
  if (fix) {
    // On a flaky path an other port that answered proves nothing (it was merely tried at a moment
    // the path let it through): `network.intermittent`, from the address health, names what happened.
    if (flakyPath) return [];
    const fixed = withFix(facts, fix);
    return [finding('settings.wrong_port', 'error', target, fixed.facts, { variant: code, fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
  }
  if (code === 'refused') return [finding('tcp.refused', 'error', target, facts)];
  if (code === 'timeout') return [finding('tcp.filtered', 'error', target, facts)];
  return [finding('protocol.unexpected_close', 'error', target, facts, { variant: code })];
}

function implicitTlsFindings(evidence: EndpointEvidence): RawFinding[] {
  const { target, user, alternatives } = evidence;
  const tls = user.tls;
  const facts = baseFacts(user);
  if (tls && !tls.handshake) {
    const samePortPlain = alternatives.find((a) => a.endpoint.port === user.endpoint.port && a.endpoint.security !== 'tls');
    const plainBanner = samePortPlain?.greeting;
    // Junk or a banner line that never ends is no mail service in plaintext either.
    if (plainBanner && (plainBanner.kind === 'garbage' || plainBanner.kind === 'overflow')) {
      return [finding('protocol.garbage', 'error', target, { ...facts, banner: plainBanner.text })];
    }
    if (tls.failure === 'plaintext_reply' || (plainBanner?.protocol)) {
      if (plainBanner?.protocol && plainBanner.protocol !== user.endpoint.protocol) {
        return [wrongProtocol(evidence, plainBanner.protocol, plainBanner.text)];
      }
      const fix = chooseFix(alternatives, (a) => a.endpoint.port === user.endpoint.port);
      const fixed = withFix({ ...facts, banner: plainBanner?.text ?? '' }, fix);
      return [finding('tls.implicit_on_plain_port', 'error', target, fixed.facts, { fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
    }
    return tlsFailure(evidence, tls, facts);
  }
  return [...tlsFindings(evidence, tls, facts), ...greetingFindings(evidence), ...slowReplyFindings(evidence, user.secureCapabilities)];
}

/**
 * A reply that began and then came one line at a time past the step's deadline: a client
 * gives up on such a server (or hangs for minutes), so it is slow, not lacking STARTTLS.
 */
function slowReplyFindings({ target, user }: EndpointEvidence, caps: { slow?: boolean; overflow?: boolean; ms: number; response?: string } | undefined): RawFinding[] {
  // An endless reply (an EHLO that never ends) is no mail service either, though it greeted well.
  if (caps?.overflow) return [finding('protocol.garbage', 'error', target, { ...baseFacts(user), banner: caps.response ?? '' }, { variant: 'flood' })];
  if (!caps?.slow) return [];
  return [finding('server.slow_greeting', 'error', target, { ...baseFacts(user), waitedMs: caps.ms, response: caps.response ?? '' }, { variant: 'drip' })];
}

function plainFindings(evidence: EndpointEvidence): RawFinding[] {
  const { target, user, alternatives } = evidence;
  const facts = baseFacts(user);
  const greeting = user.greeting;
  if (greeting && (greeting.kind === 'silent' || greeting.kind === 'tls_record')) {
    const samePortTls = alternatives.find((a) => a.endpoint.port === user.endpoint.port && a.endpoint.security === 'tls');
    if (samePortTls?.tls?.handshake) {
      const fixed = withFix(facts, isReachable(samePortTls) ? samePortTls : chooseFix(alternatives));
      return [finding('tls.starttls_on_implicit_port', 'error', target, fixed.facts, { fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
    }
    const fixed = withFix({ ...facts, waitedMs: greeting.ms }, chooseFix(alternatives));
    return [finding('server.slow_greeting', 'error', target, fixed.facts, { variant: unfinishedVariant(greeting), fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
  }
  const greetingProblems = greetingFindings(evidence);
  if (greetingProblems.some((f) => f.severity === 'error')) return greetingProblems;
  const slow = slowReplyFindings(evidence, user.startTls?.slow ? { slow: true, ms: user.startTls.ms ?? 0, response: user.startTls.response } : user.capabilities);
  if (slow.length) return [...greetingProblems, ...slow];
  // A firewall that hides STARTTLS is the cause, not a server without the feature.
  const rewrite = conversationRewrite(user);
  if (rewrite) return [...greetingProblems, rewriteFinding(evidence, rewrite)];
  return [...greetingProblems, ...(user.endpoint.security === 'starttls' ? startTlsFindings(evidence) : plaintextFindings(evidence))];
}

/** A greeting that did not come in time: `started` when its first bytes did, else `silent`. */
function unfinishedVariant(greeting: Greeting): 'silent' | 'started' {
  return startedButUnfinished(greeting) ? 'started' : 'silent';
}

function greetingFindings(evidence: EndpointEvidence): RawFinding[] {
  const { target, user, alternatives, slowGreetingMs } = evidence;
  const greeting = user.greeting;
  if (!greeting) return [];
  const facts = { ...baseFacts(user), banner: greeting.text };
  const fix = (): EndpointObservation | undefined => chooseFix(alternatives);
  switch (greeting.kind) {
    case 'closed':
    case 'reset':
      return [finding('protocol.unexpected_close', 'error', target, facts, { variant: greeting.kind })];
    case 'garbage':
    case 'overflow':
      return [finding('protocol.garbage', 'error', target, facts)];
    case 'mangled': {
      const masked = maskedBanner(greeting.text);
      return [finding('protocol.mangled_banner', 'error', target, masked ? { ...facts, device: masked.device, pattern: masked.id, source: masked.source } : facts)];
    }
    case 'silent':
    case 'tls_record':
      return [finding('server.slow_greeting', 'error', target, { ...facts, waitedMs: greeting.ms }, { variant: unfinishedVariant(greeting) })];
    default:
      break;
  }
  if (UNAVAILABLE_GREETINGS.has(greeting.kind)) return [finding('server.unavailable', 'error', target, facts)];
  if (greeting.protocol && greeting.protocol !== user.endpoint.protocol) {
    return [wrongProtocol(evidence, greeting.protocol, greeting.text)];
  }
  if (!greetsAs(greeting, user.endpoint.protocol)) {
    const fixed = withFix(facts, fix());
    return [finding('protocol.garbage', 'error', target, fixed.facts, { fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
  }
  if (greeting.ms > slowGreetingMs) {
    return [finding('server.slow_greeting', 'warning', target, { ...facts, waitedMs: greeting.ms }, { variant: 'slow' })];
  }
  return [];
}

function wrongProtocol(evidence: EndpointEvidence, spoken: string, banner: string): RawFinding {
  const { target, user, alternatives } = evidence;
  const fixed = withFix({ ...baseFacts(user), spokenProtocol: spoken, banner }, chooseFix(alternatives));
  return finding('settings.wrong_protocol', 'error', target, fixed.facts, { fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate });
}

function rewriteFinding({ target, user, alternatives }: EndpointEvidence, rewrite: ConversationRewrite): RawFinding {
  const { pattern, seen } = rewrite;
  // Implicit TLS (465) is one way around it: a firewall cannot read or rewrite inside TLS.
  const fixed = withFix({ ...baseFacts(user), seen, device: pattern.device, pattern: pattern.id, source: pattern.source }, chooseFix(alternatives));
  return finding('protocol.middlebox_rewrite', 'error', target, fixed.facts, { variant: pattern.where, fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate });
}

function startTlsFindings(evidence: EndpointEvidence): RawFinding[] {
  const { target, user, alternatives } = evidence;
  const facts = baseFacts(user);
  if (!user.capabilities?.startTls || user.startTls?.kind === 'refused' || user.startTls?.kind === 'failed') {
    const fixed = withFix({ ...facts, response: user.startTls?.response ?? '' }, chooseFix(alternatives));
    const variant = user.startTls ? 'refused' : undefined;
    return [finding('tls.starttls_not_offered', 'error', target, fixed.facts, { variant, fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
  }
  const tls = user.tls;
  if (tls && !tls.handshake) return tlsFailure(evidence, tls, facts);
  return tlsFindings(evidence, tls, facts);
}

/** Plain connections: is a password about to travel unencrypted, or will the server refuse it? */
function plaintextFindings(evidence: EndpointEvidence): RawFinding[] {
  const { target, user, alternatives } = evidence;
  const caps = user.capabilities;
  if (!caps?.ok) return [];
  const facts = baseFacts(user);
  const secure = chooseFix(alternatives, (a) => a.endpoint.port === user.endpoint.port);
  // The server's own answer to AUTH before TLS beats what EHLO advertised.
  const refusal = user.plainAuth && !user.plainAuth.accepted ? classifyServerReply(user.endpoint.protocol, { text: user.plainAuth.response }) : undefined;
  if (refusal?.cause === 'auth.plaintext_disabled') {
    const fixed = withFix({ ...facts, response: user.plainAuth?.response ?? '' }, secure);
    return [finding('auth.plaintext_disabled', 'error', target, fixed.facts, { variant: 'login', fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
  }
  const refusesPlainLogin =
    caps.loginDisabled || (user.endpoint.protocol !== 'imap' && caps.authMechanisms.length === 0 && caps.startTls);
  if (refusesPlainLogin) {
    const fixed = withFix(facts, secure);
    return [finding('auth.plaintext_disabled', 'error', target, fixed.facts, { variant: 'capability', fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
  }
  const fixed = withFix(facts, secure);
  return [finding('security.plaintext_exposed', 'warning', target, fixed.facts, { fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
}

/** Versions Node's default client refuses: a server with only these has none in common with it. */
const LEGACY_TLS = new Set(['TLSv1', 'TLSv1.1']);

function tlsFailure(evidence: EndpointEvidence, tls: TlsObservation, facts: Facts): RawFinding[] {
  const { target, alternatives, user, tlsVersions = [] } = evidence;
  const detail = { ...facts, message: tls.message ?? tls.failure ?? '', ...(tls.failure && { failure: tls.failure }), versions: tlsVersions.join(', ') || '-' };
  // Old servers often reset instead of sending a version alert: the scan shows what they speak.
  const legacyOnly = tlsVersions.length > 0 && tlsVersions.every((v) => LEGACY_TLS.has(v));
  if (tls.failure === 'protocol_version' || legacyOnly) {
    return [finding('tls.protocol_version', 'error', target, detail, { variant: 'none_in_common' })];
  }
  // A port that hangs up on TLS and on plaintext alike is closing on everyone, not on TLS.
  const samePortPlain = alternatives.find((a) => a.endpoint.port === user.endpoint.port && a.endpoint.security !== 'tls');
  const closesOnPlaintext = samePortPlain?.greeting?.kind === 'closed' || samePortPlain?.greeting?.kind === 'reset';
  if ((tls.failure === 'closed' || tls.failure === 'reset') && tlsVersions.length === 0 && closesOnPlaintext) {
    return [finding('protocol.unexpected_close', 'error', target, detail, { variant: tls.failure })];
  }
  const fixed = withFix(detail, chooseFix(alternatives));
  return [finding('tls.handshake_failed', 'error', target, fixed.facts, { variant: tls.failure, fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
}

/** Certificate faults on a completed handshake; an expiring certificate is a warning. */
function tlsFindings(evidence: EndpointEvidence, tls: TlsObservation | undefined, facts: Facts): RawFinding[] {
  const { target } = evidence;
  const cert = tls?.certificate;
  if (!tls || !cert) return [];
  const certFacts: Facts = {
    ...facts,
    subject: cert.subject,
    issuer: cert.issuer,
    names: cert.subjectAltNames.join(', ') || cert.subject,
    validFrom: cert.validFrom.slice(0, 10),
    validTo: cert.validTo.slice(0, 10),
    daysLeft: cert.daysLeft,
    chainError: tls.chainError ?? '',
  };
  const byFailure: Record<string, RawFinding['cause']> = {
    cert_expired: 'tls.cert_expired',
    cert_not_yet_valid: 'tls.cert_not_yet_valid',
    cert_self_signed: 'tls.cert_self_signed',
    cert_untrusted: 'tls.cert_untrusted',
    cert_hostname_mismatch: 'tls.cert_hostname_mismatch',
  };
  const found: RawFinding[] = [];
  const cause = tls.failure ? byFailure[tls.failure] : undefined;
  if (cause) found.push(finding(cause, 'error', target, certFacts));
  if (cause !== 'tls.cert_hostname_mismatch' && tls.hostnameMatch === false) {
    found.push(finding('tls.cert_hostname_mismatch', 'error', target, certFacts));
  }
  if (!cause && cert.daysLeft >= 0 && cert.daysLeft <= EXPIRING_SOON_DAYS) {
    found.push(finding('tls.cert_expiring_soon', 'warning', target, certFacts));
  }
  return found;
}

/** After TLS (or on a plain port): can this client log in at all? */
function capabilityFindings({ target, user, alternatives, oauthLogin }: EndpointEvidence): RawFinding[] {
  const caps = user.secureCapabilities ?? (user.endpoint.security === 'none' ? user.capabilities : undefined);
  if (!caps?.ok) return [];
  const facts = { ...baseFacts(user), mechanisms: caps.authMechanisms.join(' ') || '-' };
  if (user.endpoint.protocol === 'smtp' && caps.authMechanisms.length === 0) {
    const fixed = withFix(facts, chooseFix(alternatives));
    return [finding('smtp.auth_not_offered', 'error', target, fixed.facts, { fixSettings: fixed.fixSettings, fixCandidate: fixed.fixCandidate })];
  }
  const imapLoginAllowed = user.endpoint.protocol === 'imap' && !caps.loginDisabled;
  const passwordMechanism = caps.authMechanisms.some((m) => PASSWORD_MECHANISMS.has(m) || (oauthLogin === true && TOKEN_MECHANISMS.has(m)));
  if (!imapLoginAllowed && caps.authMechanisms.length > 0 && !passwordMechanism) {
    return [finding('auth.mechanism_unsupported', 'error', target, facts)];
  }
  if (user.endpoint.protocol === 'imap' && caps.loginDisabled && !passwordMechanism) {
    return [finding('auth.mechanism_unsupported', 'error', target, facts)];
  }
  return [];
}
