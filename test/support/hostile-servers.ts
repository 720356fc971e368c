import { randomBytes } from 'node:crypto';
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';

/**
 * Small raw TCP servers on 127.0.0.1 that misbehave the way real (or broken, or hostile) mail
 * ports do. Every server tracks its sockets so close() never leaves a test hanging.
 */
export interface RawServer {
  port: number;
  /** The listening server (e.g. to count the connections it accepts). */
  server: Server;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export type Behaviour = (socket: Socket) => void;

/** Starts a server that runs `behaviour` for every connection. */
export async function startRawServer(behaviour: Behaviour): Promise<RawServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Clients of these servers hang up abruptly on purpose; that is no test failure.
    socket.on('error', () => {});
    behaviour(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    server,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts and never says a word (like an implicit-TLS port waiting for a ClientHello). */
export const silent: Behaviour = () => {};

/** Accepts and closes at once. */
export const closesAtOnce: Behaviour = (socket) => socket.end();

/**
 * Accepts, then sends a TCP RST. The short delay lets the client see its connect first; a RST
 * right at accept() can reach the client before its 'connect' event on loopback.
 */
export const resets: Behaviour = (socket) => {
  const timer = setTimeout(() => socket.resetAndDestroy(), 50);
  socket.on('close', () => clearTimeout(timer));
};

/** Sends `text` (lines joined with CRLF, a final CRLF added) and then waits. */
export function banner(...lines: string[]): Behaviour {
  return (socket) => socket.write(lines.map((line) => `${line}\r\n`).join(''));
}

/** Sends the banner only after `delayMs`. */
export function slowBanner(delayMs: number, ...lines: string[]): Behaviour {
  return (socket) => {
    const timer = setTimeout(() => banner(...lines)(socket), delayMs);
    socket.on('close', () => clearTimeout(timer));
  };
}

/** Sends the first lines, then the rest after `delayMs` (a postscreen-style greeting delay). */
export function stalledBanner(delayMs: number, first: string[], rest: string[]): Behaviour {
  return (socket) => {
    banner(...first)(socket);
    const timer = setTimeout(() => banner(...rest)(socket), delayMs);
    socket.on('close', () => clearTimeout(timer));
  };
}

/** A Cisco ASA with ESMTP inspection masks the banner with asterisks. */
export const mangledSmtp: Behaviour = banner(`220 ${'*'.repeat(40)}`);

/** Never-ending banner line without a newline; respects backpressure, stops at 64 MB. */
export const endlessBanner: Behaviour = (socket) => streamBytes(socket, Buffer.alloc(64 * 1024, 'A'), 64 * 1024 * 1024, '220 ');

/** 1 MB of random bytes. */
export const junk: Behaviour = (socket) => {
  const bytes = randomBytes(1024 * 1024);
  bytes[0] = 0x00; // never a TLS record header by chance
  streamBytes(socket, bytes, bytes.length);
};

/** Binary garbage terminated by a newline (what a misdirected binary protocol sends). */
export const binaryGarbage: Behaviour = (socket) =>
  socket.write(Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x80, 0x1b, 0x5b, 0x07, 0x0d, 0x0a]));

/** A TLS alert record (fatal, protocol_version), as some TLS stacks send to a plaintext client. */
export const TLS_ALERT = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]);

/** Sends a TLS alert at once and closes. */
export const tlsAlertAtOnce: Behaviour = (socket) => socket.end(TLS_ALERT);

/** Waits for the client's plaintext, answers it with a TLS alert and closes. */
export const tlsAlertOnPlaintext: Behaviour = (socket) => socket.once('data', () => socket.end(TLS_ALERT));

/**
 * A line-based server: sends `greeting`, then answers each command line with what `reply`
 * returns (lines, CRLF added; `null` closes the connection).
 */
export function scripted(greeting: string[], reply: (line: string) => string[] | null): Behaviour {
  return (socket) => {
    banner(...greeting)(socket);
    let pending = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
        const line = pending.slice(0, newline).replace(/\r$/, '');
        pending = pending.slice(newline + 1);
        const answer = reply(line);
        if (answer === null) return void socket.end();
        if (answer.length) banner(...answer)(socket);
      }
    });
  };
}

/** Writes `total` bytes (repeating `chunk`, after an optional prefix), waiting for drain. */
function streamBytes(socket: Socket, chunk: Buffer, total: number, prefix = ''): void {
  let sent = 0;
  if (prefix) socket.write(prefix);
  const pump = (): void => {
    while (sent < total && !socket.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += piece.length;
      if (!socket.write(piece)) return void socket.once('drain', pump);
    }
  };
  pump();
}
