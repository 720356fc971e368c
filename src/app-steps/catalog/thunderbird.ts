import type { AppStepsEntry } from '../entry';
import { entriesOf, label, path, say, screen, side, VALUE } from './build';

/** Thunderbird's "Connection security" options. */
const SECURITY = { security: { tls: 'ssl_tls', starttls: 'starttls', none: 'none' } } as const;

const incoming = screen('server_settings', [say('go', { path: path('app_menu', 'account_settings') }), say('select_account_then', { item: label('server_settings') })], [say('close_tab', {})]);
const outgoing = screen('smtp_server', [say('go', { path: path('app_menu', 'account_settings') }), say('select', { item: label('outgoing_servers') }), say('select_server_then', { button: label('edit') })], [say('save', { button: label('ok') })]);
const passwords = screen('saved_passwords', [say('go', { path: path('app_menu', 'settings', 'privacy_security') }), say('select', { item: label('saved_passwords') })], []);

/** Thunderbird 115 and later (128 ESR included): Account Settings and the Outgoing Server (SMTP) list. */
export const THUNDERBIRD: AppStepsEntry[] = entriesOf(
  'thunderbird',
  {
    versions: { from: '115' },
    source: 'https://support.mozilla.org/en-US/kb/manual-account-configuration',
    // Thunderbird's own translations (am-server-top.dtd, smtpEditOverlay.dtd, am-advanced.dtd, messenger.properties, preferences.ftl).
    labelSources: {
      de: 'https://github.com/thunderbird/thunderbird-l10n/tree/main/de/mail',
      es: 'https://github.com/thunderbird/thunderbird-l10n/tree/main/es-ES/mail',
      fr: 'https://github.com/thunderbird/thunderbird-l10n/tree/main/fr/mail',
      'pt-BR': 'https://github.com/thunderbird/thunderbird-l10n/tree/main/pt-BR/mail',
      ja: 'https://github.com/thunderbird/thunderbird-l10n/tree/main/ja/mail',
    },
    sourceNote:
      "Steps from Mozilla's manual account configuration article; the labels in every language from Thunderbird's own strings (am-server-top.dtd, smtpEditOverlay.dtd, " +
      'am-advanced.dtd, messenger.properties, preferences.ftl in thunderbird-l10n; English from the same files in comm-central). Re-opened for German: am-server-top.dtd ' +
      '(Server-Einstellungen, Server, Benutzername, Port, Verbindungssicherheit with Keine/STARTTLS/SSL/TLS, Authentifizierungsmethode, Konto-Einstellungen).',
  },
  {
    incoming_server: { sides: { incoming: side(incoming, say('set', { field: label('server_name'), value: VALUE })) } },
    outgoing_server: { sides: { outgoing: side(outgoing, say('set', { field: label('smtp_server_name'), value: VALUE })) } },
    port: { sides: { incoming: side(incoming, say('set', { field: label('port'), value: VALUE })), outgoing: side(outgoing, say('set', { field: label('smtp_port'), value: VALUE })) } },
    security: {
      sides: {
        incoming: side(incoming, say('choose_in', { field: label('connection_security'), option: SECURITY })),
        outgoing: side(outgoing, say('choose_in', { field: label('connection_security'), option: SECURITY })),
      },
    },
    user_name: { sides: { incoming: side(incoming, say('set', { field: label('user_name'), value: VALUE })), outgoing: side(outgoing, say('set', { field: label('smtp_user_name'), value: VALUE })) } },
    auth_method: {
      sides: {
        incoming: side(incoming, say('choose_in', { field: label('authentication_method'), option: label('normal_password') })),
        outgoing: side(outgoing, say('choose_in', { field: label('authentication_method'), option: label('normal_password') })),
      },
    },
    app_password: {
      sides: {
        incoming: side(passwords, say('forget_password', { button: label('remove') })),
        outgoing: side(passwords, say('forget_password', { button: label('remove') })),
      },
    },
    oauth_sign_in: {
      source: 'https://support.mozilla.org/en-US/kb/thunderbird-and-gmail',
      sides: {
        incoming: side(incoming, say('choose_in', { field: label('authentication_method'), option: label('oauth2') }), say('oauth_window', {})),
        outgoing: side(outgoing, say('choose_in', { field: label('authentication_method'), option: label('oauth2') }), say('oauth_window', {})),
      },
    },
  },
);
