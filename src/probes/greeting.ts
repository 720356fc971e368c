import type { Protocol } from '../settings/server-settings';
import { type LineRead, type LineReader, printable } from './line-reader';
import { type ProbeOptions, msSince } from './probe-options';

/**
 * The first thing a server says decides the "port personality" (error taxonomy §2.3): a mail
 * banner, a refusal, a TLS record, garbage, or silence (usually an implicit-TLS port waiting
 * for our ClientHello).
 */
export type GreetingKind =
  | 'imap_ok' | 'imap_preauth' | 'imap_bye' | 'pop3_ok' | 'pop3_err'
  | 'smtp_ready' | 'smtp_unavailable' /* 421 */ | 'smtp_rejected' /* 554 or other 5xx greeting */
  | 'mangled'      // e.g. '220 *****' / '220 ****************' (a Cisco-style middlebox masked it)
  | 'garbage'      // something that is not a mail protocol (HTTP, binary, random text)
  | 'tls_record'   // the first bytes are a TLS record (0x15/0x16 0x03 ..): the server speaks TLS
  | 'closed'       // closed before sending a line
  | 'silent'       // nothing within the deadline (typical: an implicit-TLS port waiting for a ClientHello)
  | 'reset' | 'overflow';

export interface Greeting {
  kind: GreetingKind;
  /**
   * The protocol the banner belongs to. Also set on 'silent', 'closed' and 'overflow' when an
   * SMTP '220-' banner started but never finished (e.g. a postscreen-style greeting delay).
   */
  protocol?: Protocol;
  /** printable(), bounded. */
  text: string;
  ms: number;
  /** IMAP greeting [CAPABILITY ...], upper case. */
  capabilities?: string[];
}

/**
 * A greeting whose first bytes came but not its end within the deadline (a server that drips
 * it byte by byte, a multi-line SMTP banner that stalls): "silent" for the client, which may not
 * speak yet, but the server did say something, and the words must not claim it said nothing.
 */
export function startedButUnfinished(greeting: Pick<Greeting, 'kind' | 'text'>): boolean {
  return greeting.kind === 'silent' && greeting.text !== '';
}

type Classified = { kind: GreetingKind; protocol?: Protocol };

const SMTP_LINE = /^(\d{3})([ -]|$)(.*)$/;
/** A real banner is a few lines; more is a hostile or broken server. */
const MAX_BANNER_LINES = 50;
const MAX_TEXT = 400;

/** Pure: classify the first line(s). */
export function classifyBanner(text: string): Classified {
  if (looksLikeTlsRecord(text)) return { kind: 'tls_record' };
  const first = text.split('\n', 1)[0]?.replace(/\r$/, '') ?? '';
  return classifyImap(first) ?? classifyPop3(first) ?? classifySmtp(first) ?? { kind: 'garbage' };
}

function classifyImap(line: string): Classified | undefined {
  const match = /^\* (OK|PREAUTH|BYE)\b/i.exec(line);
  if (!match) return undefined;
  const word = match[1]?.toUpperCase();
  const kind = word === 'OK' ? 'imap_ok' : word === 'PREAUTH' ? 'imap_preauth' : 'imap_bye';
  return { kind, protocol: 'imap' };
}

function classifyPop3(line: string): Classified | undefined {
  if (/^\+OK\b/i.test(line)) return { kind: 'pop3_ok', protocol: 'pop3' };
  if (/^-ERR\b/i.test(line)) return { kind: 'pop3_err', protocol: 'pop3' };
  return undefined;
}

function classifySmtp(line: string): Classified | undefined {
  const match = SMTP_LINE.exec(line);
  if (!match) return undefined;
  const code = Number(match[1]);
  if (code === 220) return { kind: isMasked(match[3] ?? '') ? 'mangled' : 'smtp_ready', protocol: 'smtp' };
  if (code >= 400 && code < 500) return { kind: 'smtp_unavailable', protocol: 'smtp' };
  if (code >= 500 && code < 600) return { kind: 'smtp_rejected', protocol: 'smtp' };
  // 2xx/3xx other than 220 is no SMTP greeting (and "200 OK" is rather HTTP-ish text).
  return undefined;
}

/**
 * Cisco ESMTP inspection replaces the banner with asterisks, sometimes leaving a few
 * characters (`220 ****************0*****0***2002 ***`), so "mostly asterisks" is the test.
 */
function isMasked(rest: string): boolean {
  const visible = rest.replace(/\s/g, '');
  const stars = visible.replace(/[^*]/g, '').length;
  return stars >= 3 && stars / visible.length >= 0.6;
}

/** TLS record header: content type alert/handshake (or CCS/app data), major version 3. */
function looksLikeTlsRecord(text: string): boolean {
  const type = text.charCodeAt(0);
  return type >= 0x14 && type <= 0x17 && text.charCodeAt(1) === 0x03 && text.length > 2 && text.charCodeAt(2) <= 0x04;
}

/** Reads the banner (SMTP: until the '220 ' final line of a multi-line '220-' banner) with options.timeoutMs; bounded memory whatever the server sends. */
export async function readGreeting(reader: LineReader, options: ProbeOptions): Promise<Greeting> {
  const startedAt = performance.now();
  const remaining = (): number => Math.max(1, options.timeoutMs - (performance.now() - startedAt));
  const done = (kind: GreetingKind, text: string, protocol?: Protocol): Greeting =>
    withProtocol({ kind, text: printable(text, MAX_TEXT), ms: msSince(startedAt) }, protocol);

  const first = await reader.readLine(remaining());
  // A TLS record can contain a 0x0a byte by chance, so the raw head wins over any "line".
  const head = reader.headBytesReceived().toString('latin1');
  if (looksLikeTlsRecord(head)) return done('tls_record', head);
  if (first.kind !== 'line') {
    const partial = classifyBanner(head);
    const garbled = head !== '' && !partial.protocol;
    return done(noLine(first, garbled), first.kind === 'error' ? describeError(first.error, head) : head, partial.protocol);
  }

  const classified = classifyBanner(first.line);
  if (classified.protocol === 'smtp' && isContinuation(first.line)) {
    return readSmtpContinuation(reader, first.line, classified, remaining, done);
  }
  const greeting = done(classified.kind, first.line, classified.protocol);
  const capabilities = classified.protocol === 'imap' ? imapGreetingCapabilities(first.line) : undefined;
  if (capabilities) greeting.capabilities = capabilities;
  return greeting;
}

/**
 * Why no complete line came. Bytes without a newline from something that is not a mail
 * banner are garbage; a started banner that stalls or closes keeps its protocol (set by the
 * caller) and is reported as what a client would experience.
 */
function noLine(read: Exclude<LineRead, { kind: 'line' }>, garbled: boolean): GreetingKind {
  switch (read.kind) {
    case 'overflow':
      return 'overflow';
    case 'error':
      return 'reset';
    case 'closed':
      return garbled ? 'garbage' : 'closed';
    case 'timeout':
      return garbled ? 'garbage' : 'silent';
  }
}

function describeError(error: NodeJS.ErrnoException, head: string): string {
  return `${error.code ?? 'error'}: ${error.message}${head ? ` after ${JSON.stringify(head)}` : ''}`;
}

function isContinuation(line: string): boolean {
  return line.charAt(3) === '-';
}

type Done = (kind: GreetingKind, text: string, protocol?: Protocol) => Greeting;

/**
 * Multi-line SMTP banner: the client may speak only after the final line, so an unfinished
 * banner is reported as what the client would experience (silent / closed), keeping the text.
 */
async function readSmtpContinuation(
  reader: LineReader,
  firstLine: string,
  classified: Classified,
  remaining: () => number,
  done: Done,
): Promise<Greeting> {
  const lines = [firstLine];
  while (lines.length < MAX_BANNER_LINES) {
    const read = await reader.readLine(remaining());
    if (read.kind !== 'line') return done(noLine(read, false), lines.join('\n'), 'smtp');
    const match = SMTP_LINE.exec(read.line);
    lines.push(read.line);
    if (!match || match[1] !== firstLine.slice(0, 3)) return done('garbage', lines.join('\n'), 'smtp');
    if (match[2] !== '-') return done(classified.kind, lines.join('\n'), 'smtp');
  }
  return done('overflow', lines.join('\n'), 'smtp');
}

function imapGreetingCapabilities(line: string): string[] | undefined {
  const match = /^\* \w+ \[CAPABILITY ([^\]]*)\]/i.exec(line);
  const tokens = match?.[1]?.trim().toUpperCase().split(/\s+/).filter(Boolean);
  return tokens?.length ? tokens : undefined;
}

function withProtocol(greeting: Greeting, protocol: Protocol | undefined): Greeting {
  if (protocol) greeting.protocol = protocol;
  return greeting;
}
