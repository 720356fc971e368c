import type { AppStepsEntry } from '../entry';
import { entriesOf, label, path, say, screen, side, underEachServer, VALUE } from './build';

/** Android mail apps name implicit TLS "SSL" and STARTTLS "TLS" (Samsung) or "SSL/TLS" and "STARTTLS" (Gmail). */
const GMAIL_SECURITY = { security: { tls: 'ssl_tls', starttls: 'starttls', none: 'none' } } as const;
const SAMSUNG_SECURITY = { security: { tls: 'ssl', starttls: 'tls', none: 'none' } } as const;

const gmailIncoming = screen('incoming_settings', [say('go', { path: path('menu', 'settings') }), say('select_account_then', { item: label('incoming_settings') })], [say('save', { button: label('done') })]);
const gmailOutgoing = screen('outgoing_settings', [say('go', { path: path('menu', 'settings') }), say('select_account_then', { item: label('outgoing_settings') })], [say('save', { button: label('done') })]);
const gmailAdd = screen('add_account', [say('go', { path: path('menu', 'settings') }), say('select', { item: label('add_account') })], []);

/** The Gmail app on Android with another provider's account (IMAP/POP), and its OAuth providers. */
const GMAIL: AppStepsEntry[] = entriesOf(
  'gmail_app',
  {
    versions: { list: 'android' },
    source: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_android/guide.en-gb.md',
    sourceNote:
      "OVHcloud's Gmail-for-Android guide (Android 13): the menu at the top left, Settings, Add account, Username, Password, Server, SMTP Server, Port, Security type with SSL/TLS " +
      "and STARTTLS. Google's own help (mail/answer/21289, which that guide links) was not opened. Unchecked: the account's Incoming settings and Outgoing settings entries, None, " +
      'Done and the provider choices; no source shows the Gmail app in another language.',
    unverified: ['incoming_settings', 'outgoing_settings', 'none', 'done', 'oauth_providers'],
  },
  {
    incoming_server: { sides: { incoming: side(gmailIncoming, say('set', { field: label('server'), value: VALUE })) } },
    outgoing_server: { sides: { outgoing: side(gmailOutgoing, say('set', { field: label('smtp_server'), value: VALUE })) } },
    port: { sides: { incoming: side(gmailIncoming, say('set', { field: label('port'), value: VALUE })), outgoing: side(gmailOutgoing, say('set', { field: label('port'), value: VALUE })) } },
    security: {
      sides: {
        incoming: side(gmailIncoming, say('choose_in', { field: label('security_type'), option: GMAIL_SECURITY })),
        outgoing: side(gmailOutgoing, say('choose_in', { field: label('security_type'), option: GMAIL_SECURITY })),
      },
    },
    user_name: { sides: { incoming: side(gmailIncoming, say('set', { field: label('username'), value: VALUE })), outgoing: side(gmailOutgoing, say('set', { field: label('username'), value: VALUE })) } },
    app_password: { sides: { incoming: side(gmailIncoming, say('app_password', { field: label('password') })), outgoing: side(gmailOutgoing, say('app_password', { field: label('password') })) } },
    oauth_sign_in: {
      sides: {
        incoming: side(gmailAdd, say('add_with_provider', { options: label('oauth_providers') })),
        outgoing: side(gmailAdd, say('add_with_provider', { options: label('oauth_providers') })),
      },
    },
  },
);

const samsungOpen = [say('go', { path: path('menu', 'settings') }), say('select_account_then', { item: label('server_settings') })];
const samsungServer = screen('server_settings', samsungOpen, [say('save', { button: label('save') })]);

/** Samsung Email (Galaxy phones and tablets): Settings > account > Server settings. */
const SAMSUNG: AppStepsEntry[] = entriesOf(
  'samsung_email',
  {
    versions: { from: '6' },
    source: 'https://docs.samsungknox.com/dev/managed-configurations/samsung-email',
    sourceNote:
      "No opened source shows Samsung Email's settings screens: every label is unchecked and shown in English in every language. The version is Samsung's (Knox: Samsung Email " +
      "6.0 and later take managed configurations). The guide cited before (OVHcloud's Android guide) is about the Gmail app, not Samsung Email.",
    unverified: ['menu', 'settings', 'server_settings', 'incoming_server', 'outgoing_server', 'imap_server', 'smtp_server', 'port', 'security_type', 'ssl', 'tls', 'none', 'username', 'password', 'require_auth', 'save'],
  },
  {
    incoming_server: { sides: { incoming: side(samsungServer, say('set_under', { section: label('incoming_server'), field: label('imap_server'), value: VALUE })) } },
    outgoing_server: { sides: { outgoing: side(samsungServer, say('set_under', { section: label('outgoing_server'), field: label('smtp_server'), value: VALUE })) } },
    port: underEachServer(samsungServer, (section) => [say('set_under', { section, field: label('port'), value: VALUE })]),
    security: underEachServer(samsungServer, (section) => [say('choose_under', { section, field: label('security_type'), option: SAMSUNG_SECURITY })]),
    user_name: underEachServer(samsungServer, (section) => [say('set_under', { section, field: label('username'), value: VALUE })]),
    auth_method: { sides: { outgoing: side(samsungServer, say('turn_on', { option: label('require_auth') })) } },
    app_password: {
      sides: {
        incoming: side(samsungServer, say('app_password', { field: label('password') })),
        outgoing: side(samsungServer, say('app_password', { field: label('password') })),
      },
    },
  },
);

export const ANDROID: AppStepsEntry[] = [...GMAIL, ...SAMSUNG];
