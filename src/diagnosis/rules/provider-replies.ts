import { ALL, IMAP, MAILBOX, SMTP } from './protocol-sets';
import type { FixProvider, ServerReplyRule } from './server-replies';

/**
 * What the big providers answer, as of December 2026, each with its source and the date it was
 * checked (`asOf`). Provider texts are more specific than the standard codes, so these rules come
 * first (./server-replies). Where a provider answers a refused password in words any server uses
 * ("LOGIN failed", "Invalid credentials"), the rule matches the provider's host names too, and
 * `fix` names the provider's own way in (an app password, an app that signs in with OAuth, the
 * tenant admin's setting): the cause's `fix_provider_<fix>` text.
 */

/** Exchange Online and Outlook.com mailbox hosts (IMAP/POP). */
const MICROSOFT_MAILBOX_HOSTS = /^(?:outlook\.office365\.com|outlook\.office\.com|imap-mail\.outlook\.com|pop-mail\.outlook\.com|outlook\.live\.com)$/u;
/**
 * Microsoft's own fixes hold where the account is Microsoft's: its mail hosts (Exchange Online,
 * Outlook.com, their SMTP hosts) or discovery's Outlook.com and Microsoft 365 providers.
 */
const MICROSOFT: FixProvider = {
  hosts: /(?:^|\.)(?:office365\.com|office\.com|outlook\.com|live\.com|hotmail\.com)$/u,
  providerIds: ['outlook', 'microsoft365'],
};
const GOOGLE_HOSTS = /^(?:imap|smtp|pop)\.(?:gmail|googlemail)\.com$/u;
const YAHOO_AOL_HOSTS = /^(?:imap|smtp|pop)(?:\.mail)?\.(?:yahoo|aol)\.com$|^(?:imap|smtp|pop)\.(?:mail\.)?yahoo\.[a-z.]+$/u;
const ICLOUD_HOSTS = /^(?:imap|smtp|p\d+-imap|p\d+-smtp)\.mail\.me\.com$/u;
/** The words of a refused password that carry no reason of their own. */
const PLAIN_REFUSAL = /invalid credentials|authentication (?:failed|unsuccessful)|(?:LOGIN|AUTHENTICATE) failed|username and password not accepted|BadCredentials|^535\b|\n535\b/iu;

export const PROVIDER_REPLY_RULES: readonly ServerReplyRule[] = [
  // ── Microsoft 365 / Exchange Online / Outlook.com (reply-sources §6.2, §6.12) ─────────────
  {
    id: 'microsoft.5.7.139-credentials-incorrect',
    protocols: SMTP,
    enhancedCodes: ['5.7.139'],
    text: /user credentials were incorrect/iu,
    cause: 'auth.invalid_credentials',
    asOf: '2026-12-04',
    source: 'Microsoft "535 5.7.139 Authentication unsuccessful, the user credentials were incorrect." (provider-policy 2026: Microsoft 365) (reply-sources §6.12)',
  },
  {
    id: 'microsoft.tls-1.0-1.1-refused',
    protocols: ALL,
    text: /TLS 1\.0 and 1\.1 are not supported|4\.7\.66/iu,
    cause: 'tls.protocol_version',
    fix: 'microsoft_tls',
    asOf: '2026-12-04',
    source: 'Microsoft "421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls" (zehm/sendEmail #1); TLS 1.0/1.1 removed for POP and IMAP between 2026-07-01 and 2026-12-31 (message center MC1293480) (reply-sources §6.12)',
  },
  {
    id: 'microsoft.5.7.30-client-submission',
    protocols: SMTP,
    text: /basic authentication is not supported for client submission|5\.7\.30/iu,
    cause: 'auth.basic_auth_disabled',
    fix: 'microsoft_smtp_retired',
    asOf: '2026-12-04',
    source: 'Microsoft "550 5.7.30 Basic authentication is not supported for Client Submission." (Exchange team blog post 4114750; OpenCTI#12069); password SMTP AUTH off by default for existing tenants at the end of December 2026, final removal in the second half of 2027 (Exchange team blog post 4489835, 2026-01-27) (reply-sources §6.2, §6.12)',
  },
  {
    id: 'microsoft.smtp-auth-disabled',
    protocols: SMTP,
    text: /SmtpClientAuthentication is disabled|aka\.ms\/smtp_auth_disabled/iu,
    cause: 'auth.basic_auth_disabled',
    fix: 'microsoft_smtp_auth',
    asOf: '2026-12-04',
    source: 'Microsoft "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled" (nodemailer#1484); SmtpClientAuthenticationDisabled per mailbox ($null inherits the tenant) (reply-sources §6.2, §6.12)',
  },
  {
    // Microsoft's words, but not Microsoft's alone: its fix only where the account is Microsoft's.
    id: 'microsoft.smtp-basic-auth-disabled',
    protocols: SMTP,
    text: /basic authentication is disabled/iu,
    cause: 'auth.basic_auth_disabled',
    fix: 'microsoft_smtp_auth',
    fixOnlyFor: MICROSOFT,
    asOf: '2026-12-04',
    source: 'Microsoft "535 5.7.139 … basic authentication is disabled." (nodemailer#1714); SmtpClientAuthenticationDisabled per mailbox ($null inherits the tenant) (reply-sources §6.2, §6.12)',
  },
  {
    id: 'microsoft.mailbox-basic-auth-disabled',
    protocols: MAILBOX,
    // Outlook.com's words, but not its alone (the test servers say them too): its fix only where the account is Microsoft's.
    text: /basic authentication is disabled/iu,
    cause: 'auth.basic_auth_disabled',
    fix: 'microsoft_mailbox',
    fixOnlyFor: MICROSOFT,
    asOf: '2026-12-04',
    source: 'Outlook.com "NO Basic authentication is disabled." (holon-run/uxc#445); modern auth required for third-party apps from 2024-09-16 (reply-sources §6.2, §6.12)',
  },
  {
    id: 'microsoft.security-defaults',
    protocols: ALL,
    text: /security defaults policy|did not meet the criteria to be authenticated/iu,
    cause: 'auth.basic_auth_disabled',
    asOf: '2026-12-04',
    source: 'Microsoft "535 5.7.139 Authentication unsuccessful, user is locked by your organization\'s security defaults policy" / "…did not meet the criteria…": docs.bookyourpto.com/features/smtp-troubleshoot; Security Defaults are incompatible with basic SMTP AUTH (MicrosoftDocs/OfficeDocs-Exchange #1808) (reply-sources §6.2)',
  },
  {
    id: 'microsoft.authenticated-not-connected',
    protocols: IMAP,
    text: /User is authenticated but not connected/iu,
    cause: 'auth.basic_auth_disabled',
    fix: 'microsoft_mailbox',
    asOf: '2026-12-04',
    source: 'Exchange "BAD User is authenticated but not connected." after LOGIN: imapflow startSession() (reply-sources §3.2, §6.2)',
  },
  {
    id: 'microsoft.exchange-online-mailbox-login-failed',
    protocols: MAILBOX,
    hosts: MICROSOFT_MAILBOX_HOSTS,
    text: PLAIN_REFUSAL,
    cause: 'auth.basic_auth_disabled',
    fix: 'microsoft_mailbox',
    asOf: '2026-12-04',
    source: 'Exchange Online / Outlook.com IMAP and POP take no passwords (basic auth off since 2022-12-31, Outlook.com since 2024-09-16) and refuse them with the words of a wrong password, "NO LOGIN failed." (mjs/imapclient #602) (reply-sources §6.2, §6.12)',
  },
  {
    id: 'microsoft.5.7.139',
    protocols: SMTP,
    enhancedCodes: ['5.7.139'],
    cause: 'auth.basic_auth_disabled',
    fix: 'microsoft_smtp_auth',
    asOf: '2026-12-04',
    source: 'Microsoft 535 5.7.139 (SMTP AUTH off for tenant/mailbox, security defaults): docs.bookyourpto.com/features/smtp-troubleshoot (reply-sources §6.2)',
  },

  // ── Google, Mail.ru, QQ, Yandex and shared texts (reply-sources §6) ───────────────────────
  {
    id: 'gmail.app-password-required',
    protocols: ALL,
    text: /application-specific password required|InvalidSecondFactor/i,
    cause: 'auth.app_password_required',
    asOf: '2026-12-04',
    source: 'Gmail 534-5.7.9 / [ALERT] "Application-specific password required": nodemailer#1116; mutt-wizard#831; gmail_extractor#4 (reply-sources §6.1)',
  },
  {
    id: 'mailru.app-password-required',
    protocols: ALL,
    text: /application password is required|parol prilozheniya/i,
    cause: 'auth.app_password_required',
    source: 'Mail.ru "535 5.7.0 NEOBHODIM parol prilozheniya … Application password is REQUIRED": print-designer#5; thunderbird-android#9069 (reply-sources §6.9)',
  },
  {
    id: 'qq.authorization-code',
    protocols: ALL,
    // The GBK variant shows as mojibake when read as Latin-1 ("ÇëÊ¹ÓÃÊÚÈ¨Âë" = 请使用授权码).
    text: /authorization code|授权码|ÇëÊ¹ÓÃÊÚÈ¨Âë|ÊÚÈ¨Âë/i,
    cause: 'auth.app_password_required',
    source: 'QQ Mail "535 Login Fail. Please enter your authorization code to login": uptime-kuma#3434; yapi#2219; GBK variant Valine-Admin#86 (reply-sources §6.10)',
  },
  {
    id: 'yandex.imap-disabled',
    protocols: MAILBOX,
    text: /IMAP is disabled|POP3? is disabled/i,
    cause: 'auth.basic_auth_disabled',
    source: 'Yandex "NO [AUTHENTICATIONFAILED] LOGIN invalid credentials or IMAP is disabled": Mailspring#904, #2111 (reply-sources §6.8)',
  },
  {
    id: 'gmail.web-login-required',
    protocols: ALL,
    text: /WEBALERT|web login required|log ?in via your (?:web )?browser|accounts\.google\.com\/ContinueSignIn/i,
    cause: 'auth.web_login_required',
    asOf: '2026-12-04',
    source: 'Gmail "534-5.7.14 … Please log in via your web browser" (nodemailer#508); IMAP "* NO [WEBALERT …] Web login required." / "[ALERT] Please log in via your web browser" (MailSystem.NET#17; mailcore2#876; php-imap#87) (reply-sources §6.1)',
  },
  {
    id: 'smtp.5.7.14',
    protocols: SMTP,
    replyCodes: [534],
    enhancedCodes: ['5.7.14'],
    cause: 'auth.web_login_required',
    asOf: '2026-12-04',
    source: 'Gmail "534-5.7.14 <https://accounts.google.com/ContinueSignIn…>": nodemailer#508; X.7.14 "Trust relationship required" (IANA SMTP enhanced status codes) (reply-sources §5, §6.1)',
  },
  {
    id: 'gmail.too-many-connections',
    protocols: ALL,
    text: /too many (?:simultaneous |concurrent |open )?connections/i,
    cause: 'server.unavailable',
    source: 'Gmail "NO [ALERT] Too many simultaneous connections. (Failure)": wildduck#35; imapsync#61 (reply-sources §6.1); testssl 421 "too many connections" (§5)',
  },
  {
    id: 'provider.too-many-attempts',
    protocols: ALL,
    text: /too many (?:login|bad auth|failed(?: login)?|authentication|auth|invalid) (?:attempts|failures)|#AUTH005/i,
    cause: 'auth.account_locked',
    source: 'Gmail "454 4.7.0 Too many login attempts, please try again later" (nodemailer#1388; gophish#1836); Yahoo "535 5.7.0 (#AUTH005) Too many bad auth attempts." (PHPMailer#2034) (reply-sources §6.1, §6.3)',
  },
  {
    id: 'text.account-locked',
    protocols: ALL,
    text: /account (?:is |has been )?(?:locked|suspended|disabled|blocked|deactivated)|user account disabled|(?:temporarily|been) (?:locked|blocked|suspended)/i,
    cause: 'auth.account_locked',
    source: 'RFC 5530 §3 CONTACTADMIN; X.7.13 "User Account Disabled" (IANA SMTP enhanced status codes) (reply-sources §4.1, §5)',
  },

  // ── Refused passwords at providers that take only app passwords (reply-sources §6.12) ─────
  {
    id: 'google.password-not-accepted',
    protocols: ALL,
    hosts: GOOGLE_HOSTS,
    text: PLAIN_REFUSAL,
    cause: 'auth.invalid_credentials',
    fix: 'google',
    asOf: '2026-12-04',
    source: 'Gmail "535-5.7.8 Username and Password not accepted" (PHPMailer #1708), "[AUTHENTICATIONFAILED] Invalid credentials (Failure)" (google/gmail-oauth2-tools #78); Workspace takes no passwords for IMAP/SMTP/POP from autumn 2024 "with the exception of app passwords" (Google Workspace admin help 14114704) (reply-sources §6.1, §6.12)',
  },
  {
    id: 'yahoo-aol.app-password',
    protocols: ALL,
    hosts: YAHOO_AOL_HOSTS,
    text: PLAIN_REFUSAL,
    cause: 'auth.invalid_credentials',
    fix: 'yahoo_aol',
    asOf: '2026-12-04',
    source: 'Yahoo "NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials" (enough_mail #245): an app password for apps that do not use Yahoo\'s sign-in page; AOL needs an app password too (EmailEngine hint table) (reply-sources §6.3, §6.12)',
  },
  {
    id: 'icloud.app-specific-password',
    protocols: ALL,
    hosts: ICLOUD_HOSTS,
    text: PLAIN_REFUSAL,
    cause: 'auth.invalid_credentials',
    fix: 'icloud',
    asOf: '2026-12-04',
    source: 'iCloud "NO [AUTHENTICATIONFAILED] Authentication failed" (imapfilter #125); app-specific passwords required since 2017-06-15, two-factor authentication first, at most 25 active (reply-sources §6.4, §6.12)',
  },
];
