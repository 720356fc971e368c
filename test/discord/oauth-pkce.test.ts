import assert from 'node:assert/strict';
import { ALICE } from '../oauth/conversation-fixture';
import { PKCE_WEB_CLIENT, type PkceWorld, signInInBrowser, startPkceWorld } from '../oauth/pkce-world';
import { assertNoSecret } from '../oauth/token-forms';
import { instruments } from '../security/support/instruments';
import { has, type Harness, startHarness } from './support/bot-harness';

const EPHEMERAL = 64;

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
  let world: PkceWorld;
  let h: Harness;
  const { logs, logger, store, reports, engine } = instruments();

  before(async () => {
    world = await startPkceWorld();
    h = await startHarness({
      publicUrl: world.publicUrl,
      port: world.port,
      host: '127.0.0.1',
      discover: async () => world.mailbox.discovery,
      diagnose: engine,
      diagnoseOptions: world.mailbox.diagnoseOptions,
      store,
      logger,
      signIn: world.signIn,
    });
  });
  after(async () => {
    await h?.close();
    await world?.close();
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
    assert.match(link, new RegExp(`^http://127\\.0\\.0\\.1:${world.port}/oauth/start/[A-Za-z0-9_-]{43}$`));
    const carrying = [...h.fake.state.messages.values()].filter((m) => JSON.stringify(m).includes(link));
    assert.deepEqual(carrying.map((m) => m.flags), [EPHEMERAL], 'the link is in one ephemeral message and nowhere else');

    const authorizationCode = await signInInBrowser(world, link, ALICE);

    const report = await h.message(has(/Switch your app to "Sign in with Google-like"; the bot signed in that way and opened your inbox/u), { since, timeoutMs: 30_000 });
    assert.notEqual(report.flags, EPHEMERAL, 'the report is in the thread');
    await h.bot.runner.settled();
    const token = world.mailbox.tokensSeen[0] ?? '';
    assert.equal((await world.provider.introspect(token)).active, false, 'revoked after the test');
    const messages = [...h.fake.state.messages.values()];
    assertNoSecret(
      {
        logs,
        store: await store.records(),
        reports: [...reports, JSON.stringify(report)],
        chat: [...h.fake.rest.calls.map((c) => JSON.stringify({ method: c.method, path: c.path, query: c.query.toString(), body: c.body })), ...messages.map((m) => JSON.stringify(m))],
      },
      ALICE,
      { token, 'authorization code': authorizationCode, 'client secret': PKCE_WEB_CLIENT.secret },
    );
  });
});
