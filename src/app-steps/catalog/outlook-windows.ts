import type { AppStepsEntry } from '../entry';
import { entriesOf, label, path, say, screen, side, underEachServer, VALUE } from './build';

/** The security options of Outlook's "Use the following type of encrypted connection". */
const OUTLOOK_SECURITY = { security: { tls: 'ssl_tls', starttls: 'starttls', none: 'none' } } as const;

const classicOpen = [say('go', { path: path('file', 'account_settings', 'account_settings') }), say('select_account', { button: label('change') })];
const classicSave = [say('save_then', { button: label('next'), next: label('finish') })];
/** Back from More Settings: OK closes it, Next tests the account, Finish closes the wizard. */
const moreSettingsSave = [say('save_then', { button: label('ok'), next: label('next') }), say('save', { button: label('finish') })];
/** The account's own dialog: server names, user name, password. */
const accountDialog = screen('account_dialog', classicOpen, classicSave);
/** More Settings > Advanced: the ports and the encryption of each server. */
const advancedTab = screen('advanced_tab', [...classicOpen, say('open_tab', { button: label('more_settings'), tab: label('advanced') })], moreSettingsSave);
/** More Settings > Outgoing Server: SMTP authentication. */
const outgoingTab = screen('outgoing_tab', [...classicOpen, say('open_tab', { button: label('more_settings'), tab: label('outgoing_tab') })], moreSettingsSave);
const accountList = screen('account_list', [say('go', { path: path('file', 'account_settings', 'account_settings') })], []);

const incomingPort = { protocol: { imap: 'incoming_port_imap', pop3: 'incoming_port_pop3' } } as const;

/**
 * Classic Outlook for Windows (Microsoft 365 apps, 2024, 2021, 2019, 2016): File > Account
 * Settings > Change, and its Internet E-mail Settings dialog (More Settings).
 */
const CLASSIC: AppStepsEntry[] = entriesOf(
  'outlook_classic',
  {
    versions: { list: 'outlook_classic' },
    source: 'https://support.microsoft.com/en-us/office/change-or-update-email-account-settings-in-outlook-for-windows-560a9065-3c3a-4ec5-a24f-cdb9a8d622a2',
    labelSources: {
      en: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_outlook_2016/guide.en-gb.md',
      de: 'https://www.pcwelt.de/ratgeber/Manuelle-Konfiguration-Ratgeber-Mail-421634.html',
      es: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_outlook_2016/guide.es-es.md',
      fr: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_outlook_2016/guide.fr-fr.md',
    },
    sourceNote:
      "English: Microsoft's 'Change or update email account settings' (Change, More Settings, the Advanced tab, Server Port Numbers, Incoming server (IMAP), Outgoing server (SMTP), " +
      "'Use the following type of encrypted connection', OK) and 'Change email account settings' (File > Account Settings > Account Settings); OVHcloud's classic-Outlook guide (2026-01) for " +
      "the Outgoing Server tab, its two options, Add account and the newer Server Settings window; Finish as mailcow's Outlook guide names it. German: PC-Welt's Outlook walk-through " +
      "(Posteingangsserver, Postausgangsserver (SMTP), Benutzername, Kennwort, Weiter), mailcow's German Outlook guide (Datei, Konto hinzufügen, Weiter, Fertigstellen), " +
      "dd4u.ch (Kontoeinstellungen). The tab the question was about: OVHcloud's German guides say „Erweiterte Optionen“, but they translate the French guide's « Options avancées » " +
      "(two of them word the same checkbox differently, and they call the incoming server „Eingehender E-Mail-Server“ where PC-Welt reads „Posteingangsserver“ off the screen), " +
      "and no source shows the German tab itself: the More Settings dialog's labels stay English in German. French: OVHcloud's French guide, written for the French screens. " +
      'Spanish: OVHcloud\'s Spanish guide (not cross-checked). Unchecked everywhere: None, the SPA option, Remove, Incoming server (POP3).',
    unverified: ['none', 'spa', 'remove', 'incoming_port_pop3'],
    // Microsoft 365 builds may open a simpler "Server Settings" window instead of the old dialog.
    note: say('outlook_newer_window', {
      path: path('file', 'account_settings', 'server_settings'),
      incoming: label('incoming_mail'),
      outgoing: label('outgoing_mail'),
      fields: label('newer_fields'),
    }),
  },
  {
    incoming_server: { sides: { incoming: side(accountDialog, say('set', { field: label('incoming_server'), value: VALUE })) } },
    outgoing_server: { sides: { outgoing: side(accountDialog, say('set', { field: label('outgoing_server'), value: VALUE })) } },
    port: {
      sides: {
        incoming: side(advancedTab, say('set', { field: incomingPort, value: VALUE })),
        outgoing: side(advancedTab, say('set', { field: label('outgoing_port'), value: VALUE })),
      },
    },
    security: {
      sides: {
        incoming: side(advancedTab, say('choose_under', { section: incomingPort, field: label('encryption'), option: OUTLOOK_SECURITY })),
        outgoing: side(advancedTab, say('choose_under', { section: label('outgoing_port'), field: label('encryption'), option: OUTLOOK_SECURITY })),
      },
    },
    user_name: {
      sides: {
        incoming: side(accountDialog, say('set', { field: label('user_name'), value: VALUE })),
        outgoing: side(outgoingTab, say('tick', { option: label('smtp_auth') }), say('choose', { option: label('same_as_incoming') })),
      },
    },
    auth_method: {
      sides: {
        incoming: side(accountDialog, say('untick', { option: label('spa') })),
        outgoing: side(outgoingTab, say('tick', { option: label('smtp_auth') }), say('choose', { option: label('same_as_incoming') })),
      },
    },
    app_password: {
      sides: {
        incoming: side(accountDialog, say('app_password', { field: label('password') })),
        outgoing: side(accountDialog, say('app_password', { field: label('password') })),
      },
    },
    oauth_sign_in: {
      sides: {
        incoming: side(accountList, say('readd', { remove: label('remove'), add: path('file', 'add_account') })),
        outgoing: side(accountList, say('readd', { remove: label('remove'), add: path('file', 'add_account') })),
      },
    },
  },
);

const newOpen = [say('go', { path: path('settings', 'accounts', 'email_accounts') }), say('remove_and_add', { manage: label('manage'), remove: label('delete'), add: label('add_account') }), say('advanced_setup', { option: label('show_more') })];
/** New Outlook keeps no editable server settings: the account is added again with the right ones. */
const readdForm = screen('readd_form', newOpen, [say('save', { button: label('continue') })]);

const NEW_SECURITY = { security: { tls: 'ssl_tls', starttls: 'starttls', none: 'none' } } as const;

/** New Outlook for Windows (the one with the "New Outlook" switch; Windows 10 and 11). */
const NEW: AppStepsEntry[] = entriesOf(
  'outlook_new',
  {
    versions: { list: 'windows' },
    source: 'https://github.com/mailcow/mailcow-dockerized-docs/blob/main/docs/client/client-outlook.en.md',
    labelSources: { en: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/mx_plan/how_to_configure_windows_10/guide.en-gb.md' },
    sourceNote:
      "mailcow's new-Outlook steps (Settings > Accounts > Your Accounts, Add Account, IMAP Incoming Server, Port, Secure connection type, SMTP Username, SMTP Password, SMTP Outgoing Server) " +
      "and OVHcloud's new-Outlook guide (2025-09: Show more, Continue; Your Accounts, Manage, Delete, as the new Outlook keeps no editable server settings). Microsoft's own page " +
      "(add-an-email-account-to-outlook, 6e27792a) was not opened. Unchecked: None and the IMAP user name field; no source shows the new Outlook in another language.",
    unverified: ['none', 'incoming_user'],
  },
  {
    incoming_server: { sides: { incoming: side(readdForm, say('set', { field: label('incoming_server'), value: VALUE })) } },
    outgoing_server: { sides: { outgoing: side(readdForm, say('set', { field: label('outgoing_server'), value: VALUE })) } },
    port: underEachServer(readdForm, (section) => [say('set_under', { section, field: label('port'), value: VALUE })]),
    security: underEachServer(readdForm, (section) => [say('choose_under', { section, field: label('secure_connection'), option: NEW_SECURITY })]),
    user_name: {
      sides: {
        incoming: side(readdForm, say('set', { field: label('incoming_user'), value: VALUE })),
        outgoing: side(readdForm, say('set', { field: label('outgoing_user'), value: VALUE })),
      },
    },
    app_password: {
      sides: {
        incoming: side(readdForm, say('app_password', { field: label('incoming_password') })),
        outgoing: side(readdForm, say('app_password', { field: label('outgoing_password') })),
      },
    },
    oauth_sign_in: {
      sides: {
        incoming: side(screen('account_list', [say('go', { path: path('settings', 'accounts', 'email_accounts') })], []), say('readd', { remove: path('manage', 'delete'), add: label('add_account') })),
        outgoing: side(screen('account_list', [say('go', { path: path('settings', 'accounts', 'email_accounts') })], []), say('readd', { remove: path('manage', 'delete'), add: label('add_account') })),
      },
    },
  },
);

export const OUTLOOK_WINDOWS: AppStepsEntry[] = [...CLASSIC, ...NEW];
