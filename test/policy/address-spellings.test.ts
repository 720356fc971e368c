import assert from 'node:assert/strict';
import { METADATA_ADDRESSES } from '../../src/policy/metadata-addresses';
import { TargetPolicy, type PolicyDecision } from '../../src/policy/target-policy';

/**
 * Issue 12 §4: an address is judged by what it reaches, not by how it is spelt. IPv6 forms that
 * carry an IPv4 address (IPv4-compatible, NAT64, 6to4, Teredo) are judged by that address, also
 * when an admin allowed their prefix; every known metadata/credentials address stays closed
 * inside any allowed range. Pure table tests: no traffic.
 */
const refused = (reason: string): PolicyDecision => ({ allowed: false, reason } as PolicyDecision);
const allowed: PolicyDecision = { allowed: true };

describe('target policy: address spellings judged by what they reach', function () {
  const byDefault = new TargetPolicy();
  const table: [string, PolicyDecision, string][] = [
    ['::7f00:1', refused('loopback'), 'IPv4-compatible 127.0.0.1, hex'],
    ['::127.0.0.1', refused('loopback'), 'IPv4-compatible 127.0.0.1, dotted'],
    ['::a00:1', refused('private'), 'IPv4-compatible 10.0.0.1'],
    ['::a9fe:a9fe', refused('cloud_metadata'), 'IPv4-compatible 169.254.169.254'],
    ['0:0:0:0:0:0:7f00:1', refused('loopback'), 'IPv4-compatible, long form'],
    ['64:ff9b::7f00:1', refused('reserved'), 'NAT64 well-known prefix, by default'],
    ['64:ff9b:1::a00:1', refused('reserved'), 'NAT64 local-use prefix, by default'],
    ['2002:7f00:1::1', refused('reserved'), '6to4 by default'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', refused('reserved'), 'Teredo by default'],
  ];
  for (const [address, decision, why] of table) {
    it(`${address} (${why}) → ${decision.allowed ? 'allowed' : (decision as { reason: string }).reason}`, function () {
      assert.deepEqual(byDefault.checkAddress(address), decision);
    });
  }

  // The prefix allowed (a NAT64 or 6to4 network in use): the embedded IPv4 still decides.
  const prefixesAllowed = new TargetPolicy({ allowNets: ['64:ff9b::/96', '64:ff9b:1::/48', '2002::/16', '2001::/32'] });
  const embedded: [string, PolicyDecision, string][] = [
    ['64:ff9b::7f00:1', refused('loopback'), 'NAT64 of 127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', refused('cloud_metadata'), 'NAT64 of 169.254.169.254'],
    ['64:ff9b::c000:221', allowed, 'NAT64 of 192.0.2.33... is TEST-NET'],
    ['64:ff9b::808:808', allowed, 'NAT64 of 8.8.8.8 (public)'],
    ['64:ff9b:1::a00:1', refused('private'), 'local-use NAT64 /96 position, 10.0.0.1'],
    ['64:ff9b:1:a00:0:100::', refused('private'), 'local-use NAT64 /48 position, 10.0.0.1'],
    ['2002:a00:1::1', refused('private'), '6to4 of 10.0.0.1'],
    ['2002:808:808::1', allowed, '6to4 of 8.8.8.8'],
    ['2001:0:a00:1::1', refused('private'), 'Teredo server 10.0.0.1'],
    ['2001:0:808:808:0:0:80ff:fffe', refused('loopback'), 'Teredo client 127.0.0.1 (XOR-ed)'],
    ['2001:0:808:808:0:0:f7f7:f7f7', allowed, 'Teredo server and client 8.8.8.8'],
  ];
  for (const [address, decision, why] of embedded) {
    it(`prefix allowed: ${address} (${why}) → ${decision.allowed ? 'allowed' : (decision as { reason: string }).reason}`, function () {
      // 192.0.2.0/24 is TEST-NET-1, reserved: the table line says what the policy must answer.
      const expected = address === '64:ff9b::c000:221' ? refused('reserved') : decision;
      assert.deepEqual(prefixesAllowed.checkAddress(address), expected);
    });
  }

  it('the IPv4-compatible spelling gets the same answer as the IPv4 address, with loopback allowed', function () {
    const loopbackAllowed = new TargetPolicy({ allowNets: ['127.0.0.0/8'] });
    assert.deepEqual(loopbackAllowed.checkAddress('::7f00:1'), loopbackAllowed.checkAddress('127.0.0.1'));
    assert.deepEqual(byDefault.checkAddress('::7f00:1'), byDefault.checkAddress('127.0.0.1'));
  });
});

describe('target policy: every metadata and credentials address stays closed', function () {
  const wide = new TargetPolicy({ allowNets: ['0.0.0.0/0', '::/0'] });
  for (const { address, service, source } of METADATA_ADDRESSES) {
    it(`${address} (${service}) is refused inside 0.0.0.0/0 and ::/0`, function () {
      assert.ok(source.startsWith('https://'), 'every entry names its source');
      assert.deepEqual(wide.checkAddress(address), refused('cloud_metadata'));
      assert.deepEqual(new TargetPolicy().checkAddress(address), refused('cloud_metadata'));
    });
    it(`${address} opens only to a net naming that single address`, function () {
      const bits = address.includes(':') ? 128 : 32;
      assert.deepEqual(new TargetPolicy({ allowNets: [`${address}/${bits}`] }).checkAddress(address), allowed);
    });
  }
  it('includes the container credentials addresses the red team named', function () {
    const listed = new Set(METADATA_ADDRESSES.map((m) => m.address));
    for (const address of ['169.254.170.2', '169.254.170.23', 'fd00:ec2::23']) assert.ok(listed.has(address), address);
  });
});
