import { ISPDB, NODEMAILER, TAXONOMY, imap, pop3, smtp, tripUp, type ProviderEntry } from './provider-types';

/**
 * The big international providers. Settings: ISPDB file named in `sources`, cross-checked with
 * nodemailer (reply-sources §8.1); MX patterns from §8.2; trip-ups from §6.
 */
export const GLOBAL_PROVIDERS: readonly ProviderEntry[] = [
  {
    id: 'google',
    name: 'Gmail',
    hostedName: 'Google Workspace',
    domains: ['gmail.com', 'googlemail.com', 'google.com'],
    // aspmx.l.google.com and alt*.aspmx.l.google.com, legacy aspmx*.googlemail.com, newer smtp.google.com.
    mx: ['*.google.com', '*.googlemail.com'],
    incoming: [imap('imap.gmail.com', 993, 'tls'), pop3('pop.gmail.com', 995, 'tls')],
    outgoing: [smtp('smtp.gmail.com', 465, 'tls'), smtp('smtp.gmail.com', 587, 'starttls')],
    username: 'address',
    tripUps: [
      tripUp('app_password_with_mfa', `${TAXONOMY} §6.1 (nodemailer#1116, 534-5.7.9)`, 'https://support.google.com/accounts/answer/185833'),
      tripUp('basic_auth_disabled', `${TAXONOMY} §6.1 (Google Workspace admin help, 2024)`, 'https://support.google.com/a/answer/14114704'),
    ],
    sources: [`${ISPDB} ispdb/googlemail.com.xml`, `${NODEMAILER} (587 STARTTLS, nodemailer#1154)`, `${TAXONOMY} §8.2 (mxsniff, EmailEngine)`],
  },
  {
    id: 'outlook',
    name: 'Outlook.com',
    // Country variants (hotmail.co.uk, ...) are found through their MX.
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com'],
    mx: ['*.olc.protection.outlook.com'],
    incoming: [imap('outlook.office365.com', 993, 'tls'), pop3('outlook.office365.com', 995, 'tls')],
    outgoing: [smtp('smtp-mail.outlook.com', 587, 'starttls')],
    username: 'address',
    tripUps: [tripUp('oauth_only', `${TAXONOMY} §6.2 (basic auth ended 16 Sep 2024; holon-run/uxc#445)`)],
    sources: [`${ISPDB} ispdb/hotmail.com.xml`, `${TAXONOMY} §8.2 (MX_PATTERNS excerpt)`],
  },
  {
    id: 'microsoft365',
    name: 'Microsoft 365',
    domains: ['office365.com', '*.onmicrosoft.com'],
    mx: ['*.mail.protection.outlook.com'],
    incoming: [imap('outlook.office365.com', 993, 'tls'), pop3('outlook.office365.com', 995, 'tls')],
    outgoing: [smtp('smtp.office365.com', 587, 'starttls')],
    username: 'address',
    tripUps: [
      tripUp('basic_auth_disabled', `${TAXONOMY} §6.2 (535 5.7.139 SmtpClientAuthentication is disabled for the Tenant)`),
      tripUp('oauth_only', `${TAXONOMY} §6.2 (EmailEngine autodetect warning; IMAP "Basic authentication is disabled")`),
    ],
    sources: [`${ISPDB} ispdb/office365.com.xml`, `${TAXONOMY} §8.2 (EmailEngine \\bprotection\\.outlook\\.com$)`],
  },
  {
    id: 'yahoo',
    name: 'Yahoo Mail',
    // Country variants (yahoo.co.uk, ...) are found through their MX.
    domains: ['yahoo.com'],
    mx: ['*.yahoodns.net'],
    incoming: [imap('imap.mail.yahoo.com', 993, 'tls'), pop3('pop.mail.yahoo.com', 995, 'tls')],
    outgoing: [smtp('smtp.mail.yahoo.com', 465, 'tls'), smtp('smtp.mail.yahoo.com', 587, 'starttls')],
    username: 'address',
    tripUps: [tripUp('app_password_required', `${TAXONOMY} §6.3 (imapflow#300, enough_mail#245)`)],
    sources: [`${ISPDB} ispdb/yahoo.com.xml`, `${TAXONOMY} §8.1 (587: Yahoo help quoted in PHPMailer#2034)`, `${TAXONOMY} §8.2 (mxsniff, EmailEngine)`],
  },
  {
    id: 'aol',
    name: 'AOL Mail',
    domains: ['aol.com', 'aim.com'],
    // AOL's MX is on yahoodns.net too; custom domains there are matched as Yahoo.
    mx: [],
    incoming: [imap('imap.aol.com', 993, 'tls'), pop3('pop.aol.com', 995, 'tls')],
    outgoing: [smtp('smtp.aol.com', 465, 'tls'), smtp('smtp.aol.com', 587, 'starttls')],
    username: 'address',
    tripUps: [tripUp('app_password_required', `${TAXONOMY} §6.3 (EmailEngine hint table)`, 'https://help.aol.com/articles/Create-and-manage-app-password')],
    sources: [`${ISPDB} ispdb/aol.com.xml`, `${NODEMAILER} (587)`],
  },
  {
    id: 'icloud',
    name: 'iCloud Mail',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    mx: ['*.icloud.com'],
    incoming: [imap('imap.mail.me.com', 993, 'tls')],
    outgoing: [smtp('smtp.mail.me.com', 587, 'starttls')],
    username: 'address',
    tripUps: [tripUp('app_password_required', `${TAXONOMY} §6.4 (QuickMail#32, nmail#187, EmailEngine)`, 'https://support.apple.com/en-us/HT204397')],
    sources: [`${ISPDB} ispdb/me.com.xml`, `${TAXONOMY} §6.4 (587 STARTTLS, action-send-mail#84)`, `${TAXONOMY} §8.2 (EmailEngine \\.icloud\\.com$)`],
  },
  {
    id: 'zoho',
    name: 'Zoho Mail',
    domains: ['zoho.com', 'zohomail.com'],
    mx: ['mx*.zoho.com'],
    incoming: [imap('imap.zoho.com', 993, 'tls'), pop3('pop.zoho.com', 995, 'tls')],
    outgoing: [smtp('smtp.zoho.com', 465, 'tls'), smtp('smtp.zoho.com', 587, 'starttls')],
    hosted: {
      incoming: [imap('imappro.zoho.com', 993, 'tls')],
      outgoing: [smtp('smtppro.zoho.com', 465, 'tls'), smtp('smtppro.zoho.com', 587, 'starttls')],
    },
    username: 'address',
    tripUps: [
      tripUp('enable_imap', `${TAXONOMY} §6.5 (deltachat-android#94)`),
      tripUp('app_password_with_mfa', `${TAXONOMY} §6.5`),
    ],
    sources: [`${ISPDB} ispdb/zoho.com.xml`, `${TAXONOMY} §6.5 (organisation hosts imappro/smtppro, EmailEngine)`, `${TAXONOMY} §8.2 (EmailEngine ^mx\\d*\\.zoho\\.com$)`],
  },
  {
    id: 'zoho-eu',
    name: 'Zoho Mail (EU)',
    domains: ['zoho.eu', 'zohomail.eu'],
    mx: ['mx*.zoho.eu'],
    incoming: [imap('imap.zoho.eu', 993, 'tls'), pop3('pop.zoho.eu', 995, 'tls')],
    outgoing: [smtp('smtp.zoho.eu', 465, 'tls'), smtp('smtp.zoho.eu', 587, 'starttls')],
    hosted: {
      incoming: [imap('imappro.zoho.eu', 993, 'tls')],
      outgoing: [smtp('smtppro.zoho.eu', 465, 'tls'), smtp('smtppro.zoho.eu', 587, 'starttls')],
    },
    username: 'address',
    tripUps: [
      tripUp('enable_imap', `${TAXONOMY} §6.5 (deltachat-android#94)`),
      tripUp('app_password_with_mfa', `${TAXONOMY} §6.5`),
    ],
    sources: [`${TAXONOMY} §6.5 (EU data centre .eu hosts, EmailEngine MX rules)`, `${TAXONOMY} §8.2 (EmailEngine ^mx\\d*\\.zoho\\.eu$)`],
  },
  {
    id: 'fastmail',
    name: 'Fastmail',
    domains: ['fastmail.com', 'messagingengine.com'],
    mx: ['*.messagingengine.com'],
    incoming: [imap('imap.fastmail.com', 993, 'tls'), pop3('pop.fastmail.com', 995, 'tls')],
    outgoing: [smtp('smtp.fastmail.com', 465, 'tls')],
    username: 'address',
    tripUps: [tripUp('app_password_required', `${TAXONOMY} §6.6 (lttrs-android#68)`)],
    sources: [`${ISPDB} ispdb/messagingengine.com.xml`, `${TAXONOMY} §8.2 (normailize mx_check.rb)`],
  },
];
