import { isIP } from 'node:net';
import { asciiHost } from '../../settings/host-names';
import type { Protocol, Security } from '../../settings/server-settings';
import { normalizeReply } from './normalize';

/** What a typed server answer said; missing parts are filled in by `completeServer`. */
export interface ServerSpec {
  protocol?: Protocol;
  host?: string;
  port?: number;
  security?: Security;
}

export type ServerProblem =
  | { code: 'empty' }
  | { code: 'bad_port'; token: string }
  | { code: 'unknown_word'; token: string }
  | { code: 'two_hosts' }
  | { code: 'two_ports' }
  | { code: 'email_given' };

export type ServerParse = { ok: true; spec: ServerSpec } | { ok: false; problem: ServerProblem };

/** Phrases of several words that mean one thing, joined before the reply is split. */
const PHRASES: readonly [RegExp, string][] = [
  [/\bstart[\s-]+tls\b/gu, 'starttls'],
  [/\bssl\s*\/\s*tls\b|\btls\s*\/\s*ssl\b|\bssl-tls\b/gu, 'ssl/tls'],
  [/\b(?:no|without|kein|keine|ohne|sin|sans|aucun|aucune|sem|nenhuma)\s+(?:encryption|ssl|tls|verschlüsselung|cifrado|chiffrement|criptografia|cifra)\b/gu, 'none'],
  [/暗号化なし|暗号化しない/gu, 'none'],
];

const SECURITY_WORDS: Readonly<Record<string, Security>> = {
  ssl: 'tls', tls: 'tls', 'ssl/tls': 'tls', implicit: 'tls', 'implicit-tls': 'tls',
  starttls: 'starttls', explicit: 'starttls', 'explicit-tls': 'starttls',
  none: 'none', plain: 'none', plaintext: 'none', unencrypted: 'none', insecure: 'none', off: 'none',
  keine: 'none', unverschlüsselt: 'none', ninguna: 'none', ninguno: 'none', aucun: 'none', aucune: 'none',
  nenhuma: 'none', nenhum: 'none', なし: 'none',
};

const PROTOCOL_WORDS: Readonly<Record<string, { protocol: Protocol; security?: Security }>> = {
  imap: { protocol: 'imap' }, imap4: { protocol: 'imap' }, imaps: { protocol: 'imap', security: 'tls' },
  pop: { protocol: 'pop3' }, pop3: { protocol: 'pop3' }, pop3s: { protocol: 'pop3', security: 'tls' }, pops: { protocol: 'pop3', security: 'tls' },
  smtp: { protocol: 'smtp' }, smtps: { protocol: 'smtp', security: 'tls' }, submission: { protocol: 'smtp', security: 'starttls' },
  submissions: { protocol: 'smtp', security: 'tls' },
};

/** A word's entry in one of the tables above: own keys only, so `__proto__` or `constructor` find nothing. */
function lookup<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}

/** Words people put around the values ("imap.acme.com port 993 with ssl") that carry nothing. */
const FILLER = new Set([
  'port', 'ports', 'porta', 'puerto', 'ポート', 'server', 'servidor', 'serveur', 'host', 'hostname', 'mail',
  'on', 'at', 'with', 'and', 'using', 'security', 'encryption', 'mit', 'und', 'auf', 'con', 'y', 'en', 'avec',
  'et', 'sur', 'com', 'e', 'em', 'sécurité', 'verschlüsselung', 'sicherheit', 'cifrado', 'seguridad',
  'chiffrement', 'criptografia', 'segurança', 'incoming', 'outgoing', 'eingehend', 'ausgehend', 'entrante',
  'saliente', 'entrant', 'sortant', 'entrada', 'saída', '受信', '送信', 'サーバー', 'で', 'と', '-', '/',
]);

const HOST_LABEL = /^(?!-)[\p{L}\p{N}_-]{1,63}(?<!-)$/u;

export function isHostName(candidate: string): boolean {
  if (isIP(candidate) !== 0) return true;
  if (candidate === 'localhost') return true;
  const labels = candidate.split('.');
  if (candidate.length > 253 || labels.length < 2) return false;
  // "999.1.1.1" is neither an address nor a name: a real top-level domain is never all digits.
  if (/^\d+$/u.test(labels[labels.length - 1] ?? '')) return false;
  return labels.every((label) => HOST_LABEL.test(label));
}

/**
 * Reads a typed server answer such as `imap.acme.com 993 ssl`, `smtp.acme.com:587 starttls`,
 * `imaps://mail.acme.com`, `993` or `port 143 starttls`, in any order and in any of our languages.
 * It keeps what the user wrote, even when it is a wrong combination: that is what is tested.
 */
export function parseServerSpec(raw: string): ServerParse {
  let normalized = normalizeReply(raw);
  for (const [pattern, replacement] of PHRASES) normalized = normalized.replace(pattern, replacement);
  const tokens = normalized.split(/[\s,;]+/u).filter((t) => t !== '');
  if (tokens.length === 0) return { ok: false, problem: { code: 'empty' } };
  const spec: ServerSpec = {};
  for (const rawToken of tokens) {
    const problem = readToken(rawToken, spec);
    if (problem) return { ok: false, problem };
  }
  if (spec.host === undefined && spec.port === undefined && spec.protocol === undefined && spec.security === undefined) {
    return { ok: false, problem: { code: 'empty' } };
  }
  return { ok: true, spec };
}

function readToken(rawToken: string, spec: ServerSpec): ServerProblem | undefined {
  let token = rawToken.replace(/^\(+|\)+$/gu, '').replace(/[:=]$/u, '');
  const scheme = /^([a-z0-9]+):\/\/(.*)$/u.exec(token);
  if (scheme) {
    const known = lookup(PROTOCOL_WORDS, scheme[1] ?? '');
    if (!known) return { code: 'unknown_word', token: rawToken };
    spec.protocol = known.protocol;
    if (known.security) spec.security = known.security;
    token = (scheme[2] ?? '').replace(/\/+$/u, '');
    if (token === '') return undefined;
    return readHostAndPort(token, spec, rawToken);
  }
  if (token === '' || FILLER.has(token)) return undefined;
  if (/^\d+$/u.test(token)) return setPort(token, spec, rawToken);
  const security = lookup(SECURITY_WORDS, token);
  if (security) {
    spec.security = security;
    return undefined;
  }
  const protocol = lookup(PROTOCOL_WORDS, token);
  if (protocol) {
    spec.protocol = protocol.protocol;
    if (protocol.security && !spec.security) spec.security = protocol.security;
    return undefined;
  }
  if (token.includes('@')) return { code: 'email_given' };
  return readHostAndPort(token, spec, rawToken);
}

function readHostAndPort(token: string, spec: ServerSpec, rawToken: string): ServerProblem | undefined {
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/u.exec(token);
  if (bracketed) return setHost(bracketed[1] ?? '', spec, bracketed[2], rawToken);
  const withPort = /^([^:]+):(\d*)$/u.exec(token);
  if (withPort) return setHost(withPort[1] ?? '', spec, withPort[2] || undefined, rawToken);
  return setHost(token, spec, undefined, rawToken);
}

function setHost(host: string, spec: ServerSpec, port: string | undefined, rawToken: string): ServerProblem | undefined {
  const typed = host.replace(/\.$/u, '');
  if (!isHostName(typed)) return { code: 'unknown_word', token: rawToken };
  // The spelling the CLI and every comparison use: punycode for an IDN (settings/host-names).
  const cleaned = isIP(typed) ? typed : asciiHost(typed);
  if (!cleaned) return { code: 'unknown_word', token: rawToken };
  if (spec.host !== undefined && spec.host !== cleaned) return { code: 'two_hosts' };
  spec.host = cleaned;
  return port === undefined ? undefined : setPort(port, spec, rawToken);
}

function setPort(digits: string, spec: ServerSpec, rawToken: string): ServerProblem | undefined {
  const port = Number(digits);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { code: 'bad_port', token: rawToken };
  if (spec.port !== undefined && spec.port !== port) return { code: 'two_ports' };
  spec.port = port;
  return undefined;
}
