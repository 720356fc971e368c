import assert from 'node:assert/strict';
import { DEFAULT_MAIL_PORTS, InvalidNetworkError, TargetPolicy, type RefusalReason } from '../../src/policy/target-policy';

/**
 * The target policy on its own: every range a bot must not probe by default, in every spelling
 * an attacker could try, refused with the reason the finding will name. Pure: no traffic.
 */
describe('target policy: addresses refused by default', function () {
  const policy = new TargetPolicy();

  const forbidden: [string, RefusalReason, string][] = [
    // RFC 1918
    ['10.0.0.1', 'private', 'RFC 1918 10/8'],
    ['10.255.255.254', 'private', 'RFC 1918 10/8, last host'],
    ['172.16.0.1', 'private', 'RFC 1918 172.16/12, first'],
    ['172.31.255.254', 'private', 'RFC 1918 172.16/12, last'],
    ['192.168.1.10', 'private', 'RFC 1918 192.168/16'],
    // Unique local IPv6 (fc00::/7, both halves)
    ['fc00::1', 'private', 'ULA fc00::/8'],
    ['fd12:3456:789a::1', 'private', 'ULA fd00::/8'],
    // Link-local
    ['169.254.1.1', 'link_local', 'IPv4 link-local'],
    ['fe80::1', 'link_local', 'IPv6 link-local'],
    ['fe80::1%eth0', 'link_local', 'IPv6 link-local with a zone'],
    // Cloud metadata, named apart
    ['169.254.169.254', 'cloud_metadata', 'AWS/GCP/Azure metadata'],
    ['fd00:ec2::254', 'cloud_metadata', 'AWS IPv6 metadata'],
    ['FD00:EC2:0:0:0:0:0:254', 'cloud_metadata', 'AWS IPv6 metadata, long upper-case form'],
    ['::ffff:169.254.169.254', 'cloud_metadata', 'metadata, IPv4-mapped'],
    // Carrier-grade NAT (RFC 6598)
    ['100.64.0.1', 'carrier_nat', 'CGNAT first'],
    ['100.127.255.254', 'carrier_nat', 'CGNAT last'],
    // Multicast
    ['224.0.0.1', 'multicast', 'IPv4 multicast'],
    ['239.255.255.250', 'multicast', 'IPv4 SSDP multicast'],
    ['ff02::1', 'multicast', 'IPv6 multicast'],
    // Unspecified
    ['0.0.0.0', 'unspecified', 'IPv4 unspecified'],
    ['0.1.2.3', 'unspecified', '"this network" 0/8'],
    ['::', 'unspecified', 'IPv6 unspecified'],
    // Loopback, in every spelling
    ['127.0.0.1', 'loopback', 'IPv4 loopback'],
    ['127.45.6.7', 'loopback', 'anywhere in 127/8'],
    ['::1', 'loopback', 'IPv6 loopback'],
    ['0177.0.0.1', 'loopback', 'octal IPv4'],
    ['0x7f.0.0.1', 'loopback', 'hex IPv4'],
    ['2130706433', 'loopback', 'IPv4 as one decimal number'],
    ['127.1', 'loopback', 'short IPv4'],
    // IPv4-mapped and IPv4-compatible IPv6 forms
    ['::ffff:10.0.0.1', 'private', 'IPv4-mapped private'],
    ['::FFFF:10.0.0.1', 'private', 'IPv4-mapped private, upper case'],
    ['::ffff:a00:1', 'private', 'IPv4-mapped private, hex'],
    ['::ffff:127.0.0.1', 'loopback', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'loopback', 'IPv4-mapped loopback, hex'],
    ['::ffff:100.64.0.1', 'carrier_nat', 'IPv4-mapped CGNAT'],
    ['::10.0.0.1', 'private', 'IPv4-compatible private'],
    // Other special ranges: translation prefixes could reach private IPv4 behind a gateway
    ['64:ff9b::a00:1', 'reserved', 'NAT64 of 10.0.0.1'],
    ['2002:a00:1::1', 'reserved', '6to4 of 10.0.0.1'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved', 'Teredo'],
    ['255.255.255.255', 'reserved', 'broadcast'],
    ['240.0.0.1', 'reserved', 'class E'],
    ['192.0.2.1', 'reserved', 'documentation TEST-NET-1'],
    ['2001:db8::1', 'reserved', 'IPv6 documentation'],
    ['198.18.0.1', 'reserved', 'benchmarking'],
    // Not an address at all: a name must be resolved first, never connected to by name
    ['mail.example.com', 'not_an_address', 'a host name'],
    ['', 'not_an_address', 'empty'],
    ['10.0.0.1:993', 'not_an_address', 'address with a port'],
  ];

  for (const [address, reason, what] of forbidden) {
    it(`refuses ${what} (${address || '""'}) as ${reason}`, function () {
      assert.deepEqual(policy.checkAddress(address), { allowed: false, reason });
    });
  }

  const publicUnicast = ['8.8.8.8', '1.1.1.1', '172.15.255.254', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '2001:4860:4860::8888', '2a00:1450:4001::1', '::ffff:8.8.8.8'];
  for (const address of publicUnicast) {
    it(`allows public unicast ${address}`, function () {
      assert.deepEqual(policy.checkAddress(address), { allowed: true });
    });
  }
});

describe('target policy: allowNets widens, narrowly', function () {
  it('allows an address inside an allowed net and nothing outside it', function () {
    const policy = new TargetPolicy({ allowNets: ['10.1.0.0/16'] });
    assert.deepEqual(policy.checkAddress('10.1.2.3'), { allowed: true });
    assert.deepEqual(policy.checkAddress('10.2.0.1'), { allowed: false, reason: 'private' });
    assert.deepEqual(policy.checkAddress('192.168.0.1'), { allowed: false, reason: 'private' });
  });

  it('matches IPv4-mapped IPv6 against an IPv4 net', function () {
    const policy = new TargetPolicy({ allowNets: ['127.0.0.2/32'] });
    assert.deepEqual(policy.checkAddress('127.0.0.2'), { allowed: true });
    assert.deepEqual(policy.checkAddress('::ffff:127.0.0.2'), { allowed: true });
    assert.deepEqual(policy.checkAddress('127.0.0.1'), { allowed: false, reason: 'loopback' });
    assert.deepEqual(policy.checkAddress('::1'), { allowed: false, reason: 'loopback' });
  });

  it('widens IPv6 ranges too', function () {
    const policy = new TargetPolicy({ allowNets: ['fd12:3456::/32'] });
    assert.deepEqual(policy.checkAddress('fd12:3456::25'), { allowed: true });
    assert.deepEqual(policy.checkAddress('fd99::25'), { allowed: false, reason: 'private' });
  });

  it('tolerates spaces around a CIDR (as MAILHELP_ALLOW_NETS is typed)', function () {
    const policy = new TargetPolicy({ allowNets: [' 192.168.10.0/24 '] });
    assert.deepEqual(policy.checkAddress('192.168.10.25'), { allowed: true });
  });

  it('a wide net does not open the metadata service inside it', function () {
    const policy = new TargetPolicy({ allowNets: ['169.254.0.0/16', 'fd00::/8'] });
    assert.deepEqual(policy.checkAddress('169.254.10.10'), { allowed: true });
    assert.deepEqual(policy.checkAddress('fd00::25'), { allowed: true });
    assert.deepEqual(policy.checkAddress('169.254.169.254'), { allowed: false, reason: 'cloud_metadata' });
    assert.deepEqual(policy.checkAddress('fd00:ec2::254'), { allowed: false, reason: 'cloud_metadata' });
  });

  it('only a net naming the metadata address alone opens it', function () {
    const policy = new TargetPolicy({ allowNets: ['169.254.169.254/32'] });
    assert.deepEqual(policy.checkAddress('169.254.169.254'), { allowed: true });
  });

  it('rejects a net that is not CIDR with a typed error', function () {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', 'example.com/24', '']) {
      assert.throws(() => new TargetPolicy({ allowNets: [bad] }), InvalidNetworkError, bad);
    }
  });
});

describe('target policy: ports', function () {
  it('allows exactly the mail ports by default', function () {
    const policy = new TargetPolicy();
    assert.deepEqual([...DEFAULT_MAIL_PORTS].sort((a, b) => a - b), [25, 110, 143, 465, 587, 993, 995, 2525, 4190]);
    for (const port of DEFAULT_MAIL_PORTS) assert.deepEqual(policy.checkPort(port), { allowed: true }, String(port));
  });

  it('refuses every other port', function () {
    const policy = new TargetPolicy();
    for (const port of [0, 22, 80, 443, 3306, 6379, 8080, 11211, 65535, -1, 993.5, NaN]) {
      assert.deepEqual(policy.checkPort(port), { allowed: false, reason: 'port_not_allowed' }, String(port));
    }
  });

  it('allowPorts adds ports on top of the mail ports', function () {
    const policy = new TargetPolicy({ allowPorts: [1143, 10993] });
    assert.deepEqual(policy.checkPort(1143), { allowed: true });
    assert.deepEqual(policy.checkPort(10993), { allowed: true });
    assert.deepEqual(policy.checkPort(993), { allowed: true });
    assert.deepEqual(policy.checkPort(22), { allowed: false, reason: 'port_not_allowed' });
  });
});
