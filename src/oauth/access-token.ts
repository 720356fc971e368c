import { Secret } from '../conversation/secret';
import type { OAuthClient } from './oauth-client';
import type { SaslMechanism } from './providers';

/**
 * An access token for one sign-in test. The token itself is a Secret (prints as
 * `[redacted]` in logs, JSON and inspect); refresh tokens are never kept. `dispose()` revokes
 * it where the provider has a revocation endpoint (RFC 7009) and drops it from memory in any case.
 */
export interface AccessToken {
  token: Secret;
  /** The scopes the provider granted (space-separated), to tell "wrong scope" from "mailbox off". */
  scope: string | undefined;
  providerId: string;
  providerName: string;
  mechanism: SaslMechanism;
  dispose(): Promise<void>;
}

export function accessToken(client: OAuthClient, response: { access_token: string; scope?: string | undefined }): AccessToken {
  let token: Secret | undefined = new Secret(response.access_token);
  const { provider } = client.configured;
  return {
    get token(): Secret {
      return token ?? new Secret('');
    },
    scope: response.scope,
    providerId: provider.id,
    providerName: provider.name,
    mechanism: provider.mechanism,
    async dispose() {
      const value = token?.reveal();
      token = undefined;
      if (!value || !provider.revocationEndpoint) return;
      try {
        await client.lib.tokenRevocation(client.config, value, { token_type_hint: 'access_token' });
      } catch {
        // Revocation is a courtesy: the token is already gone from memory and expires on its own.
      }
    },
  };
}
