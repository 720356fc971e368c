import type { Protocol } from '../settings/server-settings';
import { accessToken, type AccessToken } from './access-token';
import { asOAuthError, type OAuthClient } from './oauth-client';
import { OAUTH_ERROR_CODES, OAuthError } from './oauth-error';
import { scopesFor } from './providers';

/**
 * The authorization code grant with PKCE (RFC 7636, S256), for providers whose device flow may
 * not ask for mail scopes (Google). The user opens `authorizationUrl` in a browser, signs in at
 * the provider, and comes back to the bot's own page (`redirectUri`, under MAILHELP_PUBLIC_URL),
 * which hands the whole callback URL to `finish`. openid-client builds the URL and checks the
 * answer: `state`, the `iss` parameter where sent (RFC 9207), then the code exchange with the
 * verifier. No refresh token is asked for (no `offline_access`, no `access_type=offline`).
 */
export interface PkceSignIn {
  authorizationUrl: URL;
  /** The `state` the callback must carry: the page binds it to the browser with a cookie. */
  state: string;
  finish(callbackUrl: URL): Promise<AccessToken>;
}

export async function startPkceSignIn(client: OAuthClient, protocols: readonly Protocol[], redirectUri: string, loginHint?: string): Promise<PkceSignIn> {
  const { provider } = client.configured;
  if (!provider.flows.includes('pkce') || !provider.authorizationEndpoint) {
    throw new OAuthError(OAUTH_ERROR_CODES.notConfigured, `${provider.name} has no authorization endpoint for the browser sign-in`);
  }
  const { lib, config } = client;
  const verifier = lib.randomPKCECodeVerifier();
  const state = lib.randomState();
  const authorizationUrl = lib.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: scopesFor(provider, protocols),
    code_challenge: await lib.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...(loginHint ? { login_hint: loginHint } : {}),
  });
  return {
    authorizationUrl,
    state,
    async finish(callbackUrl) {
      try {
        const tokens = await lib.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: verifier, expectedState: state }, { redirect_uri: redirectUri });
        return accessToken(client, tokens);
      } catch (error) {
        throw asOAuthError(error);
      }
    },
  };
}
