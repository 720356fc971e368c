import { hostname } from 'node:os';
import type { Protocol } from '../settings/server-settings';
import type { Greeting } from './greeting';
import { type LineReader, printable } from './line-reader';
import {
  type ReadFailure,
  type SmtpReply,
  imapCommand,
  isReadFailure,
  parseEhlo,
  parseImapCapabilities,
  pop3Command,
  smtpCommand,
} from './mail-commands';
import { type ProbeOptions, msSince } from './probe-options';

/** What the server offers before login: the facts behind the STARTTLS and auth findings. */
export interface Capabilities {
  /** The command worked. */
  ok: boolean;
  /** Capability tokens / EHLO keywords as the server sent them (upper case). */
  raw: string[];
  /** STARTTLS (IMAP/SMTP) or STLS (POP3) offered. */
  startTls: boolean;
  /** IMAP LOGINDISABLED. */
  loginDisabled: boolean;
  /** IMAP AUTH=..., SMTP AUTH ..., POP3 SASL ...; POP3 adds 'USER' when offered. */
  authMechanisms: string[];
  /** Server text when the command failed (for SMTP also when EHLO failed and HELO worked). */
  response?: string;
  /** The reply began but did not finish within the deadline: a server dripping one line at a time. */
  slow?: boolean;
  /** The reply was longer than any real one (an endless line, hundreds of lines): hostile or garbage. */
  overflow?: boolean;
  ms: number;
}

export interface CapabilityOptions extends ProbeOptions {
  /** The greeting already read; IMAP capabilities in it save a round trip. */
  greeting?: Greeting;
  /** EHLO/HELO name; defaults to this host's FQDN, else an address literal (as nodemailer does). */
  clientName?: string;
}

type Found = Omit<Capabilities, 'ms'>;
type Failure = ReadFailure | { kind: 'malformed'; line: string };

const NOTHING: Found = { ok: false, raw: [], startTls: false, loginDisabled: false, authMechanisms: [] };
const MAX_RESPONSE = 300;

/**
 * IMAP CAPABILITY unless the greeting carried them, SMTP EHLO (HELO if EHLO is rejected),
 * POP3 CAPA. Never throws: an unreadable reply comes back as `ok: false` with a description.
 */
export async function readCapabilities(reader: LineReader, protocol: Protocol, options: CapabilityOptions): Promise<Capabilities> {
  const startedAt = performance.now();
  const found = await probe(reader, protocol, options);
  return { ...found, ms: msSince(startedAt) };
}

function probe(reader: LineReader, protocol: Protocol, options: CapabilityOptions): Promise<Found> {
  switch (protocol) {
    case 'imap':
      return imapCapabilities(reader, options);
    case 'smtp':
      return smtpCapabilities(reader, options);
    case 'pop3':
      return pop3Capabilities(reader, options);
  }
}

async function imapCapabilities(reader: LineReader, options: CapabilityOptions): Promise<Found> {
  const fromGreeting = options.greeting?.capabilities;
  if (fromGreeting?.length) return imapFound(fromGreeting);
  const reply = await imapCommand(reader, 'C1', 'CAPABILITY', options.timeoutMs);
  if (isReadFailure(reply)) return failed(describeFailure(reply), reply);
  const tokens = parseImapCapabilities([...reply.untagged, reply.text]);
  if (reply.status !== 'OK' || !tokens) return failed(`${reply.status} ${reply.text}`);
  return imapFound([...tokens]);
}

function imapFound(tokens: string[]): Found {
  const raw = tokens.map((t) => t.toUpperCase());
  return {
    ok: true,
    raw,
    startTls: raw.includes('STARTTLS'),
    loginDisabled: raw.includes('LOGINDISABLED'),
    authMechanisms: raw.filter((t) => t.startsWith('AUTH=')).map((t) => t.slice('AUTH='.length)),
  };
}

async function smtpCapabilities(reader: LineReader, options: CapabilityOptions): Promise<Found> {
  const startedAt = performance.now();
  const name = options.clientName ?? defaultClientName();
  const ehlo = await smtpCommand(reader, `EHLO ${name}`, options.timeoutMs);
  if (isReadFailure(ehlo)) return failed(describeFailure(ehlo), ehlo);
  if (ehlo.code === 250) return ehloFound(ehlo);
  // Only a permanent rejection means "this server does not know EHLO"; 421 and friends
  // mean it does not want to talk at all, which HELO will not change.
  if (ehlo.code < 500) return failed(ehlo.text);
  // EHLO and HELO share one deadline: this is one step for the caller.
  const left = Math.max(1, options.timeoutMs - (performance.now() - startedAt));
  const helo = await smtpCommand(reader, `HELO ${name}`, left);
  if (isReadFailure(helo)) return failed(`${ehlo.text}\n${describeFailure(helo)}`, helo);
  if (helo.code !== 250) return failed(`${ehlo.text}\n${helo.text}`);
  return { ...NOTHING, ok: true, response: printable(ehlo.text, MAX_RESPONSE) };
}

function ehloFound(reply: SmtpReply): Found {
  const extensions = parseEhlo(reply);
  const mechanisms = new Set<string>();
  for (const [keyword, params] of extensions) {
    if (keyword === 'AUTH') for (const m of params) mechanisms.add(m);
    // Old Microsoft-era servers also send `AUTH=LOGIN PLAIN`.
    if (keyword.startsWith('AUTH=')) for (const m of [keyword.slice('AUTH='.length), ...params]) if (m) mechanisms.add(m);
  }
  return {
    ok: true,
    raw: [...extensions.keys()],
    startTls: extensions.has('STARTTLS'),
    loginDisabled: false,
    authMechanisms: [...mechanisms],
  };
}

async function pop3Capabilities(reader: LineReader, options: CapabilityOptions): Promise<Found> {
  const reply = await pop3Command(reader, 'CAPA', options.timeoutMs, true);
  if (isReadFailure(reply)) return failed(describeFailure(reply), reply);
  if (!reply.ok) return failed(`-ERR ${reply.text}`);
  const lines = reply.body.map((line) => line.trim().toUpperCase().split(/\s+/)).filter((words) => words[0]);
  const raw = lines.map((words) => words[0] ?? '');
  const sasl = lines.find((words) => words[0] === 'SASL')?.slice(1) ?? [];
  return {
    ok: true,
    raw,
    startTls: raw.includes('STLS'),
    loginDisabled: false,
    authMechanisms: raw.includes('USER') ? [...sasl, 'USER'] : sasl,
  };
}

function failed(response: string, failure?: Failure): Found {
  return { ...NOTHING, response: printable(response, MAX_RESPONSE), ...(failure?.kind === 'slow' ? { slow: true } : {}), ...(failure?.kind === 'overflow' ? { overflow: true } : {}) };
}

function describeFailure(failure: Failure): string {
  switch (failure.kind) {
    case 'timeout':
      return 'no reply before the deadline';
    case 'closed':
      return 'the server closed the connection';
    case 'overflow':
      return 'the reply was too long';
    case 'slow':
      return `the reply came one line at a time and was not complete after ${failure.ms} ms (${failure.lines} lines)`;
    case 'error':
      return `${failure.error.code ?? 'error'}: ${failure.error.message}`;
    case 'malformed':
      return `unexpected reply: ${failure.line}`;
  }
}

/**
 * RFC 5321 wants a FQDN or an address literal. Some servers refuse a bare host name, so
 * without a dotted name use a literal like nodemailer does; callers that know the local
 * address of the socket should pass it as clientName.
 */
function defaultClientName(): string {
  let name = '';
  try {
    name = hostname();
  } catch {
    // No host name available: fall through to the literal.
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return `[${name}]`;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(name) ? name : '[127.0.0.1]';
}
