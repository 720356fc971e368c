import type { LineRead, LineReader } from './line-reader';

/**
 * One command and its complete reply, per protocol, over a LineReader, under ONE deadline for the
 * whole reply (a fresh timeout per line would let a server that drips a line just under it hold
 * the diagnosis for minutes). A reply that cannot be read (timeout, close, overflow) comes back as
 * the LineRead failure; one that began but did not finish in time is `slow`.
 */
export type ReadFailure = Exclude<LineRead, { kind: 'line' }> | SlowReply;

/** The reply started (`lines` of it arrived) but was not complete within the deadline. */
export interface SlowReply {
  kind: 'slow';
  lines: number;
  ms: number;
}

/** One deadline for a whole reply: each read gets only what is left of it. */
class ReplyDeadline {
  private readonly startedAt = performance.now();
  lines = 0;
  constructor(private readonly timeoutMs: number) {}

  async read(reader: LineReader): Promise<LineRead | SlowReply> {
    const left = this.timeoutMs - (performance.now() - this.startedAt);
    const read = left > 0 ? await reader.readLine(left) : ({ kind: 'timeout' } as const);
    if (read.kind === 'line') this.lines++;
    else if (read.kind === 'timeout' && this.lines > 0) return { kind: 'slow', lines: this.lines, ms: Math.round(performance.now() - this.startedAt) };
    return read;
  }
}

export interface SmtpReply {
  code: number;
  /** Every line of the reply, without the code and separator. */
  lines: string[];
  /** The whole reply as the server sent it, joined with newlines. */
  text: string;
}

const SMTP_LINE = /^(\d{3})([ -])(.*)$/;
const MAX_REPLY_LINES = 100;

/** Reads a (possibly multi-line) SMTP reply: `250-...` lines end with `250 ...`. */
export async function readSmtpReply(reader: LineReader, timeoutMs: number): Promise<SmtpReply | ReadFailure | { kind: 'malformed'; line: string }> {
  const lines: string[] = [];
  const raw: string[] = [];
  const deadline = new ReplyDeadline(timeoutMs);
  for (let i = 0; i < MAX_REPLY_LINES; i++) {
    const read = await deadline.read(reader);
    if (read.kind !== 'line') return read;
    const match = SMTP_LINE.exec(read.line);
    if (!match) return { kind: 'malformed', line: read.line };
    raw.push(read.line);
    lines.push(match[3] ?? '');
    if (match[2] === ' ') return { code: Number(match[1]), lines, text: raw.join('\n') };
  }
  return { kind: 'overflow' };
}

export async function smtpCommand(reader: LineReader, command: string, timeoutMs: number) {
  reader.writeLine(command);
  return readSmtpReply(reader, timeoutMs);
}

/** SMTP extensions from an EHLO reply: keyword (upper case) to its parameters. */
export function parseEhlo(reply: SmtpReply): Map<string, string[]> {
  const extensions = new Map<string, string[]>();
  for (const line of reply.lines.slice(1)) {
    const [keyword, ...params] = line.trim().split(/\s+/);
    if (keyword) extensions.set(keyword.toUpperCase(), params.map((p) => p.toUpperCase()));
  }
  return extensions;
}

export interface ImapReply {
  status: 'OK' | 'NO' | 'BAD';
  /** Text after the status, including any [CODE]. */
  text: string;
  untagged: string[];
}

/** Sends a tagged IMAP command and collects untagged lines until the tagged completion. */
export async function imapCommand(
  reader: LineReader,
  tag: string,
  command: string,
  timeoutMs: number,
): Promise<ImapReply | ReadFailure | { kind: 'malformed'; line: string }> {
  reader.writeLine(`${tag} ${command}`);
  const untagged: string[] = [];
  const deadline = new ReplyDeadline(timeoutMs);
  for (let i = 0; i < MAX_REPLY_LINES; i++) {
    const read = await deadline.read(reader);
    if (read.kind !== 'line') return read;
    if (read.line.startsWith('* ') || read.line.startsWith('+')) {
      untagged.push(read.line);
      continue;
    }
    const match = new RegExp(`^${tag} (OK|NO|BAD)\\b ?(.*)$`, 'i').exec(read.line);
    if (!match) return { kind: 'malformed', line: read.line };
    return { status: (match[1] ?? 'BAD').toUpperCase() as ImapReply['status'], text: match[2] ?? '', untagged };
  }
  return { kind: 'overflow' };
}

/** IMAP capabilities from a greeting `[CAPABILITY ...]` or an untagged `* CAPABILITY` line. */
export function parseImapCapabilities(lines: string[]): Set<string> | undefined {
  for (const line of lines) {
    const match = /\bCAPABILITY ([^\]\r\n]*)/i.exec(line);
    if (match?.[1]) return new Set(match[1].trim().toUpperCase().split(/\s+/));
  }
  return undefined;
}

export interface Pop3Reply {
  ok: boolean;
  text: string;
  /** Lines of a multi-line reply (CAPA), without the terminating dot. */
  body: string[];
}

/** Sends a POP3 command; `multiline` reads the dot-terminated body after a `+OK`. */
export async function pop3Command(
  reader: LineReader,
  command: string,
  timeoutMs: number,
  multiline = false,
): Promise<Pop3Reply | ReadFailure | { kind: 'malformed'; line: string }> {
  reader.writeLine(command);
  return readPop3Reply(reader, timeoutMs, multiline);
}

export async function readPop3Reply(reader: LineReader, timeoutMs: number, multiline = false) {
  const deadline = new ReplyDeadline(timeoutMs);
  const first = await deadline.read(reader);
  if (first.kind !== 'line') return first;
  const match = /^([+-](?:OK|ERR))\b ?(.*)$/i.exec(first.line);
  if (!match) return { kind: 'malformed' as const, line: first.line };
  const ok = match[1]?.toUpperCase() === '+OK';
  const body: string[] = [];
  if (ok && multiline) {
    for (let i = 0; ; i++) {
      if (i >= MAX_REPLY_LINES) return { kind: 'overflow' as const };
      const read = await deadline.read(reader);
      if (read.kind !== 'line') return read;
      if (read.line === '.') break;
      body.push(read.line.startsWith('..') ? read.line.slice(1) : read.line);
    }
  }
  return { ok, text: match[2] ?? '', body };
}

export function isReadFailure(value: object): value is ReadFailure | { kind: 'malformed'; line: string } {
  return 'kind' in value;
}
