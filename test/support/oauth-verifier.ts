import type { TestOAuthProvider } from './oauth-provider';

export type TokenVerdict = 'ok' | 'invalid_token' | 'insufficient_scope' | 'wrong_user';

/**
 * How the test mail servers judge an XOAUTH2/OAUTHBEARER token: by RFC 7662 introspection at
 * the test provider, the way Dovecot's oauth2 passdb does (`introspection_mode = post`): the
 * token must be active, carry the protocol's scope, and belong to the user in the SASL payload.
 */
export function tokenChecker(provider: TestOAuthProvider, scope: string): (user: string, token: string) => Promise<TokenVerdict> {
  return async (user, token) => {
    const answer = await provider.introspect(token);
    if (!answer.active) return 'invalid_token';
    if (!(answer.scope ?? '').split(' ').includes(scope)) return 'insufficient_scope';
    if (answer.sub !== user) return 'wrong_user';
    return 'ok';
  };
}
