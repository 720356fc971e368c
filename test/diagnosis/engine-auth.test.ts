import assert from 'node:assert/strict';
import type { ServerSettings, Security } from '../../src/settings/server-settings';
import type { ImapLoginReply } from '../support/fake-imap-server';
import { scripted } from '../support/hostile-servers';
import { causes, findingFor } from './harness';
import { PASSWORD, USER, smtpError, useEngineSuite } from './servers';

const credentials = { user: USER, password: PASSWORD };

/**
 * Login causes: the server's own refusal, read by the reply rules. IMAP through a scripted
 * server (imapflow logs in), SMTP through smtp-server (nodemailer logs in).
 */
describe('engine: login causes (with credentials)', function () {
  const { h, servers } = useEngineSuite();

  const imap = (port: number, security: Security = 'tls'): ServerSettings => ({ protocol: 'imap', host: 'imap.mail.test', port, security });
  const smtp = (port: number, security: Security = 'tls'): ServerSettings => ({ protocol: 'smtp', host: 'smtp.mail.test', port, security });
  const imapCert = () => h.pki.issue({ commonName: 'imap.mail.test' });
  const smtpCert = () => h.pki.issue({ commonName: 'smtp.mail.test' });

  /** IMAPS whose login answer is `reply`; the report of a diagnosis with credentials. */
  async function imapLogin(reply: ImapLoginReply) {
    const port = await servers.imap({ tls: imapCert(), login: () => reply });
    return h.run({ incoming: imap(port) }, { allowPorts: [port], credentials });
  }

  /** Implicit-TLS smtp-server refusing the login with `code text`. */
  async function smtpLogin(code: number, text: string) {
    const port = await servers.smtp({ secure: true, ...smtpCert() }, () => smtpError(code, text));
    return h.run({ outgoing: smtp(port) }, { allowPorts: [port], credentials: { user: USER, password: 'wrong-password' } });
  }

  it('auth.invalid_credentials (IMAP AUTHENTICATIONFAILED)', async function () {
    const report = await imapLogin('NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)');
    const f = findingFor(report, 'auth.invalid_credentials');
    assert.equal(f.evidence, `login as ${USER} rejected: "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"`);
    assert.deepEqual(causes(report), ['auth.invalid_credentials']);
  });

  it('auth.invalid_credentials (SMTP 535 5.7.8)', async function () {
    const report = await smtpLogin(535, '5.7.8 Username and Password not accepted');
    const f = findingFor(report, 'auth.invalid_credentials');
    assert.deepEqual(causes(report), ['auth.invalid_credentials']);
    assert.match(f.evidence, /rejected: "535 5\.7\.8 Username and Password not accepted"/);
  });

  it('auth.invalid_credentials (POP3 -ERR [AUTH])', async function () {
    const port = await servers.pop3({ tls: h.pki.issue({ commonName: 'pop.mail.test' }), login: () => '-ERR [AUTH] Authentication failed.' });
    const report = await h.run({ incoming: { protocol: 'pop3', host: 'pop.mail.test', port, security: 'tls' } }, { allowPorts: [port], credentials });
    const f = findingFor(report, 'auth.invalid_credentials');
    assert.deepEqual(causes(report), ['auth.invalid_credentials']);
    assert.match(f.evidence, /rejected: "-ERR \[AUTH\] Authentication failed\."/);
  });

  it('auth.app_password_required (Gmail IMAP ALERT)', async function () {
    const report = await imapLogin('NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)');
    const f = findingFor(report, 'auth.app_password_required');
    assert.deepEqual(causes(report), ['auth.app_password_required']);
    assert.match(f.evidence, /demands an app password: "NO \[ALERT\] Application-specific password required/);
  });

  it('auth.account_locked (Yahoo SMTP "too many bad auth attempts")', async function () {
    const report = await smtpLogin(535, '5.7.0 (#AUTH005) Too many bad auth attempts.');
    const f = findingFor(report, 'auth.account_locked');
    assert.deepEqual(causes(report), ['auth.account_locked']);
    assert.match(f.evidence, /refuses the account: ".*#AUTH005\) Too many bad auth attempts/);
  });

  it('auth.account_locked (IMAP CONTACTADMIN)', async function () {
    const report = await imapLogin('NO [CONTACTADMIN] Account suspended, contact your administrator');
    findingFor(report, 'auth.account_locked');
  });

  it('auth.password_expired (IMAP EXPIRED)', async function () {
    const report = await imapLogin('NO [EXPIRED] That password is no longer valid');
    const f = findingFor(report, 'auth.password_expired');
    assert.deepEqual(causes(report), ['auth.password_expired']);
    assert.match(f.evidence, /must be changed: "NO \[EXPIRED\] That password is no longer valid"/);
  });

  it('auth.web_login_required (Gmail WEBALERT)', async function () {
    const report = await imapLogin({
      untagged: ['NO [WEBALERT https://accounts.google.com/signin/continue?sarp=1] Web login required.'],
      reply: 'NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)',
    });
    const f = findingFor(report, 'auth.web_login_required');
    assert.deepEqual(causes(report), ['auth.web_login_required']);
    assert.match(f.evidence, /browser sign-in: ".*log in via your web browser/);
  });

  it('auth.basic_auth_disabled (Microsoft 535 5.7.139)', async function () {
    const report = await smtpLogin(535, '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.');
    const f = findingFor(report, 'auth.basic_auth_disabled');
    assert.deepEqual(causes(report), ['auth.basic_auth_disabled']);
    assert.match(f.evidence, /password login is disabled: "535 5\.7\.139 .*SmtpClientAuthentication is disabled/);
  });

  it('auth.plaintext_disabled from LOGINDISABLED on security none, fixed by STARTTLS (login verified there)', async function () {
    const port = await servers.imap({
      starttls: imapCert(),
      capabilities: ['IMAP4rev1', 'STARTTLS', 'LOGINDISABLED'],
      capabilitiesAfterTls: ['IMAP4rev1', 'AUTH=PLAIN'],
    });
    const report = await h.run({ incoming: imap(port, 'none') }, { allowPorts: [port], credentials });
    const f = findingFor(report, 'auth.plaintext_disabled');
    assert.deepEqual(causes(report), ['auth.plaintext_disabled']);
    assert.match(f.evidence, new RegExp(`port ${port} does not allow login until TLS is on`));
    assert.deepEqual(f.fix?.settings, { port, security: 'starttls' });
    assert.ok(report.checks.some((c) => c.name === 'login' && c.status === 'pass' && c.detail.startsWith(`imap.mail.test (127.0.0.1) port ${port}/starttls`)), JSON.stringify(report.checks));
  });

  it('auth.plaintext_disabled from SMTP "530 5.7.0 Must issue a STARTTLS command first"', async function () {
    // Advertises AUTH on the plain port but refuses it before TLS: what a mail app set to "none" gets.
    const port = await servers.raw(
      scripted(['220 smtp.mail.test ESMTP'], (line) => {
        if (/^EHLO/i.test(line)) return ['250-smtp.mail.test', '250-STARTTLS', '250 AUTH PLAIN LOGIN'];
        if (/^AUTH/i.test(line)) return ['530 5.7.0 Must issue a STARTTLS command first.'];
        if (/^QUIT/i.test(line)) return null;
        return ['502 5.5.2 Error: command not recognized'];
      }),
    );
    const report = await h.run({ outgoing: smtp(port, 'none') }, { allowPorts: [port] });
    const f = findingFor(report, 'auth.plaintext_disabled');
    assert.deepEqual(causes(report), ['auth.plaintext_disabled']);
    assert.match(f.evidence, /refused login without TLS: "530 5\.7\.0 Must issue a STARTTLS command first\."/);
  });

  it('auth.mechanism_unsupported when IMAP offers only XOAUTH2', async function () {
    const port = await servers.imap({ tls: imapCert(), capabilitiesAfterTls: ['IMAP4rev1', 'AUTH=XOAUTH2', 'AUTH=OAUTHBEARER', 'LOGINDISABLED'] });
    const report = await h.run({ incoming: imap(port) }, { allowPorts: [port], credentials });
    const f = findingFor(report, 'auth.mechanism_unsupported');
    assert.match(f.evidence, /offers only: XOAUTH2 OAUTHBEARER/);
    assert.deepEqual(causes(report), ['auth.mechanism_unsupported']);
  });

  it('auth.mechanism_unsupported when SMTP offers only XOAUTH2', async function () {
    const port = await servers.smtp({ secure: true, ...smtpCert(), authMethods: ['XOAUTH2'] });
    const report = await h.run({ outgoing: smtp(port) }, { allowPorts: [port], credentials });
    const f = findingFor(report, 'auth.mechanism_unsupported');
    assert.match(f.evidence, /offers only: XOAUTH2/);
    assert.deepEqual(causes(report), ['auth.mechanism_unsupported']);
  });

  it('smtp.auth_not_offered when the submission port lists no AUTH', async function () {
    const port = await servers.smtp({ secure: true, ...smtpCert(), disabledCommands: ['AUTH'] });
    const report = await h.run({ outgoing: smtp(port) }, { allowPorts: [port], credentials });
    const f = findingFor(report, 'smtp.auth_not_offered');
    assert.equal(f.evidence, `smtp.mail.test port ${port} offers no AUTH`);
    assert.deepEqual(causes(report), ['smtp.auth_not_offered']);
  });

  it('server.unavailable from a login answered with [UNAVAILABLE]', async function () {
    const report = await imapLogin('NO [UNAVAILABLE] Service is temporarily not available');
    const f = findingFor(report, 'server.unavailable');
    assert.deepEqual(causes(report), ['server.unavailable']);
    assert.match(f.evidence, /temporarily unavailable: "NO \[UNAVAILABLE\] Service is temporarily not available"/);
  });

  it('a successful login: no error, verdict ok', async function () {
    const report = await imapLogin('OK Logged in');
    assert.equal(report.verdict, 'ok');
    assert.deepEqual(causes(report), ['ok']);
    assert.ok(report.checks.some((c) => c.name === 'login' && c.status === 'pass'));
  });
});
