import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { diagnose } from '../../src/diagnosis/diagnose';
import type { Check, Report } from '../../src/diagnosis/report';
import type { AccountSettings } from '../../src/settings/server-settings';
import { createTestPki, type TestPki } from '../support/certs';
import { startDnsServer, type NameRecords, type TestDnsServer } from '../support/dns-server';
import { startFakeImapServer } from '../support/fake-imap-server';
import { spyOnConnections, type ConnectionSpy } from './support/connection-spy';
import { onSamePort, type CountingServer } from './support/loopback-twins';

/**
 * DNS rebinding: a resolver that first answers an allowed address and then a forbidden one for
 * the same name. The engine checks the addresses once and connects to exactly those, so every
 * connection of the diagnosis (probes, alternatives, TLS scan, imapflow's and nodemailer's
 * logins) must go to the checked address, never to the later answer.
 *
 * Loopback only: 127.0.0.2 is "public" (allowed by allowNets), 127.0.0.1 is "private" and has a
 * server on the same port that must see no connection.
 */
const ALLOWED = '127.0.0.2';
const FORBIDDEN = '127.0.0.1';
const USER = 'alice@policy.test';
const PASSWORD = 'rebind-Secret-42';

/** An A record whose answer depends on what the test says at query time; counts what it gave. */
class RebindingRecord {
  forbiddenNow = false;
  readonly answers: string[] = [];

  constructor(private readonly firstOnlyAllowed: boolean) {}

  records(): NameRecords {
    const self = this;
    return {
      get A(): string[] {
        const answer = self.forbiddenNow || (self.firstOnlyAllowed && self.answers.length > 0) ? FORBIDDEN : ALLOWED;
        self.answers.push(answer);
        return [answer];
      },
    };
  }
}

describe('policy: DNS rebinding cannot redirect the engine', function () {
  let pki: TestPki;
  let connections: ConnectionSpy;
  const closers: (() => Promise<void>)[] = [];

  before(function () {
    pki = createTestPki();
  });
  beforeEach(() => (connections = spyOnConnections()));
  afterEach(async function () {
    connections.restore();
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function dnsFor(names: Record<string, RebindingRecord>): Promise<TestDnsServer> {
    const records = Object.fromEntries(Object.entries(names).map(([name, record]) => [name, record.records()]));
    const dns = await startDnsServer({ records: { 'policy.test': { NS: [] }, ...records } });
    closers.push(() => dns.close());
    return dns;
  }

  /** IMAPS on the allowed address; a counting tripwire on the same port at the forbidden one. */
  async function imapWithTripwire(host: string): Promise<{ port: number; tripwire: CountingServer; received: string[] }> {
    const { first, twins, close } = await onSamePort(
      () => startFakeImapServer({ host: ALLOWED, tls: pki.issue({ commonName: host }) }),
      [FORBIDDEN],
    );
    closers.push(close);
    return { port: first.port, tripwire: twins[0]!, received: first.received };
  }

  /** Implicit-TLS smtp-server on the allowed address taking USER/PASSWORD; tripwire beside it. */
  async function smtpWithTripwire(host: string): Promise<{ port: number; tripwire: CountingServer; logins: string[] }> {
    const logins: string[] = [];
    const { first, twins, close } = await onSamePort(async () => {
      const server = new SMTPServer({
        logger: false,
        secure: true,
        ...pki.issue({ commonName: host }),
        disableReverseLookup: true,
        authMethods: ['PLAIN', 'LOGIN'],
        onAuth(auth, _session, callback) {
          logins.push(auth.username ?? '');
          if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
          return callback(new Error('535 5.7.8 Authentication credentials invalid'));
        },
      });
      server.on('error', () => {});
      await new Promise<void>((resolve) => server.listen(0, ALLOWED, () => resolve()));
      return {
        port: (server.server.address() as AddressInfo).port,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    }, [FORBIDDEN]);
    closers.push(close);
    return { port: first.port, tripwire: twins[0]!, logins };
  }

  function run(dns: TestDnsServer, settings: AccountSettings, ports: number[], onProgress?: (check: Check) => void): Promise<Report> {
    return diagnose({
      settings,
      credentials: { user: USER, password: PASSWORD },
      options: {
        dnsServers: [dns.server],
        authoritativeDnsPort: dns.port,
        allowNets: [`${ALLOWED}/32`],
        allowPorts: ports,
        ca: pki.trusted,
        timeoutMs: 1500,
        ...(onProgress ? { onProgress } : {}),
      },
    });
  }

  it('first answer allowed, every later answer forbidden: only the checked address is contacted', async function () {
    const host = 'rebind.policy.test';
    const record = new RebindingRecord(true);
    const dns = await dnsFor({ [host]: record });
    const imap = await imapWithTripwire(host);

    const report = await run(dns, { incoming: { protocol: 'imap', host, port: imap.port, security: 'tls' } }, [imap.port]);

    assert.equal(record.answers[0], ALLOWED, 'the engine’s own look-up came first');
    assert.ok(record.answers.slice(1).includes(FORBIDDEN), `the resolver rebound: ${record.answers.join(', ')}`);
    assert.equal(imap.tripwire.accepted, 0, 'a connection followed the rebound answer');
    assert.deepEqual(connections.hosts(), [ALLOWED]);
    assert.ok(report.checks.some((c) => c.name === 'login' && c.status === 'pass'), JSON.stringify(report.checks));
    assert.ok(imap.received.some((line) => line.startsWith('AUTHENTICATE') || line.startsWith('LOGIN')), 'the login reached the allowed server');
    assert.ok(!report.findings.some((f) => f.cause === 'policy.target_refused'), 'the checked address was allowed');
  });

  it('a rebind right after the check: probes, imapflow and nodemailer all keep the checked address', async function () {
    const imapHost = 'imap-rebind.policy.test';
    const smtpHost = 'smtp-rebind.policy.test';
    const imapRecord = new RebindingRecord(false);
    const smtpRecord = new RebindingRecord(false);
    const dns = await dnsFor({ [imapHost]: imapRecord, [smtpHost]: smtpRecord });
    const imap = await imapWithTripwire(imapHost);
    const smtp = await smtpWithTripwire(smtpHost);

    // The engine records the `dns` check once it has the addresses it will use; from then on
    // the resolver answers with the forbidden address.
    const report = await run(
      dns,
      {
        incoming: { protocol: 'imap', host: imapHost, port: imap.port, security: 'tls' },
        outgoing: { protocol: 'smtp', host: smtpHost, port: smtp.port, security: 'tls' },
      },
      [imap.port, smtp.port],
      (check) => {
        if (check.name !== 'dns') return;
        (check.target === 'incoming' ? imapRecord : smtpRecord).forbiddenNow = true;
      },
    );

    assert.equal(imap.tripwire.accepted + smtp.tripwire.accepted, 0, 'a connection followed the rebound answer');
    assert.deepEqual(connections.hosts(), [ALLOWED], 'every connection went to the checked IP, none by name');
    const logins = report.checks.filter((c) => c.name === 'login');
    assert.deepEqual(logins.map((c) => `${c.target}:${c.status}`).sort(), ['incoming:pass', 'outgoing:pass'], JSON.stringify(report.checks));
    assert.deepEqual(smtp.logins, [USER]);
    assert.ok(imap.received.some((line) => line.startsWith('AUTHENTICATE') || line.startsWith('LOGIN')));
  });
});
