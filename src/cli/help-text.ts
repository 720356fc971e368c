import { labelled } from '../i18n/labelled';
import type { Translate } from '../i18n/translator';

/**
 * `mailhelp --help`, `mailhelp diagnose --help`, `mailhelp discover --help`. The option names
 * are the parser's own (test/cli/help.test.ts checks every flag is listed); the words next to
 * them come from locales/<lang>/help.json. Keys are literal so the locale test sees each used.
 */

type Row = readonly [name: string, key: string];

const COMMANDS: readonly Row[] = [
  ['start', 'help:command.start'],
  ['diagnose [EMAIL] [OPTIONS]', 'help:command.diagnose'],
  ['discover EMAIL [OPTIONS]', 'help:command.discover'],
  ['help [COMMAND]', 'help:command.help'],
];

/** Shared by diagnose and discover. */
const NETWORK_OPTIONS: readonly Row[] = [
  ['--dns-server IP[:PORT]', 'help:option.dns_server'],
  ['--timeout MS', 'help:option.timeout'],
  ['--allow-net CIDR', 'help:option.allow_net'],
  ['--lang CODE', 'help:option.lang'],
  ['--json', 'help:option.json'],
  ['-h, --help', 'help:option.help'],
];

export const DIAGNOSE_OPTIONS: readonly Row[] = [
  ['--incoming URL', 'help:option.incoming'],
  ['--incoming-security MODE', 'help:option.incoming_security'],
  ['--outgoing URL', 'help:option.outgoing'],
  ['--outgoing-security MODE', 'help:option.outgoing_security'],
  ['--user NAME', 'help:option.user'],
  ['--password-env VAR', 'help:option.password_env'],
  ['--password-stdin', 'help:option.password_stdin'],
  ['--oauth', 'oauth:cli.option_oauth'],
  ['--dnsbl ZONE', 'help:option.dnsbl'],
  ...NETWORK_OPTIONS,
];

export const DISCOVER_OPTIONS: readonly Row[] = NETWORK_OPTIONS;

const ENVIRONMENT: readonly Row[] = [
  ['MAILHELP_LANG', 'help:env.lang'],
  ['MAILHELP_DNS_SERVERS', 'help:env.dns_servers'],
  ['MAILHELP_DNSBL_ZONES', 'help:env.dnsbl_zones'],
  ['MAILHELP_ALLOW_NETS', 'help:env.allow_nets'],
  ['MAILHELP_ALLOW_PORTS', 'help:env.allow_ports'],
  ['MAILHELP_TIMEOUT_MS', 'help:env.timeout'],
  ['MAILHELP_MAX_CONNECTIONS', 'help:env.max_connections'],
  ['MAILHELP_VANTAGE', 'help:env.vantage'],
  ['NODE_EXTRA_CA_CERTS', 'help:env.extra_ca'],
  ['LOG_LEVEL', 'help:env.log_level'],
];

const CHAT_ENVIRONMENT: readonly Row[] = [
  ['SLACK_BOT_TOKEN, SLACK_APP_TOKEN', 'help:env.slack'],
  ['SLACK_SIGNING_SECRET, PORT', 'help:env.slack_http'],
  ['DISCORD_TOKEN', 'help:env.discord'],
  ['MAILHELP_PUBLIC_URL', 'help:env.public_url'],
  ['MAILHELP_CONVERSATION', 'chat:env.conversation'],
  ['MAILHELP_LIMIT_USER, MAILHELP_LIMIT_WORKSPACE', 'help:env.limits'],
  ['MAILHELP_MAX_CONCURRENT', 'help:env.max_concurrent'],
  ['MAILHELP_SHUTDOWN_GRACE_MS', 'help:env.shutdown_grace'],
];

const EXIT_CODES: readonly Row[] = [
  ['0', 'help:exit.ok'],
  ['1', 'help:exit.problem'],
  ['2', 'help:exit.bad_input'],
];

export type HelpTopic = 'main' | 'diagnose' | 'discover' | 'start';

export const HELP_TOPICS: readonly HelpTopic[] = ['main', 'diagnose', 'discover', 'start'];

export function helpText(topic: HelpTopic, t: Translate): string {
  switch (topic) {
    case 'main':
      return [
        t('help:intro'),
        section(t, t('help:title.usage'), ['mailhelp COMMAND [OPTIONS]']),
        table(t('help:title.commands'), COMMANDS, t),
        t('help:more', { command: 'mailhelp COMMAND --help' }),
        section(t, t('help:title.example'), ['mailhelp diagnose alice@example.com', 'mailhelp diagnose --incoming imap.example.com:993 --user alice --password-env MAIL_PASSWORD']),
        table(t('help:title.exit_codes'), EXIT_CODES, t),
        table(t('help:title.environment'), [...ENVIRONMENT, ...CHAT_ENVIRONMENT], t),
      ].join('\n\n');
    case 'diagnose':
      return [
        t('help:diagnose.summary'),
        section(t, t('help:title.usage'), ['mailhelp diagnose [EMAIL] [--incoming URL] [--outgoing URL] [OPTIONS]']),
        t('help:diagnose.details'),
        table(t('help:title.options'), DIAGNOSE_OPTIONS, t),
        section(t, t('help:title.example'), [
          'mailhelp diagnose alice@example.com',
          'MAIL_PASSWORD=… mailhelp diagnose alice@example.com --incoming imap://imap.example.com:143 \\',
          '  --incoming-security starttls --outgoing smtp.example.com:587 --password-env MAIL_PASSWORD --json',
        ]),
        table(t('help:title.exit_codes'), EXIT_CODES, t),
        table(t('help:title.environment'), ENVIRONMENT, t),
      ].join('\n\n');
    case 'discover':
      return [
        t('help:discover.summary'),
        section(t, t('help:title.usage'), ['mailhelp discover EMAIL [OPTIONS]']),
        table(t('help:title.options'), DISCOVER_OPTIONS, t),
        section(t, t('help:title.example'), ['mailhelp discover alice@example.com --json']),
        table(t('help:title.exit_codes'), [['0', 'help:exit.found'], ['1', 'help:exit.not_found'], ['2', 'help:exit.bad_input']], t),
        table(t('help:title.environment'), ENVIRONMENT, t),
      ].join('\n\n');
    case 'start':
      return [
        t('help:start.summary'),
        section(t, t('help:title.usage'), ['mailhelp start', 'npm start']),
        t('help:start.details'),
        table(t('help:title.environment'), [...CHAT_ENVIRONMENT, ...ENVIRONMENT], t),
      ].join('\n\n');
  }
}

function section(t: Translate, title: string, lines: readonly string[]): string {
  return [labelled(t, title), ...lines.map((line) => `  ${line}`)].join('\n');
}

/** Names in one column, their meaning after them; a name too long for the column gets its own line. */
function table(title: string, rows: readonly Row[], t: Translate): string {
  const width = 28;
  const lines = rows.map(([name, key]) => (name.length < width ? `${name.padEnd(width)}${t(key)}` : `${name}\n  ${' '.repeat(width)}${t(key)}`));
  return section(t, title, lines);
}

/** The language help and errors are written in: `--lang CODE` when given, else MAILHELP_LANG. */
export function languageOf(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const at = argv.indexOf('--lang');
  const inline = argv.find((arg) => arg.startsWith('--lang='))?.slice('--lang='.length);
  return (at >= 0 ? argv[at + 1] : inline) ?? env.MAILHELP_LANG;
}

/** The commands alone, under an unknown command's error. */
export function commandList(t: Translate): string {
  return table(t('help:title.commands'), COMMANDS, t);
}
