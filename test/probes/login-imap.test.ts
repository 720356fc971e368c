import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { classifyLoginFailure } from '../../src/diagnosis/rules/login-failure';
import { loginImap, type LoginOptions, type LoginResult } from '../../src/probes/login-imap';
import type { Security, ServerSettings } from '../../src/settings/server-settings';
import { createTestPki, type KeyAndCert, type TestPki } from '../support/certs';
import { startFakeImapServer, type FakeImapServer, type FakeImapServerOptions, type ImapLoginReply } from '../support/fake-imap-server';

const HOST = 'imap.example.test';
const USER = 'alice@example.test';
// Quote, backslash and non-ASCII: imapflow sends it quoted or as a literal.
const PASSWORD = 'c0rrect "horse" \\ bättery';

function failed(result: LoginResult): Extract<LoginResult, { ok: false }> {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  return result as Extract<LoginResult, { ok: false }>;
}

describe('loginImap (imapflow against a scripted IMAP server)', function () {
  let pki: TestPki;
  let leaf: KeyAndCert;
  const servers: FakeImapServer[] = [];

  before(function () {
    pki = createTestPki();
    leaf = pki.issue({ commonName: HOST });
  });

  afterEach(async function () {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const accept = (user: string, password: string): ImapLoginReply =>
    user === USER && password === PASSWORD ? 'OK Logged in' : 'NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)';

  async function server(options: FakeImapServerOptions): Promise<FakeImapServer> {
    const s = await startFakeImapServer({ host: '127.0.0.1', port: 0, login: accept, ...options });
    servers.push(s);
    return s;
  }

  function settings(port: number, security: Security): ServerSettings {
    return { protocol: 'imap', host: HOST, port, security };
  }

  function options(extra: Partial<LoginOptions> = {}): LoginOptions {
    return { address: '127.0.0.1', servername: HOST, ca: pki.trusted, timeoutMs: 5000, ...extra };
  }

  it('logs in over implicit TLS with AUTHENTICATE PLAIN', async function () {
    const s = await server({ tls: leaf });
    const result = await loginImap(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options());
    assert.deepEqual({ ok: result.ok, mechanism: result.ok && result.mechanism }, { ok: true, mechanism: 'AUTHENTICATE PLAIN' });
    assert.ok(s.received.some((line) => line.startsWith('AUTHENTICATE PLAIN')));
  });

  it('upgrades with STARTTLS before logging in when LOGINDISABLED is advertised', async function () {
    const s = await server({
      starttls: leaf,
      capabilities: ['IMAP4rev1', 'STARTTLS', 'LOGINDISABLED'],
      capabilitiesAfterTls: ['IMAP4rev1', 'ID', 'AUTH=PLAIN'],
    });
    const result = await loginImap(settings(s.port, 'starttls'), { user: USER, password: PASSWORD }, options());
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(s.received[0], 'STARTTLS');
  });

  it('uses the LOGIN command when no SASL mechanism is offered (plain connection)', async function () {
    const s = await server({ capabilities: ['IMAP4rev1'] });
    const result = await loginImap(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options());
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.ok && result.mechanism, 'LOGIN');
  });

  it('reports a wrong password as AUTHENTICATIONFAILED at the login stage', async function () {
    const s = await server({ tls: leaf });
    const result = failed(await loginImap(settings(s.port, 'tls'), { user: USER, password: 'wrong' }, options()));
    assert.equal(result.stage, 'login');
    assert.match(result.response ?? '', /^NO \[AUTHENTICATIONFAILED\] Invalid credentials/);
    assert.equal(classifyLoginFailure('imap', result).cause, 'auth.invalid_credentials');
  });

  it('recognises the Gmail [ALERT] demanding an app password', async function () {
    const s = await server({
      tls: leaf,
      login: () => 'NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)',
    });
    const result = failed(await loginImap(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'login');
    assert.equal(classifyLoginFailure('imap', result).cause, 'auth.app_password_required');
  });

  it('recognises [EXPIRED]', async function () {
    const s = await server({ tls: leaf, login: () => 'NO [EXPIRED] Password expired, change it in webmail' });
    const result = failed(await loginImap(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(classifyLoginFailure('imap', result).cause, 'auth.password_expired');
  });

  it('recognises [UNAVAILABLE]', async function () {
    const s = await server({ tls: leaf, login: () => 'NO [UNAVAILABLE] Backend down, retry later' });
    const result = failed(await loginImap(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'login');
    assert.equal(classifyLoginFailure('imap', result).cause, 'server.unavailable');
  });

  it('recognises the Gmail web-login demand sent with WEBALERT', async function () {
    const s = await server({
      tls: leaf,
      login: () => ({
        untagged: ['NO [WEBALERT https://accounts.google.com/ContinueSignIn?x=1] Web login required.'],
        reply: 'NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)',
      }),
    });
    const result = failed(await loginImap(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(classifyLoginFailure('imap', result).cause, 'auth.web_login_required');
  });

  it('recognises Outlook.com refusing basic authentication (NO, then BYE)', async function () {
    const s = await server({
      tls: leaf,
      login: () => ({ reply: 'NO Basic authentication is disabled.', bye: 'Microsoft Exchange Server IMAP4 server signing off.' }),
    });
    const result = failed(await loginImap(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'login');
    assert.equal(classifyLoginFailure('imap', result).cause, 'auth.basic_auth_disabled');
  });

  it('fails at login with LOGINDISABLED on a plain connection without STARTTLS, sending no password', async function () {
    const s = await server({ capabilities: ['IMAP4rev1', 'LOGINDISABLED'] });
    const result = failed(await loginImap(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'login');
    assert.equal(result.code, 'LOGINDISABLED');
    assert.equal(classifyLoginFailure('imap', result).cause, 'auth.plaintext_disabled');
    assert.ok(!s.received.some((line) => /^(LOGIN|AUTHENTICATE)/i.test(line)), s.received.join(' | '));
  });

  it('classifies the server refusing LOGIN in plaintext with [PRIVACYREQUIRED]', async function () {
    // A client that ignores LOGINDISABLED: the capability list does not carry it here.
    const s = await server({ capabilities: ['IMAP4rev1'], login: () => 'NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.' });
    const result = failed(await loginImap(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options()));
    assert.equal(classifyLoginFailure('imap', result).cause, 'auth.plaintext_disabled');
  });

  it('fails at the tls stage when STARTTLS is required but not offered', async function () {
    const s = await server({ capabilities: ['IMAP4rev1', 'AUTH=PLAIN'] });
    const result = failed(await loginImap(settings(s.port, 'starttls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'tls');
    assert.equal(result.code, 'STARTTLS_NOT_OFFERED');
    assert.ok(!s.received.some((line) => /^(LOGIN|AUTHENTICATE)/i.test(line)));
  });

  it('keeps certificate verification on (wrong name fails at tls)', async function () {
    const s = await server({ tls: pki.issue({ commonName: 'other.example.test' }) });
    const result = failed(await loginImap(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'tls');
    assert.equal(result.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('does not trust the test CA when the caller gives no ca', async function () {
    const s = await server({ tls: leaf });
    const result = failed(await loginImap(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options({ ca: undefined })));
    assert.equal(result.stage, 'tls');
  });

  it('reports a BYE greeting at the greeting stage with its text', async function () {
    const s = await server({ greeting: '* BYE Too many connections from your IP' });
    const result = failed(await loginImap(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'greeting');
    assert.match(result.response ?? '', /Too many connections/);
  });

  it('stays within timeoutMs when the greeting never comes', async function () {
    const s = await server({ greetingDelayMs: 5000 });
    const started = Date.now();
    const result = failed(await loginImap(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options({ timeoutMs: 400 })));
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.equal(result.stage, 'greeting');
  });

  it('reports a TLS handshake that never finishes at the tls stage', async function () {
    const held: import('node:net').Socket[] = [];
    const silent = createServer((socket) => held.push(socket.on('error', () => {})));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const result = failed(await loginImap(settings(port, 'tls'), { user: USER, password: PASSWORD }, options({ timeoutMs: 300 })));
      assert.equal(result.stage, 'tls');
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('honours the abort signal', async function () {
    const s = await server({ greetingDelayMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const result = failed(
      await loginImap(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options({ signal: controller.signal })),
    );
    assert.equal(result.code, 'ABORTED');
    assert.ok(Date.now() - started < 1000);
  });

  it('reports a refused connection at the connect stage', async function () {
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = failed(await loginImap(settings(port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'connect');
    assert.equal(result.code, 'ECONNREFUSED');
  });

  it('never returns the password, even when the server echoes it', async function () {
    const s = await server({
      tls: leaf,
      login: (_user, password) => `NO [AUTHENTICATIONFAILED] Password ${password} is wrong (${Buffer.from(password).toString('base64')})`,
    });
    const result = failed(await loginImap(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options()));
    for (const value of Object.values(result)) {
      if (typeof value !== 'string') continue;
      assert.ok(!value.includes(PASSWORD), value);
      assert.ok(!value.includes(Buffer.from(PASSWORD).toString('base64')), value);
    }
    assert.match(result.response ?? '', /Password \*\*\* is wrong/);
  });
});
