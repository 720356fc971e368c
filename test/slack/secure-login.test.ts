import assert from 'node:assert/strict';
import type { DiagnoseRequest } from '../../src/diagnosis/diagnose-request';
import { allText, findButton, posted, type SlackHarness } from './support/slack-harness';
import { scriptedDiagnose, startFixtureBot } from './support/fixture-bot';

const PASSWORD = 'page-only-Pa55word!';

/** The page's form, fetched like a browser: the hidden CSRF token and the cookie that goes with it. */
async function openPage(url: string): Promise<{ csrf: string; cookie: string }> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  const html = await response.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  assert.ok(csrf && cookie);
  return { csrf, cookie };
}

for (const mode of ['http', 'socket'] as const) {
  describe(`slack adapter: the one-time sign-in page (MAILHELP_PUBLIC_URL, ${mode})`, function () {
    this.timeout(20_000);
    let h: SlackHarness;
    const requests: DiagnoseRequest[] = [];

    before(async () => {
      h = await startFixtureBot({
        mode,
        // The public URL names the host; the test reaches the page on the port the bot got.
        publicUrl: 'http://127.0.0.1/',
        diagnose: async (request, language) => {
          requests.push(request);
          return scriptedDiagnose(request, language);
        },
      });
    });
    after(() => h.stop());

    it('offers a private link instead of a password field, and the password from the page starts the login test', async () => {
      await h.command('alice@acme.com');
      await h.click(posted(await h.waitForButton('mailhelp_choice:expected')), 'mailhelp_choice:expected');
      await h.click(posted(await h.waitForButton('mailhelp_choice:incoming')), 'mailhelp_choice:incoming');
      await h.click(posted(await h.waitForButton('mailhelp_choice:login')), 'mailhelp_choice:login');
      const opened = await h.fake.waitFor('views.open');
      const view = opened.args.view;
      assert.equal(view.blocks.filter((b: any) => b.type === 'input').length, 0, 'no password field in Slack');
      assert.match(allText(view), /Enter your password on this private page, which hides what you type\. The link works once, for 10 minutes/);
      const link = findButton(view.blocks, 'mailhelp_secure_link') as unknown as { url: string };
      const url = new URL(link.url);
      assert.match(url.pathname, /^\/login\/[A-Za-z0-9_-]{43}$/);
      url.port = String(h.bot.port);

      const { csrf, cookie } = await openPage(url.toString());
      const submitted = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: new URLSearchParams({ csrf, password: PASSWORD }).toString(),
      });
      assert.equal(submitted.status, 200);
      await h.waitForButton('mailhelp_choice:helpdesk');
      assert.deepEqual(requests.at(-1)?.credentials, { user: 'alice@acme.com', password: PASSWORD });
      // Used once: the same link is refused now.
      assert.equal((await fetch(url)).status, 410);
      await h.bot.runner.settled();
      assert.ok(!JSON.stringify(h.fake.calls).includes(PASSWORD));
      assert.ok(!h.logs.join('\n').includes(PASSWORD));
    });
  });
}
