import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import sinon from 'sinon';
import { CHROMIUM, chromiumInstalled, launchChromium, type HeadlessChromium } from './support/headless-chromium';
import { startLoginPage, type LoginPageFixture } from './support/login-page-fixture';
import { skipBecause } from '../support/skip';

/**
 * The one-time password page in a real browser (Debian's headless Chromium via playwright-core).
 * Everything listens on loopback: the page on 127.0.0.1, the "attacker" site on 127.0.0.2.
 */
const PASSWORD = 'Corr3ct-horse!battery "staple"';
const CONVERSATION = 'slack:T1:C1:1712345678.000100';

describe('secure login page in headless Chromium', function () {
  this.timeout(60_000);
  let browser: HeadlessChromium;
  let fixture: LoginPageFixture;
  let page: Page;
  let requests: string[];
  let consoleMessages: string[];

  before(async function () {
    // A fresh clone without the browser skips this suite with one line saying how to run it;
    // .ci/run installs Chromium and sets MAILHELP_REQUIRE_BROWSER, so CI can never skip it.
    if (!chromiumInstalled() && !process.env.MAILHELP_REQUIRE_BROWSER) {
      skipBecause(this, `${CHROMIUM} is missing; to run the login page's browser test: apt-get install chromium`);
    }
    browser = await launchChromium();
  });
  after(async function () {
    await browser?.close();
  });
  beforeEach(async function () {
    fixture = await startLoginPage();
    page = await browser.context.newPage();
    requests = [];
    consoleMessages = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => consoleMessages.push(message.text()));
  });
  afterEach(async function () {
    sinon.restore();
    await page.close();
    await browser.context.clearCookies();
    await fixture.close();
  });

  async function openLink(language?: string): Promise<{ url: string; status: number; headers: Record<string, string> }> {
    const url = fixture.page.issueLink(CONVERSATION, 'alice@example.com', language ? { language } : {}).toString();
    const response = await page.goto(url);
    assert.ok(response);
    return { url, status: response.status(), headers: await response.allHeaders() };
  }

  async function submit(password = PASSWORD): Promise<number> {
    await page.fill('input[name=password]', password);
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    return response?.status() ?? 0;
  }

  const heading = () => page.textContent('h1');

  it('submit works: masked field, strict headers, no foreign asset, the password reaches onSubmit once', async function () {
    const { url, status, headers } = await openLink();
    assert.equal(status, 200);
    assert.equal(await page.getAttribute('input[name=password]', 'type'), 'password');
    assert.equal(await heading(), 'Login test');
    assert.match(await page.textContent('main') ?? '', /Enter the password for alice@example\.com/);

    const csp = headers['content-security-policy'] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /style-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
    assert.equal(headers['cache-control'], 'no-store');
    assert.equal(headers['strict-transport-security'], undefined, 'no HSTS over plain http');
    assert.match(headers['set-cookie'] ?? '', /SameSite=Strict/);
    assert.match(headers['set-cookie'] ?? '', /HttpOnly/);

    // The inline style is allowed by the nonce: the button is styled and nothing was blocked.
    const background = await page.$eval('button', (button) => getComputedStyle(button).backgroundColor);
    assert.equal(background, 'rgb(29, 111, 214)');

    assert.equal(await submit(), 200);
    assert.equal(await heading(), 'Password received');
    assert.deepEqual(fixture.submissions, [{ conversationKey: CONVERSATION, password: PASSWORD }]);

    assert.ok(requests.every((r) => r.startsWith(fixture.origin)), `foreign request: ${requests.join(', ')}`);
    assert.deepEqual(consoleMessages.filter((m) => /Content Security Policy|Refused/i.test(m)), []);
    assert.ok(!(await page.content()).includes(PASSWORD), 'the password is not echoed back');
    assert.ok(url.startsWith(`${fixture.origin}/login/`));
  });

  it('reusing the link is refused: opening it again, and replaying the post', async function () {
    const { url } = await openLink();
    const csrf = await page.getAttribute('input[name=csrf]', 'value');
    await submit();
    assert.equal(fixture.submissions.length, 1);

    const again = await page.goto(url);
    assert.equal(again?.status(), 410);
    assert.equal(await heading(), 'This link was already used');
    assert.equal(await page.locator('input[name=password]').count(), 0);

    // A replay with the right hidden token and the browser's own cookies is still refused.
    const replay = await browser.context.request.post(url, { form: { csrf: csrf ?? '', password: 'second-try' }, headers: { Origin: fixture.origin } });
    assert.equal(replay.status(), 410);
    assert.equal(fixture.submissions.length, 1, 'onSubmit ran only once');
  });

  it('an expired link is refused, even with the form already open', async function () {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    await openLink();
    assert.match(await page.textContent('.note') ?? '', /expires in 10 minutes/);
    clock.tick(10 * 60 * 1000 + 1);
    assert.equal(await submit(), 410);
    assert.equal(await heading(), 'This link has expired');
    assert.deepEqual(fixture.submissions, []);
  });

  it('a link still works at 9 minutes 59 seconds', async function () {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    await openLink();
    clock.tick(10 * 60 * 1000 - 1000);
    assert.equal(await submit(), 200);
    assert.equal(fixture.submissions.length, 1);
  });

  it('a post without the CSRF token is refused and does not burn the link', async function () {
    await openLink();
    await page.$eval('input[name=csrf]', (input) => input.remove());
    assert.equal(await submit(), 403);
    assert.equal(await heading(), 'The form could not be verified');
    assert.deepEqual(fixture.submissions, []);

    await page.goBack();
    await page.reload();
    assert.equal(await submit(), 200, 'the real form still works');
    assert.equal(fixture.submissions.length, 1);
  });

  it('a post with a wrong CSRF token is refused', async function () {
    await openLink();
    await page.$eval('input[name=csrf]', (input) => ((input as HTMLInputElement).value = 'A'.repeat(43)));
    assert.equal(await submit(), 403);
    assert.deepEqual(fixture.submissions, []);
  });

  it('a post without the SameSite cookie is refused, even with the right hidden token', async function () {
    const { url } = await openLink();
    const csrf = (await page.getAttribute('input[name=csrf]', 'value')) ?? '';
    await browser.context.clearCookies();
    await page.fill('input[name=password]', PASSWORD);
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.equal(response?.status(), 403);
    assert.deepEqual(fixture.submissions, []);
    assert.ok(csrf.length > 20 && url.length > 0);
  });

  it('a cross-site form post from another site is refused, even knowing the hidden token', async function () {
    const { url } = await openLink();
    const csrf = (await page.getAttribute('input[name=csrf]', 'value')) ?? '';
    const attacker = await startAttackerSite(url, csrf);
    try {
      const attackerPage = await browser.context.newPage();
      const posted = attackerPage.waitForResponse((r) => r.url() === url && r.request().method() === 'POST');
      await attackerPage.goto(attacker.url);
      const response = await posted;
      assert.equal(response.status(), 403);
      // The SameSite=Strict cookie stayed home: the second lock held on its own too.
      assert.equal((await response.request().allHeaders()).cookie, undefined);
      await attackerPage.close();
    } finally {
      await attacker.close();
    }
    assert.deepEqual(fixture.submissions, []);
  });

  it('speaks the conversation’s language and escapes the user name', async function () {
    const url = fixture.page.issueLink('k2', '<img src=x onerror=alert(1)>', { language: 'de' }).toString();
    await page.goto(url);
    assert.equal(await heading(), 'Anmeldetest');
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await page.locator('main img').count(), 0);
    assert.match(await page.textContent('main') ?? '', /<img src=x onerror=alert\(1\)>/);
  });
});

/**
 * A page on 127.0.0.2 (another site than 127.0.0.1 for the browser) that auto-submits a form
 * to the login link with the stolen hidden token: a textbook CSRF attempt.
 */
async function startAttackerSite(target: string, csrf: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(`<!doctype html><form id="f" method="post" action="${target}">
<input name="csrf" value="${csrf}"><input name="password" value="stolen">
</form><script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.2:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
