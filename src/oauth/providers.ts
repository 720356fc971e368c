import type { Protocol } from '../settings/server-settings';

/**
 * Identity providers as data: where to get a token for a mailbox, which scope each mail
 * protocol needs, which SASL mechanism the mail servers take, and which flows the provider
 * allows for those scopes. Each fact names where it was read, so a help-desk person can check
 * it. The admin supplies only the client id (and a secret where a flow needs one) through
 * environment variables (./oauth-config).
 */
export type OAuthFlow = 'device' | 'pkce';
export type SaslMechanism = 'XOAUTH2' | 'OAUTHBEARER';

export interface OAuthProvider {
  id: string;
  /** Shown to the user: "Sign in with {{name}}". */
  name: string;
  /** The token issuer (openid-client's server metadata `issuer`). */
  issuer: string;
  authorizationEndpoint?: string;
  tokenEndpoint: string;
  /** RFC 8628 device authorization endpoint; absent when the provider's device flow cannot get mail scopes. */
  deviceEndpoint?: string;
  /** RFC 7009 revocation endpoint; without one the token is dropped from memory only. */
  revocationEndpoint?: string;
  /** Scope per mail protocol; `extraScopes` are added to every request. */
  scopes: Record<Protocol, string>;
  extraScopes?: string[];
  /** The SASL mechanism the provider's mail servers take (imapflow picks OAUTHBEARER when a server offers it). */
  mechanism: SaslMechanism;
  /** Flows the provider allows for its mail scopes, best first. */
  flows: OAuthFlow[];
  /** Discovery provider ids (src/discovery/providers) whose accounts sign in here. */
  discoveryIds: string[];
  /** Mail server host names whose accounts sign in here (`*` matches any characters). */
  hosts: string[];
  /** Environment variables the admin sets. */
  clientIdEnv: string;
  clientSecretEnv?: string;
  sources: string[];
}

const MS_DOC = 'https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth';
const MS_DEVICE_DOC = 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code';
const GOOGLE_XOAUTH2 = 'https://developers.google.com/workspace/gmail/imap/xoauth2-protocol';
const GOOGLE_DEVICE_SCOPES = 'https://developers.google.com/identity/protocols/oauth2/limited-input-device#allowedscopes';
const GOOGLE_INSTALLED = 'https://developers.google.com/identity/protocols/oauth2/native-app';

/**
 * Microsoft identity platform (Entra ID work and school accounts, and personal Outlook.com
 * accounts through the `common` tenant). `{tenant}` is replaced by MAILHELP_OAUTH_MICROSOFT_TENANT.
 */
export function microsoftProvider(tenant = 'common'): OAuthProvider {
  const base = `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0`;
  return {
    id: 'microsoft',
    name: 'Microsoft',
    issuer: `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/v2.0`,
    authorizationEndpoint: `${base}/authorize`,
    tokenEndpoint: `${base}/token`,
    deviceEndpoint: `${base}/devicecode`,
    scopes: {
      imap: 'https://outlook.office.com/IMAP.AccessAsUser.All',
      pop3: 'https://outlook.office.com/POP.AccessAsUser.All',
      smtp: 'https://outlook.office.com/SMTP.Send',
    },
    // Office 365 takes XOAUTH2, not OAUTHBEARER (neomutt #2927; provider-policy-2026.md).
    mechanism: 'XOAUTH2',
    // The device authorization grant is supported for these scopes; so is the authorization code flow.
    flows: ['device', 'pkce'],
    discoveryIds: ['microsoft365', 'outlook'],
    hosts: ['outlook.office365.com', 'smtp.office365.com', 'smtp-mail.outlook.com', '*.outlook.com'],
    clientIdEnv: 'MAILHELP_OAUTH_MICROSOFT_CLIENT_ID',
    sources: [`${MS_DOC} (scopes, XOAUTH2, authorization code and device authorization grant)`, `${MS_DEVICE_DOC} (device code endpoint, 15 minutes)`],
  };
}

/**
 * Google accounts (Gmail and Workspace). Google's device flow ("TVs and limited-input
 * devices") allows only a short list of scopes, and https://mail.google.com/ is not on it, so
 * the only way is the authorization code flow with PKCE through the bot's own page. Google
 * calls the client secret of installed apps not secret, but its token endpoint still asks
 * for it, hence `clientSecretEnv`.
 */
export function googleProvider(): OAuthProvider {
  return {
    id: 'google',
    name: 'Google',
    issuer: 'https://accounts.google.com',
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    revocationEndpoint: 'https://oauth2.googleapis.com/revoke',
    scopes: { imap: 'https://mail.google.com/', pop3: 'https://mail.google.com/', smtp: 'https://mail.google.com/' },
    mechanism: 'XOAUTH2',
    flows: ['pkce'],
    discoveryIds: ['google'],
    hosts: ['imap.gmail.com', 'pop.gmail.com', 'smtp.gmail.com'],
    clientIdEnv: 'MAILHELP_OAUTH_GOOGLE_CLIENT_ID',
    clientSecretEnv: 'MAILHELP_OAUTH_GOOGLE_CLIENT_SECRET',
    sources: [`${GOOGLE_XOAUTH2} (scope https://mail.google.com/, XOAUTH2)`, `${GOOGLE_DEVICE_SCOPES} (the device flow's allowed scopes: no mail scope)`, `${GOOGLE_INSTALLED} (PKCE)`],
  };
}

/** Whether `host` matches a pattern where `*` stands for any characters. */
export function hostMatches(pattern: string, host: string): boolean {
  const escaped = pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(host.toLowerCase());
}

/**
 * The provider an account signs in with: by what discovery said (provider id) or by the mail
 * server's host name. Undefined when none matches: the account takes passwords, as far as we know.
 */
export function providerFor(providers: readonly OAuthProvider[], account: { discoveryId?: string | undefined; hosts: readonly string[] }): OAuthProvider | undefined {
  const byId = account.discoveryId ? providers.find((p) => p.discoveryIds.includes(account.discoveryId!)) : undefined;
  return byId ?? providers.find((p) => account.hosts.some((host) => p.hosts.some((pattern) => hostMatches(pattern, host))));
}

/** The scopes to ask for to test `protocols` (each protocol has its own at Microsoft). */
export function scopesFor(provider: OAuthProvider, protocols: readonly Protocol[]): string {
  const scopes = new Set<string>([...protocols.map((p) => provider.scopes[p]), ...(provider.extraScopes ?? [])]);
  return [...scopes].join(' ');
}

/** Every endpoint the bot may call at a provider: the identity side of the target policy's allow list. */
export function providerEndpoints(provider: OAuthProvider): string[] {
  return [provider.authorizationEndpoint, provider.tokenEndpoint, provider.deviceEndpoint, provider.revocationEndpoint].filter((e): e is string => !!e);
}
