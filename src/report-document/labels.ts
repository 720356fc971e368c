import type { CheckStatus, Severity } from '../diagnosis/report';
import { displayHost } from '../settings/host-names';
import type { Translate } from '../i18n/translator';
import type { Protocol, Security, ServerSettings, Target } from '../settings/server-settings';

/*
 * Literal keys, not keys built from values, so the locale check can see every one is used.
 */

const SEVERITY: Readonly<Record<Severity, string>> = {
  error: 'report:severity.error',
  warning: 'report:severity.warning',
  info: 'report:severity.info',
};

const STATUS: Readonly<Record<CheckStatus, string>> = {
  pass: 'report:status.pass',
  fail: 'report:status.fail',
  warn: 'report:status.warn',
  skip: 'report:status.skip',
  untestable: 'report:status.untestable',
};

export const STATUS_SYMBOL: Readonly<Record<CheckStatus, string>> = { pass: '✓', fail: '✗', warn: '!', skip: '–', untestable: '?' };

const TARGET: Readonly<Record<Target | 'account', string>> = {
  incoming: 'report:target.incoming',
  outgoing: 'report:target.outgoing',
  account: 'report:target.account',
};

const SECURITY: Readonly<Record<Security, string>> = {
  tls: 'conversation:security.tls',
  starttls: 'conversation:security.starttls',
  none: 'conversation:security.none',
};

/** The engine's check names (src/diagnosis). A name not listed here is shown as it is. */
const CHECK: Readonly<Record<string, string>> = {
  dns: 'report:check.dns',
  dns_propagation: 'report:check.dns_propagation',
  tcp: 'report:check.tcp',
  tls: 'report:check.tls',
  tls_versions: 'report:check.tls_versions',
  greeting: 'report:check.greeting',
  capabilities: 'report:check.capabilities',
  starttls: 'report:check.starttls',
  login: 'report:check.login',
  dnsbl: 'report:check.dnsbl',
  alternatives: 'report:check.alternatives',
  published_port: 'report:check.published_port',
  connection_limit: 'report:check.connection_limit',
  login_wait: 'report:check.login_wait',
  // Progress only: a step that has had no answer for about a second (src/diagnosis/waiting.ts).
  connect_wait: 'waiting:connect',
  tls_wait: 'waiting:tls',
  greeting_wait: 'waiting:greeting',
  capabilities_wait: 'waiting:capabilities',
  starttls_wait: 'waiting:starttls',
  dns_authoritative_address: 'report:check.dns_authoritative_address',
};

const PROTOCOL_NAMES: Readonly<Record<Protocol, string>> = { imap: 'IMAP', pop3: 'POP3', smtp: 'SMTP' };

export function severityLabel(t: Translate, severity: Severity): string {
  return t(SEVERITY[severity]);
}

export function statusLabel(t: Translate, status: CheckStatus): string {
  return t(STATUS[status]);
}

export function targetLabel(t: Translate, target: Target | 'account'): string {
  return t(TARGET[target]);
}

export function securityLabel(t: Translate, security: Security): string {
  return t(SECURITY[security]);
}

export function checkLabel(t: Translate, name: string): string {
  const key = CHECK[name];
  return key ? t(key) : name;
}

/** "IMAP imap.acme.com, port 993, SSL/TLS", the same words the conversation uses. */
export function settingsLabel(t: Translate, settings: ServerSettings): string {
  return t('conversation:settings.line', {
    protocol: PROTOCOL_NAMES[settings.protocol],
    host: displayHost(settings.host),
    port: settings.port,
    security: securityLabel(t, settings.security),
  });
}

/**
 * A cause's title from the lead's causes namespace; the id itself if a language lacks it. A
 * finding whose facts name a `subject` (`email_domain`: the domain of the address, not a server
 * name) reads the title and explanation of that subject when the language has them.
 */
export function causeTitle(t: Translate, cause: string, facts?: Record<string, string | number>): string {
  return t(`causes:${cause}.title`, { context: subjectOf(facts), defaultValue: cause });
}

export function causeExplanation(t: Translate, cause: string, facts: Record<string, string | number>): string {
  return t(`causes:${cause}.explanation`, { ...facts, context: subjectOf(facts), defaultValue: '' });
}

function subjectOf(facts: Record<string, string | number> | undefined): string | undefined {
  return typeof facts?.subject === 'string' ? facts.subject : undefined;
}
