/**
 * The mail apps the bot has exact steps for. Ids are stable: they are stored as a user's
 * remembered answer and carried by buttons on old messages.
 */
export const APP_IDS = [
  'outlook_classic',
  'outlook_new',
  'outlook_mac',
  'apple_mail',
  'iphone_mail',
  'thunderbird',
  'gmail_app',
  'samsung_email',
  'outlook_mobile',
  'em_client',
  'sending_device',
] as const;

export type AppId = (typeof APP_IDS)[number];

/** The app's name as the user knows it (`apps:app.<id>`). */
export function appNameKey(app: AppId): string {
  return `apps:app.${app}`;
}

export function isAppId(value: unknown): value is AppId {
  return typeof value === 'string' && (APP_IDS as readonly string[]).includes(value);
}
