import assert from 'node:assert/strict';
import { localizeFinding } from '../../src/diagnosis/localize';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { aadstsCode, classifyIdentityError, classifyTokenLogin, OAUTH_CAUSE_IDS } from '../../src/oauth/oauth-causes';
import { OAUTH_ERROR_CODES, OAuthError } from '../../src/oauth/oauth-error';
import { identityFinding, oauthWorks, tokenLoginFinding } from '../../src/oauth/oauth-findings';
import type { LoginFailure } from '../../src/probes/login-common';

/** Microsoft's token endpoint answers, as its error reference and Q&A threads show them. */
const provider = (oauthError: string, description: string) => new OAuthError(OAUTH_ERROR_CODES.provider, `the identity provider said ${oauthError}`, { oauthError, description });

describe('OAuth causes: what the identity provider and the mail servers said', () => {
  it('reads the AADSTS number out of a Microsoft error description', () => {
    assert.equal(aadstsCode("AADSTS65001: The user or administrator has not consented to use the application with ID '1'.\r\nTrace ID: x"), 65001);
    assert.equal(aadstsCode('AADSTS7000218: The request body must contain the following parameter: client_assertion or client_secret.'), 7000218);
    assert.equal(aadstsCode('no number here'), undefined);
  });

  const identityCases: Array<[string, OAuthError, string, string?]> = [
    ['consent missing', provider('invalid_grant', "AADSTS65001: The user or administrator has not consented to use the application with ID 'abc'."), 'oauth.consent_required'],
    ['MFA required', provider('invalid_grant', 'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.'), 'oauth.mfa_required'],
    ['app not found', provider('unauthorized_client', "AADSTS700016: Application with identifier 'abc' was not found in the directory 'contoso'."), 'oauth.app_not_found'],
    ['public client flows off', provider('invalid_client', "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'."), 'oauth.public_client_disabled'],
    ['Conditional Access', provider('invalid_grant', 'AADSTS53003: Access has been blocked by Conditional Access policies.'), 'oauth.access_blocked'],
    ['scope not valid', provider('invalid_scope', 'AADSTS70011: The provided value for the input parameter scope is not valid.'), 'oauth.invalid_scope'],
    ['plain invalid_scope', provider('invalid_scope', 'scope not allowed'), 'oauth.invalid_scope'],
    ['plain invalid_grant', provider('invalid_grant', 'grant request is invalid'), 'oauth.sign_in_failed', 'other'],
    ['code expired', new OAuthError(OAUTH_ERROR_CODES.expired, 'expired', { oauthError: 'expired_token' }), 'oauth.sign_in_failed', 'expired'],
    ['declined', new OAuthError(OAUTH_ERROR_CODES.denied, 'denied', { oauthError: 'authorization_declined' }), 'oauth.sign_in_failed', 'denied'],
    ['not configured', new OAuthError(OAUTH_ERROR_CODES.notConfigured, 'no client id'), 'oauth.not_configured'],
  ];
  for (const [name, error, cause, variant] of identityCases) {
    it(`identity: ${name} → ${cause}${variant ? ` (${variant})` : ''}`, () => {
      const found = classifyIdentityError(error);
      assert.equal(found.cause, cause);
      assert.equal(found.variant, variant);
      assert.match(found.source, /\S/);
    });
  }

  const fail = (response: string, code = 'EAUTH'): LoginFailure => ({ ok: false, stage: 'login', code, response, message: 'refused', ms: 10 });
  const tokenCases: Array<[string, 'imap' | 'pop3' | 'smtp', LoginFailure, string, string?]> = [
    ['IMAP off for the mailbox', 'imap', fail('NO AUTHENTICATE failed.'), 'oauth.protocol_disabled'],
    ['POP off for the mailbox', 'pop3', fail('-ERR Authentication failure: unknown user name or bad password. AUTHENTICATE failed.'), 'oauth.protocol_disabled', 'pop3'],
    ['SMTP AUTH off for the mailbox', 'smtp', fail('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.'), 'oauth.smtp_auth_disabled', 'mailbox'],
    ['SMTP AUTH off for the tenant', 'smtp', fail('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.'), 'oauth.smtp_auth_disabled', 'tenant'],
    ['SMTP token without the right', 'smtp', fail('535 5.7.3 Authentication unsuccessful [DB9PR01CA0001.eurprd01.prod.exchangelabs.com]'), 'oauth.token_rejected', 'smtp_scope'],
    ['token refused with a status', 'imap', fail('NO [AUTHENTICATIONFAILED] Invalid credentials (status invalid_token)'), 'oauth.token_rejected'],
    ['account not allowed to log in (Dovecot passdb nologin)', 'imap', fail('NO [CONTACTADMIN] Login disabled for this user'), 'oauth.protocol_disabled', 'nologin'],
    ['Dovecot refusing a bad token (error challenge)', 'imap', fail('NO [AUTHENTICATIONFAILED] Authentication failed. (status invalid_token)'), 'oauth.token_rejected'],
    ['inbox not opened', 'imap', fail('NO [NONEXISTENT] Mailbox does not exist', 'MAILBOX_UNAVAILABLE'), 'oauth.token_rejected', 'mailbox'],
  ];
  for (const [name, protocol, result, cause, variant] of tokenCases) {
    it(`mail server: ${name} → ${cause}${variant ? ` (${variant})` : ''}`, () => {
      const found = classifyTokenLogin(protocol, result);
      assert.equal(found.cause, cause);
      assert.equal(found.variant, variant);
    });
  }

  it('every OAuth cause reads in all six languages, with the mailbox setting in the fix steps', () => {
    const settings = { protocol: 'imap' as const, host: 'outlook.office365.com', port: 993, security: 'tls' as const };
    const raws = [
      oauthWorks('incoming', settings, 'alice@contoso.com', 'Microsoft', 'EXAMINE INBOX: 3 messages'),
      tokenLoginFinding('incoming', settings, 'alice@contoso.com', 'Microsoft', fail('NO AUTHENTICATE failed.')),
      identityFinding(provider('invalid_grant', 'AADSTS65001: consent'), 'Microsoft', 'alice@contoso.com'),
    ];
    for (const language of LANGUAGES) {
      const t = translator(language);
      for (const raw of raws) {
        const finding = localizeFinding(raw, t);
        assert.ok(!/oauth\.|\{\{/.test(`${finding.evidence} ${finding.fix?.summary}`), `${language} ${raw.cause}: ${finding.evidence} / ${finding.fix?.summary}`);
        assert.ok((finding.fix?.steps.length ?? 0) >= 2, `${language} ${raw.cause} has steps`);
      }
    }
    const en = translator('en');
    assert.equal(localizeFinding(raws[0]!, en).fix?.summary, 'Switch your app to "Sign in with Microsoft"; the bot signed in that way and opened your inbox.');
    assert.match(localizeFinding(raws[1]!, en).fix?.steps.join(' ') ?? '', /Set-CASMailbox -Identity alice@contoso\.com -ImapEnabled \$true/);
    for (const cause of OAUTH_CAUSE_IDS) assert.notEqual(en(`causes:${cause}.title`, { defaultValue: '' }), '', `${cause} has a title`);
  });
});
