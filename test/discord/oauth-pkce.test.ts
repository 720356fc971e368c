import assert from 'node:assert/strict';
import { createTestPki, type TestPki } from '../support/certs';
import { freeLoopbackPort } from '../support/login-page-client';
import { startTestOAuthProvider, type TestOAuthProvider } from '../support/oauth-provider';
import { ALICE, startOAuthMailbox, type OAuthMailbox } from '../oauth/conversation-fixture';
import { testProviderEntry } from '../oauth/support';
import { assertNoSecret } from '../oauth/token-forms';
import { instruments } from '../security/support/instruments';
import { has, type Harness, startHarness } from './support/bot-harness';

const EPHEMERAL = 64;
const WEB_CLIENT = { id: 'mailhelp-web', secret: 'web-client-secret-0123456789' };

/**
 * A Google-like account (no device flow for mail) through the real discord.js bot and the fake
 * Discord: the link to the bot's own OAuth page (authorization code + PKCE) is only ever in an
 * ephemeral reply (flag 64) to the user who asked; the user's browser (played by the test on
 * the real provider's pages) signs in through the bot's page, served on PORT beside the
 * password page. The token, the authorization code and the client secret reach no REST call,
 * message, log line, stored state or report.
 */
describe('discord: the OAuth sign-in test through the bot\'s PKCE page (provider configured like Google, ephemeral link)', function () {
  this.timeout(60_000);
  let pki: TestPki;
  let provider: TestOAuthProvider;
  let mailbox: OAuthMailbox;
  let h: Harness;
  let port: number;
  const { logs, logger, store, reports, engine } = instruments();

  before(async () => {
    port = await freeLoopbackPort();
    pki = createTestPki();
    provider = await startTestOAuthProvider({
      tls: pki.issue({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] }),
      ca: pki.trusted,
      webClient: { ...WEB_CLIENT, redirectUris: [`http://127.0.0.1:${port}/oauth/callback`] },
    });
    mailbox = await startOAuthMailbox({ pki, provider });
    const entry = testProviderEntry(provider, { id: 'google-like', name: 'Google-like', flows: ['pkce'] });
    delete (entry as { deviceEndpoint?: string }).deviceEndpoint;
    h = await startHarness({
      publicUrl: `http://127.0.0.1:${port}`,
      port,
      host: '127.0.0.1',
      discover: async () => mailbox.discovery,
      diagnose: engine,
      diagnoseOptions: mailbox.diagnoseOptions,
      store,
      logger,
      signIn: { config: { configured: [{ provider: entry, clientId: WEB_CLIENT.id, clientSecret: WEB_CLIENT.secret }], unconfigured: [] }, ca: pki.trusted, timeoutMs: 5000 },
    });
  });
  after(async () => {
    await h?.close();
    await mailbox?.close();
    await provider?.close();
  });

  it('sends the private link only in an ephemeral reply, and the sign-in in the browser lets the engine log in', async () => {
    const since = h.mark();
    h.fake.slashCommand({ target: ALICE });
    h.press(await h.message(has(/settings that should work for a(?:\\\*){3}@example\.test/u), { since }), /Yes, it uses these/u);
    h.press(await h.message(has(/receiving mail, sending mail, or both/u), { since }), /Receiving/u);
    const offer = await h.message(has(/This account signs in with Google-like/u), { since, timeoutMs: 20_000 });
    h.press(offer, /Sign in with Google-like/u);

    const linkMessage = await h.message((m) => JSON.stringify(m.components ?? []).includes('/oauth/start/'), { since, timeoutMs: 20_000 });
    assert.equal(linkMessage.flags, EPHEMERAL, 'only the user sees the link');
    const [row] = linkMessage.components as { components: { style: number; url: string }[] }[];
    assert.equal(row?.components[0]?.style, 5, 'a link button to the bot\'s page');
    const link = row!.components[0]!.url;
    assert.match(link, new RegExp(`^http://127\\.0\\.0\\.1:${port}/oauth/start/[A-Za-z0-9_-]{43}$`));
    const carrying = [...h.fake.state.messages.values()].filter((m) => JSON.stringify(m).includes(link));
    assert.deepEqual(carrying.map((m) => m.flags), [EPHEMERAL], 'the link is in one ephemeral message and nowhere else');

    // The user's browser: the bot's page, the provider's sign-in and consent, back to the bot's page.
    const opened = await fetch(link, { redirect: 'manual' });
    assert.equal(opened.status, 302);
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const back = await provider.authorize(opened.headers.get('location') ?? '', ALICE);
    const authorizationCode = back.searchParams.get('code') ?? '';
    assert.equal((await fetch(back, { headers: { Cookie: cookie } })).status, 200);

    const report = await h.message(has(/Switch your app to "Sign in with Google-like"; the bot signed in that way and opened your inbox/u), { since, timeoutMs: 30_000 });
    assert.notEqual(report.flags, EPHEMERAL, 'the report is in the thread');
    await h.bot.runner.settled();
    const token = mailbox.tokensSeen[0] ?? '';
    assert.equal((await provider.introspect(token)).active, false, 'revoked after the test');
    const messages = [...h.fake.state.messages.values()];
    assertNoSecret(
      {
        logs,
        store: await store.records(),
        reports: [...reports, JSON.stringify(report)],
        chat: [...h.fake.rest.calls.map((c) => JSON.stringify({ method: c.method, path: c.path, query: c.query.toString(), body: c.body })), ...messages.map((m) => JSON.stringify(m))],
      },
      ALICE,
      { token, 'authorization code': authorizationCode, 'client secret': WEB_CLIENT.secret },
    );
  });
});
