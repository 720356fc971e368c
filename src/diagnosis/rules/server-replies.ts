import type { Protocol } from '../../settings/server-settings';
import type { CauseId } from '../causes';
import { PROVIDER_REPLY_RULES } from './provider-replies';

/** Where a provider's own fix holds: its mail hosts, or its discovery provider ids. */
export interface FixProvider {
  hosts: RegExp;
  providerIds: readonly string[];
}

/**
 * What a server's refusal means, as data. Each rule names the reply it matches (SMTP reply code,
 * RFC 3463 enhanced code, IMAP `[CODE]` / POP3 `[CODE]`, text), the cause, and where the meaning
 * comes from (an RFC section, or the public report quoted in
 * docs/reply-sources.md). All conditions of a rule must hold. The first
 * matching rule wins, so provider texts and specific codes come before generic codes.
 */
export interface ServerReplyRule {
  id: string;
  protocols: readonly Protocol[];
  /** SMTP reply codes (first three digits), any of. */
  replyCodes?: readonly number[];
  /** RFC 3463 enhanced status codes (`5.7.8`), any of. */
  enhancedCodes?: readonly string[];
  /** IMAP response codes / POP3 extended codes, without brackets (`AUTHENTICATIONFAILED`, `SYS/TEMP`), any of. */
  responseCodes?: readonly string[];
  /** Regex on the whole reply text. */
  text?: RegExp;
  /**
   * The server's host name must match (when the caller knows it): a provider answers a refused
   * password in words any server uses, and only its host says what they mean there.
   */
  hosts?: RegExp;
  cause: CauseId;
  /** A provider's own fix for this reply: the cause's `fix_provider_<id>` and `steps_provider_<id>` texts. */
  fix?: string;
  /**
   * The reply's words are not that provider's alone (any server can say "Basic authentication is
   * disabled"): its `fix` holds only on these hosts or for an account discovery placed with one
   * of these providers (ids); elsewhere the finding names the provider that was detected.
   */
  fixOnlyFor?: FixProvider;
  source: string;
  /** When the reply and its meaning were last checked against the source (provider rules). */
  asOf?: string;
}

import { ALL, IMAP, POP3, SMTP } from './protocol-sets';

export const SERVER_REPLY_RULES: readonly ServerReplyRule[] = [
  // Provider texts first (./provider-replies): they are more specific than the standard codes.
  ...PROVIDER_REPLY_RULES,

  // ── Standard codes with their standard texts ─────────────────────────────────────────────
  {
    id: 'text.password-expired',
    protocols: ALL,
    text: /password (?:has )?expired|password transition|(?:must|need to) change (?:your |the )?password/i,
    cause: 'auth.password_expired',
    source: 'RFC 5530 §3 EXPIRED; RFC 4954 §6 "432 4.7.12 A password transition is needed"',
  },
  {
    id: 'imap.EXPIRED',
    protocols: IMAP,
    responseCodes: ['EXPIRED'],
    cause: 'auth.password_expired',
    source: 'RFC 5530 §3 EXPIRED',
  },
  {
    id: 'smtp.432-4.7.12',
    protocols: SMTP,
    enhancedCodes: ['4.7.12'],
    cause: 'auth.password_expired',
    source: 'RFC 4954 §6 "432 4.7.12 A password transition is needed"',
  },
  {
    id: 'text.plaintext-disabled',
    protocols: ALL,
    text: /must issue a STARTTLS|plaintext authentication (?:disallowed|not allowed|disabled)|encryption required|(?:SSL|TLS|SSL\/TLS) (?:is )?required|requires? (?:SSL|TLS|encryption|a secure connection)/i,
    cause: 'auth.plaintext_disabled',
    source: 'RFC 3207 §4 "530 5.7.0 Must issue a STARTTLS command first"; RFC 4954 §6 "538 5.7.11 Encryption required"; Dovecot "NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections." (docker-mailserver#1026; r-raymond/nixos-mailserver#63)',
  },
  {
    id: 'imap.PRIVACYREQUIRED',
    protocols: IMAP,
    responseCodes: ['PRIVACYREQUIRED'],
    cause: 'auth.plaintext_disabled',
    source: 'RFC 5530 §3 PRIVACYREQUIRED',
  },
  {
    id: 'smtp.5.7.11',
    protocols: SMTP,
    enhancedCodes: ['5.7.11'],
    cause: 'auth.plaintext_disabled',
    source: 'RFC 4954 §6 "538 5.7.11 Encryption required for requested authentication mechanism"',
  },
  {
    id: 'imap.CONTACTADMIN',
    protocols: IMAP,
    responseCodes: ['CONTACTADMIN'],
    cause: 'auth.account_locked',
    source: 'RFC 5530 §3 CONTACTADMIN',
  },
  {
    id: 'smtp.5.7.13',
    protocols: SMTP,
    enhancedCodes: ['5.7.13'],
    cause: 'auth.account_locked',
    source: 'X.7.13 "User Account Disabled" (IANA SMTP enhanced status codes, RFC 5248)',
  },
  {
    id: 'pop3.LOGIN-DELAY',
    protocols: POP3,
    responseCodes: ['LOGIN-DELAY'],
    cause: 'auth.account_locked',
    source: 'RFC 2449 §8.1.2 LOGIN-DELAY (logging in more often than allowed)',
  },
  {
    id: 'text.temporarily-unavailable',
    protocols: ALL,
    text: /temporar(?:il)?y (?:not |un)available|service (?:is )?(?:not available|unavailable)|try again later|temporary (?:authentication )?failure/i,
    cause: 'server.unavailable',
    source: 'RFC 5530 §3 UNAVAILABLE; RFC 4954 §6 "454 4.7.0 Temporary authentication failure"; Yahoo "NO [UNAVAILABLE] … Service is temporarily not available" (mutt-wizard#764) (reply-sources §6.3)',
  },
  {
    id: 'imap.UNAVAILABLE',
    protocols: IMAP,
    responseCodes: ['UNAVAILABLE', 'LIMIT', 'INUSE'],
    cause: 'server.unavailable',
    source: 'RFC 5530 §3 UNAVAILABLE, LIMIT, INUSE',
  },
  {
    id: 'pop3.SYS-TEMP',
    protocols: POP3,
    responseCodes: ['SYS/TEMP', 'IN-USE'],
    cause: 'server.unavailable',
    source: 'RFC 3206 §4 SYS/TEMP; RFC 2449 §8.1.1 IN-USE',
  },
  {
    id: 'smtp.421',
    protocols: SMTP,
    replyCodes: [421],
    cause: 'server.unavailable',
    source: 'RFC 5321 §4.2.2 / §3.8 "421 Service not available, closing transmission channel"',
  },
  {
    id: 'smtp.454-4.7.0',
    protocols: SMTP,
    replyCodes: [454],
    cause: 'server.unavailable',
    source: 'RFC 4954 §6 "454 4.7.0 Temporary authentication failure"',
  },
  {
    id: 'smtp.auth-not-offered',
    protocols: SMTP,
    replyCodes: [500, 502, 503],
    // `.{0,200}`, not `.*`: on a long line of "auth auth auth …" from a hostile server `.*` backtracks quadratically.
    text: /auth(?:entication)?\b.{0,200}(?:not (?:enabled|available|advertised|supported|allowed)|when not advertised)|command not (?:implemented|recognized)|unrecognized command/i,
    cause: 'smtp.auth_not_offered',
    source: 'RFC 4954 §4 (AUTH only when the EHLO lists it); Postfix/smtp-server "503 Error: authentication not enabled"; RFC 5321 §4.2.4 500/502',
  },
  {
    id: 'text.mechanism-unsupported',
    protocols: ALL,
    text: /unrecognized authentication (?:type|mechanism)|(?:authentication )?mechanism (?:is )?(?:not supported|unsupported|too weak|not available)|unsupported (?:authentication|sasl) mechanism|no (?:supported|matching|common) authentication/i,
    cause: 'auth.mechanism_unsupported',
    source: 'RFC 4954 §6 "504 5.5.4 Unrecognized authentication type", "534 5.7.9 Authentication mechanism is too weak"',
  },
  {
    id: 'smtp.504',
    protocols: SMTP,
    replyCodes: [504],
    cause: 'auth.mechanism_unsupported',
    source: 'RFC 4954 §6 "504 5.5.4 Unrecognized authentication type"',
  },
  {
    id: 'smtp.538',
    protocols: SMTP,
    replyCodes: [538],
    cause: 'auth.mechanism_unsupported',
    source: 'RFC 4954 §6 "538 5.7.11 Encryption required for requested authentication mechanism" (a mechanism that needs TLS; the text rule above catches the standard wording)',
  },
  {
    id: 'smtp.534-5.7.9',
    protocols: SMTP,
    replyCodes: [534],
    enhancedCodes: ['5.7.9'],
    cause: 'auth.mechanism_unsupported',
    source: 'RFC 4954 §6 "534 5.7.9 Authentication mechanism is too weak" (Gmail reuses it for app passwords: matched by text first)',
  },

  // ── Generic credential rejections ────────────────────────────────────────────────────────
  {
    id: 'imap.AUTHORIZATIONFAILED',
    protocols: IMAP,
    responseCodes: ['AUTHORIZATIONFAILED'],
    cause: 'auth.invalid_credentials',
    source: 'RFC 5530 §3 AUTHORIZATIONFAILED (credentials fine, but not for the requested identity)',
  },
  {
    id: 'imap.AUTHENTICATIONFAILED',
    protocols: IMAP,
    responseCodes: ['AUTHENTICATIONFAILED'],
    cause: 'auth.invalid_credentials',
    source: 'RFC 5530 §3 AUTHENTICATIONFAILED; Gmail "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)" (MailKit#1276), Yahoo (imapflow#300), iCloud (imapfilter#125), Zoho (Mailspring#1334)',
  },
  {
    id: 'pop3.AUTH',
    protocols: POP3,
    responseCodes: ['AUTH'],
    cause: 'auth.invalid_credentials',
    source: 'RFC 3206 §4 AUTH; Dovecot "-ERR [AUTH] Authentication failed." (docker-mailserver#1631)',
  },
  {
    id: 'smtp.535',
    protocols: SMTP,
    replyCodes: [535],
    cause: 'auth.invalid_credentials',
    source: 'RFC 4954 §6 "535 5.7.8 Authentication credentials invalid"; Gmail "535-5.7.8 Username and Password not accepted" (nodemailer#1656); Microsoft "535 5.7.3" (triplea#12505); Zoho, 163.com "535 … authentication failed"',
  },
  {
    id: 'smtp.5.7.8',
    protocols: SMTP,
    enhancedCodes: ['5.7.8'],
    cause: 'auth.invalid_credentials',
    source: 'RFC 4954 §6 "535 5.7.8 Authentication credentials invalid"',
  },
  {
    id: 'text.invalid-credentials',
    protocols: ALL,
    text: /invalid (?:credentials|login|user(?:name)?|password)|authentication (?:failed|unsuccessful)|incorrect (?:user(?:name)?|password|login)|username and password not accepted|bad (?:credentials|password)|(?:LOGIN|AUTHENTICATE) failed|login fail/i,
    cause: 'auth.invalid_credentials',
    source: 'Fastmail "NO Incorrect username or password." (Mailspring#2217); Microsoft "NO LOGIN failed." (imapsync#368); GMX/web.de "-ERR authentication failed" (jens-maus/yam#638) (reply-sources §6)',
  },

  // ── Session ended by the server ──────────────────────────────────────────────────────────
  {
    id: 'imap.BYE',
    protocols: IMAP,
    text: /(?:^|\n)\* BYE\b/i,
    cause: 'server.unavailable',
    source: 'RFC 9051 §7.1.5 BYE (the server is closing the connection); reply-sources §4.1',
  },
];

export interface ServerReply {
  text: string;
  /** The server's host name, for provider rules that depend on it. */
  host?: string;
  /** SMTP reply code (535), enhanced code ('5.7.8'), or IMAP/POP3 response code ('AUTHENTICATIONFAILED'). */
  code?: number | string;
}

export interface ReplyClassification {
  cause: CauseId;
  ruleId: string;
  source: string;
  /** The provider's own fix (ServerReplyRule.fix), and where it holds (ServerReplyRule.fixOnlyFor). */
  fix?: string;
  fixOnlyFor?: FixProvider;
}

interface ParsedReply {
  text: string;
  host?: string;
  replyCodes: Set<number>;
  enhancedCodes: Set<string>;
  responseCodes: Set<string>;
}

const SMTP_REPLY_CODE = /(?:^|\n|:\s)([2-5]\d\d)(?=[ -]|$)/gm;
const ENHANCED_CODE = /(?:^|[\s(:-])([245]\.\d{1,3}\.\d{1,3})(?=[\s),.;:]|$)/g;
const BRACKET_CODE = /\[([A-Za-z][A-Za-z0-9/-]*)(?=[\s\]])/g;

function parseReply(protocol: Protocol, reply: ServerReply): ParsedReply {
  const parsed: ParsedReply = { text: reply.text, ...(reply.host && { host: reply.host.toLowerCase().replace(/\.$/, '') }), replyCodes: new Set(), enhancedCodes: new Set(), responseCodes: new Set() };
  const { code } = reply;
  if (typeof code === 'number') parsed.replyCodes.add(code);
  else if (typeof code === 'string') {
    if (/^\d{3}$/.test(code)) parsed.replyCodes.add(Number(code));
    else if (/^[245]\.\d{1,3}\.\d{1,3}$/.test(code)) parsed.enhancedCodes.add(code);
    else if (code) parsed.responseCodes.add(code.toUpperCase());
  }
  if (protocol === 'smtp') {
    for (const m of reply.text.matchAll(SMTP_REPLY_CODE)) parsed.replyCodes.add(Number(m[1]));
    for (const m of reply.text.matchAll(ENHANCED_CODE)) if (m[1]) parsed.enhancedCodes.add(m[1]);
  } else {
    for (const m of reply.text.matchAll(BRACKET_CODE)) if (m[1]) parsed.responseCodes.add(m[1].toUpperCase());
  }
  return parsed;
}

function anyOf<T>(wanted: readonly T[] | undefined, have: Set<T>): boolean {
  return wanted === undefined || wanted.some((w) => have.has(w));
}

export function ruleMatches(rule: ServerReplyRule, protocol: Protocol, parsed: ParsedReply): boolean {
  return (
    rule.protocols.includes(protocol) &&
    anyOf(rule.replyCodes, parsed.replyCodes) &&
    anyOf(rule.enhancedCodes, parsed.enhancedCodes) &&
    anyOf(rule.responseCodes, parsed.responseCodes) &&
    (rule.text === undefined || rule.text.test(parsed.text)) &&
    (rule.hosts === undefined || (parsed.host !== undefined && rule.hosts.test(parsed.host)))
  );
}

/** The cause a server's reply names, by the first matching rule; undefined when none matches. */
export function classifyServerReply(protocol: Protocol, reply: ServerReply): ReplyClassification | undefined {
  const parsed = parseReply(protocol, reply);
  for (const rule of SERVER_REPLY_RULES) {
    if (ruleMatches(rule, protocol, parsed)) return { cause: rule.cause, ruleId: rule.id, source: rule.source, ...(rule.fix && { fix: rule.fix }), ...(rule.fixOnlyFor && { fixOnlyFor: rule.fixOnlyFor }) };
  }
  return undefined;
}
