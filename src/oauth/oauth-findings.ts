import type { RawFinding } from '../diagnosis/raw-finding';
import type { LoginFailure } from '../probes/login-common';
import type { ServerSettings, Target } from '../settings/server-settings';
import { classifyIdentityError, classifyTokenLogin } from './oauth-causes';
import type { OAuthError } from './oauth-error';
import { aadstsCode } from './oauth-causes';

/**
 * The OAuth sign-in test's findings, as raw findings the engine and the chat localize like any
 * other (texts: locales/<lang>/oauth.json under `oauth.*`).
 */

/** The verified fix: the bot signed in with OAuth and opened the mailbox. */
export function oauthWorks(target: Target, settings: ServerSettings, user: string, providerName: string, opened: string | undefined): RawFinding {
  return {
    cause: 'oauth.works',
    severity: 'info',
    target,
    facts: { host: settings.host, port: settings.port, security: settings.security, protocol: settings.protocol, user, provider: providerName, opened: opened ?? '', source: 'the bot\'s own XOAUTH2 login' },
    ...(target === 'incoming' ? {} : { variant: 'send' }),
  };
}

/** A mail server refused a token the provider issued. */
export function tokenLoginFinding(target: Target, settings: ServerSettings, user: string, providerName: string, result: LoginFailure): RawFinding {
  const { cause, variant, source } = classifyTokenLogin(settings.protocol, result);
  return {
    cause,
    severity: 'error',
    target,
    facts: { host: settings.host, port: settings.port, protocol: settings.protocol, user, provider: providerName, response: result.response ?? result.message, source },
    ...(variant ? { variant } : {}),
  };
}

/** The identity provider gave no token: no mail server was asked. */
export function identityFinding(error: OAuthError, providerName: string, user: string): RawFinding {
  const { cause, variant, source } = classifyIdentityError(error);
  const aadsts = aadstsCode(error.description);
  return {
    cause,
    severity: cause === 'oauth.not_configured' ? 'warning' : 'error',
    target: 'account',
    facts: {
      provider: providerName,
      user,
      error: error.oauthError ?? error.code,
      // The provider's own words, first line only (Microsoft appends trace and correlation ids).
      response: (error.description ?? error.message).split(/\r?\n/)[0]!.slice(0, 300),
      ...(aadsts !== undefined ? { aadsts: `AADSTS${aadsts}` } : {}),
      source,
    },
    ...(variant ? { variant } : {}),
  };
}
