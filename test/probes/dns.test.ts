import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { checkPropagation, queryDns, resolveAddresses, type DnsOptions } from '../../src/probes/dns';
import { startDnsServer, type DnsServerOptions, type TestDnsServer } from '../support/dns-server';

const LONG_TXT = Array.from({ length: 30 }, (_, i) => `chunk-${i}-${'x'.repeat(60)}`);

const LAB: DnsServerOptions = {
  records: {
    'mail.lab.test': {
      A: ['192.0.2.10', '192.0.2.11'],
      AAAA: ['2001:db8::10'],
      MX: [{ exchange: 'mx1.lab.test', priority: 10 }, { exchange: 'mx2.lab.test', priority: 20 }],
      TXT: ['v=spf1 -all', ['part one ', 'part two']],
    },
    'v4only.lab.test': { A: ['192.0.2.40'] },
    'mxonly.lab.test': { MX: [{ exchange: 'mail.lab.test', priority: 0 }] },
    '_imaps._tcp.lab.test': { SRV: [{ target: 'mail.lab.test', port: 993, priority: 0, weight: 5 }] },
    'big.lab.test': { TXT: LONG_TXT },
    'lab.test': { NS: ['ns1.lab.test'] },
    'ns1.lab.test': { A: ['127.0.0.2'] },
  },
  behaviour: { 'broken.lab.test': 'servfail', 'secret.lab.test': 'refused', 'slow.lab.test': 'drop' },
};

/** A loopback UDP port with nothing behind it: the kernel answers ICMP port unreachable. */
async function closedUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

describe('probes/dns', function () {
  let lab: TestDnsServer;
  let options: DnsOptions;
  const extra: TestDnsServer[] = [];

  async function start(opts: DnsServerOptions): Promise<TestDnsServer> {
    const server = await startDnsServer(opts);
    extra.push(server);
    return server;
  }

  before(async () => {
    lab = await startDnsServer(LAB);
    options = { timeoutMs: 2000, servers: [lab.server] };
  });
  after(() => lab.close());
  afterEach(async () => {
    await Promise.all(extra.splice(0).map((s) => s.close()));
  });

  describe('queryDns answers', () => {
    it('returns A and AAAA records and names the server asked', async () => {
      const a = await queryDns('mail.lab.test', 'A', options);
      assert.deepEqual(a.ok && [...a.records].sort(), ['192.0.2.10', '192.0.2.11']);
      assert.equal(a.server, lab.server);
      const aaaa = await queryDns('mail.lab.test', 'AAAA', options);
      assert.deepEqual(aaaa.ok && aaaa.records, ['2001:db8::10']);
    });

    it('returns MX, SRV and NS records in their own shapes', async () => {
      const mx = await queryDns('mail.lab.test', 'MX', options);
      assert.ok(mx.ok);
      assert.deepEqual(
        [...mx.records].sort((x, y) => x.priority - y.priority),
        [{ exchange: 'mx1.lab.test', priority: 10 }, { exchange: 'mx2.lab.test', priority: 20 }],
      );
      const srv = await queryDns('_imaps._tcp.lab.test', 'SRV', options);
      assert.deepEqual(srv.ok && srv.records, [{ name: 'mail.lab.test', port: 993, priority: 0, weight: 5 }]);
      const ns = await queryDns('lab.test', 'NS', options);
      assert.deepEqual(ns.ok && ns.records, ['ns1.lab.test']);
    });

    it('joins the character-strings of one TXT record', async () => {
      const txt = await queryDns('mail.lab.test', 'TXT', options);
      assert.deepEqual(txt.ok && [...txt.records].sort(), ['part one part two', 'v=spf1 -all']);
    });

    it('gets a truncated answer over TCP', async () => {
      const txt = await queryDns('big.lab.test', 'TXT', options);
      assert.deepEqual(txt.ok && [...txt.records].sort(), [...LONG_TXT].sort());
      assert.ok(lab.log.some((q) => q.name === 'big.lab.test' && q.transport === 'tcp'));
    });

    it('accepts a trailing dot and surrounding spaces', async () => {
      const a = await queryDns(' v4only.lab.test. ', 'A', options);
      assert.deepEqual(a.ok && a.records, ['192.0.2.40']);
    });
  });

  describe('queryDns failures are told apart', () => {
    const cases: [string, string][] = [
      ['nope.lab.test', 'nxdomain'],
      ['v4only.lab.test', 'nodata'],
      ['broken.lab.test', 'servfail'],
      ['secret.lab.test', 'refused'],
    ];
    for (const [name, code] of cases) {
      it(`${name} -> ${code}`, async () => {
        const result = await queryDns(name, name === 'v4only.lab.test' ? 'AAAA' : 'A', options);
        assert.equal(result.ok, false);
        assert.equal(!result.ok && result.code, code);
        assert.equal(result.server, lab.server);
      });
    }

    it('a server that never answers -> timeout, near the deadline', async () => {
      const started = performance.now();
      const result = await queryDns('slow.lab.test', 'A', { ...options, timeoutMs: 300 });
      const elapsed = performance.now() - started;
      assert.equal(!result.ok && result.code, 'timeout');
      assert.ok(elapsed >= 250 && elapsed < 1300, `took ${elapsed} ms`);
    });

    it('the deadline holds across several silent resolvers', async () => {
      const silent = [await start({ records: {}, behaviour: { '*': 'drop' } }), await start({ records: {}, behaviour: { '*': 'drop' } })];
      const started = performance.now();
      const result = await queryDns('x.lab.test', 'A', { timeoutMs: 300, servers: silent.map((s) => s.server) });
      const elapsed = performance.now() - started;
      assert.equal(!result.ok && result.code, 'timeout');
      assert.ok(elapsed < 1300, `took ${elapsed} ms`);
    });

    it('fails over from a silent resolver to the next one within the deadline', async () => {
      const silent = await start({ records: {}, behaviour: { '*': 'drop' } });
      const result = await queryDns('v4only.lab.test', 'A', { timeoutMs: 2000, servers: [silent.server, lab.server] });
      assert.deepEqual(result.ok && result.records, ['192.0.2.40']);
      assert.equal(result.server, `${silent.server}, ${lab.server}`);
      assert.ok(silent.queries >= 1);
    });

    it('does not fail over on SERVFAIL: the first resolver answer stands', async () => {
      const failing = await start({ records: {}, behaviour: { '*': 'servfail' } });
      const result = await queryDns('v4only.lab.test', 'A', { timeoutMs: 2000, servers: [failing.server, lab.server] });
      assert.equal(!result.ok && result.code, 'servfail');
    });

    it('nothing listening on the port -> unreachable', async () => {
      const port = await closedUdpPort();
      const result = await queryDns('mail.lab.test', 'A', { timeoutMs: 2000, servers: [`127.0.0.1:${port}`] });
      assert.equal(!result.ok && result.code, 'unreachable');
      assert.ok(result.ms < 1500, `took ${result.ms} ms`);
    });

    it('bad input is an error without any query', async () => {
      const before = lab.queries;
      for (const name of ['', '   ', `${`${'a'.repeat(60)}.`.repeat(5)}test`, 'a..b', `${'x'.repeat(64)}.test`]) {
        const result = await queryDns(name, 'A', options);
        assert.equal(!result.ok && result.code, 'error', name);
        assert.ok(!result.ok && result.message.length > 0);
      }
      const badServer = await queryDns('mail.lab.test', 'A', { timeoutMs: 500, servers: ['not-an-ip'] });
      assert.equal(!badServer.ok && badServer.code, 'error');
      assert.equal(lab.queries, before);
    });

    it('the signal cancels a pending query at once', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = performance.now();
      const result = await queryDns('slow.lab.test', 'A', { ...options, timeoutMs: 5000, signal: controller.signal });
      assert.equal(!result.ok && result.code, 'error');
      assert.ok(performance.now() - started < 1000);
      const already = await queryDns('mail.lab.test', 'A', { ...options, signal: AbortSignal.abort() });
      assert.equal(!already.ok && already.code, 'error');
    });
  });

  describe('resolveAddresses', () => {
    it('asks A and AAAA and returns both families', async () => {
      const result = await resolveAddresses('mail.lab.test', options);
      assert.ok(result.ok);
      assert.deepEqual(
        result.addresses.map((a) => `${a.family}:${a.address}`).sort(),
        ['4:192.0.2.10', '4:192.0.2.11', '6:2001:db8::10'],
      );
    });

    it('is ok with one family only', async () => {
      const result = await resolveAddresses('v4only.lab.test', options);
      assert.deepEqual(result.ok && result.addresses, [{ address: '192.0.2.40', family: 4 }]);
    });

    it('returns an IP literal as itself without asking', async () => {
      const before = lab.queries;
      for (const [host, address, family] of [['192.0.2.7', '192.0.2.7', 4], ['2001:db8::7', '2001:db8::7', 6], ['[::1]', '::1', 6]] as const) {
        const result = await resolveAddresses(host, options);
        assert.deepEqual(result.ok && result.addresses, [{ address, family }]);
      }
      assert.equal(lab.queries, before);
    });

    it('nxdomain when the name does not exist, nodata when it has no address', async () => {
      const missing = await resolveAddresses('nope.lab.test', options);
      assert.equal(!missing.ok && missing.code, 'nxdomain');
      const mxOnly = await resolveAddresses('mxonly.lab.test', options);
      assert.equal(!mxOnly.ok && mxOnly.code, 'nodata');
    });

    it('passes a resolver failure through instead of claiming no address', async () => {
      const result = await resolveAddresses('broken.lab.test', options);
      assert.equal(!result.ok && result.code, 'servfail');
    });
  });

  describe('checkPropagation', () => {
    it('two resolvers with different addresses -> inconsistent', async () => {
      const moved = await start({ records: { 'mail.lab.test': { A: ['198.51.100.10'] } } });
      const nobody = await closedUdpPort();
      const result = await checkPropagation('mail.lab.test', {
        timeoutMs: 2000, servers: [lab.server, moved.server], authoritativePort: nobody,
      });
      assert.equal(result.consistent, false);
      const byServer = new Map(result.views.map((v) => [v.source, v.addresses]));
      assert.deepEqual(byServer.get(`resolver ${lab.server}`), ['192.0.2.10', '192.0.2.11', '2001:db8::10']);
      assert.deepEqual(byServer.get(`resolver ${moved.server}`), ['198.51.100.10']);
    });

    it('finds the zone NS through the resolver and catches a stale resolver', async () => {
      const authoritative = await start({ host: '127.0.0.2', records: { 'mail.lab.test': { A: ['192.0.2.99'] } } });
      const result = await checkPropagation('mail.lab.test', { timeoutMs: 2000, servers: [lab.server], authoritativePort: authoritative.port });
      assert.equal(result.consistent, false);
      const view = result.views.find((v) => v.source === 'authoritative ns1.lab.test (127.0.0.2)');
      assert.deepEqual(view?.addresses, ['192.0.2.99']);
      assert.ok(authoritative.log.some((q) => q.name === 'mail.lab.test' && q.type === 'A'));
    });

    it('agreeing views -> consistent, and a dead resolver is listed, not a disagreement', async () => {
      const authoritative = await start({ host: '127.0.0.2', records: { 'v4only.lab.test': { A: ['192.0.2.40'] } } });
      const dead = `127.0.0.1:${await closedUdpPort()}`;
      const result = await checkPropagation('v4only.lab.test', {
        timeoutMs: 2000, servers: [lab.server, dead], authoritativePort: authoritative.port,
      });
      assert.equal(result.consistent, true);
      assert.deepEqual(result.views.map((v) => v.source), [
        `resolver ${lab.server}`, `resolver ${dead}`, 'authoritative ns1.lab.test (127.0.0.2)',
      ]);
      assert.equal(result.views[1]?.error, 'unreachable');
      assert.deepEqual(result.views[2]?.addresses, ['192.0.2.40']);
    });

    it('a resolver still caching "no such name" disagrees with the zone', async () => {
      const authoritative = await start({ host: '127.0.0.2', records: { 'new.lab.test': { A: ['192.0.2.77'] } } });
      const result = await checkPropagation('new.lab.test', { timeoutMs: 2000, servers: [lab.server], authoritativePort: authoritative.port });
      assert.equal(result.consistent, false);
      assert.equal(result.views[0]?.error, 'nxdomain');
    });

    it('stays within the deadline when the authoritative server is silent', async () => {
      const silent = await start({ host: '127.0.0.2', records: {}, behaviour: { '*': 'drop' } });
      const started = performance.now();
      const result = await checkPropagation('mail.lab.test', { timeoutMs: 400, servers: [lab.server], authoritativePort: silent.port });
      assert.ok(performance.now() - started < 1400);
      assert.equal(result.consistent, true);
      assert.equal(result.views.find((v) => v.source.startsWith('authoritative'))?.error, 'timeout');
    });
  });
});
