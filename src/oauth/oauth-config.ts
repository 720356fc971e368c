import { readFileSync } from 'node:fs';
import type { ConfiguredProvider } from './oauth-client';
import { googleProvider, microsoftProvider, type OAuthProvider } from './providers';
import { MailhelpError } from '../errors/mailhelp-error';

/**
 * Which identity providers the bot can sign in with, from the environment (README "Sign in with
 * Microsoft or Google"): the built-in Microsoft and Google entries once their client ids are
 * set, plus an admin's own generic providers from the JSON file MAILHELP_OAUTH_PROVIDERS (an
 * array of provider entries, see ./providers OAuthProvider; their client ids come from the
 * variables each entry names in `clientIdEnv`). A provider without a client id is listed as
 * `unconfigured`, so the bot can say what it cannot test and why.
 */
export interface OAuthConfiguration {
  configured: ConfiguredProvider[];
  /** Known providers without a client id. */
  unconfigured: OAuthProvider[];
}

export class OAuthConfigError extends MailhelpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('OAUTH_CONFIG_INVALID', message, options);
  }
}

export function oauthFromEnv(env: NodeJS.ProcessEnv = process.env): OAuthConfiguration {
  const providers = [microsoftProvider(env.MAILHELP_OAUTH_MICROSOFT_TENANT || 'common'), googleProvider(), ...customProviders(env.MAILHELP_OAUTH_PROVIDERS)];
  const configured: ConfiguredProvider[] = [];
  const unconfigured: OAuthProvider[] = [];
  for (const provider of providers) {
    const clientId = env[provider.clientIdEnv]?.trim();
    const clientSecret = provider.clientSecretEnv ? env[provider.clientSecretEnv]?.trim() : undefined;
    if (clientId) configured.push({ provider, clientId, ...(clientSecret ? { clientSecret } : {}) });
    else unconfigured.push(provider);
  }
  return { configured, unconfigured };
}

function customProviders(path: string | undefined): OAuthProvider[] {
  if (!path) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new OAuthConfigError(`MAILHELP_OAUTH_PROVIDERS: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new OAuthConfigError('MAILHELP_OAUTH_PROVIDERS: the file must hold a JSON array of providers');
  return parsed.map((entry, index) => checkedProvider(entry, index));
}

function checkedProvider(entry: unknown, index: number): OAuthProvider {
  const e = (entry ?? {}) as Record<string, unknown>;
  const text = (name: string, optional = false): string | undefined => {
    const value = e[name];
    if (typeof value === 'string' && value.length > 0) return value;
    if (optional && value === undefined) return undefined;
    throw new OAuthConfigError(`MAILHELP_OAUTH_PROVIDERS[${index}].${name} must be a non-empty string`);
  };
  const https = (name: string, optional = false): string | undefined => {
    const value = text(name, optional);
    if (value !== undefined && !value.startsWith('https://')) throw new OAuthConfigError(`MAILHELP_OAUTH_PROVIDERS[${index}].${name} must be an https:// URL`);
    return value;
  };
  const scopes = (e.scopes ?? {}) as Record<string, unknown>;
  if (typeof scopes.imap !== 'string' || typeof scopes.pop3 !== 'string' || typeof scopes.smtp !== 'string') {
    throw new OAuthConfigError(`MAILHELP_OAUTH_PROVIDERS[${index}].scopes needs imap, pop3 and smtp`);
  }
  const list = (name: string): string[] => (Array.isArray(e[name]) ? (e[name] as unknown[]).filter((v): v is string => typeof v === 'string') : []);
  const flows = list('flows').filter((f): f is 'device' | 'pkce' => f === 'device' || f === 'pkce');
  const authorizationEndpoint = https('authorizationEndpoint', true);
  const deviceEndpoint = https('deviceEndpoint', true);
  const revocationEndpoint = https('revocationEndpoint', true);
  const clientSecretEnv = text('clientSecretEnv', true);
  return {
    id: text('id')!,
    name: text('name')!,
    issuer: text('issuer')!,
    tokenEndpoint: https('tokenEndpoint')!,
    ...(authorizationEndpoint ? { authorizationEndpoint } : {}),
    ...(deviceEndpoint ? { deviceEndpoint } : {}),
    ...(revocationEndpoint ? { revocationEndpoint } : {}),
    scopes: { imap: scopes.imap, pop3: scopes.pop3, smtp: scopes.smtp },
    mechanism: e.mechanism === 'OAUTHBEARER' ? 'OAUTHBEARER' : 'XOAUTH2',
    flows: flows.length > 0 ? flows : deviceEndpoint ? ['device'] : ['pkce'],
    discoveryIds: list('discoveryIds'),
    hosts: list('hosts'),
    clientIdEnv: text('clientIdEnv')!,
    ...(clientSecretEnv ? { clientSecretEnv } : {}),
    sources: list('sources').length > 0 ? list('sources') : [`MAILHELP_OAUTH_PROVIDERS[${index}]`],
  };
}
