import type { Protocol } from '../../settings/server-settings';

/** The protocols a reply rule applies to. */
export const ALL: readonly Protocol[] = ['imap', 'pop3', 'smtp'];
export const IMAP: readonly Protocol[] = ['imap'];
export const POP3: readonly Protocol[] = ['pop3'];
export const SMTP: readonly Protocol[] = ['smtp'];
export const MAILBOX: readonly Protocol[] = ['imap', 'pop3'];
