import { isIP } from 'node:net';
import { diagnoseOptionsFromEnv } from '../config/environment';
import type { DiagnoseOptions } from '../diagnosis/diagnose-request';
import { LANGUAGES, matchLanguage } from '../i18n/translator';
import { InvalidInputError } from '../settings/invalid-input';
import { parseEmail, parseSecurity, parseServerUrl } from '../settings/parse-settings';
import type { AccountSettings } from '../settings/server-settings';
import { TargetPolicy } from '../policy/target-policy';
import { parseFlags } from './parse-flags';

/** `mailhelp diagnose` flags, parsed and validated; the password is read separately. */
export interface DiagnoseArgs {
  settings: AccountSettings;
  user?: string;
  password: { from: 'env'; name: string } | { from: 'stdin' } | { from: 'none' };
  options: DiagnoseOptions;
  language: string;
  json: boolean;
  /** Only an email address was given: the settings come from discovery. */
  discover: boolean;
  /** `--oauth`: test the login by signing in with the account's identity provider (device code). */
  oauth: boolean;
}

const FLAGS = {
  incoming: { type: 'string' },
  'incoming-security': { type: 'string' },
  outgoing: { type: 'string' },
  'outgoing-security': { type: 'string' },
  user: { type: 'string' },
  'password-env': { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'dns-server': { type: 'string', multiple: true },
  dnsbl: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'login-timeout': { type: 'string' },
  'allow-net': { type: 'string', multiple: true },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  oauth: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseDiagnoseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): DiagnoseArgs | 'help' {
  const { values, positionals } = parseFlags(argv, FLAGS, 'diagnose');
  if (values.help) return 'help';
  if (positionals.length > 1) throw new InvalidInputError('cli:invalid.unexpected_argument', { argument: positionals[1]!.slice(0, 40), command: 'diagnose' });

  const email = positionals[0] !== undefined ? parseEmail(positionals[0]) : undefined;
  const settings: AccountSettings = {
    ...(email ? { email } : {}),
    ...(values.incoming
      ? { incoming: parseServerUrl(withScheme(values.incoming, 'incoming'), ['imap', 'pop3'], optionalSecurity(values['incoming-security'])) }
      : {}),
    ...(values.outgoing
      ? { outgoing: parseServerUrl(withScheme(values.outgoing, 'outgoing'), ['smtp'], optionalSecurity(values['outgoing-security'])) }
      : {}),
  };
  const discover = !settings.incoming && !settings.outgoing;
  if (discover && !email) throw new InvalidInputError('cli:invalid.nothing_to_check');

  if (values['password-env'] && values['password-stdin']) throw new InvalidInputError('cli:invalid.password_twice');
  const password: DiagnoseArgs['password'] = values['password-env']
    ? { from: 'env', name: values['password-env'] }
    : values['password-stdin']
      ? { from: 'stdin' }
      : { from: 'none' };
  const user = values.user ?? email;
  if ((password.from !== 'none' || values.oauth) && !user) throw new InvalidInputError('cli:invalid.password_without_user');

  const fromEnv = diagnoseOptionsFromEnv(env);
  const options: DiagnoseOptions = {
    ...fromEnv,
    ...(values.timeout !== undefined ? { timeoutMs: parseTimeout(values.timeout) } : {}),
    ...(values['login-timeout'] !== undefined ? { loginTimeoutMs: parseTimeout(values['login-timeout']) } : {}),
    ...(values['dns-server'] ? { dnsServers: values['dns-server'].map(parseDnsServer) } : {}),
    ...(values.dnsbl ? { dnsblZones: values.dnsbl } : {}),
    ...(values['allow-net'] ? { allowNets: values['allow-net'] } : {}),
  };
  new TargetPolicy(options); // throws InvalidNetworkError for a bad CIDR

  const requested = values.lang ?? env.MAILHELP_LANG ?? 'en';
  const language = matchLanguage(requested);
  if (!language) throw new InvalidInputError('cli:invalid.language', { lang: requested, languages: LANGUAGES.join(', ') });
  return { settings, ...(user ? { user } : {}), password, options, language, json: !!values.json, discover, oauth: !!values.oauth };
}

/** The protocol each usual incoming port speaks, for a server given as HOST:PORT. */
const INCOMING_PROTOCOL_BY_PORT: Readonly<Record<string, string>> = { '993': 'imap', '143': 'imap', '995': 'pop3', '110': 'pop3' };

/**
 * `imap.acme.test:993` is what people copy from their mail app: the port says the protocol
 * (outgoing is always SMTP). A port that says nothing is an error showing the form to use.
 */
export function withScheme(value: string, target: 'incoming' | 'outgoing'): string {
  const trimmed = value.trim();
  if (trimmed.includes('://')) return trimmed;
  if (target === 'outgoing') return `smtp://${trimmed}`;
  const port = /:(\d+)$/u.exec(trimmed)?.[1];
  const protocol = port ? INCOMING_PROTOCOL_BY_PORT[port] : undefined;
  if (!protocol) throw new InvalidInputError('cli:invalid.incoming_scheme', { server: trimmed.slice(0, 80) });
  return `${protocol}://${trimmed}`;
}

function optionalSecurity(value: string | undefined) {
  return value === undefined ? undefined : parseSecurity(value);
}

export function parseTimeout(value: string): number {
  const timeout = Number(value);
  if (!Number.isInteger(timeout) || timeout < 100 || timeout > 120_000) {
    throw new InvalidInputError('cli:invalid.timeout', { timeout: value.slice(0, 20) });
  }
  return timeout;
}

/** `IP`, `IP:PORT`, `[IPv6]:PORT`: the forms Node's resolver takes. */
export function parseDnsServer(value: string): string {
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(value) ?? /^([^:]+)(?::(\d+))?$/.exec(value);
  const address = match?.[1] ?? value;
  const port = match?.[2] ? Number(match[2]) : 53;
  if (!isIP(address) || port < 1 || port > 65535) throw new InvalidInputError('cli:invalid.dns_server', { server: value.slice(0, 60) });
  return value;
}
