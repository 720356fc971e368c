import type { OAuthConfiguration } from './oauth-config';
import { providerFor, type OAuthFlow } from './providers';

/**
 * What the conversation may offer for one account: "Sign in with Microsoft" and the flow it
 * takes, or why it cannot (plain JSON: it rides on events and lives in the conversation state).
 * The runner computes it, because only the runner knows the bot's OAuth configuration and what
 * the platform can show privately; the machine decides when to offer it.
 */
export type SignInOffer =
  | { available: true; providerId: string; providerName: string; flow: OAuthFlow }
  | { available: false; providerName: string; reason: SignInUnavailable };

/**
 * `not_configured`: no client id for the provider; `no_page`: the provider allows only the
 * browser flow and the bot has no public page; `not_private`: the platform cannot show the
 * code to the user alone, so it is not shown at all.
 */
export type SignInUnavailable = 'not_configured' | 'no_page' | 'not_private';

export interface SignInSurfaceCapabilities {
  /** The output can show a message to the user alone (Slack ephemeral, Discord flag 64, the terminal). */
  privateMessages: boolean;
  /** The bot serves its own https page for the authorization code flow (MAILHELP_PUBLIC_URL). */
  signInPage: boolean;
}

export interface SignInAccount {
  discoveryId?: string | undefined;
  hosts: readonly string[];
}

/** Undefined when no identity provider is known for the account: it signs in with a password. */
export function signInOffer(config: OAuthConfiguration, account: SignInAccount, can: SignInSurfaceCapabilities): SignInOffer | undefined {
  const configured = config.configured.find((c) => c.provider === providerFor(config.configured.map((p) => p.provider), account));
  if (!configured) {
    const known = providerFor(config.unconfigured, account);
    return known ? { available: false, providerName: known.name, reason: 'not_configured' } : undefined;
  }
  const { provider } = configured;
  if (!can.privateMessages) return { available: false, providerName: provider.name, reason: 'not_private' };
  // Best flow first (providers.ts `flows`), among those this surface can carry.
  const flow = provider.flows.find((f) => (f === 'device' ? !!provider.deviceEndpoint : can.signInPage && !!provider.authorizationEndpoint));
  if (!flow) return { available: false, providerName: provider.name, reason: 'no_page' };
  return { available: true, providerId: provider.id, providerName: provider.name, flow };
}
