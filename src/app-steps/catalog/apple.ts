import type { AppStepsEntry, StepSpec } from '../entry';
import { entriesOf, label, path, say, screen, side, VALUE } from './build';

/** Mail on a Mac: Use TLS/SSL covers implicit TLS and STARTTLS alike; the port tells them apart. */
const macOpen = [
  say('go_older', { path: path('mail_menu', 'settings', 'accounts'), older: path('mail_menu', 'preferences', 'accounts') }),
  say('select_account_tab', { tab: label('server_settings') }),
];
const macScreen = screen('server_settings', macOpen, [say('save', { button: label('save') })]);
const macManual: StepSpec = say('untick', { option: label('auto_manage') });
const macTls: StepSpec = { bySecurity: { tls: say('tick', { option: label('use_tls') }), starttls: say('tick', { option: label('use_tls') }), none: say('untick', { option: label('use_tls') }) } };
const macSide = (section: string, ...change: StepSpec[]) => side(macScreen, say('in_section', { section: label(section) }), ...change);

const APPLE_MAIL: AppStepsEntry[] = entriesOf(
  'apple_mail',
  {
    versions: { from: '10.13 High Sierra' },
    source: 'https://support.apple.com/guide/mail/change-outgoing-server-settings-cpmlprefsmtpserver/mac',
    labelSources: { de: 'https://support.apple.com/de-ch/guide/mail/server-settings-preferences-cpmlprefacctadv/11.0/mac/10.13' },
    sourceNote:
      "Apple's Mail guide, \"Server Settings\" page, opened in German (Mail 11, macOS 10.13 and later): Mail > Einstellungen > Accounts > Servereinstellungen with Benutzername, " +
      "Passwort, Hostname and Verbindungseinstellungen automatisch verwalten; the English labels are the same page's. The English outgoing-server page and HT204208 were not " +
      'opened. Unchecked: the section titles, Port, Use TLS/SSL, Authentication and its Password choice, Save, and the Internet Accounts way (Apple menu > System Settings).',
    unverified: ['incoming_section', 'outgoing_section', 'port', 'use_tls', 'authentication', 'auth_password', 'save', 'apple_menu', 'system_settings', 'internet_accounts', 'delete_account', 'add_account'],
  },
  {
    incoming_server: { sides: { incoming: macSide('incoming_section', say('set', { field: label('host_name'), value: VALUE })) } },
    outgoing_server: { sides: { outgoing: macSide('outgoing_section', say('set', { field: label('host_name'), value: VALUE })) } },
    port: {
      source: 'https://support.apple.com/en-us/HT204208',
      sides: {
        incoming: macSide('incoming_section', macManual, say('set', { field: label('port'), value: VALUE })),
        outgoing: macSide('outgoing_section', macManual, say('set', { field: label('port'), value: VALUE })),
      },
    },
    security: {
      source: 'https://support.apple.com/en-us/HT204208',
      sides: { incoming: macSide('incoming_section', macManual, macTls), outgoing: macSide('outgoing_section', macManual, macTls) },
    },
    user_name: {
      sides: {
        incoming: macSide('incoming_section', say('set', { field: label('user_name'), value: VALUE })),
        outgoing: macSide('outgoing_section', say('set', { field: label('user_name'), value: VALUE })),
      },
    },
    auth_method: {
      source: 'https://support.apple.com/en-us/HT204208',
      sides: {
        incoming: macSide('incoming_section', macManual, say('choose_in', { field: label('authentication'), option: label('auth_password') })),
        outgoing: macSide('outgoing_section', macManual, say('choose_in', { field: label('authentication'), option: label('auth_password') })),
      },
    },
    app_password: {
      sides: {
        incoming: macSide('incoming_section', say('app_password', { field: label('password') })),
        outgoing: macSide('outgoing_section', say('app_password', { field: label('password') })),
      },
    },
    oauth_sign_in: {
      sides: {
        incoming: side(screen('internet_accounts', [say('go', { path: path('apple_menu', 'system_settings', 'internet_accounts') })], []), say('readd', { remove: label('delete_account'), add: label('add_account') })),
        outgoing: side(screen('internet_accounts', [say('go', { path: path('apple_menu', 'system_settings', 'internet_accounts') })], []), say('readd', { remove: label('delete_account'), add: label('add_account') })),
      },
    },
  },
);

/** iPhone and iPad: Settings > Apps > Mail (iOS 18) or Settings > Mail (iOS 17 and earlier). */
const phoneOpen = [
  say('go_older', { path: path('settings', 'apps', 'mail', 'mail_accounts'), older: path('settings', 'mail', 'accounts') }),
  say('tap_account_then', { item: label('account') }),
];
const phoneAccount = screen('account', phoneOpen, [say('save', { button: label('done') })]);
const phoneAdvanced = screen('advanced', [...phoneOpen, say('select', { item: label('advanced') })], [say('back_then', { back: label('account'), button: label('done') })]);
const phoneSmtp = screen('smtp', [...phoneOpen, say('select', { item: label('smtp') }), say('select', { item: label('primary_server') })], [say('save', { button: label('done') })]);
/**
 * "Use SSL" is on for implicit TLS and for STARTTLS alike; the port tells them apart (providers'
 * guides list "SSL: yes" with port 587). Off only for no encryption.
 */
const phoneSsl: StepSpec = { bySecurity: { tls: say('turn_on', { option: label('use_ssl') }), starttls: say('turn_on', { option: label('use_ssl') }), none: say('turn_off', { option: label('use_ssl') }) } };
const phoneList = screen('account_list', [say('go_older', { path: path('settings', 'apps', 'mail', 'mail_accounts'), older: path('settings', 'mail', 'accounts') })], []);

const IPHONE_MAIL: AppStepsEntry[] = entriesOf(
  'iphone_mail',
  {
    versions: { from: '14' },
    source: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_ios/guide.en-gb.md',
    labelSources: {
      de: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_ios/guide.de-de.md',
      es: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_ios/guide.es-es.md',
      fr: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_ios/guide.fr-fr.md',
    },
    sourceNote:
      "OVHcloud's iPhone guide (iOS 14 and later: Settings > Mail > Accounts > Add Account, Incoming Mail Server with host name, user name and password; \"SSL: yes\" with port 587, " +
      "so Use SSL is on for STARTTLS too) and its German version (Einstellungen > Mail > Accounts > Account hinzufügen; Hostname, Benutzername, Passwort); Authentifizierung as " +
      "Apple's German article of mail settings (support.apple.com/de-de/HT203995) names it. The same guide in French (Réglages > Mail > Comptes > Ajouter un compte, Serveur de réception, nom d’hôte, " +
      "nom d'utilisateur, mot de passe) and Spanish (Ajustes > Mail > Cuentas > Añadir cuenta, Servidor de recepción, nombre de usuario, contraseña). Apple's article 102619, " +
      'which the earlier labels cited, was not opened: Portuguese and Japanese show the English labels. Unchecked: the iOS 18 way in (Settings > Apps > Mail > Mail Accounts), the account row, Advanced, ' +
      'SMTP, Primary Server, Incoming Settings, Server Port, Use SSL, the Password choice of Authentication, Done and Delete Account.',
    unverified: ['apps', 'mail_accounts', 'account', 'advanced', 'smtp', 'primary_server', 'incoming_settings', 'server_port', 'use_ssl', 'auth_password', 'done', 'delete_account'],
  },
  {
    incoming_server: { sides: { incoming: side(phoneAccount, say('set_under', { section: label('incoming_mail_server'), field: label('host_name'), value: VALUE })) } },
    outgoing_server: { sides: { outgoing: side(phoneSmtp, say('set', { field: label('host_name'), value: VALUE })) } },
    port: {
      sides: {
        incoming: side(phoneAdvanced, say('set_under', { section: label('incoming_settings'), field: label('server_port'), value: VALUE })),
        outgoing: side(phoneSmtp, say('set', { field: label('server_port'), value: VALUE })),
      },
    },
    security: { sides: { incoming: side(phoneAdvanced, phoneSsl), outgoing: side(phoneSmtp, phoneSsl) } },
    user_name: {
      sides: {
        incoming: side(phoneAccount, say('set_under', { section: label('incoming_mail_server'), field: label('user_name'), value: VALUE })),
        outgoing: side(phoneSmtp, say('set', { field: label('user_name'), value: VALUE })),
      },
    },
    auth_method: {
      sides: {
        incoming: side(phoneAdvanced, say('choose_in', { field: label('authentication'), option: label('auth_password') })),
        outgoing: side(phoneSmtp, say('choose_in', { field: label('authentication'), option: label('auth_password') })),
      },
    },
    app_password: {
      sides: {
        incoming: side(phoneAccount, say('app_password', { field: label('password') })),
        outgoing: side(phoneSmtp, say('app_password', { field: label('password') })),
      },
    },
    oauth_sign_in: {
      sides: {
        incoming: side(phoneList, say('readd', { remove: label('delete_account'), add: label('add_account') })),
        outgoing: side(phoneList, say('readd', { remove: label('delete_account'), add: label('add_account') })),
      },
    },
  },
);

export const APPLE: AppStepsEntry[] = [...APPLE_MAIL, ...IPHONE_MAIL];
