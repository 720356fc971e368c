import assert from 'node:assert/strict';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerAuthenticationResponse, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { classifyLoginFailure } from '../../src/diagnosis/rules/login-failure';
import { loginSmtp, type LoginOptions, type LoginResult } from '../../src/probes/login-smtp';
import type { Security, ServerSettings } from '../../src/settings/server-settings';
import { createTestPki, type KeyAndCert, type TestPki } from '../support/certs';

const HOST = 'smtp.example.test';
const USER = 'alice@example.test';
const PASSWORD = 'c0rrect-horse-b4ttery';

function failed(result: LoginResult): Extract<LoginResult, { ok: false }> {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  return result as Extract<LoginResult, { ok: false }>;
}

/** An Error as smtp-server sends it: `<responseCode> <message>`. */
function reply(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

type AuthHandler = (auth: SMTPServerAuthentication) => Error | undefined;

describe('loginSmtp (nodemailer verify() against smtp-server)', function () {
  let pki: TestPki;
  let leaf: KeyAndCert;
  const servers: SMTPServer[] = [];

  before(function () {
    pki = createTestPki();
    leaf = pki.issue({ commonName: HOST });
  });

  afterEach(async function () {
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  });

  /** Accepts USER/PASSWORD; anything else gets the handler's error or 535 5.7.8. */
  async function server(options: SMTPServerOptions, refuse?: AuthHandler): Promise<number> {
    const s = new SMTPServer({
      logger: false,
      disableReverseLookup: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback: (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void) {
        const refusal = refuse?.(auth);
        if (refusal) return callback(refusal);
        if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
        return callback(reply(535, '5.7.8 Authentication credentials invalid'));
      },
      ...options,
    });
    s.on('error', () => {});
    servers.push(s);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
    return (s.server.address() as { port: number }).port;
  }

  function settings(port: number, security: Security): ServerSettings {
    return { protocol: 'smtp', host: HOST, port, security };
  }

  function options(extra: Partial<LoginOptions> = {}): LoginOptions {
    return { address: '127.0.0.1', servername: HOST, ca: pki.trusted, timeoutMs: 5000, ...extra };
  }

  it('logs in over STARTTLS with a test-CA certificate', async function () {
    const port = await server({ key: leaf.key, cert: leaf.cert });
    const result = await loginSmtp(settings(port, 'starttls'), { user: USER, password: PASSWORD }, options());
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  it('logs in over implicit TLS', async function () {
    const port = await server({ secure: true, key: leaf.key, cert: leaf.cert });
    const result = await loginSmtp(settings(port, 'tls'), { user: USER, password: PASSWORD }, options());
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  it('logs in on a plain connection when security is none', async function () {
    const port = await server({ allowInsecureAuth: true, disabledCommands: ['STARTTLS'] });
    const result = await loginSmtp(settings(port, 'none'), { user: USER, password: PASSWORD }, options());
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  it('reports 535 5.7.8 as invalid credentials at the login stage', async function () {
    const port = await server({ key: leaf.key, cert: leaf.cert });
    const result = failed(await loginSmtp(settings(port, 'starttls'), { user: USER, password: 'wrong' }, options()));
    assert.equal(result.stage, 'login');
    assert.equal(result.code, 'EAUTH');
    assert.match(result.response ?? '', /^535 5\.7\.8/);
    assert.equal(classifyLoginFailure('smtp', result).cause, 'auth.invalid_credentials');
  });

  it('recognises Gmail 534-5.7.9 "Application-specific password required"', async function () {
    const port = await server({ key: leaf.key, cert: leaf.cert }, () =>
      reply(534, '5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor'),
    );
    const result = failed(await loginSmtp(settings(port, 'starttls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'login');
    assert.equal(classifyLoginFailure('smtp', result).cause, 'auth.app_password_required');
  });

  it('recognises Gmail 534-5.7.14 "Please log in via your web browser"', async function () {
    const port = await server({ secure: true, key: leaf.key, cert: leaf.cert }, () =>
      reply(534, '5.7.14 <https://accounts.google.com/ContinueSignIn?sarp=1> Please log in via your web browser and then try again.'),
    );
    const result = failed(await loginSmtp(settings(port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(classifyLoginFailure('smtp', result).cause, 'auth.web_login_required');
  });

  it('recognises Microsoft 535 5.7.139 "SmtpClientAuthentication is disabled"', async function () {
    const port = await server({ key: leaf.key, cert: leaf.cert }, () =>
      reply(535, '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.'),
    );
    const result = failed(await loginSmtp(settings(port, 'starttls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(classifyLoginFailure('smtp', result).cause, 'auth.basic_auth_disabled');
  });

  it('recognises Gmail 454 4.7.0 "Too many login attempts"', async function () {
    const port = await server({ key: leaf.key, cert: leaf.cert }, () =>
      reply(454, '4.7.0 Too many login attempts, please try again later.'),
    );
    const result = failed(await loginSmtp(settings(port, 'starttls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(classifyLoginFailure('smtp', result).cause, 'auth.account_locked');
  });

  it('recognises QQ Mail asking for its authorization code', async function () {
    const port = await server({ secure: true, key: leaf.key, cert: leaf.cert }, () =>
      reply(535, 'Login Fail. Please enter your authorization code to login. More information in http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256'),
    );
    const result = failed(await loginSmtp(settings(port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(classifyLoginFailure('smtp', result).cause, 'auth.app_password_required');
  });

  it('reports AUTH refused before STARTTLS as plaintext_disabled (security none)', async function () {
    const port = await server({ key: leaf.key, cert: leaf.cert });
    const result = failed(await loginSmtp(settings(port, 'none'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'login');
    assert.match(result.response ?? '', /Must issue a STARTTLS command first/);
    assert.equal(classifyLoginFailure('smtp', result).cause, 'auth.plaintext_disabled');
  });

  it('does not report success when the server offers no AUTH', async function () {
    const port = await server({ disabledCommands: ['AUTH', 'STARTTLS'] });
    const result = failed(await loginSmtp(settings(port, 'none'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'login');
    assert.equal(classifyLoginFailure('smtp', result).cause, 'smtp.auth_not_offered');
  });

  it('fails at the tls stage when STARTTLS is required but not offered', async function () {
    const port = await server({ allowInsecureAuth: true, disabledCommands: ['STARTTLS'] });
    const result = failed(await loginSmtp(settings(port, 'starttls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'tls');
    assert.equal(result.code, 'STARTTLS_NOT_OFFERED');
    assert.equal(classifyLoginFailure('smtp', result).cause, 'tls.starttls_not_offered');
  });

  it('keeps certificate verification on: wrong name over implicit TLS', async function () {
    const other = pki.issue({ commonName: 'other.example.test' });
    const port = await server({ secure: true, key: other.key, cert: other.cert });
    const result = failed(await loginSmtp(settings(port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'tls');
    assert.equal(result.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('keeps certificate verification on: untrusted CA after STARTTLS (code recovered from nodemailer)', async function () {
    const untrusted = pki.issue({ commonName: HOST, issuer: 'unknown' });
    const port = await server({ key: untrusted.key, cert: untrusted.cert });
    const result = failed(await loginSmtp(settings(port, 'starttls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'tls');
    assert.match(result.code ?? '', /^UNABLE_TO_/);
    assert.equal(classifyLoginFailure('smtp', result).cause, 'tls.cert_untrusted');
  });

  it('reports implicit TLS against a plain SMTP port at the tls stage', async function () {
    const port = await server({ allowInsecureAuth: true, disabledCommands: ['STARTTLS'] });
    const result = failed(await loginSmtp(settings(port, 'tls'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'tls');
    assert.equal(result.code, 'ERR_SSL_WRONG_VERSION_NUMBER');
  });

  it('reports a 421 greeting as server.unavailable', async function () {
    const port = await server({
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onConnect(_session, callback) {
        callback(reply(421, '4.7.0 Too many connections from your host, try again later'));
      },
    });
    const result = failed(await loginSmtp(settings(port, 'none'), { user: USER, password: PASSWORD }, options()));
    assert.equal(result.stage, 'greeting');
    assert.match(result.response ?? '', /^421 /);
    assert.equal(classifyLoginFailure('smtp', result).cause, 'server.unavailable');
  });

  it('honours the abort signal and the deadline on a silent server', async function () {
    const held = new Set<import('node:net').Socket>();
    const silent = await import('node:net').then(({ createServer }) => createServer((socket) => held.add(socket.on('error', () => {}))));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const timedOut = failed(await loginSmtp(settings(port, 'none'), { user: USER, password: PASSWORD }, options({ timeoutMs: 400 })));
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      assert.equal(timedOut.stage, 'greeting');

      const handshake = failed(await loginSmtp(settings(port, 'tls'), { user: USER, password: PASSWORD }, options({ timeoutMs: 300 })));
      assert.equal(handshake.stage, 'tls');

      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const aborted = failed(await loginSmtp(settings(port, 'none'), { user: USER, password: PASSWORD }, options({ signal: controller.signal })));
      assert.equal(aborted.code, 'ABORTED');
      assert.equal(aborted.stage, 'greeting');
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('never returns the password, even when the server echoes it', async function () {
    const port = await server({ key: leaf.key, cert: leaf.cert }, (auth) =>
      reply(535, `5.7.8 Password ${auth.password ?? ''} rejected (${Buffer.from(`\0${USER}\0${auth.password ?? ''}`).toString('base64')})`),
    );
    const result = failed(await loginSmtp(settings(port, 'starttls'), { user: USER, password: PASSWORD }, options()));
    for (const value of Object.values(result)) {
      if (typeof value !== 'string') continue;
      assert.ok(!value.includes(PASSWORD), value);
      assert.ok(!value.includes(Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64')), value);
    }
    assert.match(result.response ?? '', /Password \*\*\* rejected/);
  });
});
