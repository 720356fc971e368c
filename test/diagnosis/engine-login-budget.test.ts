import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { Waiting } from '../../src/diagnosis/diagnose-request';
import type { Report } from '../../src/diagnosis/report';
import type { ServerSettings } from '../../src/settings/server-settings';
import { causes, findingFor, TEST_TIMEOUT_MS } from './harness';
import { PASSWORD, USER, smtpError, useEngineSuite } from './servers';

/** Taken before any fake timer is installed: the servers below wait in real time. */
const realSetTimeout = globalThis.setTimeout.bind(globalThis);

/**
 * Real servers hold back the answer to a failed login on purpose: Dovecot's auth_failure_delay
 * (2 s) and auth_penalty (doubling per failure from one IP up to 15 s), Postfix's
 * smtpd_error_sleep_time. The login gets its own budget (20 s by default), separate from the
 * step timeout, and a login left unanswered is named as such, never "unavailable", never ok.
 */
describe('engine: the login has its own time budget', function () {
  const { h, servers } = useEngineSuite();
  const wrong = { user: USER, password: 'wrong-password' };

  const smtp = (port: number): ServerSettings => ({ protocol: 'smtp', host: 'smtp.mail.test', port, security: 'starttls' });
  const imap = (port: number): ServerSettings => ({ protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' });
  const smtpCert = () => h.pki.issue({ commonName: 'smtp.mail.test' });

  /**
   * smtp-server on STARTTLS whose AUTH answer comes `delayMs` later (Infinity: never).
   * `authSeen` resolves once AUTH arrived and every other session (the TLS 1.2 check beside the
   * user's) has ended: from then on only the login is waited for, so a test may jump the clock
   * without cutting that check short.
   */
  async function slowAuthSmtp(delayMs: number): Promise<{ port: number; authSeen: Promise<void>; auths: () => number }> {
    let seen: () => void = () => {};
    const authSeen = new Promise<void>((resolve) => (seen = resolve));
    let auths = 0;
    let connected = 0;
    let open = 0;
    const onlyAuthLeft = (): void => {
      if (auths > 0 && connected >= 2 && open === 1) seen();
    };
    const port = await servers.smtp({
      ...smtpCert(),
      onConnect(_session, callback) {
        connected++;
        open++;
        callback();
      },
      onClose() {
        open--;
        onlyAuthLeft();
      },
      onAuth(_auth, _session, callback) {
        auths++;
        onlyAuthLeft();
        if (delayMs !== Infinity) realSetTimeout(() => callback(smtpError(535, '5.7.8 Error: authentication failed: authentication failure')), delayMs);
      },
    });
    return { port, authSeen, auths: () => auths };
  }

  it('a wrong password answered after the step timeout (Postfix-style delay) is auth.invalid_credentials, not ok', async function () {
    // The reproduced case: the step timeout (1200 ms here) is shorter than the server's delay.
    const { port } = await slowAuthSmtp(TEST_TIMEOUT_MS + 600);
    const report = await h.run({ outgoing: smtp(port) }, { allowPorts: [port], credentials: wrong });
    assert.equal(report.verdict, 'problem');
    assert.deepEqual(causes(report), ['auth.invalid_credentials']);
    assert.match(findingFor(report, 'auth.invalid_credentials').evidence, /rejected: "535 5\.7\.8 Error: authentication failed/);
    const login = report.checks.find((c) => c.name === 'login');
    assert.equal(login?.status, 'fail');
    assert.match(login?.detail ?? '', new RegExp(`^smtp\\.mail\\.test \\(127\\.0\\.0\\.1\\) port ${port}/starttls login: 535`));
  });

  it('IMAP and POP3: a delayed NO / -ERR is waited for (Dovecot auth_failure_delay)', async function () {
    const imapPort = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }), login: () => 'NO [AUTHENTICATIONFAILED] Authentication failed.', loginDelayMs: TEST_TIMEOUT_MS + 500 });
    const imapReport = await h.run({ incoming: imap(imapPort) }, { allowPorts: [imapPort], credentials: wrong });
    assert.deepEqual(causes(imapReport), ['auth.invalid_credentials']);

    const popPort = await servers.pop3({ tls: h.pki.issue({ commonName: 'pop.mail.test' }), login: () => '-ERR [AUTH] Authentication failed.', loginDelayMs: TEST_TIMEOUT_MS + 500 });
    const popReport = await h.run({ incoming: { protocol: 'pop3', host: 'pop.mail.test', port: popPort, security: 'tls' } }, { allowPorts: [popPort], credentials: wrong });
    assert.deepEqual(causes(popReport), ['auth.invalid_credentials']);
  });

  describe('with fake timers (the 20 s default is not waited for in real time)', function () {
    let clock: sinon.SinonFakeTimers | undefined;
    afterEach(() => clock?.restore());

    /** Runs a diagnosis whose clock runs in real time until the server sees AUTH, then jumps. */
    async function untilAuth(run: () => Promise<Report>, authSeen: Promise<void>) {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], shouldAdvanceTime: true });
      let report: Report | undefined;
      const running = run().then((r) => (report = r));
      await authSeen;
      return { clock, running, done: () => report };
    }

    it('no answer to the login: waits 20 s by default, says so in the progress, then auth.login_timeout (never server.unavailable, never ok)', async function () {
      const { port, authSeen } = await slowAuthSmtp(Infinity);
      const waits: Waiting[] = [];
      const { clock, running, done } = await untilAuth(
        () => h.run({ outgoing: smtp(port) }, { allowPorts: [port], credentials: wrong, onWaiting: (w) => waits.push(w) }),
        authSeen,
      );
      await clock.tickAsync(2_000);
      assert.deepEqual(waits.map((w) => [w.target, w.step, w.maxMs]), [['outgoing', 'login', 20_000]], 'the progress says the login answer is awaited, and for how long');
      await clock.tickAsync(17_000);
      assert.equal(done(), undefined, 'still waiting 19 s after the credentials were sent');
      await clock.tickAsync(1_500);
      const report = await running;
      assert.equal(report.verdict, 'problem');
      assert.deepEqual(causes(report), ['auth.login_timeout']);
      const f = findingFor(report, 'auth.login_timeout');
      assert.equal(f.evidence, `smtp.mail.test (127.0.0.1) port ${port}: no answer to the login as ${USER} within 20000 ms`);
      assert.ok(!causes(report).includes('server.unavailable'));
    });

    it('the login budget is its own setting (loginTimeoutMs / MAILHELP_LOGIN_TIMEOUT_MS)', async function () {
      const { port, authSeen } = await slowAuthSmtp(Infinity);
      const { clock, running, done } = await untilAuth(
        () => h.run({ outgoing: smtp(port) }, { allowPorts: [port], credentials: wrong, loginTimeoutMs: 60_000 }),
        authSeen,
      );
      await clock.tickAsync(59_000);
      assert.equal(done(), undefined);
      await clock.tickAsync(2_000);
      const report = await running;
      assert.match(findingFor(report, 'auth.login_timeout').evidence, /within 60000 ms$/);
    });
  });

  it('one login per account: a password the incoming server refused is not sent to the outgoing one', async function () {
    const imapPort = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }), login: () => 'NO [AUTHENTICATIONFAILED] Authentication failed.' });
    const { port: smtpPort, auths } = await slowAuthSmtp(0);
    const report = await h.run({ incoming: imap(imapPort), outgoing: smtp(smtpPort) }, { allowPorts: [imapPort, smtpPort], credentials: wrong });
    assert.deepEqual(causes(report), ['auth.invalid_credentials']);
    assert.equal(auths(), 0, 'the SMTP server never saw the password');
    const outgoing = report.checks.find((c) => c.name === 'login' && c.target === 'outgoing');
    assert.equal(outgoing?.status, 'skip');
    assert.match(outgoing?.detail ?? '', /already refused \(incoming imap\.mail\.test \(127\.0\.0\.1\) port \d+\/tls\)/);
  });

  it('one login per combination: the login goes to the user’s combination only, not to the alternatives', async function () {
    let logins = 0;
    const imapPort = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }), login: (user, password) => (logins++, user === USER && password === PASSWORD ? 'OK Logged in' : 'NO [AUTHENTICATIONFAILED] Authentication failed.') });
    const report = await h.run({ incoming: imap(imapPort) }, { allowPorts: [imapPort], credentials: { user: USER, password: PASSWORD } });
    assert.equal(report.verdict, 'ok');
    assert.equal(logins, 1);
    assert.equal(report.checks.filter((c) => c.name === 'login').length, 1);
  });
});
