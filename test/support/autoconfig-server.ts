/**
 * An HTTP and HTTPS server on loopback serving autoconfig documents, for discovery tests.
 *
 * Routes are keyed by the Host header's name plus the path ('autoconfig.acme.test/mail/config-v1.1.xml'),
 * so one server plays the web servers of many test domains, each answering well or badly.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export type AutoconfigRoute =
  /** 200 with this XML (or any text). */
  | { body: string; delayMs?: number; contentType?: string }
  /** A redirect (302 unless given) to this Location. */
  | { redirect: string; status?: number }
  /** Any other status, e.g. 404 or 500. */
  | { status: number }
  /** 200 streaming this many bytes (no Content-Length unless `declare`), honouring backpressure. */
  | { hugeBytes: number; declare?: boolean }
  /** 200 with headers at once, then one byte every `intervalMs`: a document that never finishes. */
  | { dribbleMs: number };

export interface AutoconfigServerOptions {
  routes: Record<string, AutoconfigRoute>;
  /** Certificate for the HTTPS side; without it only HTTP runs. */
  tls?: { key: string; cert: string };
}

export interface AutoconfigServer {
  httpPort: number;
  /** 0 when no certificate was given. */
  httpsPort: number;
  /** Every request: scheme, Host header, path. */
  readonly requests: { scheme: 'http' | 'https'; host: string; path: string }[];
  /** Bytes of response bodies written so far (to show a huge body was not read whole). */
  readonly bytesSent: number;
  close(): Promise<void>;
}

export async function startAutoconfigServer(options: AutoconfigServerOptions): Promise<AutoconfigServer> {
  const requests: AutoconfigServer['requests'] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let bytesSent = 0;

  const handle = (scheme: 'http' | 'https') => (request: IncomingMessage, response: ServerResponse): void => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    requests.push({ scheme, host, path: request.url ?? '/' });
    const route = options.routes[`${host}${path}`];
    if (!route) return void response.writeHead(404).end('not found');
    if ('redirect' in route) return void response.writeHead(route.status ?? 302, { Location: route.redirect }).end();
    if ('status' in route) return void response.writeHead(route.status).end(`status ${route.status}`);
    if ('hugeBytes' in route) return streamHuge(response, route.hugeBytes, !!route.declare, (n) => (bytesSent += n));
    if ('dribbleMs' in route) {
      response.writeHead(200, { 'Content-Type': 'application/xml' });
      const timer = setInterval(() => response.write('<'), route.dribbleMs);
      timers.add(timer);
      response.on('close', () => clearInterval(timer));
      return;
    }
    const send = (): void => {
      bytesSent += Buffer.byteLength(route.body);
      response.writeHead(200, { 'Content-Type': route.contentType ?? 'application/xml' }).end(route.body);
    };
    if (!route.delayMs) return send();
    const timer = setTimeout(send, route.delayMs);
    timers.add(timer);
    response.on('close', () => clearTimeout(timer));
  };

  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const plain = http.createServer(handle('http'));
  plain.on('connection', track);
  const secure = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handle('https')) : undefined;
  secure?.on('connection', track);
  // A client that rejects the certificate hangs up during the handshake: not a test failure.
  secure?.on('tlsClientError', () => {});

  const httpPort = await listen(plain);
  const httpsPort = secure ? await listen(secure) : 0;
  return {
    httpPort,
    httpsPort,
    requests,
    get bytesSent() {
      return bytesSent;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all([plain, ...(secure ? [secure] : [])].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Writes `total` bytes of XML-looking filler, waiting for drain, stopping when the client leaves. */
function streamHuge(response: ServerResponse, total: number, declare: boolean, count: (n: number) => void): void {
  response.writeHead(200, { 'Content-Type': 'application/xml', ...(declare && { 'Content-Length': String(total) }) });
  const chunk = Buffer.alloc(64 * 1024, '<a>x</a>');
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !response.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += piece.length;
      count(piece.length);
      if (!response.write(piece)) return void response.once('drain', pump);
    }
    if (sent >= total) response.end();
  };
  pump();
}
