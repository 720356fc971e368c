import type { AppStepsEntry } from '../entry';
import { entriesOf, label, say, screen, side, VALUE } from './build';

/**
 * A printer or scanner that sends scans by mail, a website or a script: only SMTP. Devices have
 * a web page with SMTP fields (names vary by maker: the common English ones are shown); scripts
 * get a configuration snippet for nodemailer, PHPMailer and Python smtplib (./snippets).
 */
const device = screen('device_smtp', [say('device_open', {})], [say('save', { button: label('apply') })]);
const SECURITY = { security: { tls: 'ssl_tls', starttls: 'starttls', none: 'none' } } as const;

export const SENDING_DEVICE: AppStepsEntry[] = entriesOf(
  'sending_device',
  {
    versions: { list: 'devices' },
    source: 'https://files.support.epson.com/docid/cpd5/cpd56450/source/printers/source/networking/reference/wf3720_4730/email_server_settings_wf3720_4730.html',
    sourceNote:
      "Field names as one maker's printer shows them (Epson WF-3720/4730 Email Server settings: SMTP Server Address, SMTP Server Port Number, Secure Connection with None, STARTTLS, " +
      'SSL/TLS, Authenticated Account, Authenticated Password); other makers word them differently, as the first step says. The snippets follow nodemailer, PHPMailer and smtplib and ' +
      'are run against a real SMTP server in the tests. Unchecked: the authentication switch and the Apply button.',
    unverified: ['smtp_auth', 'apply'],
  },
  {
    outgoing_server: { sides: { outgoing: side(device, say('set', { field: label('smtp_server'), value: VALUE })) } },
    port: { sides: { outgoing: side(device, say('set', { field: label('smtp_port'), value: VALUE })) } },
    security: { sides: { outgoing: side(device, say('choose_in', { field: label('encryption'), option: SECURITY })) } },
    user_name: { sides: { outgoing: side(device, say('set', { field: label('smtp_user'), value: VALUE })) } },
    auth_method: { sides: { outgoing: side(device, say('turn_on', { option: label('smtp_auth') })) } },
    app_password: { sides: { outgoing: side(device, say('app_password', { field: label('smtp_password') })) } },
    oauth_sign_in: { source: 'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365', sides: { outgoing: side(device, say('device_no_oauth', {})) } },
  },
);
