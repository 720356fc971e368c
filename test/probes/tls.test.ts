import assert from 'node:assert/strict';
import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { scanTlsVersions, tlsHandshake, type TlsOptions } from '../../src/probes/tls';
import { createTestPki, DAY, type KeyAndCert, type TestPki } from '../support/certs';

/** Real TLS and TCP servers on loopback; the probe trusts Node's roots plus the test CA. */
describe('probes/tls', function () {
  this.timeout(20000);
  let pki: TestPki;
  const servers: net.Server[] = [];

  before(() => {
    pki = createTestPki();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => close(server)));
  });

  async function listen<T extends net.Server>(server: T): Promise<number> {
    servers.push(server);
    track(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  /** A TLS server that completes the handshake and then just holds the connection. */
  function tlsServer(keyAndCert: KeyAndCert, options: tls.TlsOptions = {}): Promise<number> {
    const server = tls.createServer({ ...keyAndCert, ...options }, (socket) => socket.on('error', () => {}));
    server.on('tlsClientError', () => {});
    return listen(server);
  }

  /** A plain TCP server; `onConnection` scripts what it does. */
  function tcpServer(onConnection: (socket: Socket) => void): Promise<number> {
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      onConnection(socket);
    });
    return listen(server);
  }

  function options(overrides: Partial<TlsOptions> = {}): TlsOptions {
    return { servername: 'mail.test', ca: pki.trusted, timeoutMs: 3000, ...overrides };
  }

  async function probe(port: number, overrides: Partial<TlsOptions> = {}) {
    const result = await tlsHandshake(await connect(port), options(overrides));
    result.tlsSocket?.destroy();
    return result;
  }

  function leaf(overrides: Partial<Parameters<TestPki['issue']>[0]> = {}): KeyAndCert {
    return pki.issue({ commonName: 'mail.test', altNames: ['mail.test', 'imap.mail.test'], ...overrides });
  }

  describe('tlsHandshake', () => {
    it('reports a healthy certificate with its facts', async () => {
      const port = await tlsServer(leaf());
      const { observation, tlsSocket } = await probe(port);
      assert.equal(observation.ok, true);
      assert.equal(observation.handshake, true);
      assert.equal(observation.failure, undefined);
      assert.equal(observation.chainError, undefined);
      assert.equal(observation.hostnameMatch, true);
      assert.equal(observation.protocol, 'TLSv1.3');
      assert.match(observation.cipher ?? '', /^TLS_/);
      assert.ok(tlsSocket, 'the verified socket is handed back');
      const cert = observation.certificate;
      assert.ok(cert);
      assert.equal(cert.subject, 'CN=mail.test');
      assert.deepEqual(cert.subjectAltNames, ['mail.test', 'imap.mail.test']);
      assert.match(cert.issuer, /CN=mailhelp Test Root CA/);
      assert.match(cert.validFrom, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(cert.validTo, /^\d{4}-\d\d-\d\dT/);
      assert.ok(Date.parse(cert.validFrom) < Date.now() && Date.parse(cert.validTo) > Date.now());
      assert.ok(cert.daysLeft >= 363 && cert.daysLeft <= 365, `daysLeft ${cert.daysLeft}`);
      assert.equal(cert.selfSigned, false);
      assert.match(cert.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      assert.ok(observation.ms >= 0);
    });

    it('reports an expired certificate', async () => {
      const now = Date.now();
      const port = await tlsServer(leaf({ notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 2 * DAY) }));
      const { observation, tlsSocket } = await probe(port);
      assert.equal(observation.ok, false);
      assert.equal(observation.handshake, true, 'completed only to observe the certificate');
      assert.equal(observation.failure, 'cert_expired');
      assert.equal(observation.chainError, 'CERT_HAS_EXPIRED');
      assert.ok((observation.certificate?.daysLeft ?? 0) < 0);
      assert.ok(tlsSocket);
    });

    it('reports a certificate that is not yet valid', async () => {
      const now = Date.now();
      const port = await tlsServer(leaf({ notBefore: new Date(now + 3 * DAY), notAfter: new Date(now + 300 * DAY) }));
      const { observation } = await probe(port);
      assert.equal(observation.failure, 'cert_not_yet_valid');
      assert.equal(observation.chainError, 'CERT_NOT_YET_VALID');
      assert.equal(observation.ok, false);
    });

    it('reports a self-signed certificate', async () => {
      const port = await tlsServer(leaf({ issuer: 'self' }));
      const { observation } = await probe(port);
      assert.equal(observation.failure, 'cert_self_signed');
      assert.equal(observation.chainError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.equal(observation.certificate?.selfSigned, true);
      assert.equal(observation.ok, false);
    });

    it('reports a certificate from an unknown CA as untrusted', async () => {
      const port = await tlsServer(leaf({ issuer: 'unknown' }));
      const { observation } = await probe(port);
      assert.equal(observation.failure, 'cert_untrusted');
      assert.match(observation.chainError ?? '', /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
      assert.match(observation.certificate?.issuer ?? '', /Unknown Test CA/);
      assert.equal(observation.certificate?.selfSigned, false);
    });

    it('reports a host name mismatch and lists the names the certificate covers', async () => {
      const port = await tlsServer(leaf({ commonName: 'host.hoster.example', altNames: ['host.hoster.example', '*.hoster.example'] }));
      const { observation } = await probe(port, { servername: 'mail.customer.example' });
      assert.equal(observation.ok, false);
      assert.equal(observation.failure, 'cert_hostname_mismatch');
      assert.equal(observation.hostnameMatch, false);
      assert.equal(observation.chainError, undefined, 'the chain itself is fine');
      assert.deepEqual(observation.certificate?.subjectAltNames, ['host.hoster.example', '*.hoster.example']);
      assert.match(observation.message ?? '', /mail\.customer\.example.*host\.hoster\.example/);
    });

    it('sends no SNI for an IP literal but still checks the IP against the certificate', async () => {
      const keyAndCert = leaf({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
      const sniSeen: string[] = [];
      const context = tls.createSecureContext(keyAndCert);
      const port = await tlsServer(keyAndCert, {
        SNICallback: (name, callback) => {
          sniSeen.push(name);
          callback(null, context);
        },
      });
      const matching = await probe(port, { servername: '127.0.0.1' });
      assert.equal(matching.observation.ok, true);
      assert.deepEqual(sniSeen, [], 'no SNI for an IP address');
      const other = await probe(port, { servername: '127.0.0.2' });
      assert.equal(other.observation.failure, 'cert_hostname_mismatch');
      await probe(port, { servername: 'localhost' });
      assert.deepEqual(sniSeen, ['localhost'], 'a host name is sent as SNI');
    });

    it('passes a certificate that expires in 5 days (the engine warns)', async () => {
      const port = await tlsServer(leaf({ notAfter: new Date(Date.now() + 5 * DAY) }));
      const { observation } = await probe(port);
      assert.equal(observation.ok, true);
      const daysLeft = observation.certificate?.daysLeft ?? -1;
      assert.ok(daysLeft >= 4 && daysLeft <= 5, `daysLeft ${daysLeft}`);
    });

    it('reports plaintext_reply when a plaintext server answers the ClientHello', async () => {
      const port = await tcpServer((socket) => socket.write('* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n'));
      const { observation, tlsSocket } = await probe(port);
      assert.equal(observation.failure, 'plaintext_reply');
      assert.equal(observation.handshake, false);
      assert.match(observation.message ?? '', /ERR_SSL_WRONG_VERSION_NUMBER/);
      assert.equal(tlsSocket, undefined);
    });

    it('times out within the deadline when the server never answers', async () => {
      const port = await tcpServer(() => {});
      const socket = await connect(port);
      const started = Date.now();
      const { observation } = await tlsHandshake(socket, options({ timeoutMs: 300 }));
      const elapsed = Date.now() - started;
      assert.equal(observation.failure, 'timeout');
      assert.ok(elapsed >= 280 && elapsed < 1500, `elapsed ${elapsed}`);
      assert.equal(socket.destroyed, true, 'the socket is closed');
    });

    it('reports closed when the server closes during the handshake', async () => {
      const port = await tcpServer((socket) => socket.once('data', () => socket.end()));
      const { observation } = await probe(port);
      assert.equal(observation.failure, 'closed');
      assert.equal(observation.handshake, false);
    });

    it('reports reset when the server resets during the handshake', async () => {
      const port = await tcpServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
      const { observation } = await probe(port);
      assert.equal(observation.failure, 'reset');
      assert.match(observation.message ?? '', /ECONNRESET/);
    });

    it('stops at once and closes the socket when aborted', async () => {
      const port = await tcpServer(() => {});
      const socket = await connect(port);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const { observation } = await tlsHandshake(socket, options({ timeoutMs: 5000, signal: controller.signal }));
      assert.ok(Date.now() - started < 1000);
      assert.equal(observation.failure, 'closed');
      assert.equal(observation.message, 'aborted');
      assert.equal(socket.destroyed, true);
    });

    it('fails protocol_version against a TLS 1.0-only server', async () => {
      const port = await tlsServer(leaf(), { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
      const { observation } = await probe(port);
      assert.equal(observation.failure, 'protocol_version');
      assert.match(observation.message ?? '', /ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION|ERR_SSL_UNSUPPORTED_PROTOCOL/);
    });
  });

  describe('scanTlsVersions', () => {
    /** Opens plain connections and remembers them, to check that the scan closes all. */
    function opener(port: number) {
      const opened: Socket[] = [];
      const open = async (): Promise<Socket | undefined> => {
        const socket = await connect(port);
        opened.push(socket);
        return socket;
      };
      return { open, opened };
    }

    it('sees only TLS 1.3 on a TLS 1.3-only server and closes every socket', async () => {
      const port = await tlsServer(leaf(), { minVersion: 'TLSv1.3' });
      const { open, opened } = opener(port);
      const versions = await scanTlsVersions(open, options());
      assert.deepEqual(versions, { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': true });
      assert.equal(opened.length, 4);
      assert.ok(opened.every((socket) => socket.destroyed));
    });

    // Node 20 (OpenSSL 3.0) still speaks TLS 1.0 and 1.1 once both ends drop to security level 0.
    it('sees only TLS 1.0 on a TLS 1.0-only server', async () => {
      const port = await tlsServer(leaf(), { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
      const versions = await scanTlsVersions(opener(port).open, options());
      assert.deepEqual(versions, { TLSv1: true, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false });
    });

    it('sees only TLS 1.1 on a TLS 1.1-only server', async () => {
      const port = await tlsServer(leaf(), { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
      const versions = await scanTlsVersions(opener(port).open, options());
      assert.deepEqual(versions, { TLSv1: false, 'TLSv1.1': true, 'TLSv1.2': false, 'TLSv1.3': false });
    });

    it('counts a version even when the certificate is bad (it only observes)', async () => {
      const port = await tlsServer(leaf({ issuer: 'self' }), { maxVersion: 'TLSv1.2' });
      const versions = await scanTlsVersions(opener(port).open, options());
      assert.deepEqual(versions, { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': false });
    });

    it('reports nothing when no connection can be opened, and bounds a hanging open', async () => {
      assert.deepEqual(await scanTlsVersions(async () => undefined, options()), {
        TLSv1: false,
        'TLSv1.1': false,
        'TLSv1.2': false,
        'TLSv1.3': false,
      });
      const started = Date.now();
      const versions = await scanTlsVersions(() => new Promise(() => {}), options({ timeoutMs: 200 }));
      assert.ok(Date.now() - started < 1000);
      assert.ok(Object.values(versions).every((supported) => !supported));
    });
  });
});

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Closes the server and every connection it still holds. */
function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of connections.get(server) ?? []) socket.destroy();
  });
}

const connections = new WeakMap<net.Server, Set<Socket>>();

function track(server: net.Server): void {
  const sockets = new Set<Socket>();
  connections.set(server, sockets);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
}
