import type { AppStepsEntry } from '../entry';
import { entriesOf, label, path, say, screen, side, underEachServer, VALUE } from './build';

/** The security options of Outlook's "Use the following type of encrypted connection". */
const OUTLOOK_SECURITY = { security: { tls: 'ssl_tls', starttls: 'starttls', none: 'none' } } as const;

const classicOpen = [say('go', { path: path('file', 'account_settings', 'account_settings') }), say('select_account', { button: label('change') })];
const classicSave = [say('save_then', { button: label('next'), next: label('done') })];
/** The account's own dialog: server names, user name, password. */
const accountDialog = screen('account_dialog', classicOpen, classicSave);
/** More Settings > Advanced: the ports and the encryption of each server. */
const advancedTab = screen('advanced_tab', [...classicOpen, say('open_tab', { button: label('more_settings'), tab: label('advanced') })], [say('save_then', { button: label('ok'), next: label('next') })]);
/** More Settings > Outgoing Server: SMTP authentication. */
const outgoingTab = screen('outgoing_tab', [...classicOpen, say('open_tab', { button: label('more_settings'), tab: label('outgoing_tab') })], [say('save_then', { button: label('ok'), next: label('next') })]);
const accountList = screen('account_list', [say('go', { path: path('file', 'account_settings', 'account_settings') })], []);

const incomingPort = { protocol: { imap: 'incoming_port_imap', pop3: 'incoming_port_pop3' } } as const;

/**
 * Classic Outlook for Windows (Microsoft 365 apps, 2024, 2021, 2019, 2016): File > Account
 * Settings > Change, and its Internet E-mail Settings dialog. German labels as Outlook shows them.
 */
const CLASSIC: AppStepsEntry[] = entriesOf(
  'outlook_classic',
  {
    versions: { list: 'Outlook for Microsoft 365, Outlook 2024, 2021, 2019, 2016' },
    source: 'https://support.microsoft.com/en-us/office/pop-and-imap-email-settings-for-outlook-8361e398-8af4-4e97-b147-6c6c4ac95353',
    labelSources: {
      de: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_outlook_2016/guide.de-de.md',
      es: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_outlook_2016/guide.es-es.md',
      fr: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_outlook_2016/guide.fr-fr.md',
    },
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

const newOpen = [say('go', { path: path('settings', 'accounts', 'email_accounts') }), say('remove_and_add', { manage: label('manage'), remove: label('remove'), add: label('add_account') }), say('advanced_setup', { option: label('advanced_settings') })];
/** New Outlook keeps no editable server settings: the account is added again with the right ones. */
const readdForm = screen('readd_form', newOpen, [say('save', { button: label('continue') })]);

const NEW_SECURITY = { security: { tls: 'ssl_tls', starttls: 'starttls', none: 'none' } } as const;

/** New Outlook for Windows (the one with the "New Outlook" switch; Windows 10 and 11). */
const NEW: AppStepsEntry[] = entriesOf(
  'outlook_new',
  {
    versions: { list: 'new Outlook for Windows' },
    source: 'https://support.microsoft.com/en-us/office/add-an-email-account-to-outlook-6e27792a-9267-4aa4-8bb6-c84ef146101b',
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
        incoming: side(screen('account_list', [say('go', { path: path('settings', 'accounts', 'email_accounts') })], []), say('readd', { remove: path('manage', 'remove'), add: label('add_account') })),
        outgoing: side(screen('account_list', [say('go', { path: path('settings', 'accounts', 'email_accounts') })], []), say('readd', { remove: path('manage', 'remove'), add: label('add_account') })),
      },
    },
  },
);

export const OUTLOOK_WINDOWS: AppStepsEntry[] = [...CLASSIC, ...NEW];
