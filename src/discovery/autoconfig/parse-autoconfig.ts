import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InvalidInputError } from '../../settings/invalid-input';
import { parseHost, parsePort } from '../../settings/parse-settings';
import type { Protocol, Security, ServerSettings } from '../../settings/server-settings';
import type { CandidateCaveat } from '../discovery-result';
import type { EmailParts } from '../source-context';

/**
 * Thunderbird autoconfig documents (clientConfig version 1.1, the format of the ISPDB and of
 * autoconfig.<domain>/mail/config-v1.1.xml), read with a real XML parser.
 */
export interface AutoconfigServer {
  settings: ServerSettings;
  username?: string;
  caveats?: CandidateCaveat[];
}

export type ParsedAutoconfig =
  | { ok: true; providerName?: string; incoming: AutoconfigServer[]; outgoing: AutoconfigServer[]; skipped: string[] }
  | { ok: false; problem: 'malformed' | 'not_autoconfig'; detail: string };

const SOCKET_TYPES: Readonly<Record<string, Security>> = { ssl: 'tls', tls: 'tls', starttls: 'starttls', plain: 'none' };
const SERVER_TYPES: Readonly<Record<string, Protocol>> = { imap: 'imap', pop3: 'pop3', smtp: 'smtp' };
/** Authentication values that mean "a password works" (everything but OAuth2 and client certificates). */
const PASSWORD_AUTH = new Set(['password-cleartext', 'password-encrypted', 'plain', 'secure', 'ntlm', 'gssapi']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Strings stay strings: ports are checked by parsePort, not coerced.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // DOCTYPE entities are never expanded (no "billion laughs"); the five XML ones are decoded below.
  processEntities: false,
  isArray: (name) => ['emailProvider', 'incomingServer', 'outgoingServer', 'authentication', 'domain'].includes(name),
});

type XmlNode = Record<string, unknown>;

export function parseAutoconfig(xml: string, parts: EmailParts): ParsedAutoconfig {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    // Some errors carry no column; the message may quote a whole tag name (up to the size limit).
    const where = valid.err.col === undefined ? `line ${valid.err.line}` : `line ${valid.err.line}, column ${valid.err.col}`;
    return { ok: false, problem: 'malformed', detail: short(`${where}: ${valid.err.msg}`) };
  }
  let document: XmlNode;
  try {
    document = parser.parse(xml) as XmlNode;
  } catch (error) {
    return { ok: false, problem: 'malformed', detail: short((error as Error).message) };
  }
  const config = asNode(document.clientConfig);
  const provider = asNode(asList(config?.emailProvider)[0]);
  if (!provider) return { ok: false, problem: 'not_autoconfig', detail: 'no <clientConfig><emailProvider> element' };

  const skipped: string[] = [];
  const read = (element: string): AutoconfigServer[] =>
    asList(provider[element]).flatMap((node) => {
      const server = readServer(asNode(node), parts);
      if (typeof server === 'string') {
        skipped.push(server);
        return [];
      }
      return server ? [server] : [];
    });
  const incoming = read('incomingServer').filter((s) => s.settings.protocol !== 'smtp');
  const outgoing = read('outgoingServer').filter((s) => s.settings.protocol === 'smtp');
  const name = text(provider.displayName);
  return { ok: true, ...(name && { providerName: decodeEntities(name) }), incoming, outgoing, skipped };
}

/** A server, undefined for types we do not speak (exchange, ews, jmap), or why it was skipped. */
function readServer(node: XmlNode | undefined, parts: EmailParts): AutoconfigServer | string | undefined {
  if (!node) return 'an empty server element';
  const type = text(node['@_type'])?.toLowerCase() ?? '';
  const protocol = Object.hasOwn(SERVER_TYPES, type) ? SERVER_TYPES[type] : undefined;
  if (!protocol) return undefined;
  const rawHost = fillPlaceholders(text(node.hostname) ?? '', parts);
  const rawSocket = text(node.socketType)?.toLowerCase() ?? '';
  // Own keys only: a type or socketType of `constructor` or `__proto__` must not find Object.prototype's members.
  const security = Object.hasOwn(SOCKET_TYPES, rawSocket) ? SOCKET_TYPES[rawSocket] : undefined;
  if (!security) return `${type} ${rawHost.slice(0, 80)}: unknown socketType "${rawSocket.slice(0, 20)}"`;
  let host: string;
  let port: number;
  try {
    host = parseHost(rawHost);
    port = parsePort(text(node.port) ?? '');
  } catch (error) {
    if (error instanceof InvalidInputError) return `${type} ${rawHost.slice(0, 80)}: ${error.message}`;
    throw error;
  }
  const server: AutoconfigServer = { settings: { protocol, host, port, security } };
  const username = text(node.username);
  if (username) server.username = fillPlaceholders(decodeEntities(username), parts);
  const auth = asList(node.authentication).map((a) => text(a)?.toLowerCase() ?? '');
  if (auth.length > 0 && !auth.some((a) => PASSWORD_AUTH.has(a))) server.caveats = ['oauth_only'];
  return server;
}

/** The placeholders Thunderbird fills (%REALNAME% is the person's name, which we do not have). */
export function fillPlaceholders(value: string, parts: EmailParts): string {
  // Replacement functions, not strings: `$&` or `$'` are legal in a local part and must stay literal.
  return value
    .replace(/%EMAILADDRESS%/g, () => parts.email)
    .replace(/%EMAILLOCALPART%/g, () => parts.localPart)
    .replace(/%EMAILDOMAIN%/g, () => parts.domain);
}

function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return safeCodePoint(parseInt(entity.slice(2), 16), whole);
    if (entity.startsWith('#')) return safeCodePoint(parseInt(entity.slice(1), 10), whole);
    return named[entity.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  // A surrogate code point alone is not a character: it would make the text ill-formed.
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff && !surrogate ? String.fromCodePoint(code) : fallback;
}

/** Why a document is unusable, in a length fit for a log line or a report. */
function short(detail: string, max = 200): string {
  if (detail.length <= max) return detail;
  const last = detail.charCodeAt(max - 2);
  return `${detail.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 2 : max - 1)}…`;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  // <hostname attr="x">name</hostname> parses to { '#text': 'name', '@_attr': 'x' }.
  const node = asNode(value);
  return node ? text(node['#text']) : undefined;
}

function asNode(value: unknown): XmlNode | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : undefined;
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
