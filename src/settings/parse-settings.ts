import { isIP } from 'node:net';
import { asciiHost } from './host-names';
import { InvalidInputError } from './invalid-input';
import { portFor, securityForPort, type Protocol, type Security, type ServerSettings } from './server-settings';

const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

export const PROTOCOLS: readonly Protocol[] = ['imap', 'pop3', 'smtp'];

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Control characters are refused before any parsing: the URL parser would silently drop a CR
 * or LF (`imap://good.example\r\n:143`) and an echo would carry it into a terminal or a log.
 * The echo shows them escaped.
 */
function refuseControlCharacters(input: string): void {
  if (!CONTROL.test(input)) return;
  const shown = input.slice(0, 80).replace(/[\u0000-\u001f\u007f-\u009f\\]/g, (c) => (c === '\\' ? '\\\\' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  throw new InvalidInputError('harden:input.control_characters', { text: shown }, `control characters are not allowed: ${shown}`);
}

/**
 * A host name (RFC 1123 labels) or an IP literal; returns it lower-cased, an IDN as punycode
 * (`bücher.de` and `xn--bcher-kva.de` are the same server on every surface: ./host-names).
 */
export function parseHost(input: string): string {
  refuseControlCharacters(input.trim());
  const typed = input.trim().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
  if (!typed) throw new InvalidInputError('cli:invalid.host_empty', {}, 'the server name is empty');
  if (isIP(typed)) return typed;
  // UTS #46 (Node's URL host rules): '' for a name no domain can have, such as a broken xn-- label.
  const host = asciiHost(typed);
  if (!host) throw new InvalidInputError('cli:invalid.host', { host: input.trim().slice(0, 80) }, `not a valid server name: ${input.trim().slice(0, 80)}`);
  if (host.length > MAX_HOST_LENGTH) {
    throw new InvalidInputError('cli:invalid.host_too_long', { length: host.length, max: MAX_HOST_LENGTH }, `server name is ${host.length} characters long (at most ${MAX_HOST_LENGTH})`);
  }
  const bad = host.split('.').find((label) => label.length > MAX_LABEL_LENGTH || !LABEL.test(label));
  if (bad !== undefined) {
    throw new InvalidInputError('cli:invalid.host', { host: input.trim().slice(0, 80) }, `not a valid server name: ${input.trim().slice(0, 80)}`);
  }
  return host;
}

export function parsePort(input: string | number): number {
  const text = String(input).trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidInputError('cli:invalid.port', { port: text.slice(0, 20) }, `port must be a number from 1 to 65535, not ${text.slice(0, 20)}`);
  }
  return port;
}

export function parseSecurity(input: string): Security {
  const value = input.trim().toLowerCase();
  const aliases: Record<string, Security> = { ssl: 'tls', 'ssl/tls': 'tls', tls: 'tls', starttls: 'starttls', none: 'none', plain: 'none' };
  // Own keys only: `__proto__` or `constructor` must not find Object.prototype's members.
  const security = Object.hasOwn(aliases, value) ? aliases[value] : undefined;
  if (!security) throw new InvalidInputError('cli:invalid.security', { security: input.slice(0, 20) }, `security must be tls, starttls or none, not ${input.slice(0, 20)}`);
  return security;
}

export function parseEmail(input: string): string {
  const email = input.trim();
  refuseControlCharacters(email);
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1 || email.length > 254 || /\s/.test(email)) {
    throw new InvalidInputError('cli:invalid.email', { email: email.slice(0, 80) }, `not an email address: ${email.slice(0, 80)}`);
  }
  parseHost(email.slice(at + 1));
  return email;
}

/**
 * `imap://host[:port]`, `pop3://...`, `smtp://...`: a server URL without path, user or query.
 * `security` defaults from the port (securityForPort), or to implicit TLS when no port is given.
 */
export function parseServerUrl(input: string, allowed: readonly Protocol[], security?: Security): ServerSettings {
  refuseControlCharacters(input.trim());
  const typedPort = /^[a-z0-9]+:\/\/[^/]*:([^/:\]]*)$/i.exec(input.trim())?.[1];
  if (typedPort !== undefined) parsePort(typedPort); // says "port" rather than "not a URL"
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new InvalidInputError('cli:invalid.url', { url: input.slice(0, 80) }, `not a server URL like imap://imap.example.com:993: ${input.slice(0, 80)}`);
  }
  const protocol = url.protocol.replace(/:$/, '').replace(/^pop$/, 'pop3') as Protocol;
  if (!allowed.includes(protocol)) {
    throw new InvalidInputError('cli:invalid.protocol', { protocol, allowed: allowed.join(', ') }, `protocol must be ${allowed.join(' or ')}, not ${protocol}`);
  }
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash || url.username || url.password) {
    throw new InvalidInputError('cli:invalid.url_extra', { url: input.slice(0, 80) }, `a server URL has no path, query or user: ${input.slice(0, 80)}`);
  }
  const host = parseHost(url.hostname);
  const explicitPort = url.port ? parsePort(url.port) : undefined;
  const chosen = security ?? (explicitPort ? securityForPort(protocol, explicitPort) : 'tls');
  return { protocol, host, port: explicitPort ?? portFor(protocol, chosen), security: chosen };
}
