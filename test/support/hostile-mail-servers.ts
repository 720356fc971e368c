import type { Socket } from 'node:net';
import type { Behaviour } from './hostile-servers';

/**
 * Hostile mail servers that say a proper greeting and then misbehave in answer to the first
 * command: the red-team cases of issue 12. They work over plain TCP and over TLS (hand them to
 * a tls.Server's connection listener), and always respect backpressure, so what grows is the
 * client's memory, never the test server's.
 */

/** Writes `piece` until `total` bytes went out or the client hung up, waiting for drain. */
export function stream(socket: Socket, piece: Buffer, total = Number.POSITIVE_INFINITY): void {
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !socket.destroyed && socket.writable) {
      sent += piece.length;
      if (!socket.write(piece)) return void socket.once('drain', pump);
    }
  };
  pump();
}

/** Runs `answer` once, on the first complete command line the client sends. */
function onFirstCommand(socket: Socket, answer: (line: string) => void): void {
  let pending = '';
  const onData = (chunk: Buffer): void => {
    pending += chunk.toString('latin1');
    const newline = pending.indexOf('\n');
    if (newline < 0) return;
    socket.off('data', onData);
    // Keep reading (and dropping) so the client's later writes never block on us.
    socket.resume();
    socket.on('data', () => {});
    answer(pending.slice(0, newline).replace(/\r$/, ''));
  };
  socket.on('data', onData);
}

const FILLER = Buffer.alloc(64 * 1024, 'A');

/**
 * IMAP literal bomb: `* OK` greeting, then the first command is answered with an announced
 * literal of almost 1 GB (`* ID {999999999}`) that streams for as long as the client reads.
 */
export const imapLiteralBomb: Behaviour = (socket) => {
  socket.write('* OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN] hostile ready\r\n');
  onFirstCommand(socket, () => {
    socket.write('* ID {999999999}\r\n');
    stream(socket, FILLER);
  });
};

/** `greeting`, then an endless line without a newline in answer to the first command. */
export function endlessReply(greeting: string, prefix: string): Behaviour {
  return (socket) => {
    socket.write(`${greeting}\r\n`);
    onFirstCommand(socket, () => {
      socket.write(prefix);
      stream(socket, FILLER);
    });
  };
}

/** IMAP: endless untagged line after the first command. */
export const imapEndlessLine = endlessReply('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile ready', '* ');
/** SMTP: an EHLO answer that never ends (`250-AAAA…` without a newline). */
export const smtpEndlessEhlo = endlessReply('220 hostile.test ESMTP', '250-');

/**
 * A drip server: greeting at once, then answers the first command with one more continuation
 * line every `everyMs` and never the final one, so a reader that resets its deadline per line
 * never finishes.
 */
export function drip(greeting: string, line: string, everyMs: number, firstLine?: string): Behaviour {
  return (socket) => {
    socket.write(`${greeting}\r\n`);
    onFirstCommand(socket, () => {
      if (firstLine) socket.write(`${firstLine}\r\n`);
      const timer = setInterval(() => socket.write(`${line}\r\n`), everyMs);
      socket.on('close', () => clearInterval(timer));
    });
  };
}

export const imapDrip = (everyMs: number): Behaviour => drip('* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] drip ready', '* OK still thinking', everyMs);
export const smtpDrip = (everyMs: number): Behaviour => drip('220 drip.test ESMTP', '250-STILL-THINKING', everyMs);
export const pop3Drip = (everyMs: number): Behaviour => drip('+OK drip ready', 'STILL-THINKING', everyMs, '+OK capability list follows');
