import assert from 'node:assert/strict';
import type { DnsOptions } from '../../src/probes/dns';
import { checkDnsbl, dnsblQueryName } from '../../src/probes/dnsbl';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';

const V6_NAME = '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.test';

describe('probes/dnsbl', function () {
  let list: TestDnsServer;
  let options: DnsOptions;

  before(async () => {
    list = await startDnsServer({
      records: {
        '2.0.0.127.bl.test': { A: ['127.0.0.2'], TXT: ['Listed in SBL, see https://bl.test/query/ip/127.0.0.2'] },
        '10.2.0.192.bl.test': { A: ['127.0.0.11', '127.0.0.4'] },
        // What Spamhaus says to a query that came through a public resolver.
        '10.2.0.192.strict.test': { A: ['127.255.255.254'], TXT: ['Error: open resolver'] },
        // A resolver that rewrites NXDOMAIN to a search page.
        '10.2.0.192.hijacked.test': { A: ['198.51.100.80'] },
        [V6_NAME]: { A: ['127.0.0.3'] },
      },
      behaviour: { '10.2.0.192.closed.test': 'refused', '10.2.0.192.down.test': 'drop' },
    });
    options = { timeoutMs: 2000, servers: [list.server] };
  });
  after(() => list.close());

  it('builds RFC 5782 names: reversed octets, reversed nibbles, IPv4-mapped as IPv4', () => {
    assert.equal(dnsblQueryName('192.0.2.10', 'zen.example'), '10.2.0.192.zen.example');
    assert.equal(dnsblQueryName('2001:db8::1', '.bl.test.'), V6_NAME);
    assert.equal(dnsblQueryName('::ffff:192.0.2.10', 'bl.test'), '10.2.0.192.bl.test');
    assert.equal(dnsblQueryName('mail.example.com', 'bl.test'), undefined);
  });

  it('listed: A codes sorted, TXT as the reason', async () => {
    const [result] = await checkDnsbl(['127.0.0.2'], ['bl.test'], options);
    assert.equal(result?.status, 'listed');
    assert.deepEqual(result?.codes, ['127.0.0.2']);
    assert.equal(result?.reason, 'Listed in SBL, see https://bl.test/query/ip/127.0.0.2');
    const [multi] = await checkDnsbl(['192.0.2.10'], ['bl.test'], options);
    assert.deepEqual(multi?.codes, ['127.0.0.4', '127.0.0.11']);
    assert.equal(multi?.reason, undefined);
  });

  it('not listed on NXDOMAIN', async () => {
    const [result] = await checkDnsbl(['192.0.2.99'], ['bl.test'], options);
    assert.deepEqual(result && { status: result.status, codes: result.codes }, { status: 'not_listed', codes: [] });
  });

  it('an answer in 127.255.255.0/24 is a refusal ("could not check"), never a listing', async () => {
    const [result] = await checkDnsbl(['192.0.2.10'], ['strict.test'], options);
    assert.equal(result?.status, 'refused');
    assert.deepEqual(result?.codes, ['127.255.255.254']);
    assert.match(result?.message ?? '', /refused/);
  });

  it('a DNS REFUSED from the list is also "could not check"', async () => {
    const [result] = await checkDnsbl(['192.0.2.10'], ['closed.test'], options);
    assert.equal(result?.status, 'refused');
  });

  it('an answer outside 127.0.0.0/8 is an error, not a listing', async () => {
    const [result] = await checkDnsbl(['192.0.2.10'], ['hijacked.test'], options);
    assert.equal(result?.status, 'error');
  });

  it('looks up IPv6 addresses by reversed nibbles', async () => {
    const [result] = await checkDnsbl(['2001:db8::1'], ['bl.test'], options);
    assert.equal(result?.status, 'listed');
    assert.deepEqual(result?.codes, ['127.0.0.3']);
    assert.ok(list.log.some((q) => q.name === V6_NAME));
  });

  it('a silent list is an error within the deadline; bad input is an error', async () => {
    const started = performance.now();
    const [down, bad] = await checkDnsbl(['192.0.2.10', 'not-an-ip'], ['down.test'], { ...options, timeoutMs: 300 });
    assert.ok(performance.now() - started < 1300);
    assert.equal(down?.status, 'error');
    assert.match(down?.message ?? '', /timeout/);
    assert.equal(bad?.status, 'error');
    assert.equal(bad?.address, 'not-an-ip');
  });

  it('runs every address x zone look-up in parallel, in input order', async () => {
    const slow = await startDnsServer({ records: { '2.0.0.127.a.test': { A: ['127.0.0.2'] } }, delayMs: 300 });
    try {
      const started = performance.now();
      const results = await checkDnsbl(['127.0.0.2', '192.0.2.1', '192.0.2.2'], ['a.test', 'b.test'], {
        timeoutMs: 2000, servers: [slow.server],
      });
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 900, `took ${elapsed} ms; six look-ups of 300 ms each must overlap`);
      assert.deepEqual(results.map((r) => `${r.address} ${r.zone} ${r.status}`), [
        '127.0.0.2 a.test listed', '127.0.0.2 b.test not_listed',
        '192.0.2.1 a.test not_listed', '192.0.2.1 b.test not_listed',
        '192.0.2.2 a.test not_listed', '192.0.2.2 b.test not_listed',
      ]);
    } finally {
      await slow.close();
    }
  });
});
