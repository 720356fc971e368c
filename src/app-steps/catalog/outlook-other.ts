import type { AppStepsEntry } from '../entry';
import { entriesOf, label, path, say, screen, side, underEachServer, VALUE } from './build';

/** Outlook for Mac: one account pane with both servers; "Use SSL to connect" is ticked for SSL/TLS and STARTTLS (587) alike. */
const macOpen = [say('go_older', { path: path('outlook_menu', 'settings', 'accounts'), older: path('outlook_menu', 'preferences', 'accounts') }), say('select_account_in_list', {})];
const macPane = screen('account_pane', macOpen, [say('close_window', {})]);
const macSsl = { bySecurity: { tls: say('tick', { option: label('use_ssl') }), starttls: say('tick', { option: label('use_ssl') }), none: say('untick', { option: label('use_ssl') }) } };

const MAC: AppStepsEntry[] = entriesOf(
  'outlook_mac',
  {
    versions: { from: '16' },
    source: 'https://support.microsoft.com/en-us/office/add-an-email-account-to-outlook-for-mac-6aeec61b-86af-40af-8ffe-985d0fc82ddb',
    labelSources: { en: 'https://github.com/ovh/docs/blob/develop/pages/web_cloud/email_and_collaborative_solutions/email_pro/how_to_configure_outlook_2016_mac/guide.en-gb.md' },
    sourceNote:
      "Microsoft's page was not opened; OVHcloud's Outlook for Mac guide shows Incoming server, Outgoing server, 'Use SSL to connect' (ticked for 993 and for 587), Username and Password. " +
      'Unchecked: the menu path (Outlook > Settings/Preferences > Accounts), Override default port, More Options, Authentication, Use Incoming Server Info and the − and + buttons; ' +
      'no source shows Outlook for Mac in another language.',
    unverified: ['settings', 'preferences', 'accounts', 'override_port', 'more_options', 'authentication', 'use_incoming_info', 'remove_account', 'add_account'],
  },
  {
    incoming_server: { sides: { incoming: side(macPane, say('set', { field: label('incoming_server'), value: VALUE })) } },
    outgoing_server: { sides: { outgoing: side(macPane, say('set', { field: label('outgoing_server'), value: VALUE })) } },
    port: {
      sides: {
        incoming: side(macPane, say('set_next_to', { field: label('incoming_server'), value: VALUE })),
        outgoing: side(macPane, say('tick', { option: label('override_port') }), say('set_next_to', { field: label('outgoing_server'), value: VALUE })),
      },
    },
    security: underEachServer(macPane, (section) => [say('in_section', { section }), macSsl]),
    user_name: { sides: { incoming: side(macPane, say('set', { field: label('user_name'), value: VALUE })), outgoing: side(macPane, say('open_more', { button: label('more_options') }), say('set', { field: label('user_name'), value: VALUE })) } },
    auth_method: { sides: { outgoing: side(macPane, say('open_more', { button: label('more_options') }), say('choose_in', { field: label('authentication'), option: label('use_incoming_info') })) } },
    app_password: { sides: { incoming: side(macPane, say('app_password', { field: label('password') })), outgoing: side(macPane, say('app_password', { field: label('password') })) } },
    oauth_sign_in: {
      sides: {
        incoming: side(screen('account_list', macOpen.slice(0, 1), []), say('readd', { remove: label('remove_account'), add: label('add_account') })),
        outgoing: side(screen('account_list', macOpen.slice(0, 1), []), say('readd', { remove: label('remove_account'), add: label('add_account') })),
      },
    },
  },
);

/** Outlook for iOS and Android keeps no editable IMAP settings: the account is added again. */
const mobileOpen = [
  say('go', { path: path('settings', 'mail_accounts') }),
  say('remove_and_add', { manage: label('account'), remove: label('delete_account'), add: label('add_mail_account') }),
  say('advanced_setup', { option: label('setup_manually') }),
];
const mobileForm = screen('readd_form', mobileOpen, [say('save', { button: label('sign_in') })]);

const MOBILE: AppStepsEntry[] = entriesOf(
  'outlook_mobile',
  {
    versions: { list: 'ios_android' },
    source: 'https://support.microsoft.com/en-us/office/set-up-email-in-the-outlook-for-android-app-886db551-8dfa-4fd5-b835-f8e532091872',
    labelSources: { en: 'https://euronic.help/en/articles/4418297-changing-the-email-servers-outlook' },
    sourceNote:
      "Microsoft's page was not opened. Euronic's help (Outlook on Android) shows that the app cannot edit server settings, so the account is removed (Remove Account) and added again. " +
      'Every other label is unchecked, in every language.',
    unverified: ['settings', 'mail_accounts', 'account', 'add_mail_account', 'setup_manually', 'imap_hostname', 'smtp_hostname', 'imap_username', 'smtp_username', 'imap_password', 'smtp_password', 'sign_in'],
  },
  {
    incoming_server: { sides: { incoming: side(mobileForm, say('set', { field: label('imap_hostname'), value: VALUE })) } },
    outgoing_server: { sides: { outgoing: side(mobileForm, say('set', { field: label('smtp_hostname'), value: VALUE })) } },
    port: {
      sides: {
        incoming: side(mobileForm, say('host_with_port', { field: label('imap_hostname'), value: VALUE })),
        outgoing: side(mobileForm, say('host_with_port', { field: label('smtp_hostname'), value: VALUE })),
      },
    },
    user_name: { sides: { incoming: side(mobileForm, say('set', { field: label('imap_username'), value: VALUE })), outgoing: side(mobileForm, say('set', { field: label('smtp_username'), value: VALUE })) } },
    app_password: { sides: { incoming: side(mobileForm, say('app_password', { field: label('imap_password') })), outgoing: side(mobileForm, say('app_password', { field: label('smtp_password') })) } },
    oauth_sign_in: {
      sides: {
        incoming: side(screen('account_list', mobileOpen.slice(0, 1), []), say('readd', { remove: label('delete_account'), add: label('add_mail_account') })),
        outgoing: side(screen('account_list', mobileOpen.slice(0, 1), []), say('readd', { remove: label('delete_account'), add: label('add_mail_account') })),
      },
    },
  },
);

export const OUTLOOK_OTHER: AppStepsEntry[] = [...MAC, ...MOBILE];
