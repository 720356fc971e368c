import type { CauseId } from '../diagnosis/causes';
import type { AppId } from './apps';

/**
 * Causes that old apps and devices cannot get past by a setting: the provider dropped TLS 1.0/1.1
 * or password (basic) authentication (the providers' own announcements, sources below: Microsoft
 * 365 TLS 1.0/1.1 off for POP/IMAP by 2026-12-31, basic SMTP AUTH off for existing tenants at the
 * end of December 2026; Google takes no passwords except app passwords).
 */
export const LEGACY_CAUSES: ReadonlySet<CauseId> = new Set<CauseId>(['tls.protocol_version', 'auth.basic_auth_disabled', 'auth.web_login_required', 'auth.app_password_required']);

const MICROSOFT_TLS = 'https://aka.ms/smtp_auth_tls';

/** Which versions of each app can no longer connect, and what to do instead: `apps:legacy.<app>`. */
export const LEGACY_SOURCES: Readonly<Record<AppId, string>> = {
  outlook_classic: 'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/deprecation-of-basic-authentication-exchange-online',
  outlook_new: MICROSOFT_TLS,
  outlook_mac: 'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/deprecation-of-basic-authentication-exchange-online',
  apple_mail: 'https://support.apple.com/en-us/HT204208',
  iphone_mail: 'https://support.apple.com/en-us/102619',
  thunderbird: 'https://support.mozilla.org/en-US/kb/thunderbird-and-gmail',
  gmail_app: 'https://support.google.com/accounts/answer/185833',
  samsung_email: 'https://support.google.com/accounts/answer/185833',
  outlook_mobile: MICROSOFT_TLS,
  em_client: 'https://support.google.com/accounts/answer/185833',
  sending_device: 'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365',
};
