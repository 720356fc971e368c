import type { AppStepsEntry } from '../entry';
import { entriesOf, label, path, say, screen, side, VALUE } from './build';

/** eM Client's "Security policy": implicit TLS is its "special port (legacy)" option, STARTTLS "Force usage of SSL/TLS". */
const SECURITY = { security: { tls: 'ssl_special_port', starttls: 'require_ssl', none: 'no_ssl' } } as const;

const open = (tab: string) => [say('go', { path: path('menu', 'tools', 'accounts') }), say('select_account_tab', { tab: label(tab) })];
const imapTab = screen('imap_tab', open('imap_tab'), [say('save', { button: label('save_close') })]);
const smtpTab = screen('smtp_tab', open('smtp_tab'), [say('save', { button: label('save_close') })]);

/** eM Client 9 and 10 for Windows and macOS. */
export const EM_CLIENT: AppStepsEntry[] = entriesOf(
  'em_client',
  {
    versions: { from: '10' },
    source: 'https://www.emclient.com/webdocumentation/en/10.0/emclient/Content/Accounts/Create%20New%20Account.htm',
    labelSources: { en: 'https://forum.emclient.com/t/consider-renaming-tls-options-in-settings/67229' },
    sourceNote:
      "eM Client's documentation (account fields: Login name, Password, Host, Port, Security policy, Authentication with Use Identity credentials); the Security policy options as an " +
      "eM Client forum thread quotes them from the settings (Use SSL/TLS on special port (legacy), Use SSL/TLS if available, Force usage of SSL/TLS); Menu > Tools > Accounts as " +
      "mailcow's eM Client guide names it. Unchecked: the IMAP and SMTP tab names, the no-encryption option, Save & Close, Remove, Add Account; no source shows eM Client in another language.",
    unverified: ['imap_tab', 'smtp_tab', 'no_ssl', 'save_close', 'remove', 'add_account'],
  },
  {
    incoming_server: { sides: { incoming: side(imapTab, say('set', { field: label('host'), value: VALUE })) } },
    outgoing_server: { sides: { outgoing: side(smtpTab, say('set', { field: label('host'), value: VALUE })) } },
    port: { sides: { incoming: side(imapTab, say('set', { field: label('port'), value: VALUE })), outgoing: side(smtpTab, say('set', { field: label('port'), value: VALUE })) } },
    security: {
      sides: {
        incoming: side(imapTab, say('choose_in', { field: label('security_policy'), option: SECURITY })),
        outgoing: side(smtpTab, say('choose_in', { field: label('security_policy'), option: SECURITY })),
      },
    },
    user_name: { sides: { incoming: side(imapTab, say('set', { field: label('user_name'), value: VALUE })), outgoing: side(smtpTab, say('set', { field: label('user_name'), value: VALUE })) } },
    auth_method: { sides: { outgoing: side(smtpTab, say('choose_in', { field: label('authentication'), option: label('use_identity_credentials') })) } },
    app_password: { sides: { incoming: side(imapTab, say('app_password', { field: label('password') })), outgoing: side(smtpTab, say('app_password', { field: label('password') })) } },
    oauth_sign_in: {
      sides: {
        incoming: side(screen('account_list', [say('go', { path: path('menu', 'tools', 'accounts') })], []), say('readd', { remove: label('remove'), add: label('add_account') })),
        outgoing: side(screen('account_list', [say('go', { path: path('menu', 'tools', 'accounts') })], []), say('readd', { remove: label('remove'), add: label('add_account') })),
      },
    },
  },
);
