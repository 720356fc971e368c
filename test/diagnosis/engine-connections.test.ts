import assert from 'node:assert/strict';
import type { Server, Socket } from 'node:net';
import type { Report } from '../../src/diagnosis/report';
import type { ServerSettings, Security } from '../../src/settings/server-settings';
import { startFakeImapServer } from '../support/fake-imap-server';
import { DAY, type LeafOptions } from '../support/certs';
import { causes } from './harness';
import { mailZone, PASSWORD, USER, useEngineSuite } from './servers';

/**
 * The connection budget (issue 13): counted server side, on real loopback servers (the
 * counting wrapper of ./servers), the way a Dovecot or Postfix log and fail2ban see the bot.
 * A healthy IMAP+SMTP diagnosis with login on a dual-stack host opens at most 10 connections
 * (6 today: IMAP and SMTP each log in on the check's own session, as a mail app does); a fault
 * diagnosis at most 24; the report's count per check adds up to its total, and matches what the
 * servers accepted. Probes whose outcome is already known are never started: that is asserted
 * per port.
 */
const HEALTHY_BUDGET = 10;
const FAULT_BUDGET = 24;
const credentials = { user: USER, password: PASSWORD };

/**
 * What Dovecot logs per connection: with an auth attempt, or "Disconnected (no auth
 * attempts)", the line fail2ban's aggressive Dovecot filter counts. Read server side, from the
 * bytes each accepted connection received (inside TLS for an implicit-TLS server).
 */
function watchAuthAttempts(server: Server, secure: boolean): { withAuth: () => number; withoutAuth: () => number } {
  const connections: { auth: boolean }[] = [];
  const watch = (socket: Socket): void => {
    const seen = { auth: false };
    connections.push(seen);
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text = (text + chunk.toString('latin1')).slice(-4096);
      if (/^\S+ (?:LOGIN|AUTHENTICATE)\b/im.test(text)) seen.auth = true;
    });
  };
  server.on(secure ? 'secureConnection' : 'connection', watch);
  return { withAuth: () => connections.filter((c) => c.auth).length, withoutAuth: () => connections.filter((c) => !c.auth).length };
}

describe('engine: connections per diagnosis (counted by the servers)', function () {
  const { h, servers } = useEngineSuite(() => ({
    ...mailZone(),
    'dual.mail.test': { A: ['127.0.0.1'], AAAA: ['::1'] },
  }));
  const leaf = (host: string, options: Partial<LeafOptions> = {}) => h.pki.issue({ commonName: host, altNames: [host], ...options });
  const imap = (port: number, security: Security, host = 'imap.mail.test'): ServerSettings => ({ protocol: 'imap', host, port, security });
  const imapLogin = (user: string, password: string) => (user === USER && password === PASSWORD ? 'OK Logged in' : 'NO [AUTHENTICATIONFAILED] Invalid credentials');
  /** An IMAP server counted like the others, kept for what it received; closed after the test. */
  const imapServer = async (options: Parameters<typeof startFakeImapServer>[0]) => {
    const server = await startFakeImapServer(options);
    servers.counted.watch(server.server, server.port);
    servers.add(() => server.close());
    return server;
  };
  /** LOGIN / AUTHENTICATE commands the server received: the password sent how often. */
  const logins = (server: { received: string[] }): number => server.received.filter((line) => /^(?:LOGIN|AUTHENTICATE)\b/i.test(line)).length;

  /** The report's own count: every check's connections add up to the total, and per server. */
  function reportedConnections(report: Report): number {
    const total = report.connections?.total ?? NaN;
    const perCheck = report.checks.reduce((sum, c) => sum + (c.connections ?? 0), 0);
    assert.equal(perCheck, total, `checks say ${perCheck}, total ${total}: ${JSON.stringify(report.checks.filter((c) => c.connections))}`);
    const perServer = (report.connections?.servers ?? []).reduce((sum, s) => sum + s.opened, 0);
    assert.equal(perServer, total);
    return total;
  }

  it('healthy IMAP (SSL/TLS) + SMTP (STARTTLS) with login on a dual-stack host: 6 (at most 10), no alternative probed', async function () {
    const host = 'dual.mail.test';
    const cert = leaf(host);
    const imapPort = await servers.imap({ tls: cert, login: imapLogin });
    const imap6 = await startFakeImapServer({ tls: cert, login: imapLogin, host: '::1', port: imapPort });
    servers.counted.watch(imap6.server, imapPort);
    servers.add(() => imap6.close());
    const smtpPort = await servers.smtp({ secure: false, ...cert });
    await servers.smtp({ secure: false, ...cert, port: smtpPort }, undefined, '::1');

    const report = await h.run(
      { incoming: imap(imapPort, 'tls', host), outgoing: { protocol: 'smtp', host, port: smtpPort, security: 'starttls' } },
      { allowPorts: [imapPort, smtpPort], allowNets: ['127.0.0.0/8', '::1/128'], credentials },
    );
    assert.deepEqual(causes(report), ['ok'], JSON.stringify(report.findings));
    assert.equal(report.checks.filter((c) => c.name === 'login' && c.status === 'pass').length, 2);
    const accepted = servers.counted.total();
    assert.ok(accepted <= HEALTHY_BUDGET, `servers accepted ${accepted}: ${servers.counted.describe()}`);
    assert.equal(reportedConnections(report), accepted, JSON.stringify(report.checks.filter((c) => c.connections)));
    // Per side: the check on each address (the first one's goes on with the login) and one
    // TLS 1.2 check; nothing else.
    assert.equal(servers.counted.accepted(imapPort), 3, servers.counted.describe());
    assert.equal(servers.counted.accepted(smtpPort), 3, servers.counted.describe());
    assert.equal(accepted, 6);
    assert.equal(report.checks.find((c) => c.name === 'alternatives'), undefined);
  });

  it('healthy IMAP (SSL/TLS) with login, IPv4 only: the login goes on on the check\'s own connection; the TLS 1.2 check is the only other', async function () {
    const server = await imapServer({ tls: leaf('imap.mail.test'), login: imapLogin });
    const auth = watchAuthAttempts(server.server, true);
    const report = await h.run({ incoming: imap(server.port, 'tls') }, { allowPorts: [server.port], credentials });
    assert.deepEqual(causes(report), ['ok']);
    assert.equal(report.checks.find((c) => c.name === 'login')?.status, 'pass');
    assert.equal(servers.counted.accepted(server.port), 2, servers.counted.describe());
    assert.equal(reportedConnections(report), 2);
    // One login, sent once; a single connection Dovecot would log "no auth attempts" for.
    assert.equal(logins(server), 1, server.received.join(' | '));
    assert.deepEqual([auth.withAuth(), auth.withoutAuth()], [1, 1]);
    assert.equal(report.checks.find((c) => c.name === 'login')?.connections, undefined, 'the login opened none of its own');
  });

  it('healthy IMAP (STARTTLS) with login: the check\'s session is upgraded once and carries the login', async function () {
    const server = await imapServer({ starttls: leaf('imap.mail.test'), login: imapLogin });
    const report = await h.run({ incoming: imap(server.port, 'starttls') }, { allowPorts: [server.port], credentials });
    assert.deepEqual(causes(report), ['ok'], JSON.stringify(report.findings));
    assert.equal(report.checks.find((c) => c.name === 'login')?.status, 'pass');
    // The check (greeting, CAPABILITY, STARTTLS, CAPABILITY, then the login) and the TLS 1.2 check.
    assert.equal(servers.counted.accepted(server.port), 2, servers.counted.describe());
    assert.equal(reportedConnections(report), 2);
    assert.equal(logins(server), 1, server.received.join(' | '));
  });

  for (const security of ['tls', 'starttls'] as const) {
    it(`healthy POP3 (${security}) with login: the login goes on on the check's own session (CAPA again, then the login)`, async function () {
      const cert = leaf('pop.mail.test');
      const port = await servers.pop3(security === 'tls' ? { tls: cert } : { starttls: cert });
      const report = await h.run({ incoming: { protocol: 'pop3', host: 'pop.mail.test', port, security } }, { allowPorts: [port], credentials });
      assert.deepEqual(causes(report), ['ok'], JSON.stringify(report.findings));
      assert.equal(report.checks.find((c) => c.name === 'login')?.status, 'pass');
      assert.equal(servers.counted.accepted(port), 2, servers.counted.describe());
      assert.equal(reportedConnections(report), 2);
    });
  }

  it('a slow login (Dovecot-like auth penalty): the answer is waited for on the check\'s own connection, no second connection or attempt', async function () {
    // Dovecot holds a failed login's answer back (auth_failure_delay, anvil's auth penalty);
    // a right password answered late must still be one login on one connection.
    for (const [password, cause] of [[PASSWORD, 'ok'], ['wrong-password', 'auth.invalid_credentials']] as const) {
      const server = await imapServer({ tls: leaf('imap.mail.test'), login: imapLogin, loginDelayMs: 400 });
      const auth = watchAuthAttempts(server.server, true);
      const report = await h.run({ incoming: imap(server.port, 'tls') }, { allowPorts: [server.port], credentials: { user: USER, password } });
      assert.deepEqual(causes(report), [cause], JSON.stringify(report.findings));
      assert.equal(servers.counted.accepted(server.port), 2, `${password}: ${servers.counted.describe()}`);
      assert.equal(logins(server), 1, server.received.join(' | '));
      assert.deepEqual([auth.withAuth(), auth.withoutAuth()], [1, 1]);
      servers.counted.reset();
    }
  });

  it('healthy IMAP+SMTP with login, IPv4 only: 4 connections, two of them with the login', async function () {
    const incoming = await imapServer({ tls: h.pki.issue({ commonName: 'imap.mail.test' }), login: imapLogin });
    const smtpPort = await servers.smtp({ secure: false, ...h.pki.issue({ commonName: 'smtp.mail.test' }) });
    const report = await h.run(
      { incoming: imap(incoming.port, 'tls'), outgoing: { protocol: 'smtp', host: 'smtp.mail.test', port: smtpPort, security: 'starttls' } },
      { allowPorts: [incoming.port, smtpPort], credentials },
    );
    assert.deepEqual(causes(report), ['ok'], JSON.stringify(report.findings));
    assert.equal(report.checks.filter((c) => c.name === 'login' && c.status === 'pass').length, 2);
    assert.equal(servers.counted.total(), 4, servers.counted.describe());
    assert.equal(reportedConnections(report), 4);
  });

  it('healthy SMTP (STARTTLS) with login: the login goes on on the check\'s own session, so the server sees two connections, not three', async function () {
    const cert = leaf('smtp.mail.test');
    const sessions: { id: string; authenticated: boolean }[] = [];
    const port = await servers.smtp({
      secure: false,
      ...cert,
      onConnect: (session, callback) => (sessions.push({ id: session.id, authenticated: false }), callback()),
      onAuth: (auth, session, callback) => {
        const seen = sessions.find((s) => s.id === session.id);
        if (seen) seen.authenticated = true;
        return auth.username === USER && auth.password === PASSWORD ? callback(null, { user: USER }) : callback(new Error('535 5.7.8 invalid'));
      },
    });
    const report = await h.run({ outgoing: { protocol: 'smtp', host: 'smtp.mail.test', port, security: 'starttls' } }, { allowPorts: [port], credentials });
    assert.deepEqual(causes(report), ['ok'], JSON.stringify(report.findings));
    assert.equal(report.checks.find((c) => c.name === 'login')?.status, 'pass');
    // The check (greeting, EHLO, STARTTLS, EHLO, then the login's EHLO and AUTH) and the TLS 1.2 check.
    assert.equal(servers.counted.accepted(port), 2, servers.counted.describe());
    assert.equal(sessions.filter((s) => s.authenticated).length, 1);
    assert.equal(reportedConnections(report), 2);
  });

  const faults: { name: string; cause: string; start: () => Promise<{ settings: ServerSettings; port: number }>; samePort?: number; loginOnFix?: boolean }[] = [
    {
      name: 'expired certificate',
      cause: 'tls.cert_expired',
      start: async () => {
        const port = await servers.imap({ tls: leaf('imap.mail.test', { notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - 2 * DAY) }) });
        return { port, settings: imap(port, 'tls') };
      },
      // The handshake told what the port is: no plaintext probe waits on it, no login on a bad certificate.
      samePort: 1,
    },
    {
      name: 'self-signed certificate',
      cause: 'tls.cert_self_signed',
      start: async () => {
        const port = await servers.imap({ tls: leaf('imap.mail.test', { issuer: 'self' }) });
        return { port, settings: imap(port, 'tls') };
      },
      samePort: 1,
    },
    {
      name: 'STARTTLS chosen on an implicit-TLS port',
      cause: 'tls.starttls_on_implicit_port',
      start: async () => {
        const port = await servers.imap({ tls: leaf('imap.mail.test'), login: imapLogin });
        return { port, settings: imap(port, 'starttls') };
      },
      // The user's plaintext probe and one SSL/TLS probe of the same port (the fix), whose own
      // session carries the login.
      samePort: 2,
      loginOnFix: true,
    },
    {
      name: 'implicit TLS chosen on a plaintext port',
      cause: 'tls.implicit_on_plain_port',
      start: async () => {
        const port = await servers.imap({ starttls: leaf('imap.mail.test'), login: imapLogin });
        return { port, settings: imap(port, 'tls') };
      },
      samePort: 2,
      loginOnFix: true,
    },
  ];

  for (const fault of faults) {
    it(`${fault.name}: ${fault.cause} within ${FAULT_BUDGET} connections, with login`, async function () {
      const { settings, port } = await fault.start();
      const report = await h.run({ incoming: settings }, { allowPorts: [port], credentials });
      assert.equal(causes(report)[0], fault.cause, JSON.stringify(report.findings));
      const accepted = servers.counted.total();
      assert.ok(accepted <= FAULT_BUDGET, `servers accepted ${accepted}: ${servers.counted.describe()}`);
      // Refused connects (standard ports with nothing behind them) count in the report, not at a server.
      assert.ok(reportedConnections(report) >= accepted);
      if (fault.samePort !== undefined) assert.equal(servers.counted.accepted(port), fault.samePort, servers.counted.describe());
      if (fault.loginOnFix) {
        const login = report.checks.find((c) => c.name === 'login');
        assert.equal(login?.status, 'pass', JSON.stringify(login));
        assert.equal(login?.connections, undefined, 'the login opened none of its own');
      }
    });
  }

  it('a certificate fault on a server with two ports: the second port shows the same certificate, the search stops there', async function () {
    const expired = leaf('imap.mail.test', { notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - 2 * DAY) });
    const port = await servers.imap({ tls: expired });
    const published = [await servers.imap({ starttls: expired }), await servers.imap({ tls: expired }), await servers.imap({ tls: expired })];
    const report = await h.run(
      { incoming: imap(port, 'tls') },
      { allowPorts: [port, ...published], alternatives: { incoming: [{ port: published[0]!, security: 'starttls' }, { port: published[1]!, security: 'tls' }, { port: published[2]!, security: 'tls' }] } },
    );
    assert.deepEqual(causes(report), ['tls.cert_expired']);
    // The first published port is asked; the two after it would only repeat the certificate.
    assert.equal(servers.counted.accepted(published[0]!), 1, servers.counted.describe());
    assert.equal(servers.counted.accepted(published[1]!) + servers.counted.accepted(published[2]!), 0, servers.counted.describe());
  });

  it('a wrong port: the alternatives run in order and stop at the first that fully works', async function () {
    const closed = await servers.closedPort();
    const good = [await servers.imap({ tls: leaf('imap.mail.test') }), await servers.imap({ tls: leaf('imap.mail.test') })];
    const report = await h.run(
      { incoming: imap(closed, 'tls') },
      { allowPorts: [closed, ...good], alternatives: { incoming: good.map((port) => ({ port, security: 'tls' as const })) } },
    );
    assert.deepEqual(causes(report), ['settings.wrong_port']);
    assert.equal(report.findings[0]?.fix?.settings?.port, good[0]);
    assert.equal(servers.counted.accepted(good[0]!), 1, servers.counted.describe());
    assert.equal(servers.counted.accepted(good[1]!), 0, servers.counted.describe());
  });
});
