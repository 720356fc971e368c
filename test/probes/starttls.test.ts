import assert from 'node:assert/strict';
import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { SMTPServer } from 'smtp-server';
import { LineReader } from '../../src/probes/line-reader';
import { imapCommand, isReadFailure, parseEhlo, pop3Command, readPop3Reply, readSmtpReply, smtpCommand } from '../../src/probes/mail-commands';
import { startTls, type StartTlsResult } from '../../src/probes/starttls';
import type { TlsOptions } from '../../src/probes/tls';
import { createTestPki, DAY, type KeyAndCert, type TestPki } from '../support/certs';

/**
 * Real servers on loopback: smtp-server for SMTP, and small scripted servers for IMAP, POP3 and
 * the misbehaving cases (refusal, silence, injection).
 */
describe('probes/starttls', function () {
  this.timeout(20000);
  let pki: TestPki;
  let keyAndCert: KeyAndCert;
  const cleanups: (() => Promise<void> | void)[] = [];

  before(() => {
    pki = createTestPki();
    keyAndCert = pki.issue({ commonName: 'mail.test', altNames: ['mail.test'] });
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  function options(overrides: Partial<TlsOptions> = {}): TlsOptions {
    return { servername: 'mail.test', ca: pki.trusted, timeoutMs: 3000, ...overrides };
  }

  /** Connects and keeps the client socket for cleanup; the reader is attached before any byte. */
  async function connect(port: number): Promise<{ socket: Socket; reader: LineReader }> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    cleanups.push(() => void socket.destroy());
    return { socket, reader: new LineReader(socket) };
  }

  function keep(result: StartTlsResult): StartTlsResult {
    if (result.kind === 'upgraded' && result.tlsSocket) {
      const tlsSocket = result.tlsSocket;
      cleanups.push(() => void tlsSocket.destroy());
    }
    return result;
  }

  interface Session {
    write(text: string): void;
    close(): void;
    /** Writes the go-ahead (plus anything else, all in one write) and turns the connection into a TLS server. */
    upgrade(reply: string, onSecureLine?: (line: string, secure: tls.TLSSocket) => void): void;
  }

  /** A line-scripted plaintext server: greeting, then `onLine` for every command line. */
  async function scriptedServer(greeting: string, onLine: (line: string, session: Session) => void): Promise<number> {
    const server = net.createServer((conn) => {
      conn.on('error', () => {});
      const stopLines = lines(conn, (line) => onLine(line, session));
      const session: Session = {
        write: (text) => conn.write(text),
        close: () => conn.end(),
        upgrade(reply, onSecureLine) {
          stopLines();
          conn.write(reply);
          const secure = new tls.TLSSocket(conn, { isServer: true, secureContext: tls.createSecureContext(keyAndCert) });
          secure.on('error', () => {});
          if (onSecureLine) lines(secure, (line) => onSecureLine(line, secure));
        },
      };
      conn.write(greeting);
    });
    return listen(server);
  }

  async function listen(server: net.Server): Promise<number> {
    const sockets = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        }),
    );
    return (server.address() as AddressInfo).port;
  }

  describe('SMTP', () => {
    async function smtpServer(cert: KeyAndCert): Promise<number> {
      const server = new SMTPServer({ secure: false, ...cert, authOptional: true, logger: false, disableReverseLookup: true, banner: 'mailhelp test' });
      server.on('error', () => {});
      return listen(server.server);
    }

    /** Greeting and EHLO, as the caller does before startTls. */
    async function ehlo(port: number) {
      const { socket, reader } = await connect(port);
      const greeting = await readSmtpReply(reader, 3000);
      assert.ok(!isReadFailure(greeting) && greeting.code === 220);
      const reply = await smtpCommand(reader, 'EHLO probe.mailhelp.test', 3000);
      assert.ok(!isReadFailure(reply) && reply.code === 250);
      return { socket, reader, extensions: parseEhlo(reply) };
    }

    it('upgrades an smtp-server connection and the session goes on over TLS', async () => {
      const port = await smtpServer(keyAndCert);
      const { socket, reader, extensions } = await ehlo(port);
      assert.ok(extensions.has('STARTTLS'));
      const result = keep(await startTls(socket, reader, 'smtp', options()));
      assert.equal(result.kind, 'upgraded');
      assert.ok(result.kind === 'upgraded');
      assert.equal(result.observation.ok, true);
      assert.equal(result.injected, false);
      assert.ok(result.tlsSocket);
      const secureReader = new LineReader(result.tlsSocket);
      const again = await smtpCommand(secureReader, 'EHLO probe.mailhelp.test', 3000);
      assert.ok(!isReadFailure(again) && again.code === 250, 'EHLO works over the upgraded connection');
    });

    it('reports the certificate problem found after the upgrade', async () => {
      const now = Date.now();
      const expired = pki.issue({ commonName: 'mail.test', notBefore: new Date(now - 90 * DAY), notAfter: new Date(now - DAY) });
      const port = await smtpServer(expired);
      const { socket, reader } = await ehlo(port);
      const result = keep(await startTls(socket, reader, 'smtp', options()));
      assert.ok(result.kind === 'upgraded');
      assert.equal(result.observation.ok, false);
      assert.equal(result.observation.failure, 'cert_expired');
    });

    it('reports a 454 refusal', async () => {
      const port = await scriptedServer('220 mx.test ESMTP\r\n', (line, session) => {
        if (/^EHLO/i.test(line)) session.write('250-mx.test\r\n250 STARTTLS\r\n');
        else if (line === 'STARTTLS') session.write('454 4.7.0 TLS not available due to temporary reason\r\n');
      });
      const { socket, reader } = await ehlo(port);
      const result = await startTls(socket, reader, 'smtp', options());
      assert.deepEqual(result, { kind: 'refused', response: '454 4.7.0 TLS not available due to temporary reason' });
      assert.equal(socket.destroyed, false, 'the caller keeps the connection after a refusal');
    });

    it('fails when the server never answers STARTTLS, within the deadline', async () => {
      const port = await scriptedServer('220 mx.test ESMTP\r\n', (line, session) => {
        if (/^EHLO/i.test(line)) session.write('250-mx.test\r\n250 STARTTLS\r\n');
      });
      const { socket, reader } = await ehlo(port);
      const started = Date.now();
      const result = await startTls(socket, reader, 'smtp', options({ timeoutMs: 300 }));
      assert.ok(Date.now() - started < 1500);
      assert.equal(result.kind, 'failed');
      assert.match(result.kind === 'failed' ? result.message : '', /no reply to STARTTLS within 300 ms/);
    });
  });

  describe('IMAP', () => {
    const greeting = '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n';

    function secureNoop(line: string, secure: tls.TLSSocket): void {
      const tag = line.split(' ')[0];
      secure.write(`${tag} OK NOOP completed\r\n`);
    }

    it('upgrades after `a OK Begin TLS`', async () => {
      const port = await scriptedServer(greeting, (line, session) => {
        if (line === 'a STARTTLS') session.upgrade('a OK Begin TLS negotiation now\r\n', secureNoop);
      });
      const { socket, reader } = await connect(port);
      assert.equal((await reader.readLine(3000)).kind, 'line');
      const result = keep(await startTls(socket, reader, 'imap', options()));
      assert.ok(result.kind === 'upgraded');
      assert.equal(result.observation.ok, true);
      assert.equal(result.injected, false);
      assert.ok(result.tlsSocket);
      const reply = await imapCommand(new LineReader(result.tlsSocket), 'b', 'NOOP', 3000);
      assert.ok(!isReadFailure(reply) && reply.status === 'OK');
    });

    it('flags bytes sent with the OK, before the handshake, as an injection', async () => {
      const port = await scriptedServer(greeting, (line, session) => {
        if (line === 'a STARTTLS') session.upgrade('a OK Begin TLS negotiation now\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n');
      });
      const { socket, reader } = await connect(port);
      await reader.readLine(3000);
      const result = keep(await startTls(socket, reader, 'imap', options()));
      assert.ok(result.kind === 'upgraded');
      assert.equal(result.injected, true);
      assert.equal(result.observation.handshake, true, 'the injected bytes never reach TLS');
    });

    it('reports a NO as a refusal', async () => {
      const port = await scriptedServer(greeting, (line, session) => {
        if (line === 'a STARTTLS') session.write('a NO [UNAVAILABLE] TLS is not configured\r\n');
      });
      const { socket, reader } = await connect(port);
      await reader.readLine(3000);
      const result = await startTls(socket, reader, 'imap', options());
      assert.deepEqual(result, { kind: 'refused', response: 'a NO [UNAVAILABLE] TLS is not configured' });
    });

    it('fails when the server closes instead of answering', async () => {
      const port = await scriptedServer(greeting, (line, session) => {
        if (line === 'a STARTTLS') session.close();
      });
      const { socket, reader } = await connect(port);
      await reader.readLine(3000);
      const result = await startTls(socket, reader, 'imap', options());
      assert.deepEqual(result, { kind: 'failed', message: 'connection closed after a STARTTLS' });
    });

    it('fails with the server text when the reply is garbage', async () => {
      const port = await scriptedServer(greeting, (line, session) => {
        if (line === 'a STARTTLS') session.write('\x16\x03\x01 garbage\r\n');
      });
      const { socket, reader } = await connect(port);
      await reader.readLine(3000);
      const result = await startTls(socket, reader, 'imap', options());
      assert.equal(result.kind, 'failed');
      assert.match(result.kind === 'failed' ? result.message : '', /unexpected reply to a STARTTLS: \\x16\\x03\\x01 garbage/);
    });

    it('stops when aborted while waiting for the reply', async () => {
      const port = await scriptedServer(greeting, () => {});
      const { socket, reader } = await connect(port);
      await reader.readLine(3000);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const result = await startTls(socket, reader, 'imap', options({ timeoutMs: 5000, signal: controller.signal }));
      assert.ok(Date.now() - started < 1000);
      assert.deepEqual(result, { kind: 'failed', message: 'aborted' });
      assert.equal(socket.destroyed, true);
    });
  });

  describe('POP3', () => {
    it('upgrades after STLS +OK', async () => {
      const port = await scriptedServer('+OK POP3 ready\r\n', (line, session) => {
        if (line === 'STLS') {
          session.upgrade('+OK Begin TLS negotiation\r\n', (secureLine, secure) => {
            if (secureLine === 'CAPA') secure.write('+OK\r\nUSER\r\n.\r\n');
          });
        }
      });
      const { socket, reader } = await connect(port);
      const hello = await readPop3Reply(reader, 3000);
      assert.ok(!isReadFailure(hello) && hello.ok);
      const result = keep(await startTls(socket, reader, 'pop3', options()));
      assert.ok(result.kind === 'upgraded');
      assert.equal(result.observation.ok, true);
      assert.equal(result.injected, false);
      assert.ok(result.tlsSocket);
      const capa = await pop3Command(new LineReader(result.tlsSocket), 'CAPA', 3000, true);
      assert.ok(!isReadFailure(capa) && capa.body.includes('USER'));
    });

    it('reports -ERR as a refusal', async () => {
      const port = await scriptedServer('+OK POP3 ready\r\n', (line, session) => {
        if (line === 'STLS') session.write('-ERR TLS not available\r\n');
      });
      const { socket, reader } = await connect(port);
      await reader.readLine(3000);
      const result = await startTls(socket, reader, 'pop3', options());
      assert.deepEqual(result, { kind: 'refused', response: '-ERR TLS not available' });
    });
  });
});

/** Calls `onLine` for each CRLF line from `stream`; returns a function that stops it. */
function lines(stream: net.Socket, onLine: (line: string) => void): () => void {
  let buffer = '';
  const onData = (chunk: Buffer): void => {
    buffer += chunk.toString('latin1');
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      onLine(line);
    }
  };
  stream.on('data', onData);
  return () => stream.off('data', onData);
}
