import type { LoginFailure } from '../probes/login-common';
import type { Protocol } from '../settings/server-settings';
import { OAUTH_ERROR_CODES, type OAuthError } from './oauth-error';

/**
 * What an OAuth sign-in test shows, as causes with fixes for the user and the tenant admin.
 * Two places can say no: the identity provider (before any mail server is asked: AADSTS codes,
 * RFC 6749 / RFC 8628 errors) and the mail server (with a token that the provider issued).
 * Each rule names where its meaning was read.
 */
export const OAUTH_CAUSE_IDS = [
  'oauth.consent_required',
  'oauth.mfa_required',
  'oauth.app_not_found',
  'oauth.public_client_disabled',
  'oauth.access_blocked',
  'oauth.invalid_scope',
  'oauth.sign_in_failed',
  'oauth.not_configured',
  'oauth.protocol_disabled',
  'oauth.smtp_auth_disabled',
  'oauth.token_rejected',
  'oauth.works',
  // The password test and the OAuth test side by side (./side-by-side).
  'oauth.use_oauth',
  'oauth.compared',
] as const;

export type OAuthCauseId = (typeof OAUTH_CAUSE_IDS)[number];

export interface OAuthClassification {
  cause: OAuthCauseId;
  /** i18next context for the evidence (`expired`, `denied`, `pop3`, `mailbox` ...). */
  variant?: string;
  source: string;
}

const AADSTS_REFERENCE = 'https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes';

/** AADSTS numbers (in `error_description`) before the generic OAuth `error` values. */
const AADSTS_RULES: ReadonlyArray<{ codes: number[]; cause: OAuthCauseId; source: string }> = [
  { codes: [65001, 65004, 90094, 90095], cause: 'oauth.consent_required', source: `${AADSTS_REFERENCE} (AADSTS65001 consent_required; 90094 admin consent required)` },
  { codes: [50076, 50079, 50072, 50074], cause: 'oauth.mfa_required', source: `${AADSTS_REFERENCE} (AADSTS50076 / 50079: multi-factor authentication required)` },
  { codes: [700016, 90002], cause: 'oauth.app_not_found', source: `${AADSTS_REFERENCE} (AADSTS700016 UnauthorizedClient_DoesNotMatchRequest: application not found in the directory)` },
  {
    codes: [7000218, 700025],
    cause: 'oauth.public_client_disabled',
    source: 'https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/confidential-client-application-authentication-error-aadsts7000218 (Allow public client flows)',
  },
  { codes: [53003, 50105, 50057, 50053, 530032], cause: 'oauth.access_blocked', source: `${AADSTS_REFERENCE} (AADSTS53003 blocked by Conditional Access; 50105 not assigned; 50057 account disabled; 50053 locked)` },
  { codes: [70011, 65005, 650053], cause: 'oauth.invalid_scope', source: `${AADSTS_REFERENCE} (AADSTS70011 invalid scope; 65005 permission not configured)` },
];

/** The AADSTS number in a Microsoft error description ("AADSTS65001: The user or administrator ..."). */
export function aadstsCode(description: string | undefined): number | undefined {
  const match = /\bAADSTS(\d{5,7})\b/.exec(description ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Why the identity provider gave no token. */
export function classifyIdentityError(error: OAuthError): OAuthClassification {
  const aadsts = aadstsCode(error.description);
  const rule = aadsts !== undefined ? AADSTS_RULES.find((r) => r.codes.includes(aadsts)) : undefined;
  if (rule) return { cause: rule.cause, source: rule.source };
  switch (error.code) {
    case OAUTH_ERROR_CODES.expired:
      return { cause: 'oauth.sign_in_failed', variant: 'expired', source: 'RFC 8628 §3.5 expired_token' };
    case OAUTH_ERROR_CODES.denied:
      return { cause: 'oauth.sign_in_failed', variant: 'denied', source: 'RFC 8628 §3.5 access_denied; Microsoft device code flow authorization_declined' };
    case OAUTH_ERROR_CODES.notConfigured:
      return { cause: 'oauth.not_configured', source: 'README "Sign in with Microsoft or Google"' };
    case OAUTH_ERROR_CODES.network:
    case OAUTH_ERROR_CODES.endpointRefused:
      return { cause: 'oauth.sign_in_failed', variant: 'unreachable', source: 'src/oauth/identity-fetch.ts' };
    default:
      break;
  }
  if (error.oauthError === 'invalid_scope') return { cause: 'oauth.invalid_scope', source: 'RFC 6749 §5.2 invalid_scope' };
  if (error.oauthError === 'unauthorized_client' || error.oauthError === 'invalid_client') {
    return { cause: 'oauth.app_not_found', source: 'RFC 6749 §5.2 invalid_client / unauthorized_client' };
  }
  if (error.oauthError === 'consent_required') return { cause: 'oauth.consent_required', source: 'OpenID Connect Core §3.1.2.6 consent_required' };
  return { cause: 'oauth.sign_in_failed', variant: 'other', source: `RFC 6749 §5.2 ${error.oauthError ?? 'error'}` };
}

/**
 * What a mail server's refusal of a token the provider issued means. The token was good for
 * the provider; the mailbox or tenant switched the protocol off, or the token does not fit.
 */
export function classifyTokenLogin(protocol: Protocol, result: LoginFailure): OAuthClassification {
  const reply = `${result.response ?? ''} ${result.message}`;
  if (result.code === 'MAILBOX_UNAVAILABLE') {
    return { cause: 'oauth.token_rejected', variant: 'mailbox', source: 'neomutt contrib/oauth2/mutt_oauth2.py --test (LIST after AUTH: a login can succeed for another user)' };
  }
  if (protocol === 'smtp') {
    if (/\b5\.7\.139\b/.test(reply) || /SmtpClientAuthentication is disabled/i.test(reply)) {
      return {
        cause: 'oauth.smtp_auth_disabled',
        variant: /for the Tenant/i.test(reply) ? 'tenant' : 'mailbox',
        source: 'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission; nodemailer #1484 (535 5.7.139 SmtpClientAuthentication is disabled)',
      };
    }
    if (/\b5\.7\.3\b/.test(reply)) return { cause: 'oauth.token_rejected', variant: 'smtp_scope', source: 'Microsoft Q&A 1110981 (535 5.7.3 Authentication unsuccessful with an XOAUTH2 token)' };
    return { cause: 'oauth.token_rejected', source: 'RFC 7628 §3.2.2 (the server refused the bearer token)' };
  }
  // With a token the provider just issued for this user and scope, a bare "AUTHENTICATE failed."
  // is Exchange Online saying the protocol is off for the mailbox (ImapEnabled/PopEnabled false).
  if (/status (invalid_token|insufficient_scope|invalid_request)/.test(reply)) {
    return { cause: 'oauth.token_rejected', source: 'RFC 7628 §3.2.2 error status from the server' };
  }
  if (/AUTHENTICATE failed|^-ERR (Logon failure|Authentication failure)|User is authenticated but not connected/i.test(reply.trim()) || /AUTHENTICATE failed/i.test(reply)) {
    return {
      cause: 'oauth.protocol_disabled',
      ...(protocol === 'pop3' ? { variant: 'pop3' } : {}),
      source: 'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/pop3-and-imap4/enable-or-disable-pop3-or-imap4-access (Set-CASMailbox -ImapEnabled / -PopEnabled)',
    };
  }
  // Dovecot's passdb field nologin: the token passed (no error challenge), the account may not
  // log in here; Dovecot answers with RFC 5530's CONTACTADMIN ("Login disabled for this user").
  if (/\[CONTACTADMIN\]|Login disabled for this user/i.test(reply)) {
    return {
      cause: 'oauth.protocol_disabled',
      variant: 'nologin',
      source: 'https://doc.dovecot.org/2.3/configuration_manual/authentication/nologin/ (passdb extra field nologin); RFC 5530 §3 CONTACTADMIN',
    };
  }
  return { cause: 'oauth.token_rejected', source: 'RFC 7628 §3.2.2 (the server refused the bearer token)' };
}
