import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oauthClient, type OAuthClient } from '../../src/oauth/oauth-client';
import { startPkceSignIn } from '../../src/oauth/pkce-flow';
import { createOAuthSignInPage, type OAuthSignInPage, type PendingSignIn } from '../../src/secure-login/oauth-sign-in-page';
import type { AccessToken } from '../../src/oauth/access-token';
import { createTestPki, type TestPki } from '../support/certs';
import { MAIL_SCOPES, startTestOAuthProvider, type TestOAuthProvider } from '../support/oauth-provider';
import { testProviderEntry } from './support';

const WEB_CLIENT = { id: 'mailhelp-web', secret: 'web-client-secret-0123456789' };
const ALICE = 'alice@example.test';

/**
 * Google's way (its device flow cannot get https://mail.google.com/): the authorization code
 * flow with PKCE through the bot's own page, against the real oidc-provider configured like a
 * Google "Web application" client — a client secret, no device grant, the bot's page as the
 * one redirect URI, PKCE required. The test is the user's browser: it opens the bot's link,
 * follows it to the provider, signs in there, and comes back with the provider's redirect.
 */
describe('OAuth sign-in page: authorization code + PKCE (provider configured like Google)', function () {
  this.timeout(30_000);
  let server: Server;
  let page: OAuthSignInPage;
  let pki: TestPki;
  let provider: TestOAuthProvider;
  let client: OAuthClient;
  let base: string;

  before(async function () {
    // The page first: its address is the redirect URI the provider's client is registered with.
    let handler: OAuthSignInPage | undefined;
    server = createServer((request, response) => (handler?.handles(new URL(request.url ?? '/', 'http://x').pathname) ? handler.handle(request, response) : void response.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    page = createOAuthSignInPage({ publicUrl: base });
    handler = page;
    pki = createTestPki();
    provider = await startTestOAuthProvider({
      tls: pki.issue({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] }),
      ca: pki.trusted,
      webClient: { ...WEB_CLIENT, redirectUris: [page.redirectUri] },
    });
    // Like Google: no device endpoint, the browser flow only, a client secret.
    const entry = testProviderEntry(provider, { id: 'google-like', name: 'Google-like', flows: ['pkce'] });
    delete (entry as { deviceEndpoint?: string }).deviceEndpoint;
    client = await oauthClient({ provider: entry, clientId: WEB_CLIENT.id, clientSecret: WEB_CLIENT.secret }, { timeoutMs: 5000, ca: pki.trusted });
  });
  after(async () => {
    await provider?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** The conversation's side: a link, and the token (or the error) it ends with. */
  async function begin(conversation = 'test:C1:T1'): Promise<{ link: URL; outcome: Promise<AccessToken> }> {
    const signIn = await startPkceSignIn(client, ['imap'], page.redirectUri, ALICE);
    let settle!: Pick<PendingSignIn, 'onToken' | 'onError'>;
    const outcome = new Promise<AccessToken>((resolve, reject) => (settle = { onToken: resolve, onError: reject }));
    outcome.catch(() => undefined);
    return { link: page.issue(conversation, { signIn, language: 'en', ...settle }), outcome };
  }

  /** The browser opening the bot's link: the cookie it gets and where it is sent. */
  async function open(link: URL): Promise<{ cookie: string; location: URL }> {
    const response = await fetch(link, { redirect: 'manual' });
    assert.equal(response.status, 302);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.match(response.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Lax/);
    return { cookie, location: new URL(response.headers.get('location') ?? '') };
  }

  it('sends the browser to the provider with an S256 challenge and state, and the redirect back gives a token for the user', async () => {
    const { link, outcome } = await begin();
    assert.match(link.pathname, /^\/oauth\/start\/[A-Za-z0-9_-]{43}$/);
    const { cookie, location } = await open(link);
    assert.equal(location.origin, provider.issuer);
    assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
    assert.match(location.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(location.searchParams.get('redirect_uri'), `${base}/oauth/callback`);
    assert.equal(location.searchParams.get('scope'), MAIL_SCOPES.imap);
    assert.equal(location.searchParams.get('login_hint'), ALICE);
    assert.equal(cookie.split('=')[1], location.searchParams.get('state'));

    const back = await provider.authorize(location.toString(), ALICE);
    assert.equal(back.origin, base);
    const done = await fetch(back, { headers: { Cookie: cookie } });
    assert.equal(done.status, 200);
    assert.match(await done.text(), /<h1>Signed in<\/h1>/);
    const token = await outcome;
    const introspection = await provider.introspect(token.token.reveal());
    assert.equal(introspection.active, true);
    assert.equal(introspection.sub, ALICE);
    assert.equal(introspection.scope, MAIL_SCOPES.imap);
    await token.dispose();
    // One use: the same answer again is not taken.
    assert.equal((await fetch(back, { headers: { Cookie: cookie } })).status, 404);
  });

  it('refuses the provider\'s answer in a browser that did not open the link (no state cookie): login CSRF', async () => {
    const { link, outcome } = await begin('test:C1:T2');
    const { location } = await open(link);
    const back = await provider.authorize(location.toString(), 'mallory@example.test');
    const response = await fetch(back);
    assert.equal(response.status, 403);
    assert.match(await response.text(), /Finish the sign-in in the same browser/);
    // The conversation is still waiting: nothing was handed over.
    const raced = await Promise.race([outcome.then(() => 'token', () => 'error'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 100))]);
    assert.equal(raced, 'waiting');
  });

  it('a link opens once; a declined sign-in ends the wait with the provider\'s access_denied', async () => {
    const { link, outcome } = await begin('test:C1:T3');
    const { cookie, location } = await open(link);
    assert.equal((await fetch(link, { redirect: 'manual' })).status, 410);
    const back = await provider.authorize(location.toString(), ALICE, { deny: true });
    const response = await fetch(back, { headers: { Cookie: cookie } });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /The sign-in did not work/);
    await assert.rejects(outcome, (error: Error & { oauthError?: string }) => error.oauthError === 'access_denied');
  });

  it('an unknown link and an unknown state are refused with a page, not an error', async () => {
    assert.equal((await fetch(`${base}/oauth/start/${'A'.repeat(43)}`)).status, 404);
    assert.equal((await fetch(`${base}/oauth/callback?code=x&state=nope`)).status, 404);
    assert.equal((await fetch(`${base}/oauth/callback`, { method: 'POST' })).status, 405);
  });
});
