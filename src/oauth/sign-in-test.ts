import type { RawFinding } from '../diagnosis/raw-finding';
import type { AccountSettings, Credentials, Protocol } from '../settings/server-settings';
import type { AccessToken } from './access-token';
import { signInWithDeviceCode, type DeviceCodePrompt } from './device-flow';
import { startPkceSignIn, type PkceSignIn } from './pkce-flow';
import { oauthClient } from './oauth-client';
import type { OAuthConfiguration } from './oauth-config';
import { OAUTH_ERROR_CODES, OAuthError, type OAuthErrorCode } from './oauth-error';
import { identityFinding } from './oauth-findings';
import { providerFor, type OAuthProvider } from './providers';

/**
 * The OAuth sign-in test up to the token, for any surface: pick the provider the account signs
 * in with, run the device flow (the surface shows the code privately), and hand back either
 * login credentials carrying the token, or the finding that says why there is none. The
 * caller runs the diagnosis with the credentials and then calls `dispose()` (revoke or drop).
 */
export interface SignInSurface {
  showCode(prompt: DeviceCodePrompt, provider: OAuthProvider): Promise<void> | void;
  /**
   * The browser flow (authorization code + PKCE) through the bot's own page, for providers
   * without a device flow for mail (Google): shows the page's link privately and resolves with
   * the token the page received. Without it such providers cannot be tested here.
   */
  browser?: { redirectUri: string; signIn(pkce: PkceSignIn, provider: OAuthProvider): Promise<AccessToken> };
  waiting?(minutesLeft: number): void;
  signedIn?(provider: OAuthProvider): void;
}

export type SignInOutcome =
  | { kind: 'token'; credentials: Credentials; provider: OAuthProvider; dispose(): Promise<void> }
  | { kind: 'no_token'; finding: RawFinding; code: OAuthErrorCode };

export interface SignInRequest {
  config: OAuthConfiguration;
  settings: AccountSettings;
  user: string;
  /** Discovery's provider id, when discovery ran. */
  discoveryId?: string | undefined;
  timeoutMs: number;
  ca?: string[];
  signal?: AbortSignal;
}

export function protocolsOf(settings: AccountSettings): Protocol[] {
  return [settings.incoming?.protocol, settings.outgoing ? ('smtp' as const) : undefined].filter((p): p is Protocol => !!p);
}

export function accountHosts(settings: AccountSettings): string[] {
  return [settings.incoming?.host, settings.outgoing?.host].filter((h): h is string => !!h);
}

export async function runSignIn(request: SignInRequest, surface: SignInSurface): Promise<SignInOutcome> {
  const account = { discoveryId: request.discoveryId, hosts: accountHosts(request.settings) };
  const configured = request.config.configured.find((c) => c.provider === providerFor(request.config.configured.map((p) => p.provider), account));
  if (!configured) {
    const known = providerFor(request.config.unconfigured, account);
    const error = new OAuthError(OAUTH_ERROR_CODES.notConfigured, known ? `no client id for ${known.name} (${known.clientIdEnv})` : 'no OAuth provider is known for this account');
    return { kind: 'no_token', finding: identityFinding(error, known?.name ?? 'OAuth', request.user), code: error.code };
  }
  const { provider } = configured;
  let token: AccessToken;
  try {
    const client = await oauthClient(configured, { timeoutMs: request.timeoutMs, ...(request.ca ? { ca: request.ca } : {}) });
    const protocols = protocolsOf(request.settings);
    // The provider's best flow that this surface can carry (as ./sign-in-offer chose it).
    const device = provider.flows.find((f) => (f === 'device' ? !!provider.deviceEndpoint : !!surface.browser && !!provider.authorizationEndpoint)) === 'device';
    token =
      device || !surface.browser
        ? await signInWithDeviceCode(
            client,
            protocols,
            { showCode: (prompt) => surface.showCode(prompt, provider), ...(surface.waiting ? { waiting: (m: number) => surface.waiting!(m) } : {}) },
            request.signal,
          )
        : await surface.browser.signIn(await startPkceSignIn(client, protocols, surface.browser.redirectUri, request.user), provider);
  } catch (error) {
    const failure = error instanceof OAuthError ? error : new OAuthError(OAUTH_ERROR_CODES.network, String(error), { cause: error });
    return { kind: 'no_token', finding: identityFinding(failure, provider.name, request.user), code: failure.code };
  }
  surface.signedIn?.(provider);
  return {
    kind: 'token',
    provider,
    credentials: { user: request.user, password: '', oauth: { accessToken: token.token.reveal(), mechanism: token.mechanism, providerName: provider.name } },
    dispose: () => token.dispose(),
  };
}
