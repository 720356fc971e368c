import type { AccountSettings, Protocol, Security, ServerSettings } from '../settings/server-settings';
import { displayHost } from '../settings/host-names';
import { type Text, text } from './text';

const PROTOCOL_NAMES: Readonly<Record<Protocol, string>> = { imap: 'IMAP', pop3: 'POP3', smtp: 'SMTP' };

/** Literal keys (not built from the value) so the locale check can see they are used. */
const SECURITY_KEYS: Readonly<Record<Security, string>> = {
  tls: 'conversation:security.tls',
  starttls: 'conversation:security.starttls',
  none: 'conversation:security.none',
};

export function securityText(security: Security): Text {
  return text(SECURITY_KEYS[security]);
}

/** "IMAP imap.acme.com, port 993, SSL/TLS" in the user's language. */
export function settingsText(settings: ServerSettings): Text {
  return text('conversation:settings.line', {
    protocol: PROTOCOL_NAMES[settings.protocol],
    host: displayHost(settings.host),
    port: settings.port,
    security: securityText(settings.security),
  });
}

/** "imap.acme.com:993, smtp.acme.com:587": the servers a run checks, for titles. */
export function serverList(settings: AccountSettings): string {
  return [settings.incoming, settings.outgoing]
    .filter((s): s is ServerSettings => s !== undefined)
    .map((s) => `${displayHost(s.host)}:${s.port}`)
    .join(', ');
}
