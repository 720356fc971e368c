import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Protocol } from '../settings/server-settings';
import { printable, type LineReader } from './line-reader';
import { imapCommand, isReadFailure, pop3Command, smtpCommand, type ReadFailure } from './mail-commands';
import { onAbort } from './probe-options';
import { tlsHandshake, type TlsObservation, type TlsOptions } from './tls';

/**
 * The STARTTLS upgrade of IMAP (RFC 3501), POP3 (RFC 2595 STLS) and SMTP (RFC 3207). The
 * caller has already read the greeting and capabilities (and sent EHLO for SMTP); this only
 * asks for the upgrade and hands the socket to the TLS probe.
 */
export type StartTlsResult =
  | {
      kind: 'upgraded';
      observation: TlsObservation;
      /** Present when the handshake completed; see TlsHandshakeResult. */
      tlsSocket?: TLSSocket;
      /** Bytes arrived after the OK and before the handshake: STARTTLS command injection (CVE-2011-0411). */
      injected: boolean;
    }
  /** The server answered the command with an error (e.g. 454 4.7.0, a NO, -ERR). */
  | { kind: 'refused'; response: string }
  /** Timeout, close or garbage while asking. */
  | { kind: 'failed'; message: string; slow?: boolean };

/** `slow`: the reply began but came one line at a time past the deadline. */
export type StartTlsAnswer = { kind: 'go' } | { kind: 'refused'; response: string } | { kind: 'failed'; message: string; slow?: boolean };

/**
 * Sends `a STARTTLS` (IMAP) / `STLS` (POP3) / `STARTTLS` (SMTP) on `reader`, then detaches it
 * and hands `socket` to tlsHandshake. The command's reply and the handshake each get
 * `options.timeoutMs`. On `refused` and `failed` the socket and reader stay with the caller;
 * after `upgraded` the reader is detached (and the socket destroyed if the handshake failed).
 */
export async function startTls(socket: Socket, reader: LineReader, protocol: Protocol, options: TlsOptions): Promise<StartTlsResult> {
  if (options.signal?.aborted) {
    socket.destroy();
    return { kind: 'failed', message: 'aborted' };
  }
  // Destroying the socket ends the pending read at once, as `closed`.
  const detachAbort = onAbort(options.signal, () => socket.destroy());
  let answer: StartTlsAnswer;
  try {
    answer = await requestStartTls(reader, protocol, options.timeoutMs);
  } finally {
    detachAbort();
  }
  if (options.signal?.aborted) return { kind: 'failed', message: 'aborted' };
  if (answer.kind !== 'go') return answer;

  // Anything the server sent after its OK was read before TLS, so it is plaintext that an
  // attacker could have injected; a correct server sends nothing until the ClientHello.
  const injected = reader.detach().length > 0;
  const { observation, tlsSocket } = await tlsHandshake(socket, options);
  return { kind: 'upgraded', observation, ...(tlsSocket && { tlsSocket }), injected };
}

/**
 * Only the STARTTLS command and its reply, without the handshake: for callers that hand the
 * socket to their own TLS client (the version scan). The reader stays attached.
 */
export function requestStartTls(reader: LineReader, protocol: Protocol, timeoutMs: number): Promise<StartTlsAnswer> {
  switch (protocol) {
    case 'imap':
      return askImap(reader, timeoutMs);
    case 'pop3':
      return askPop3(reader, timeoutMs);
    case 'smtp':
      return askSmtp(reader, timeoutMs);
  }
}

async function askImap(reader: LineReader, timeoutMs: number): Promise<StartTlsAnswer> {
  const reply = await imapCommand(reader, 'a', 'STARTTLS', timeoutMs);
  if (isReadFailure(reply)) return failedRead(reply, 'a STARTTLS', timeoutMs);
  if (reply.status === 'OK') return { kind: 'go' };
  return refused(`a ${reply.status} ${reply.text}`);
}

async function askPop3(reader: LineReader, timeoutMs: number): Promise<StartTlsAnswer> {
  const reply = await pop3Command(reader, 'STLS', timeoutMs);
  if (isReadFailure(reply)) return failedRead(reply, 'STLS', timeoutMs);
  if (reply.ok) return { kind: 'go' };
  return refused(`-ERR ${reply.text}`);
}

async function askSmtp(reader: LineReader, timeoutMs: number): Promise<StartTlsAnswer> {
  const reply = await smtpCommand(reader, 'STARTTLS', timeoutMs);
  if (isReadFailure(reply)) return failedRead(reply, 'STARTTLS', timeoutMs);
  if (reply.code === 220) return { kind: 'go' };
  // 4xx/5xx is a refusal (454 4.7.0, 502 not implemented); any other code is not an answer.
  if (reply.code >= 400) return refused(reply.text);
  return { kind: 'failed', message: `unexpected reply to STARTTLS: ${printable(reply.text)}` };
}

function refused(response: string): StartTlsAnswer {
  return { kind: 'refused', response: printable(response.trim()) };
}

function failedRead(failure: ReadFailure | { kind: 'malformed'; line: string }, command: string, timeoutMs: number): StartTlsAnswer {
  return { kind: 'failed', message: describeReadFailure(failure, command, timeoutMs), ...(failure.kind === 'slow' ? { slow: true } : {}) };
}

function describeReadFailure(failure: ReadFailure | { kind: 'malformed'; line: string }, command: string, timeoutMs: number): string {
  switch (failure.kind) {
    case 'timeout':
      return `no reply to ${command} within ${timeoutMs} ms`;
    case 'closed':
      return `connection closed after ${command}`;
    case 'overflow':
      return `reply to ${command} too long`;
    case 'slow':
      return `the reply to ${command} came one line at a time and was not complete within ${timeoutMs} ms (${failure.lines} lines)`;
    case 'error':
      return `${failure.error.code ?? 'error'} after ${command}: ${failure.error.message}`;
    case 'malformed':
      return `unexpected reply to ${command}: ${printable(failure.line)}`;
  }
}
