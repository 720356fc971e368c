import assert from 'node:assert/strict';
import { DiagnosisContext } from '../../src/diagnosis/context';
import { diagnose } from '../../src/diagnosis/diagnose';
import type { Report } from '../../src/diagnosis/report';
import { resolveTarget } from '../../src/diagnosis/resolve-target';
import type { RefusalReason } from '../../src/policy/target-policy';
import type { ServerSettings } from '../../src/settings/server-settings';
import { startDnsServer, type TestDnsServer, type ZoneRecords } from '../support/dns-server';
import { spyOnConnections, type ConnectionSpy } from './support/connection-spy';
import { startLoopbackTwins, type CountingServer } from './support/loopback-twins';

/**
 * The policy as the engine applies it: after DNS resolution, on the exact address connected to.
 *
 * Network rule of this suite: traffic goes to 127.0.0.0/8 and ::1 only. "Public" is modelled by
 * 127.0.0.2, which the tests allow with `allowNets: ['127.0.0.2/32']`; "forbidden" by the other
 * loopback addresses, where servers listen on the same port and must see no connection. Names
 * that resolve to non-loopback ranges go through `resolveTarget` only, which resolves and checks
 * but never connects, so no address outside loopback is ever handed to code that could.
 */
const ALLOWED = '127.0.0.2';
const IMAP_GREETING = '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n';

describe('policy through the engine: forbidden loopback targets (diagnose)', function () {
  let dns: TestDnsServer;
  let port: number;
  let servers: CountingServer[];
  let closeServers: () => Promise<void>;
  let connections: ConnectionSpy;
  const zone: ZoneRecords = {
    'policy.test': { NS: [] },
    'public.policy.test': { A: [ALLOWED] },
    'loopback.policy.test': { A: ['127.0.0.1'] },
    'loopback-other.policy.test': { A: ['127.0.0.3'] },
    'loopback6.policy.test': { AAAA: ['::1'] },
    'mapped.policy.test': { AAAA: ['::ffff:127.0.0.1'] },
    'mixed.policy.test': { A: ['127.0.0.1', ALLOWED] },
  };

  before(async function () {
    dns = await startDnsServer({ records: zone });
    const twins = await startLoopbackTwins([ALLOWED, '127.0.0.1', '127.0.0.3', '::1'], (socket) => socket.write(IMAP_GREETING));
    port = twins.port;
    servers = twins.servers;
    closeServers = twins.close;
  });
  after(async function () {
    await closeServers();
    await dns.close();
  });
  beforeEach(function () {
    connections = spyOnConnections();
  });
  afterEach(function () {
    connections.restore();
  });

  const accepted = (address: string): number => servers.find((s) => s.address === address)!.accepted;
  const forbiddenAccepted = (): number => ['127.0.0.1', '127.0.0.3', '::1'].reduce((sum, a) => sum + accepted(a), 0);

  function run(host: string, options: { port?: number; allowPorts?: number[] } = {}): Promise<Report> {
    const settings: ServerSettings = { protocol: 'imap', host, port: options.port ?? port, security: 'none' };
    return diagnose({
      settings: { incoming: settings },
      options: {
        dnsServers: [dns.server],
        authoritativeDnsPort: dns.port,
        allowNets: [`${ALLOWED}/32`],
        allowPorts: options.allowPorts ?? [port],
        timeoutMs: 1200,
      },
    });
  }

  function refusals(report: Report): { what: unknown; reason: unknown }[] {
    return report.findings.filter((f) => f.cause === 'policy.target_refused').map((f) => ({ what: f.facts.what, reason: f.facts.reason }));
  }

  it('control: a name resolving to the allowed address is probed', async function () {
    const before = accepted(ALLOWED);
    const report = await run('public.policy.test');
    assert.deepEqual(refusals(report), []);
    assert.ok(accepted(ALLOWED) > before, 'the allowed server saw no connection');
    assert.deepEqual(connections.hosts(), [ALLOWED]);
    assert.equal(forbiddenAccepted(), 0);
  });

  const cases: [string, string, RefusalReason][] = [
    ['loopback.policy.test', '127.0.0.1', 'loopback'],
    ['loopback-other.policy.test', '127.0.0.3', 'loopback'],
    ['loopback6.policy.test', '::1', 'loopback'],
    ['mapped.policy.test', '::ffff:127.0.0.1', 'loopback'],
  ];
  for (const [name, address, reason] of cases) {
    it(`${name} → ${address}: policy.target_refused (${reason}) and no connection`, async function () {
      const report = await run(name);
      assert.deepEqual(refusals(report), [{ what: address, reason }]);
      const refused = report.findings.find((f) => f.cause === 'policy.target_refused')!;
      assert.equal(refused.severity, 'error');
      assert.match(refused.evidence, new RegExp(`${name.replace(/\./g, '\\.')} resolves to ${address.replace(/\./g, '\\.')}, which the bot may not contact \\(${reason}\\)`));
      assert.equal(report.verdict, 'problem');
      assert.deepEqual(connections.destinations, [], 'no connection may be attempted at all');
      assert.equal(forbiddenAccepted(), 0);
    });
  }

  it('an IP literal typed as the host is checked too', async function () {
    const report = await run('127.0.0.1');
    assert.deepEqual(refusals(report), [{ what: '127.0.0.1', reason: 'loopback' }]);
    assert.deepEqual(connections.destinations, []);
    assert.equal(forbiddenAccepted(), 0);
  });

  it('a name with an allowed and a forbidden address: only the allowed one is probed', async function () {
    const before = accepted(ALLOWED);
    const report = await run('mixed.policy.test');
    assert.deepEqual(refusals(report), [{ what: '127.0.0.1', reason: 'loopback' }]);
    assert.ok(accepted(ALLOWED) > before);
    assert.deepEqual(connections.hosts(), [ALLOWED]);
    assert.equal(forbiddenAccepted(), 0);
  });

  it('a port that is not a mail port is refused before DNS, even on an allowed address', async function () {
    const before = accepted(ALLOWED);
    const report = await run('public.policy.test', { allowPorts: [] });
    const refused = report.findings.find((f) => f.cause === 'policy.target_refused');
    assert.ok(refused, JSON.stringify(report.findings));
    assert.equal(refused.facts.reason, 'port_not_allowed');
    assert.match(refused.evidence, new RegExp(`port ${port} is not a mail port`));
    assert.deepEqual(connections.destinations, []);
    assert.equal(accepted(ALLOWED), before);
  });
});

describe('policy through the engine: every forbidden range after DNS (resolveTarget, never connects)', function () {
  let dns: TestDnsServer;
  let connections: ConnectionSpy;
  const ranges: [string, 'A' | 'AAAA', RefusalReason][] = [
    ['10.0.0.1', 'A', 'private'],
    ['172.16.0.1', 'A', 'private'],
    ['192.168.1.1', 'A', 'private'],
    ['fd12:3456::1', 'AAAA', 'private'],
    ['169.254.1.1', 'A', 'link_local'],
    ['fe80::1', 'AAAA', 'link_local'],
    ['169.254.169.254', 'A', 'cloud_metadata'],
    ['fd00:ec2::254', 'AAAA', 'cloud_metadata'],
    ['100.64.0.1', 'A', 'carrier_nat'],
    ['224.0.0.1', 'A', 'multicast'],
    ['ff02::1', 'AAAA', 'multicast'],
    ['0.0.0.0', 'A', 'unspecified'],
    ['::', 'AAAA', 'unspecified'],
    ['::ffff:10.0.0.1', 'AAAA', 'private'],
    ['::ffff:169.254.169.254', 'AAAA', 'cloud_metadata'],
    ['127.0.0.1', 'A', 'loopback'],
    ['::1', 'AAAA', 'loopback'],
  ];
  const nameOf = (i: number): string => `range${i}.policy.test`;

  before(async function () {
    const records: ZoneRecords = { 'policy.test': { NS: [] } };
    ranges.forEach(([address, type], i) => (records[nameOf(i)] = { [type]: [address] }));
    dns = await startDnsServer({ records });
  });
  after(() => dns.close());
  beforeEach(() => (connections = spyOnConnections()));
  afterEach(() => connections.restore());

  ranges.forEach(([address, type, reason], i) => {
    it(`a name whose ${type} record is ${address} is refused as ${reason}`, async function () {
      const ctx = new DiagnosisContext({ dnsServers: [dns.server], authoritativeDnsPort: dns.port, timeoutMs: 1200, allowNets: [`${ALLOWED}/32`] });
      const settings: ServerSettings = { protocol: 'imap', host: nameOf(i), port: 993, security: 'tls' };
      const resolved = await resolveTarget(ctx, 'incoming', settings, undefined);
      assert.deepEqual(resolved.addresses, []);
      const refused = resolved.findings.filter((f) => f.cause === 'policy.target_refused');
      assert.equal(refused.length, 1, JSON.stringify(resolved.findings));
      assert.equal(refused[0]!.facts.reason, reason);
      assert.equal(refused[0]!.facts.host, nameOf(i));
      assert.deepEqual(connections.destinations, []);
    });
  });
});
