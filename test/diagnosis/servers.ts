import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import tls from 'node:tls';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerOptions } from 'smtp-server';
import type { KeyAndCert } from '../support/certs';
import type { ZoneRecords } from '../support/dns-server';
import { startFakeImapServer, type FakeImapServerOptions } from '../support/fake-imap-server';
import { startFakePop3Server, type FakePop3ServerOptions } from '../support/fake-pop3-server';
import { startRawServer, type Behaviour } from '../support/hostile-servers';
import { ConnectionCounter } from '../support/connection-counter';
import { startHarness, type EngineHarness } from './harness';
import { closedPort } from '../support/closed-port';

/**
 * The servers one engine test starts, closed together in afterEach. Each start returns the
 * port; the engine reaches it through a name in the harness zone.
 */
export const USER = 'alice@mail.test';
export const PASSWORD = 'S3cret-horse-battery!';

export class Servers {
  private readonly closers: (() => Promise<void>)[] = [];
  /** Every server started here counts the connections it accepts (reset after each test). */
  readonly counted = new ConnectionCounter();

  async imap(options: FakeImapServerOptions): Promise<number> {
    const server = await startFakeImapServer(options);
    this.counted.watch(server.server, server.port);
    this.closers.push(() => server.close());
    return server.port;
  }

  async pop3(options: FakePop3ServerOptions): Promise<number> {
    const server = await startFakePop3Server(options);
    this.counted.watch(server.server, server.port);
    this.closers.push(() => server.close());
    return server.port;
  }

  /** smtp-server accepting USER / PASSWORD; `refuse` returns the error for any other login. */
  async smtp(
    options: SMTPServerOptions & { port?: number },
    refuse: (auth: SMTPServerAuthentication) => Error = () => smtpError(535, '5.7.8 Authentication credentials invalid'),
    host = '127.0.0.1',
  ): Promise<number> {
    const server = new SMTPServer({
      logger: false,
      disableReverseLookup: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, callback) {
        if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
        return callback(refuse(auth));
      },
      ...options,
    });
    server.on('error', () => {});
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, () => resolve()));
    this.closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.server.address() as AddressInfo;
    this.counted.watch(server.server, port);
    return port;
  }

  /** A raw scripted/hostile server (test/support/hostile-servers). */
  async raw(behaviour: Behaviour): Promise<number> {
    const server = await startRawServer(behaviour);
    this.counted.watch(server.server, server.port);
    this.closers.push(() => server.close());
    return server.port;
  }

  /** A TLS server (any tls options: versions, ciphers) that runs `behaviour` once TLS is up. */
  async tls(keyAndCert: KeyAndCert, behaviour: Behaviour, options: tls.TlsOptions = {}): Promise<number> {
    const server = tls.createServer({ ...keyAndCert, ...options }, (socket) => {
      socket.on('error', () => {});
      behaviour(socket);
    });
    server.on('tlsClientError', () => {});
    return this.listen(server);
  }

  /**
   * A plain TCP server that counts the connections it holds open (for the cancel test). It
   * reads and discards what arrives: a socket with unread data never sees the client's FIN.
   */
  async counting(behaviour: Behaviour, host = '127.0.0.1'): Promise<{ port: number; open: () => number; accepted: () => number }> {
    const open = new Set<Socket>();
    let accepted = 0;
    const server = createServer((socket) => {
      accepted++;
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {});
      behaviour(socket);
      socket.resume();
    });
    const port = await this.listen(server, host, () => open.forEach((s) => s.destroy()));
    return { port, open: () => open.size, accepted: () => accepted };
  }

  /** A port where nothing listens (../support/closed-port). */
  closedPort(host = '127.0.0.1'): Promise<number> {
    return closedPort(host);
  }

  /** Something else to close with the rest (DNS servers, filtered ports). */
  add(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.closers.splice(0).map((close) => close()));
    this.counted.reset();
  }

  private async listen(server: Server, host = '127.0.0.1', destroyAll?: () => void): Promise<number> {
    const sockets = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    this.counted.watch(server, (server.address() as AddressInfo).port);
    this.closers.push(
      () =>
        new Promise<void>((resolve) => {
          destroyAll?.();
          sockets.forEach((s) => s.destroy());
          server.close(() => resolve());
        }),
    );
    return (server.address() as AddressInfo).port;
  }
}

/** An error as smtp-server sends it: `<responseCode> <message>`. */
export function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** An IMAP greeting with capabilities, as a real server's first line. */
export function imapBanner(...capabilities: string[]): string {
  return `* OK [CAPABILITY IMAP4rev1 ${capabilities.join(' ')}] ready`;
}

/** The zone every engine test starts from: the domain, its name server, the mail hosts. */
export function mailZone(): ZoneRecords {
  return {
    'mail.test': { NS: ['ns.mail.test'], MX: [{ exchange: 'mx.mail.test', priority: 10 }] },
    'ns.mail.test': { A: ['127.0.0.1'] },
    'imap.mail.test': { A: ['127.0.0.1'] },
    'smtp.mail.test': { A: ['127.0.0.1'] },
    'pop.mail.test': { A: ['127.0.0.1'] },
    'mx.mail.test': { A: ['127.0.0.1'] },
  };
}


/**
 * The usual hooks of an engine suite: one harness (DNS, PKI) for the suite, servers closed
 * after each test. `h` forwards to the harness started in `before`.
 */
export function useEngineSuite(records: () => ZoneRecords = mailZone): { h: EngineHarness; servers: Servers } {
  let started: EngineHarness | undefined;
  const servers = new Servers();
  const current = (): EngineHarness => {
    if (!started) throw new Error('the engine harness is used outside a test');
    return started;
  };
  const h: EngineHarness = {
    get pki() {
      return current().pki;
    },
    get dns() {
      return current().dns;
    },
    get records() {
      return current().records;
    },
    run: (settings, options, language) => current().run(settings, options, language),
    close: () => current().close(),
  };
  before(async function () {
    started = await startHarness(records());
  });
  after(() => started?.close());
  afterEach(() => servers.closeAll());
  return { h, servers };
}
