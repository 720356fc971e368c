import type { CauseId } from '../diagnosis/causes';
import type { Finding } from '../diagnosis/report';
import { oauthWayIn } from '../oauth/sign-in-report';
import { CHOICES, type ChoiceDefinition } from './choices';
import type { LocalizableFinding } from './localizable-finding';
import type { ConversationState } from './state';
import { signInChoices } from './steps/sign-in-offer';
import { suggestedAddress } from './steps/suggestion';
import { text } from './text';

/**
 * Who can remove a cause: `user` changes something on their side (a setting in the app, the
 * password, their network), `server` needs whoever runs the mail server (a certificate, a
 * service that is down, a tenant setting). Causes not listed are neither clearly: a limit of the
 * bot, a flaky path, an untested password, where checking again is the honest next step.
 */
const WHO_FIXES: Readonly<Partial<Record<CauseId, 'user' | 'server'>>> = {
  'dns.nxdomain': 'user',
  'settings.not_found': 'user',
  'smtp.port25_blocked': 'user',
  'settings.wrong_protocol': 'user',
  'settings.wrong_port': 'user',
  'tls.implicit_on_plain_port': 'user',
  'tls.starttls_on_implicit_port': 'user',
  'auth.plaintext_disabled': 'user',
  'auth.invalid_credentials': 'user',
  'auth.app_password_required': 'user',
  'auth.account_locked': 'user',
  'auth.password_expired': 'user',
  'auth.web_login_required': 'user',
  'auth.basic_auth_disabled': 'user',
  'oauth.mfa_required': 'user',
  'oauth.works': 'user',
  'security.plaintext_exposed': 'user',
  'input.lookalike_host': 'user',
  'client.port_blocked': 'user',
  'client.dns_failure': 'user',
  'client.tls_intercepted': 'user',
  'dns.servfail': 'server',
  'dns.propagation_mismatch': 'server',
  'network.partial_outage': 'server',
  'tcp.refused': 'server',
  'tls.starttls_not_offered': 'server',
  'tls.cert_expired': 'server',
  'tls.cert_not_yet_valid': 'server',
  'tls.cert_self_signed': 'server',
  'tls.cert_untrusted': 'server',
  'tls.cert_hostname_mismatch': 'server',
  'tls.cert_expiring_soon': 'server',
  'tls.protocol_version': 'server',
  'tls.handshake_failed': 'server',
  'protocol.mangled_banner': 'server',
  'protocol.unexpected_close': 'server',
  'protocol.garbage': 'server',
  'server.unavailable': 'server',
  'server.slow_greeting': 'server',
  'smtp.auth_not_offered': 'server',
  'auth.mechanism_unsupported': 'server',
  'reputation.dnsbl_listed': 'server',
  'oauth.consent_required': 'server',
  'oauth.app_not_found': 'server',
  'oauth.public_client_disabled': 'server',
  'oauth.access_blocked': 'server',
  'oauth.protocol_disabled': 'server',
  'oauth.smtp_auth_disabled': 'server',
  'oauth.token_rejected': 'server',
};

/**
 * What the report is about, for its buttons: a limit that still holds (nothing to press now), a
 * fix the user makes, a fault on the server's side, or none of these.
 */
export type ReportSituation = 'limited' | 'user_fix' | 'server_fault' | 'other';

/** The first problem decides (the one the report leads with); bot-verified settings are the user's to set. */
export function reportSituation(state: Pick<ConversationState, 'limited' | 'report' | 'clientFindings'>): ReportSituation {
  if (state.limited) return 'limited';
  const findings: readonly (Finding | LocalizableFinding)[] = [...state.clientFindings, ...(state.report?.findings ?? [])];
  // Without a problem, a sign-in the bot made with OAuth is the answer: the user switches their app to it.
  const lead = findings.find((f) => f.severity === 'error') ?? oauthWayIn(findings);
  if (!lead) return 'other';
  const who = WHO_FIXES[lead.cause] ?? (lead.fix && 'settings' in lead.fix && lead.fix.settings ? 'user' : undefined);
  return who === 'user' ? 'user_fix' : who === 'server' ? 'server_fault' : 'other';
}

/**
 * The buttons under a report, at most one of them primary, picked by the situation: "I've
 * changed it — check again" after a fix the user makes, "Send to help desk" for a server's
 * fault, nothing while a limit holds ("try again in 10 minutes"); the OAuth test when the
 * server wants modern sign-in. "Show details" opens the settings and checks for the user alone.
 */
export function reportChoices(state: ConversationState): ChoiceDefinition[] {
  const situation = reportSituation(state);
  const helpdesk = state.capabilities.helpDesk && state.report && !state.outageKnown ? [primaryIf(CHOICES.helpdesk, situation === 'server_fault')] : [];
  const details = state.report ? [CHOICES.details] : [];
  // The address's domain does not exist: checking it again cannot help, its "did you mean" can.
  const suggested = suggestedAddress(state);
  if (suggested) return [{ ...CHOICES.useSuggestion, label: text('typos:check_instead', { email: suggested }) }, CHOICES.another, ...helpdesk, ...details, CHOICES.done];
  // After a password the server refused as basic authentication, the OAuth test is the next step.
  const signIn = state.run?.oauth || situation === 'limited' ? [] : signInChoices(state);
  const changed = situation === 'user_fix' ? { ...CHOICES.again, label: text('conversation:choice.again_changed') } : CHOICES.again;
  const again = primaryIf(changed, (situation === 'user_fix' || situation === 'other') && signIn.length === 0);
  return [...signIn, again, CHOICES.another, ...helpdesk, ...details, CHOICES.done];
}

function primaryIf(choice: ChoiceDefinition, primary: boolean): ChoiceDefinition {
  if (primary) return { ...choice, style: 'primary' };
  const { style: _style, ...plain } = choice;
  return plain;
}
