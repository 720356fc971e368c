import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { classifyLoginFailure } from '../../src/diagnosis/rules/login-failure';
import { loginPop3, type LoginOptions, type LoginResult } from '../../src/probes/login-pop3';
import type { Security, ServerSettings } from '../../src/settings/server-settings';
import { createTestPki, type KeyAndCert, type TestPki } from '../support/certs';
import { startFakePop3Server, type FakePop3Server, type FakePop3ServerOptions } from '../support/fake-pop3-server';

const HOST = 'pop.example.test';
const USER = 'alice@example.test';
const PASSWORD = 'c0rrect horse "b4ttery"';

function failed(result: LoginResult): Extract<LoginResult, { ok: false }> {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  return result as Extract<LoginResult, { ok: false }>;
}

describe('loginPop3 (our POP3 client against a scripted POP3 server)', function () {
  let pki: TestPki;
  let leaf: KeyAndCert;
  const servers: FakePop3Server[] = [];

  before(function () {
    pki = createTestPki();
    leaf = pki.issue({ commonName: HOST });
  });

  afterEach(async function () {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const accept = (user: string, password: string): string =>
    user === USER && password === PASSWORD ? '+OK Logged in.' : '-ERR [AUTH] Authentication failed.';

  async function server(options: FakePop3ServerOptions): Promise<FakePop3Server> {
    const s = await startFakePop3Server({ host: '127.0.0.1', port: 0, login: accept, ...options });
    servers.push(s);
    return s;
  }

  function settings(port: number, security: Security): ServerSettings {
    return { protocol: 'pop3', host: HOST, port, security };
  }

  function options(extra: Partial<LoginOptions> = {}): LoginOptions {
    return { address: '127.0.0.1', servername: HOST, ca: pki.trusted, timeoutMs: 5000, ...extra };
  }

  it('logs in over implicit TLS with AUTH PLAIN', async function () {
    const s = await server({ tls: leaf });
    const result = await loginPop3(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options());
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.ok && result.mechanism, 'AUTH PLAIN');
    assert.deepEqual(s.received.map((l) => l.split(' ').slice(0, 2).join(' ')), ['CAPA', 'AUTH PLAIN', 'QUIT']);
  });

  it('logs in after STLS, reading CAPA again over TLS', async function () {
    const s = await server({ starttls: leaf, requireTls: true });
    const result = await loginPop3(settings(s.port, 'starttls'), { user: USER, password: PASSWORD }, options());
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.deepEqual(s.received.slice(0, 3), ['CAPA', 'STLS', 'CAPA']);
  });

  it('uses USER/PASS when the server has no CAPA', async function () {
    const s = await server({ capabilities: null });
    const result = await loginPop3(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options());
    assert.equal(result.ok && result.mechanism, 'USER/PASS');
  });

  it('reports a wrong password with the server line, classified as invalid credentials', async function () {
    const s = await server({ tls: leaf });
    const result = failed(await loginPop3(settings(s.port, 'tls'), { user: USER, password: 'wrong' }, options()));
    assert.equal(result.stage, 'login');
    assert.equal(result.response, '-ERR [AUTH] Authentication failed.');
    assert.equal(classifyLoginFailure('pop3', result).cause, 'auth.invalid_credentials');
  });

  it('recognises an app-password demand', async function () {
    const s = await server({ tls: leaf, login: () => '-ERR [AUTH] Application-specific password required: https://support.google.com/accounts/answer/185833' });
    const result = failed(await loginPop3(settings(s.port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(classifyLoginFailure('pop3', result).cause, 'auth.app_password_required');
  });

  it('recognises an expired password and [SYS/TEMP]', async function () {
    const expired = await server({ tls: leaf, login: () => '-ERR [AUTH] Your password has expired' });
    const r1 = failed(await loginPop3(settings(expired.port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(classifyLoginFailure('pop3', r1).cause, 'auth.password_expired');
    const busy = await server({ tls: leaf, login: () => '-ERR [SYS/TEMP] Backend unavailable' });
    const r2 = failed(await loginPop3(settings(busy.port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(classifyLoginFailure('pop3', r2).cause, 'server.unavailable');
  });

  it('reports no password login before STLS (Dovecot CAPA without USER) as LOGINDISABLED', async function () {
    const s = await server({ starttls: leaf, requireTls: true });
    const result = failed(await loginPop3(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'login');
    assert.equal(result.code, 'LOGINDISABLED');
    assert.equal(classifyLoginFailure('pop3', result).cause, 'auth.plaintext_disabled');
    assert.deepEqual(s.received, ['CAPA']);
  });

  it('classifies Dovecot refusing plaintext USER', async function () {
    const s = await server({ starttls: leaf, requireTls: true, capabilities: ['USER', 'STLS'] });
    const result = failed(await loginPop3(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options()));
    assert.match(result.response ?? '', /Plaintext authentication disallowed/);
    assert.equal(classifyLoginFailure('pop3', result).cause, 'auth.plaintext_disabled');
  });

  it('fails at the tls stage when STLS is required but not offered', async function () {
    const s = await server({});
    const result = failed(await loginPop3(settings(s.port, 'starttls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'tls');
    assert.equal(result.code, 'STARTTLS_NOT_OFFERED');
    assert.equal(classifyLoginFailure('pop3', result).cause, 'tls.starttls_not_offered');
  });

  it('keeps certificate verification on after STLS', async function () {
    const s = await server({ starttls: pki.issue({ commonName: HOST, issuer: 'self' }) });
    const result = failed(await loginPop3(settings(s.port, 'starttls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'tls');
    assert.equal(result.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.ok(!s.received.some((l) => /^(USER|PASS|AUTH)/.test(l)));
  });

  it('reports a -ERR greeting at the greeting stage', async function () {
    const s = await server({ greeting: '-ERR [SYS/TEMP] Too many connections' });
    const result = failed(await loginPop3(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'greeting');
    assert.equal(classifyLoginFailure('pop3', result).cause, 'server.unavailable');
  });

  it('reports a non-POP3 greeting as garbage', async function () {
    const smtpLike = createServer((socket) => socket.end('220 mail.example.test ESMTP\r\n'));
    await new Promise<void>((resolve) => smtpLike.listen(0, '127.0.0.1', resolve));
    try {
      const port = (smtpLike.address() as { port: number }).port;
      const result = failed(await loginPop3(settings(port, 'none'), { user: USER, password: PASSWORD }, options()));
      assert.equal(result.stage, 'greeting');
      assert.equal(result.code, 'PROTOCOL');
      assert.equal(classifyLoginFailure('pop3', result).cause, 'protocol.garbage');
    } finally {
      await new Promise<void>((resolve) => smtpLike.close(() => resolve()));
    }
  });

  it('stays within timeoutMs when the greeting never comes, and honours abort', async function () {
    const s = await server({ greetingDelayMs: 5000 });
    const started = Date.now();
    const timedOut = failed(await loginPop3(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options({ timeoutMs: 300 })));
    assert.ok(Date.now() - started < 800, `took ${Date.now() - started} ms`);
    assert.equal(timedOut.stage, 'greeting');
    assert.equal(classifyLoginFailure('pop3', timedOut).cause, 'server.slow_greeting');

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = failed(await loginPop3(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options({ signal: controller.signal })));
    assert.equal(aborted.code, 'ABORTED');
    assert.equal(aborted.stage, 'greeting');
  });

  it('refuses a user name with a line break instead of sending it', async function () {
    const s = await server({ tls: leaf });
    const result = failed(await loginPop3(settings(s.port, 'tls'), { user: 'alice\r\nDELE 1', password: PASSWORD }, options()));
    assert.equal(result.code, 'EINVAL');
    assert.ok(!s.received.some((l) => l.startsWith('DELE')));
  });

  it('never returns the password, even when the server echoes it', async function () {
    const s = await server({ capabilities: ['USER'], login: (_u, password) => `-ERR [AUTH] password "${password}" is wrong` });
    const result = failed(await loginPop3(settings(s.port, 'none'), { user: USER, password: PASSWORD }, options()));
    for (const value of Object.values(result)) {
      if (typeof value === 'string') assert.ok(!value.includes(PASSWORD), value);
    }
    assert.equal(result.response, '-ERR [AUTH] password "***" is wrong');
  });
});
