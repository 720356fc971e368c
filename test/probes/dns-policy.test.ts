import assert from 'node:assert/strict';
import { DiagnosisContext } from '../../src/diagnosis/context';
import { resolveTarget } from '../../src/diagnosis/resolve-target';
import { TargetPolicy } from '../../src/policy/target-policy';
import { checkPropagation } from '../../src/probes/dns';
import { startDnsServer, type TestDnsServer, type ZoneRecords } from '../support/dns-server';

/**
 * The propagation check asks a zone's own name servers, whose addresses come from DNS: a hostile
 * zone could point them anywhere (metadata, the office network). They go through the target
 * policy like any probed address; a refused one is listed, never queried.
 *
 * Network rule (as in test/policy): loopback only. The resolver is 127.0.0.1 (configured, so
 * asked whatever the policy); "allowed" is 127.0.0.3, allowed with `allowNets`; "forbidden" is
 * 127.0.0.2, refused as loopback. Both authoritative servers listen on the same port and log
 * every query, so a query that slipped past the policy would be seen.
 */
const FORBIDDEN = '127.0.0.2';
const ALLOWED = '127.0.0.3';

const ZONE: ZoneRecords = {
  'side.test': { NS: ['ns-forbidden.side.test', 'ns-allowed.side.test'] },
  'ns-forbidden.side.test': { A: [FORBIDDEN] },
  'ns-allowed.side.test': { A: [ALLOWED] },
  'mail.side.test': { A: [ALLOWED] },
};

/** Two authoritative servers on one port at two loopback addresses (retrying if the port is taken). */
async function authoritativePair(): Promise<{ allowed: TestDnsServer; forbidden: TestDnsServer; port: number }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const allowed = await startDnsServer({ host: ALLOWED, records: ZONE });
    try {
      const forbidden = await startDnsServer({ host: FORBIDDEN, port: allowed.port, records: ZONE });
      return { allowed, forbidden, port: allowed.port };
    } catch {
      await allowed.close();
    }
  }
  throw new Error('no port free on both loopback addresses');
}

describe('DNS side channel: the zone\'s name servers go through the target policy', function () {
  let resolver: TestDnsServer;
  let pair: { allowed: TestDnsServer; forbidden: TestDnsServer; port: number };

  before(async function () {
    resolver = await startDnsServer({ records: ZONE });
    pair = await authoritativePair();
  });
  after(async function () {
    await Promise.all([resolver.close(), pair.allowed.close(), pair.forbidden.close()]);
  });
  beforeEach(function () {
    pair.allowed.log.length = 0;
    pair.forbidden.log.length = 0;
  });

  const policy = new TargetPolicy({ allowNets: [`${ALLOWED}/32`] });
  const base = () => ({ timeoutMs: 1500, servers: [resolver.server], authoritativePort: pair.port });

  it('control: without a predicate both name servers are asked', async function () {
    const result = await checkPropagation('mail.side.test', base());
    assert.ok(pair.forbidden.log.some((q) => q.name === 'mail.side.test'));
    assert.ok(pair.allowed.log.some((q) => q.name === 'mail.side.test'));
    assert.equal(result.consistent, true);
  });

  it('a name server in a forbidden range is listed with an error and never queried', async function () {
    const result = await checkPropagation('mail.side.test', { ...base(), allowServer: (ip) => policy.checkAddress(ip).allowed });
    assert.deepEqual(pair.forbidden.log, []);
    assert.ok(pair.allowed.log.some((q) => q.name === 'mail.side.test' && q.type === 'A'));
    const refused = result.views.find((v) => v.source.includes(FORBIDDEN));
    assert.equal(refused?.source, `authoritative ns-forbidden.side.test (${FORBIDDEN}, not asked: the target policy refuses this address)`);
    assert.equal(refused?.error, 'error');
    assert.deepEqual(result.views.find((v) => v.source === `authoritative ns-allowed.side.test (${ALLOWED})`)?.addresses, [ALLOWED]);
    // A view that was not asked is no disagreement.
    assert.equal(result.consistent, true);
  });

  it('the engine sets the predicate from its policy (allowNets), and the configured resolver is still used', async function () {
    const ctx = new DiagnosisContext({ dnsServers: [resolver.server], authoritativeDnsPort: pair.port, allowNets: [`${ALLOWED}/32`], timeoutMs: 1500 });
    const resolved = await resolveTarget(ctx, 'incoming', { protocol: 'imap', host: 'mail.side.test', port: 993, security: 'tls' }, undefined);
    assert.deepEqual(resolved.addresses.map((a) => a.address), [ALLOWED]);
    assert.deepEqual(pair.forbidden.log, []);
    assert.ok(pair.allowed.log.length > 0);
    const propagation = ctx.checks.find((c) => c.name === 'dns_propagation');
    assert.equal(propagation?.status, 'pass');
    assert.match(propagation?.detail ?? '', /ns-forbidden\.side\.test \(127\.0\.0\.2, not asked: the target policy refuses this address\): error/);
  });

  it('with the forbidden range allowed by an admin, that name server is asked too', async function () {
    const ctx = new DiagnosisContext({ dnsServers: [resolver.server], authoritativeDnsPort: pair.port, allowNets: ['127.0.0.0/8'], timeoutMs: 1500 });
    await resolveTarget(ctx, 'incoming', { protocol: 'imap', host: 'mail.side.test', port: 993, security: 'tls' }, undefined);
    assert.ok(pair.forbidden.log.some((q) => q.name === 'mail.side.test'));
  });
});
