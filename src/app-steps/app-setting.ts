import type { Protocol, Security, Target } from '../settings/server-settings';

/** Each setting a fix can change in an app; one catalog entry per app and setting. */
export const APP_SETTINGS = ['incoming_server', 'outgoing_server', 'port', 'security', 'user_name', 'auth_method', 'app_password', 'oauth_sign_in'] as const;

export type AppSetting = (typeof APP_SETTINGS)[number];

/** One change to make, on one side of the account, with the value to set where there is one. */
export interface SettingChange {
  setting: AppSetting;
  side: Target;
  /** The value the fix asks for: a port, a host name or a user name. */
  value?: string | number;
  /** The security the fix asks for (for `security`; `port` uses it to name the right field on some apps). */
  security?: Security;
  /** The protocol of that side (IMAP, POP3, SMTP): some apps name their fields after it. */
  protocol: Protocol;
}
