import assert from 'node:assert/strict';
import { ConversationEndedError } from '../../src/errors/conversation-ended-error';
import { createLoginPageServer } from '../../src/secure-login/login-page-server';
import { startLoginPage, type LoginPageFixture } from './support/login-page-fixture';

/** The page's HTTP edges, without a browser (node's fetch to 127.0.0.1). */
async function formFor(fixture: LoginPageFixture, url: string): Promise<{ csrf: string; cookie: string }> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  const html = await response.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.ok(csrf && cookie, `no form in ${fixture.origin}`);
  return { csrf, cookie };
}

function post(url: string, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(body), headers, redirect: 'manual' });
}

describe('secure login page: HTTP edges', function () {
  const fixtures: LoginPageFixture[] = [];
  afterEach(async () => Promise.all(fixtures.splice(0).map((f) => f.close())));
  const start = async (...args: Parameters<typeof startLoginPage>) => {
    const fixture = await startLoginPage(...args);
    fixtures.push(fixture);
    return fixture;
  };

  it('HSTS and a Secure cookie when the public URL is https; the path prefix is kept', async function () {
    // Configured as behind a TLS-terminating proxy; served here on loopback in plain HTTP.
    const behindProxy = createLoginPageServer({ publicUrl: 'https://bot.example.com/mailhelp/', onSubmit: () => undefined });
    const url = behindProxy.issueLink('c', 'alice');
    assert.equal(url.origin, 'https://bot.example.com');
    assert.match(url.pathname, /^\/mailhelp\/login\/[A-Za-z0-9_-]{43}$/);
    assert.ok(behindProxy.handles(url.pathname));
    assert.ok(!behindProxy.handles('/login/x'));
    const { port } = await behindProxy.listen(0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${port}${url.pathname}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
      assert.match(response.headers.get('set-cookie') ?? '', /; Secure/);
    } finally {
      await behindProxy.close();
    }
  });

  it('other paths are 404, other methods 405, with the security headers everywhere', async function () {
    const fixture = await start();
    for (const path of ['/', '/login/', '/login/short', '/favicon.ico']) {
      const response = await fetch(`${fixture.origin}${path}`);
      assert.equal(response.status, 404, path);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
    }
    const url = fixture.page.issueLink('c', 'alice').toString();
    const put = await fetch(url, { method: 'PUT' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
  });

  it('refuses a body that is not a small form, without spending the link', async function () {
    const fixture = await start();
    const url = fixture.page.issueLink('c', 'alice').toString();
    const { csrf, cookie } = await formFor(fixture, url);
    const json = await fetch(url, { method: 'POST', body: JSON.stringify({ csrf, password: 'x' }), headers: { 'Content-Type': 'application/json', Cookie: cookie } });
    assert.equal(json.status, 415);
    const huge = await post(url, { csrf, password: 'x'.repeat(20_000) }, { Cookie: cookie });
    assert.equal(huge.status, 413);
    const ok = await post(url, { csrf, password: 'fine' }, { Cookie: cookie });
    assert.equal(ok.status, 200);
    assert.deepEqual(fixture.submissions, [{ conversationKey: 'c', password: 'fine' }]);
  });

  it('an empty password shows the form again with a message and keeps the link', async function () {
    const fixture = await start();
    const url = fixture.page.issueLink('c', 'alice').toString();
    const { csrf, cookie } = await formFor(fixture, url);
    const empty = await post(url, { csrf, password: '' }, { Cookie: cookie });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /Enter the password\./);
    assert.equal((await post(url, { csrf, password: 'pw' }, { Cookie: cookie })).status, 200);
  });

  it('a post from another origin is refused', async function () {
    const fixture = await start();
    const url = fixture.page.issueLink('c', 'alice').toString();
    const { csrf, cookie } = await formFor(fixture, url);
    const response = await post(url, { csrf, password: 'pw' }, { Cookie: cookie, Origin: 'https://evil.example' });
    assert.equal(response.status, 403);
    const fetchSite = await post(url, { csrf, password: 'pw' }, { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(fetchSite.status, 403);
    assert.deepEqual(fixture.submissions, []);
  });

  it('a conversation that ended says so; any other failure never shows or logs the password', async function () {
    const warnings: string[] = [];
    let mode: 'ended' | 'broken' = 'ended';
    const fixture = await start({
      onSubmit: (_key, password) => {
        throw mode === 'ended' ? new ConversationEndedError() : new Error(`store failed while holding ${password}`);
      },
      logger: { info: () => undefined, warn: (details) => warnings.push(JSON.stringify(details)) },
    });
    const ended = fixture.page.issueLink('c1', 'alice').toString();
    const a = await formFor(fixture, ended);
    const endedResponse = await post(ended, { csrf: a.csrf, password: 'Secret-1' }, { Cookie: a.cookie });
    assert.equal(endedResponse.status, 410);
    assert.match(await endedResponse.text(), /This conversation has ended/);

    mode = 'broken';
    const broken = fixture.page.issueLink('c2', 'alice').toString();
    const b = await formFor(fixture, broken);
    const brokenResponse = await post(broken, { csrf: b.csrf, password: 'Secret-2' }, { Cookie: b.cookie });
    assert.equal(brokenResponse.status, 500);
    const page = await brokenResponse.text();
    assert.ok(!page.includes('Secret-2'));
    assert.ok(warnings.length > 0 && warnings.every((w) => !w.includes('Secret-2')), warnings.join('\n'));
  });
});
