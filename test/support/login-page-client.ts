import { createServer, type AddressInfo } from 'node:net';

/**
 * A browser's part in the one-time password page, without a browser: node's fetch to
 * 127.0.0.1 opens the link (GET: the form, its CSRF token and cookie) and posts the password
 * the way the page's own form does. The page's behaviour in a real browser is covered by
 * test/secure-login/login-page.browser.test.ts.
 */
export async function submitOnLoginPage(url: string, password: string): Promise<Response> {
  const form = await fetch(url);
  if (form.status !== 200) return form;
  const html = await form.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  return fetch(url, { method: 'POST', body: new URLSearchParams({ csrf, password }), headers: { Cookie: cookie }, redirect: 'manual' });
}

/** A port free on loopback right now, for a page whose public URL must name its port. */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
