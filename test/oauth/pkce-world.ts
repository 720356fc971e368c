import assert from 'node:assert/strict';
import type { SignInSetup } from '../../src/conversation/runner/run-sign-in';
import { createTestPki, type TestPki } from '../support/certs';
import { freeLoopbackPort } from '../support/login-page-client';
import { startTestOAuthProvider, type TestOAuthProvider } from '../support/oauth-provider';
import { type OAuthMailbox, startOAuthMailbox } from './conversation-fixture';
import { testProviderEntry } from './support';

/** The bot's web client at the provider (authorization code + PKCE needs a registered redirect). */
export const PKCE_WEB_CLIENT = { id: 'mailhelp-web', secret: 'web-client-secret-0123456789' };

/**
 * A Google-like account's world, the same for the conversation, Slack and Discord tests: the
 * real oidc-provider with the bot's web client, a provider entry with no device flow (Google's
 * device flow does not allow the mail scope), the token-checking mailbox, and the port the bot's
 * page listens on (the redirect URI names it, so it is chosen before the provider starts).
 */
export interface PkceWorld {
  port: number;
  publicUrl: string;
  pki: TestPki;
  provider: TestOAuthProvider;
  mailbox: OAuthMailbox;
  signIn: SignInSetup;
  close(): Promise<void>;
}

export async function startPkceWorld(): Promise<PkceWorld> {
  const port = await freeLoopbackPort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const pki = createTestPki();
  const provider = await startTestOAuthProvider({
    tls: pki.issue({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] }),
    ca: pki.trusted,
    webClient: { ...PKCE_WEB_CLIENT, redirectUris: [`${publicUrl}/oauth/callback`] },
  });
  const mailbox = await startOAuthMailbox({ pki, provider });
  const entry = testProviderEntry(provider, { id: 'google-like', name: 'Google-like', flows: ['pkce'] });
  delete (entry as { deviceEndpoint?: string }).deviceEndpoint;
  const signIn: SignInSetup = {
    config: { configured: [{ provider: entry, clientId: PKCE_WEB_CLIENT.id, clientSecret: PKCE_WEB_CLIENT.secret }], unconfigured: [] },
    ca: pki.trusted,
    timeoutMs: 5000,
  };
  return {
    port,
    publicUrl,
    pki,
    provider,
    mailbox,
    signIn,
    close: async () => {
      await mailbox.close();
      await provider.close();
    },
  };
}

/**
 * The user's browser: opens the private link (the bot's page redirects to the provider and sets
 * its state cookie), signs in and consents at the provider as `user`, and comes back to the
 * bot's page with the authorization code. Returns that code, for the secret checks.
 */
export async function signInInBrowser(world: PkceWorld, link: string, user: string): Promise<string> {
  const opened = await fetch(link, { redirect: 'manual' });
  assert.equal(opened.status, 302, 'the bot\'s page sends the browser to the provider');
  const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const back = await world.provider.authorize(opened.headers.get('location') ?? '', user);
  assert.equal(back.origin, world.publicUrl, 'the provider sends the browser back to the bot\'s page');
  const authorizationCode = back.searchParams.get('code') ?? '';
  assert.equal((await fetch(back, { headers: { Cookie: cookie } })).status, 200);
  return authorizationCode;
}
