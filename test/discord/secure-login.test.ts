import assert from 'node:assert/strict';
import type { DiagnoseRequest } from '../../src/diagnosis/diagnose-request';
import { report } from '../conversation/support/fixtures';
import { assertAnsweredOnceInTime } from './support/ack-checks';
import { has, type Harness, startHarness, textOf } from './support/bot-harness';

const EPHEMERAL = 64;
const PASSWORD = 'only-on-the-page-7!';

/**
 * With MAILHELP_PUBLIC_URL the login test does not use the modal (which cannot mask the
 * field): the user alone gets a link to the bot's one-time page, and the password typed
 * there starts the login test in the conversation.
 */
describe('discord: the one-time password page instead of the modal', function () {
  let h: Harness;
  const requests: DiagnoseRequest[] = [];

  before(async function () {
    h = await startHarness({
      publicUrl: 'https://mailhelp.example.test',
      port: 0,
      host: '127.0.0.1',
      diagnose: async (request) => {
        requests.push(request);
        return report();
      },
    });
  });
  after(() => h.close());

  it('sends the link privately, and the password from the page runs the login test', async function () {
    const since = h.mark();
    h.fake.slashCommand({ target: 'alice@acme.com' });
    h.press(await h.message(has(/settings that should work for a(?:\\\*){3}@acme\.com/u), { since }), /Yes, it uses these/u);
    h.press(await h.message(has(/receiving mail, sending mail, or both/u), { since }), /Receiving/u);
    const offer = await h.message(has(/also test signing in/u), { since });
    const login = h.press(offer, /Yes, test sign-in/u);
    const linkMessage = await h.message(has(/private page, which hides what you type/u), { since });
    assert.notEqual(login.callbackType, 9, 'no modal');
    assert.equal(linkMessage.flags, EPHEMERAL, 'only the user sees the link');
    const [row] = linkMessage.components as { components: { style: number; url: string; label: string }[] }[];
    const link = row?.components[0];
    assert.equal(link?.style, 5);
    assert.equal(link?.label, 'Open the sign-in page');
    const url = new URL(link!.url);
    assert.equal(url.origin, 'https://mailhelp.example.test');

    // The user opens the page (served on PORT) and sends the password there.
    const local = `http://127.0.0.1:${h.bot.loginPagePort}${url.pathname}`;
    const page = await fetch(local);
    const csrf = /name="csrf" value="([^"]+)"/u.exec(await page.text())?.[1] ?? '';
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const sent = await fetch(local, { method: 'POST', body: new URLSearchParams({ csrf, password: PASSWORD }), headers: { Cookie: cookie }, redirect: 'manual' });
    assert.ok(sent.status < 400, `the page took the password (${sent.status})`);

    const reportMessage = await h.message((m) => ((m.embeds as unknown[] | undefined) ?? []).length > 0, { since });
    assert.match(textOf(reportMessage), /certificate has expired/u);
    assert.deepEqual(requests.at(-1)?.credentials, { user: 'alice@acme.com', password: PASSWORD });
    await h.bot.runner.settled();
    assert.ok(!JSON.stringify(h.fake.rest.calls.map((c) => c.body)).includes(PASSWORD), 'the password never reaches Discord');
    assertAnsweredOnceInTime(h.fake);
    assert.equal(h.logs.error.callCount, 0, JSON.stringify(h.logs.error.args));
  });
});
