import assert from 'node:assert/strict';
import { CAUSE_IDS, type CauseId } from '../../src/diagnosis/causes';
import { classifyLoginFailure } from '../../src/diagnosis/rules/login-failure';
import { classifyServerReply, SERVER_REPLY_RULES, type ServerReply } from '../../src/diagnosis/rules/server-replies';
import type { Protocol } from '../../src/settings/server-settings';

/** Real replies, quoted in docs/reply-sources.md with their sources. */
const TABLE: ReadonlyArray<[Protocol, ServerReply, CauseId]> = [
  // RFC 5530 codes
  ['imap', { text: 'a1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)' }, 'auth.invalid_credentials'],
  ['imap', { text: 'NO [AUTHENTICATIONFAILED] Authentication failed' }, 'auth.invalid_credentials'],
  ['imap', { text: 'NO [AUTHORIZATIONFAILED] No such authorization-ID' }, 'auth.invalid_credentials'],
  ['imap', { text: 'NO [EXPIRED] That password is no longer valid' }, 'auth.password_expired'],
  ['imap', { text: 'NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.' }, 'auth.plaintext_disabled'],
  ['imap', { text: 'NO [CONTACTADMIN] Please contact your administrator' }, 'auth.account_locked'],
  ['imap', { text: 'NO [UNAVAILABLE] UID FETCH Service is temporarily not available' }, 'server.unavailable'],
  ['imap', { text: 'NO [UNAVAILABLE] Backend down' }, 'server.unavailable'],
  ['imap', { text: 'Invalid credentials', code: 'AUTHENTICATIONFAILED' }, 'auth.invalid_credentials'],
  ['imap', { text: '* BAD [ALERT] Plaintext authentication not allowed without SSL/TLS, but your client did it anyway.' }, 'auth.plaintext_disabled'],
  // Gmail
  ['imap', { text: 'NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)' }, 'auth.app_password_required'],
  ['imap', { text: '* NO [WEBALERT https://accounts.google.com/ContinueSignIn?sarp=1] Web login required.' }, 'auth.web_login_required'],
  ['imap', { text: 'NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)' }, 'auth.web_login_required'],
  ['imap', { text: 'NO [ALERT] Too many simultaneous connections. (Failure)' }, 'server.unavailable'],
  ['smtp', { text: '534-5.7.9 Application-specific password required. Learn more at\n534 5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor' }, 'auth.app_password_required'],
  ['smtp', { text: '535-5.7.8 Username and Password not accepted. Learn more at\n535 5.7.8 https://support.google.com/mail/?p=BadCredentials' }, 'auth.invalid_credentials'],
  ['smtp', { text: '534-5.7.14 <https://accounts.google.com/ContinueSignIn?sarp=1&scc=1> Please log in via your web browser and\n534-5.7.14 then try again.\n534 5.7.14 Learn more at https://support.google.com/mail/answer/78754' }, 'auth.web_login_required'],
  ['smtp', { text: '534 5.7.14 Trust relationship required' }, 'auth.web_login_required'],
  ['smtp', { text: '454 4.7.0 Too many login attempts, please try again later. https://support.google.com/mail/answer/7126229' }, 'auth.account_locked'],
  // Microsoft
  ['smtp', { text: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.' }, 'auth.basic_auth_disabled'],
  ['smtp', { text: "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy." }, 'auth.basic_auth_disabled'],
  ['smtp', { text: '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.' }, 'auth.basic_auth_disabled'],
  ['smtp', { text: '550 5.7.30 Basic authentication is not supported for Client Submission.' }, 'auth.basic_auth_disabled'],
  ['smtp', { text: '550 5.7.30 Client Submission refused' }, 'auth.basic_auth_disabled'],
  ['smtp', { text: '5.7.30 Client Submission refused', code: 550 }, 'auth.basic_auth_disabled'],
  ['smtp', { text: '535 5.7.3 Authentication unsuccessful [BN6PR11CA0001.namprd11.prod.outlook.com]' }, 'auth.invalid_credentials'],
  ['imap', { text: 'a1 NO Basic authentication is disabled.\n* BYE Microsoft Exchange Server IMAP4 server signing off.' }, 'auth.basic_auth_disabled'],
  ['imap', { text: 'NO LOGIN failed.' }, 'auth.invalid_credentials'],
  ['imap', { text: 'NO AUTHENTICATE failed.' }, 'auth.invalid_credentials'],
  ['imap', { text: 'BAD User is authenticated but not connected.' }, 'auth.basic_auth_disabled'],
  // December 2026 (reply-sources §6.12): the host decides what a plain refusal means
  ['imap', { text: 'NO LOGIN failed.', host: 'outlook.office365.com' }, 'auth.basic_auth_disabled'],
  ['pop3', { text: '-ERR Logon failure: unknown user name or bad password. AUTHENTICATE failed.', host: 'outlook.office365.com' }, 'auth.basic_auth_disabled'],
  ['smtp', { text: '535 5.7.139 Authentication unsuccessful, the user credentials were incorrect.' }, 'auth.invalid_credentials'],
  ['smtp', { text: '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls.' }, 'tls.protocol_version'],
  ['imap', { text: 'NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials', host: 'imap.mail.yahoo.com' }, 'auth.invalid_credentials'],
  // Yahoo, Yandex, Mail.ru, QQ, 163, Fastmail, Zoho, GMX
  ['imap', { text: 'NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials' }, 'auth.invalid_credentials'],
  ['smtp', { text: '535 5.7.0 (#AUTH005) Too many bad auth attempts.' }, 'auth.account_locked'],
  ['imap', { text: 'NO [AUTHENTICATIONFAILED] LOGIN invalid credentials or IMAP is disabled sc=abc123' }, 'auth.basic_auth_disabled'],
  ['smtp', { text: '535 5.7.0 NEOBHODIM parol prilozheniya https://help.mail.ru/mail/security/protection/external / Application password is REQUIRED' }, 'auth.app_password_required'],
  ['imap', { text: 'NO [AUTHENTICATIONFAILED] Application password is REQUIRED' }, 'auth.app_password_required'],
  ['smtp', { text: '535 Login Fail. Please enter your authorization code to login. More information in http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256' }, 'auth.app_password_required'],
  ['smtp', { text: '535 Error: ÇëÊ¹ÓÃÊÚÈ¨ÂëµÇÂ¼' }, 'auth.app_password_required'],
  ['smtp', { text: '535 Error: authentication failed' }, 'auth.invalid_credentials'],
  ['imap', { text: 'NO Incorrect username or password.' }, 'auth.invalid_credentials'],
  ['imap', { text: 'NO [AUTHENTICATIONFAILED] Invalid credentials(Failure)' }, 'auth.invalid_credentials'],
  ['smtp', { text: '535 Authentication Failed' }, 'auth.invalid_credentials'],
  ['pop3', { text: '-ERR authentication failed' }, 'auth.invalid_credentials'],
  ['pop3', { text: '-ERR [AUTH] Authentication failed.' }, 'auth.invalid_credentials'],
  ['pop3', { text: '-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.' }, 'auth.plaintext_disabled'],
  ['pop3', { text: '-ERR [SYS/TEMP] Backend unavailable' }, 'server.unavailable'],
  ['pop3', { text: '-ERR [IN-USE] Mailbox locked by another session' }, 'server.unavailable'],
  ['pop3', { text: '-ERR [LOGIN-DELAY] Wait before logging in again' }, 'auth.account_locked'],
  // RFC 3207 / RFC 4954 / RFC 5321
  ['smtp', { text: '530 5.7.0 Must issue a STARTTLS command first' }, 'auth.plaintext_disabled'],
  ['smtp', { text: '538 Error: Must issue a STARTTLS command first' }, 'auth.plaintext_disabled'],
  ['smtp', { text: '538 5.7.11 Encryption required for requested authentication mechanism' }, 'auth.plaintext_disabled'],
  ['smtp', { text: '538 Not allowed', code: 538 }, 'auth.mechanism_unsupported'],
  ['smtp', { text: '432 4.7.12 A password transition is needed' }, 'auth.password_expired'],
  ['smtp', { text: '454 4.7.0 Temporary authentication failure' }, 'server.unavailable'],
  ['smtp', { text: '504 5.5.4 Unrecognized authentication type' }, 'auth.mechanism_unsupported'],
  ['smtp', { text: '504 Not implemented' }, 'auth.mechanism_unsupported'],
  ['smtp', { text: '534 5.7.9 Authentication mechanism is too weak' }, 'auth.mechanism_unsupported'],
  ['smtp', { text: '535 5.7.8 Authentication credentials invalid' }, 'auth.invalid_credentials'],
  ['smtp', { text: 'Error: authentication credentials invalid', code: 535 }, 'auth.invalid_credentials'],
  ['smtp', { text: '421 4.7.0 Too many connections from your host, try again later' }, 'server.unavailable'],
  ['smtp', { text: '421 mx.example.test Service not available, closing transmission channel' }, 'server.unavailable'],
  ['smtp', { text: '503 5.5.1 Error: authentication not enabled' }, 'smtp.auth_not_offered'],
  ['smtp', { text: '503 AUTH command used when not advertised' }, 'smtp.auth_not_offered'],
  ['smtp', { text: '535 5.7.13 User account disabled' }, 'auth.account_locked'],
  // nodemailer wraps the reply in its message
  ['smtp', { text: 'Invalid login: 535-5.7.8 Username and Password not accepted.' }, 'auth.invalid_credentials'],
];

describe('diagnosis/rules/server-replies classifyServerReply', function () {
  for (const [protocol, reply, cause] of TABLE) {
    it(`${protocol}: ${reply.text.split('\n')[0]?.slice(0, 90)}${reply.code !== undefined ? ` (code ${reply.code})` : ''} → ${cause}`, function () {
      const result = classifyServerReply(protocol, reply);
      assert.ok(result, 'no rule matched');
      assert.equal(result.cause, cause, `matched ${result.ruleId}`);
      assert.ok(result.source.length > 0);
    });
  }

  it('returns undefined for text it does not know', function () {
    assert.equal(classifyServerReply('imap', { text: 'NO Something odd happened' }), undefined);
    assert.equal(classifyServerReply('smtp', { text: '250 2.0.0 OK' }), undefined);
  });

  it('keeps rules protocol-specific: an SMTP code means nothing in an IMAP reply', function () {
    assert.equal(classifyServerReply('imap', { text: 'NO 421 things' }), undefined);
    assert.equal(classifyServerReply('smtp', { text: '535 x [EXPIRED]' })?.cause, 'auth.invalid_credentials');
  });

  it('classifies a 256 KiB line built to backtrack ("auth auth auth …") quickly, and still reads the real wording', function () {
    const started = performance.now();
    assert.equal(classifyServerReply('smtp', { text: `500 ${'auth '.repeat(256 * 1024 / 5)}` }), undefined);
    assert.ok(performance.now() - started < 1000, `took ${Math.round(performance.now() - started)} ms`);
    assert.equal(classifyServerReply('smtp', { text: '503 5.5.1 Error: authentication not enabled' })?.cause, 'smtp.auth_not_offered');
    assert.equal(classifyServerReply('smtp', { text: '503 AUTH command used when not advertised' })?.cause, 'smtp.auth_not_offered');
  });

  it('every rule has a unique id, a known cause and a source', function () {
    const ids = new Set<string>();
    for (const rule of SERVER_REPLY_RULES) {
      assert.ok(!ids.has(rule.id), `duplicate id ${rule.id}`);
      ids.add(rule.id);
      assert.ok((CAUSE_IDS as readonly string[]).includes(rule.cause), `${rule.id}: unknown cause ${rule.cause}`);
      assert.ok(rule.source.trim().length > 5, `${rule.id}: no source`);
      assert.ok(rule.protocols.length > 0, `${rule.id}: no protocol`);
      assert.ok(rule.replyCodes || rule.enhancedCodes || rule.responseCodes || rule.text, `${rule.id}: matches everything`);
    }
  });
});

describe('diagnosis/rules/login-failure classifyLoginFailure', function () {
  const base = { ok: false as const, ms: 1 };

  it('prefers the server text at the login stage', function () {
    const result = classifyLoginFailure('smtp', {
      ...base,
      stage: 'login',
      code: 'EAUTH',
      response: '534-5.7.9 Application-specific password required.',
      message: 'Invalid login: 534-5.7.9 Application-specific password required.',
    });
    assert.equal(result.cause, 'auth.app_password_required');
  });

  it('maps imapflow "Login is disabled" to plaintext_disabled', function () {
    assert.equal(classifyLoginFailure('imap', { ...base, stage: 'login', message: 'Login is disabled' }).cause, 'auth.plaintext_disabled');
  });

  it('maps a missing common mechanism to mechanism_unsupported', function () {
    assert.equal(
      classifyLoginFailure('imap', { ...base, stage: 'login', message: 'Unsupported authentication mechanism' }).cause,
      'auth.mechanism_unsupported',
    );
    assert.equal(
      classifyLoginFailure('pop3', { ...base, stage: 'login', code: 'NO_MECHANISM', message: 'no login method in common' }).cause,
      'auth.mechanism_unsupported',
    );
  });

  it('falls back to invalid_credentials for an unexplained refusal at login', function () {
    assert.equal(classifyLoginFailure('smtp', { ...base, stage: 'login', code: 'EAUTH', message: 'Invalid login: 535 nope', response: '599 nope' }).cause, 'auth.invalid_credentials');
    assert.equal(classifyLoginFailure('pop3', { ...base, stage: 'login', code: 'EAUTH', message: 'refused', response: '-ERR no' }).cause, 'auth.invalid_credentials');
  });

  it('uses Node codes before the login stage', function () {
    assert.equal(classifyLoginFailure('imap', { ...base, stage: 'tls', code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }).cause, 'tls.cert_expired');
    assert.equal(classifyLoginFailure('imap', { ...base, stage: 'connect', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }).cause, 'tcp.refused');
    assert.equal(classifyLoginFailure('smtp', { ...base, stage: 'tls', code: 'STARTTLS_NOT_OFFERED', message: 'x', response: '500 Error: command not recognized' }).cause, 'tls.starttls_not_offered');
    assert.equal(classifyLoginFailure('pop3', { ...base, stage: 'greeting', code: 'TIMEOUT', message: 'slow' }).cause, 'server.slow_greeting');
  });
});
