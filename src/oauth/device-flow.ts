import type { Protocol } from '../settings/server-settings';
import { accessToken, type AccessToken } from './access-token';
import { asOAuthError, type OAuthClient } from './oauth-client';
import { OAUTH_ERROR_CODES, OAuthError } from './oauth-error';
import { scopesFor } from './providers';

/**
 * The device authorization grant (RFC 8628): ask for a code, show it to the user (privately:
 * the caller decides where), then poll the token endpoint until the user signed in. The
 * polling itself is openid-client's: it waits `interval` seconds, honours
 * `authorization_pending` and adds 5 s on `slow_down` (§3.5); `expired_token`,
 * `access_denied` (Microsoft: `authorization_declined`) and every other error end it
 * (./oauth-client asOAuthError). The wait is bounded by the code's own `expires_in`.
 */
export interface DeviceCodePrompt {
  verificationUri: string;
  /** The address with the code in it, where the provider gives one (RFC 8628 §3.3.1). */
  verificationUriComplete?: string;
  userCode: string;
  /** Epoch ms when the code stops working. */
  expiresAt: number;
}

export interface DeviceFlowHooks {
  /** Show the code to the user, privately. Polling starts once this resolves. */
  showCode(prompt: DeviceCodePrompt): Promise<void> | void;
  /** Called once a minute while waiting, with the whole minutes left (for progress). */
  waiting?(minutesLeft: number): void;
  now?: () => number;
}

export async function signInWithDeviceCode(
  client: OAuthClient,
  protocols: readonly Protocol[],
  hooks: DeviceFlowHooks,
  signal?: AbortSignal,
): Promise<AccessToken> {
  const { provider } = client.configured;
  if (!provider.flows.includes('device') || !provider.deviceEndpoint) {
    throw new OAuthError(OAUTH_ERROR_CODES.notConfigured, `${provider.name} does not allow the device flow for mail scopes`);
  }
  const now = hooks.now ?? (() => Date.now());
  let started;
  try {
    started = await client.lib.initiateDeviceAuthorization(client.config, { scope: scopesFor(provider, protocols) });
  } catch (error) {
    throw asOAuthError(error);
  }
  const expiresAt = now() + started.expires_in * 1000;
  await hooks.showCode({
    verificationUri: started.verification_uri,
    ...(started.verification_uri_complete ? { verificationUriComplete: started.verification_uri_complete } : {}),
    userCode: started.user_code,
    expiresAt,
  });

  const expiry = new AbortController();
  const expiryTimer = setTimeout(() => expiry.abort(new OAuthError(OAUTH_ERROR_CODES.expired, 'the sign-in code expired')), Math.max(0, expiresAt - now()));
  const minutes = (): number => Math.max(0, Math.ceil((expiresAt - now()) / 60_000));
  hooks.waiting?.(minutes());
  const ticker = setInterval(() => hooks.waiting?.(minutes()), 60_000);
  const polling = signal ? AbortSignal.any([signal, expiry.signal]) : expiry.signal;
  try {
    const tokens = await client.lib.pollDeviceAuthorizationGrant(client.config, started, undefined, { signal: polling });
    return accessToken(client, tokens);
  } catch (error) {
    if (signal?.aborted) throw new OAuthError(OAUTH_ERROR_CODES.aborted, 'sign-in cancelled', { cause: error });
    if (expiry.signal.aborted) throw new OAuthError(OAUTH_ERROR_CODES.expired, 'the sign-in code expired before the user signed in', { cause: error });
    throw asOAuthError(error);
  } finally {
    clearTimeout(expiryTimer);
    clearInterval(ticker);
  }
}
