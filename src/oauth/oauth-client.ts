import type * as OpenId from 'openid-client' with { 'resolution-mode': 'import' };
import { IdentityEndpoints } from '../policy/identity-endpoints';
import { identityFetch } from './identity-fetch';
import { OAUTH_ERROR_CODES, OAuthError } from './oauth-error';
import { providerEndpoints, type OAuthProvider } from './providers';

/**
 * An openid-client Configuration for one provider and the admin's client id: the server
 * metadata comes from our provider data (no discovery request; Microsoft's and Google's
 * endpoints are fixed and documented), and every request goes through `identityFetch`.
 * openid-client is ESM-only; it is loaded with import() from this CommonJS project.
 */
export interface ConfiguredProvider {
  provider: OAuthProvider;
  clientId: string;
  /** Only where a flow needs one (Google's installed-app clients). */
  clientSecret?: string;
}

export interface OAuthClient {
  configured: ConfiguredProvider;
  lib: typeof OpenId;
  config: OpenId.Configuration;
}

export interface OAuthClientOptions {
  timeoutMs: number;
  /** CA certificates replacing Node's store (tests). */
  ca?: string[];
}

export async function oauthClient(configured: ConfiguredProvider, options: OAuthClientOptions): Promise<OAuthClient> {
  const lib = await import('openid-client');
  const { provider, clientId, clientSecret } = configured;
  const server: OpenId.ServerMetadata = {
    issuer: provider.issuer,
    token_endpoint: provider.tokenEndpoint,
    ...(provider.authorizationEndpoint ? { authorization_endpoint: provider.authorizationEndpoint } : {}),
    ...(provider.deviceEndpoint ? { device_authorization_endpoint: provider.deviceEndpoint } : {}),
    ...(provider.revocationEndpoint ? { revocation_endpoint: provider.revocationEndpoint } : {}),
  };
  const auth = clientSecret ? lib.ClientSecretPost(clientSecret) : lib.None();
  const config = new lib.Configuration(server, clientId, clientSecret ? { client_secret: clientSecret } : {}, auth);
  const fetch = identityFetch({ endpoints: new IdentityEndpoints(providerEndpoints(provider)), timeoutMs: options.timeoutMs, ...(options.ca ? { ca: options.ca } : {}) });
  config[lib.customFetch] = fetch as OpenId.CustomFetch;
  config.timeout = Math.ceil(options.timeoutMs / 1000);
  return { configured, lib, config };
}

/** openid-client's errors (ResponseBodyError and friends) in our one error model. */
export function asOAuthError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as { error?: unknown; error_description?: unknown; message?: unknown; name?: unknown; cause?: unknown };
  const cause = e.cause instanceof OAuthError ? e.cause : undefined;
  if (cause) return cause;
  const oauthError = typeof e.error === 'string' ? e.error : undefined;
  const description = typeof e.error_description === 'string' ? e.error_description.slice(0, 1000) : undefined;
  const details = { ...(oauthError ? { oauthError } : {}), ...(description ? { description } : {}), cause: error };
  if (oauthError === 'expired_token') return new OAuthError(OAUTH_ERROR_CODES.expired, 'the sign-in code expired before the user signed in', details);
  // Microsoft answers a declined device sign-in with authorization_declined (its device flow doc).
  if (oauthError === 'access_denied' || oauthError === 'authorization_declined') return new OAuthError(OAUTH_ERROR_CODES.denied, 'the user declined the sign-in', details);
  if (oauthError) return new OAuthError(OAUTH_ERROR_CODES.provider, `the identity provider said ${oauthError}`, details);
  if (e.name === 'TimeoutError') return new OAuthError(OAUTH_ERROR_CODES.expired, 'the sign-in code expired before the user signed in', details);
  if (e.name === 'AbortError') return new OAuthError(OAUTH_ERROR_CODES.aborted, 'sign-in cancelled', details);
  return new OAuthError(OAUTH_ERROR_CODES.network, typeof e.message === 'string' ? e.message : 'identity provider request failed', details);
}
