import assert from 'node:assert/strict';
import type { AccountProvider } from '../../src/diagnosis/diagnose-request';
import type { Finding } from '../../src/diagnosis/report';
import type { DiscoveryResult } from '../../src/discovery/discovery-result';
import { LANGUAGES } from '../../src/i18n/translator';
import type { ServerSettings } from '../../src/settings/server-settings';
import type { ImapLoginReply } from '../support/fake-imap-server';
import { findingFor } from './harness';
import { USER, smtpError, useEngineSuite } from './servers';

const credentials = { user: USER, password: 'not-the-app-password' };

/**
 * The providers' answers of December 2026 (docs/reply-sources.md §6.12), each sent word for word
 * by a real server on loopback under the provider's host name (smtp-server for SMTP, which
 * nodemailer logs in to; a scripted IMAP server, which imapflow logs in to), through the whole
 * engine: the cause, the provider's own fix, and the rule's source in the finding's facts.
 */
describe('engine: provider replies as of December 2026 (real servers under the providers’ names)', function () {
  const { h, servers } = useEngineSuite();

  beforeEach(function () {
    for (const host of ['smtp.office365.com', 'outlook.office365.com', 'smtp.gmail.com', 'imap.gmail.com', 'imap.mail.yahoo.com', 'imap.aol.com', 'imap.mail.me.com', 'smtp.mail.me.com']) {
      h.records[host] = { A: ['127.0.0.1'] };
    }
  });

  async function smtpRefusal(host: string, code: number, text: string, language = 'en'): Promise<Finding[]> {
    const port = await servers.smtp({ secure: true, ...h.pki.issue({ commonName: host }) }, () => smtpError(code, text));
    const settings: ServerSettings = { protocol: 'smtp', host, port, security: 'tls' };
    return (await h.run({ outgoing: settings }, { allowPorts: [port], credentials }, language)).findings;
  }

  async function imapRefusal(host: string, reply: ImapLoginReply, extra: { provider?: AccountProvider; discovery?: DiscoveryResult } = {}, language = 'en'): Promise<Finding[]> {
    const port = await servers.imap({ tls: h.pki.issue({ commonName: host }), login: () => reply });
    const settings: ServerSettings = { protocol: 'imap', host, port, security: 'tls' };
    return (await h.run({ incoming: settings }, { allowPorts: [port], credentials, ...extra }, language)).findings;
  }

  const only = (findings: Finding[], cause: string): Finding => findingFor({ findings } as never, cause);

  describe('Microsoft 365 / Exchange Online / Outlook.com', function () {
    it('535 5.7.139 SmtpClientAuthentication disabled for the tenant: OAuth, and the tenant admin’s setting', async function () {
      const f = only(await smtpRefusal('smtp.office365.com', 535, '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.'), 'auth.basic_auth_disabled');
      assert.equal(f.facts.provider, 'microsoft_smtp_auth');
      assert.match(f.fix?.summary ?? '', /Sign in with Microsoft.*end of December 2026.*Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled \$false.*Set-TransportConfig -SmtpClientAuthenticationDisabled \$false/);
      assert.match(String(f.facts.source), /nodemailer#1484/);
    });

    it('535 5.7.139 basic authentication is disabled: the same cause and fix', async function () {
      const f = only(await smtpRefusal('smtp.office365.com', 535, '5.7.139 Authentication unsuccessful, basic authentication is disabled.'), 'auth.basic_auth_disabled');
      assert.equal(f.facts.provider, 'microsoft_smtp_auth');
    });

    it('550 5.7.30 after the retirement: an app that signs in with Microsoft, or another way to send', async function () {
      const f = only(await smtpRefusal('smtp.office365.com', 550, '5.7.30 Basic authentication is not supported for Client Submission.'), 'auth.basic_auth_disabled');
      assert.equal(f.facts.provider, 'microsoft_smtp_retired');
      assert.match(f.fix?.summary ?? '', /no longer accepts a password for sending.*Microsoft Graph/);
      assert.match(f.fix?.steps.join(' ') ?? '', /second half of 2027/);
    });

    it('535 5.7.139 "the user credentials were incorrect" is a wrong password, not basic auth off', async function () {
      const findings = await smtpRefusal('smtp.office365.com', 535, '5.7.139 Authentication unsuccessful, the user credentials were incorrect.');
      const f = only(findings, 'auth.invalid_credentials');
      assert.equal(f.facts.provider, undefined);
      assert.ok(!findings.some((x) => x.cause === 'auth.basic_auth_disabled'));
    });

    it('421 4.7.66 TLS 1.0 and 1.1 not supported: tls.protocol_version with Microsoft’s TLS 1.2 fix', async function () {
      const f = only(await smtpRefusal('smtp.office365.com', 421, '4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls.'), 'tls.protocol_version');
      assert.match(f.fix?.summary ?? '', /only TLS 1\.2 or newer/);
    });

    it('Exchange Online IMAP "NO LOGIN failed.": password login is off there, not a wrong password', async function () {
      const f = only(await imapRefusal('outlook.office365.com', 'NO LOGIN failed.'), 'auth.basic_auth_disabled');
      assert.equal(f.facts.provider, 'microsoft_mailbox');
      assert.match(f.fix?.summary ?? '', /take no passwords for IMAP and POP, app passwords included/);
      assert.match(f.fix?.steps.join(' ') ?? '', /-ImapEnabled \$true/);
    });

    it('the same "NO LOGIN failed." from any other server stays a wrong password (the host decides)', async function () {
      only(await imapRefusal('imap.mail.test', 'NO LOGIN failed.'), 'auth.invalid_credentials');
    });

    it('Outlook.com "NO Basic authentication is disabled." then BYE', async function () {
      const f = only(await imapRefusal('outlook.office365.com', { reply: 'NO Basic authentication is disabled.', bye: 'Microsoft Exchange Server IMAP4 server signing off.' }), 'auth.basic_auth_disabled');
      assert.equal(f.facts.provider, 'microsoft_mailbox');
    });
  });

  describe('"Basic authentication is disabled" from a server that is not Microsoft\'s: the fix names the provider detected', function () {
    const BASIC_OFF = 'NO [AUTHENTICATIONFAILED] Basic authentication is disabled.';

    it('the provider and its sign-in as the chat knows them (discovery, the OAuth offer), in six languages', async function () {
      h.records['mail.example.test'] = { A: ['127.0.0.1'] };
      for (const language of LANGUAGES) {
        const f = only(await imapRefusal('mail.example.test', BASIC_OFF, { provider: { id: 'test-mail', name: 'Test Mail', signInName: 'Test Identity' } }, language), 'auth.basic_auth_disabled');
        const fix = `${f.fix?.summary} ${f.fix?.steps.join(' ')}`;
        assert.equal(f.facts.provider, undefined, language);
        assert.doesNotMatch(fix, /Microsoft|Outlook|Set-CASMailbox/u, `${language}: ${fix}`);
        assert.match(f.fix?.summary ?? '', /Test Mail.*IMAP.*Test Identity/u, `${language}: ${f.fix?.summary}`);
        assert.match(f.fix?.steps.join(' ') ?? '', /Test Identity/u, language);
      }
    });

    it('the provider from the request\'s discovery (the CLI) when no sign-in is known', async function () {
      h.records['mail.example.test'] = { A: ['127.0.0.1'] };
      const discovery: DiscoveryResult = { email: 'alice@example.test', domain: 'example.test', incoming: [], outgoing: [], conflicts: [], durationMs: 1, provider: { id: 'test-mail', name: 'Test Mail', notes: [] } };
      const f = only(await imapRefusal('mail.example.test', BASIC_OFF, { discovery }), 'auth.basic_auth_disabled');
      assert.match(f.fix?.summary ?? '', /^Test Mail takes no password for IMAP: .*modern sign-in \(OAuth\)/u);
      assert.doesNotMatch(`${f.fix?.summary} ${f.fix?.steps.join(' ')}`, /Microsoft|Outlook/u);
    });

    it('no provider known: the neutral fix', async function () {
      h.records['mail.example.test'] = { A: ['127.0.0.1'] };
      const f = only(await imapRefusal('mail.example.test', BASIC_OFF), 'auth.basic_auth_disabled');
      assert.match(f.fix?.summary ?? '', /^Use a mail app with modern sign-in \(OAuth\)/u);
      assert.doesNotMatch(`${f.fix?.summary} ${f.fix?.steps.join(' ')}`, /Microsoft|Outlook/u);
    });

    it('an account discovery placed with Microsoft 365 keeps Microsoft\'s fix on its own domain\'s host', async function () {
      h.records['mail.example.test'] = { A: ['127.0.0.1'] };
      const f = only(await imapRefusal('mail.example.test', BASIC_OFF, { provider: { id: 'microsoft365', name: 'Microsoft 365', signInName: 'Microsoft' } }), 'auth.basic_auth_disabled');
      assert.equal(f.facts.provider, 'microsoft_mailbox');
      assert.match(f.fix?.summary ?? '', /Microsoft 365 and Outlook\.com take no passwords/u);
    });
  });

  describe('Google', function () {
    it('535-5.7.8 Username and Password not accepted: an app password or sign-in with Google', async function () {
      const f = only(await smtpRefusal('smtp.gmail.com', 535, '5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials'), 'auth.invalid_credentials');
      assert.equal(f.facts.provider, 'google');
      assert.match(f.fix?.summary ?? '', /create an app password \(2-Step Verification must be on\)/);
      assert.match(f.fix?.steps[0] ?? '', /myaccount\.google\.com\/apppasswords/);
    });

    it('534-5.7.9 Application-specific password required', async function () {
      only(await smtpRefusal('smtp.gmail.com', 534, '5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor'), 'auth.app_password_required');
    });

    it('IMAP [AUTHENTICATIONFAILED] Invalid credentials (Failure) at imap.gmail.com', async function () {
      const f = only(await imapRefusal('imap.gmail.com', 'NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)'), 'auth.invalid_credentials');
      assert.equal(f.facts.provider, 'google');
    });

    it('IMAP [ALERT] Please log in via your web browser', async function () {
      only(await imapRefusal('imap.gmail.com', 'NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)'), 'auth.web_login_required');
    });
  });

  describe('Yahoo, AOL, iCloud', function () {
    it('Yahoo "[AUTHENTICATIONFAILED] LOGIN Invalid credentials": an app password', async function () {
      const f = only(await imapRefusal('imap.mail.yahoo.com', 'NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials'), 'auth.invalid_credentials');
      assert.equal(f.facts.provider, 'yahoo_aol');
      assert.match(f.fix?.summary ?? '', /Yahoo and AOL need an app password/);
    });

    it('AOL refuses a password the same way', async function () {
      const f = only(await imapRefusal('imap.aol.com', 'NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials'), 'auth.invalid_credentials');
      assert.equal(f.facts.provider, 'yahoo_aol');
    });

    it('iCloud "[AUTHENTICATIONFAILED] Authentication failed": an app-specific password, in German too', async function () {
      const f = only(await imapRefusal('imap.mail.me.com', 'NO [AUTHENTICATIONFAILED] Authentication failed'), 'auth.invalid_credentials');
      assert.equal(f.facts.provider, 'icloud');
      assert.match(f.fix?.summary ?? '', /app-specific password.*full @icloud\.com address/);
      const de = only(await smtpRefusal('smtp.mail.me.com', 535, '5.7.8 Authentication failed', 'de'), 'auth.invalid_credentials');
      assert.match(de.fix?.summary ?? '', /^iCloud Mail nimmt in Mail-Apps nur ein app-spezifisches Passwort an/);
    });
  });
});
