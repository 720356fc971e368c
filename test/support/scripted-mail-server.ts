import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { KeyAndCert } from './certs';

export interface ScriptedMailServer {
  port: number;
  /** The listening server (e.g. to count the connections it accepts). */
  server: Server;
  /** Every command line received, in order (for assertions). */
  received: string[];
  close(): Promise<void>;
}

/**
 * The part every scripted mail server shares: listen on loopback in plain or implicit-TLS mode,
 * keep track of the connections so close() never leaves a test hanging, and start one session
 * per connection. `sockets` is handed on so a session can upgrade with STARTTLS.
 */
export async function startScriptedMailServer(
  options: { host?: string; port?: number; tls?: KeyAndCert },
  startSession: (socket: Socket, secure: boolean, received: string[], sockets: Set<Socket>) => void,
): Promise<ScriptedMailServer> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const onSocket = (socket: Socket, secure: boolean): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setNoDelay(true);
    startSession(socket, secure, received, sockets);
  };
  const server: Server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, (socket) => onSocket(socket, true))
    : createNetServer((socket) => onSocket(socket, false));
  // Clients probe with old TLS versions and hang up mid-handshake on purpose.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    server,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
