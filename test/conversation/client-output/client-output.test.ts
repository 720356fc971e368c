import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessClientOutput, type BotServerView } from '../../../src/diagnosis/client-output/assess-client-output';
import { readClientOutput } from '../../../src/diagnosis/client-output/read-client-output';

/** Real outputs, captured by capture-fixtures.ts (PowerShell ones follow Microsoft's documented layout). */
function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', `${name}.txt`), 'utf8');
}

const IMAP: BotServerView = { host: 'imap.acme.test', port: 993, security: 'tls', addresses: ['203.0.113.10'], tlsOk: true };

describe('client output: DNS', () => {
  it('reads dig answers, short and full', () => {
    assert.deepEqual(readClientOutput(fixture('dig-ok')).dns, [{ tool: 'dig', status: 'ok', name: 'imap.acme.test', addresses: ['127.0.0.1'] }]);
    assert.deepEqual(readClientOutput(fixture('dig-ok-full')).dns, [{ tool: 'dig', status: 'ok', name: 'imap.acme.test', addresses: ['127.0.0.1'], resolver: '127.0.0.1' }]);
    assert.deepEqual(readClientOutput(fixture('dig-ok-short')).dns, [{ tool: 'dig', status: 'ok', addresses: ['127.0.0.1'] }]);
  });

  it('reads dig failures', () => {
    assert.equal(readClientOutput(fixture('dig-nxdomain')).dns[0]?.status, 'nxdomain');
    assert.equal(readClientOutput(fixture('dig-servfail')).dns[0]?.status, 'servfail');
    assert.deepEqual(readClientOutput(fixture('dig-timeout')).dns, [{ tool: 'dig', status: 'timeout', addresses: [], resolver: '127.0.0.1' }]);
  });

  it('reads nslookup on Linux and Windows', () => {
    assert.deepEqual(readClientOutput(fixture('nslookup-ok')).dns, [{ tool: 'nslookup', name: 'imap.acme.test', status: 'ok', addresses: ['127.0.0.1'], resolver: '127.0.0.1' }]);
    assert.equal(readClientOutput(fixture('nslookup-nxdomain')).dns[0]?.status, 'nxdomain');
    assert.equal(readClientOutput(fixture('nslookup-servfail')).dns[0]?.status, 'servfail');
    assert.equal(readClientOutput(fixture('nslookup-timeout')).dns[0]?.status, 'timeout');
    assert.deepEqual(readClientOutput(fixture('nslookup-windows-ok')).dns, [
      { tool: 'nslookup', name: 'imap.acme.test', status: 'ok', addresses: ['2001:db8::10', '203.0.113.10'], resolver: '192.168.178.1' },
    ]);
    assert.deepEqual(readClientOutput(fixture('nslookup-windows-nxdomain')).dns, [{ tool: 'nslookup', name: 'nosuch.acme.test', status: 'nxdomain', addresses: [], resolver: '192.168.1.1' }]);
  });

  it('reads Resolve-DnsName tables, CNAME lists and error ids in any language', () => {
    assert.deepEqual(readClientOutput(fixture('powershell-resolve-ok')).dns, [{ tool: 'Resolve-DnsName', name: 'imap.acme.test', status: 'ok', addresses: ['2001:db8::10', '203.0.113.10'] }]);
    assert.deepEqual(readClientOutput(fixture('powershell-resolve-cname')).dns[0]?.addresses, ['198.51.100.7']);
    assert.deepEqual(readClientOutput(fixture('powershell-resolve-nxdomain')).dns, [{ tool: 'Resolve-DnsName', status: 'nxdomain', addresses: [], name: 'nosuch.acme.test' }]);
    assert.equal(readClientOutput(fixture('powershell-resolve-timeout-fr')).dns[0]?.status, 'timeout');
  });
});

describe('client output: the port', () => {
  it('reads nc (OpenBSD, macOS) and ncat', () => {
    const open = readClientOutput(fixture('nc-open')).tcp[0];
    assert.equal(open?.status, 'open');
    assert.equal(open?.host, '127.0.0.1');
    assert.deepEqual(readClientOutput(fixture('nc-open-name')).tcp[0], { tool: 'nc', host: 'localhost', address: '127.0.0.1', port: Number(/(\d+) port/.exec(fixture('nc-open-name'))?.[1]), status: 'open' });
    assert.equal(readClientOutput(fixture('nc-refused')).tcp[0]?.status, 'refused');
    assert.deepEqual(readClientOutput(fixture('nc-timeout')).tcp, [{ tool: 'nc', host: '192.0.2.1', port: 993, status: 'timeout' }]);
    assert.deepEqual(readClientOutput(fixture('nc-no-name')).tcp, [{ tool: 'nc', host: 'nosuch.invalid', port: 993, status: 'no_name' }]);
    assert.deepEqual(readClientOutput(fixture('nc-macos-open')).tcp, [{ tool: 'nc', host: 'imap.acme.test', port: 993, status: 'open' }]);
    assert.equal(readClientOutput(fixture('nc-macos-refused')).tcp[0]?.status, 'refused');
    assert.deepEqual(readClientOutput(fixture('ncat-open')).tcp, [{ tool: 'ncat', address: '203.0.113.10', port: 993, status: 'open' }]);
    assert.equal(readClientOutput(fixture('ncat-timeout')).tcp[0]?.status, 'timeout');
  });

  it('reads Test-NetConnection by its property names, also with a German warning', () => {
    const ok = readClientOutput(fixture('powershell-tnc-ok'));
    assert.deepEqual(ok.tcp, [{ tool: 'Test-NetConnection', host: 'imap.acme.test', address: '203.0.113.10', status: 'open', port: 993 }]);
    assert.deepEqual(ok.dns, [{ tool: 'Test-NetConnection', name: 'imap.acme.test', status: 'ok', addresses: ['203.0.113.10'] }]);
    assert.equal(readClientOutput(fixture('powershell-tnc-failed')).tcp[0]?.status, 'failed');
    assert.equal(readClientOutput(fixture('powershell-tnc-failed-de')).tcp[0]?.status, 'failed');
    const noName = readClientOutput(fixture('powershell-tnc-noname'));
    assert.equal(noName.tcp[0]?.status, 'no_name');
    assert.equal(noName.dns[0]?.status, 'failed');
  });

  it('leaves out a port no tool prints (0, 65536, 10^23): no finding names "port 1e+23"', () => {
    assert.deepEqual(readClientOutput('Connection to imap.acme.test 65536 port [tcp/*] succeeded!').tcp, [{ tool: 'nc', host: 'imap.acme.test', status: 'open' }]);
    assert.deepEqual(readClientOutput('nc: getaddrinfo for host "x.test" port 99999999999999999999999: Name or service not known').tcp, [{ tool: 'nc', status: 'no_name', host: 'x.test' }]);
    assert.deepEqual(readClientOutput('Ncat: Connected to 203.0.113.10:0.').tcp, [{ tool: 'ncat', address: '203.0.113.10', status: 'open' }]);
    const tnc = readClientOutput('ComputerName : imap.acme.test\nRemoteAddress : 203.0.113.10\nRemotePort : 70000\nTcpTestSucceeded : False');
    assert.deepEqual(tnc.tcp, [{ tool: 'Test-NetConnection', host: 'imap.acme.test', address: '203.0.113.10', status: 'failed' }]);
  });

  it('ignores a verify code of more digits than OpenSSL prints (400 digits are Infinity, which JSON cannot hold)', () => {
    const tls = readClientOutput(`subject=CN = imap.acme.test\nVerify return code: 1${'0'.repeat(400)} (huge)`).tls;
    assert.deepEqual(tls, [{ tool: 'openssl', subject: 'CN = imap.acme.test' }]);
  });

  it('reads openssl connect errors', () => {
    assert.deepEqual(readClientOutput(fixture('openssl-refused')).tcp, [{ tool: 'openssl', status: 'refused' }]);
    assert.deepEqual(readClientOutput(fixture('openssl-x509-refused')).tls, [{ tool: 'openssl', noCertificate: true }]);
  });
});

describe('client output: the certificate', () => {
  it('reads openssl s_client, grepped or whole, and x509', () => {
    assert.deepEqual(readClientOutput(fixture('openssl-trusted')).tls, [
      { tool: 'openssl', subject: 'CN = imap.acme.test', issuer: 'CN = mailhelp Test Root CA, O = mailhelp tests', verifyCode: 0, verifyText: 'ok' },
    ]);
    assert.equal(readClientOutput(fixture('openssl-untrusted')).tls[0]?.verifyCode, 21);
    assert.equal(readClientOutput(fixture('openssl-self-signed')).tls[0]?.verifyText, 'self-signed certificate');
    const full = readClientOutput(fixture('openssl-full')).tls;
    assert.equal(full.length, 1);
    assert.equal(full[0]?.issuer, 'CN = mailhelp Test Root CA, O = mailhelp tests');
    assert.equal(full[0]?.verifyCode, 21);
    assert.match(readClientOutput(fixture('openssl-x509')).tls[0]?.fingerprint ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(readClientOutput(fixture('openssl-libressl-kaspersky')).tls[0]?.issuer, 'C = RU, O = AO Kaspersky Lab, CN = Kaspersky Anti-Virus Personal Root Certificate');
  });

  it('reads the PowerShell certificate list', () => {
    assert.deepEqual(readClientOutput(fixture('powershell-cert')).tls, [
      { tool: 'PowerShell', subject: 'CN=imap.acme.test', issuer: "CN=R3, O=Let's Encrypt, C=US", fingerprint: '9F3A61C0A7B2E4D18C5B3F2A1E0D9C8B7A6F5E4D' },
    ]);
  });

  it('finds nothing in text that is no tool output', () => {
    for (const text of ['', 'hello', 'it does not work!!', '🙂'.repeat(1000), 'x'.repeat(50_000)]) {
      const o = readClientOutput(text);
      assert.equal(o.dns.length + o.tcp.length + o.tls.length, 0, text.slice(0, 20));
    }
  });
});

describe('client output: what it means', () => {
  it('a port the user cannot reach is blocked on their side', () => {
    const assessed = assessClientOutput(readClientOutput(fixture('nc-timeout').replace('192.0.2.1', 'imap.acme.test')), [IMAP]);
    assert.deepEqual(assessed, [{ cause: 'client.port_blocked', variant: 'timeout', facts: { host: 'imap.acme.test', port: 993, tool: 'nc' } }]);
    const tnc = assessClientOutput(readClientOutput(fixture('powershell-tnc-failed')), [IMAP]);
    assert.deepEqual(tnc.map((a) => [a.cause, a.variant]), [['client.port_blocked', 'failed']]);
  });

  it('two tools that fail differently on the same port give one finding, not the same cause twice', () => {
    const paste = fixture('nc-timeout') + fixture('openssl-refused');
    const assessed = assessClientOutput(readClientOutput(paste.replace(/192\.0\.2\.1/gu, 'imap.acme.test')), [IMAP]);
    assert.deepEqual(
      assessed.map((a) => [a.cause, a.variant]),
      [['client.port_blocked', 'timeout']],
    );
    const twoPorts = assessClientOutput(readClientOutput(fixture('nc-timeout') + fixture('nc-timeout').replace(/\b993\b/gu, '587')), [IMAP]);
    assert.deepEqual(twoPorts.map((a) => a.facts.port), [993, 587], 'two ports are two findings');
  });

  it('a resolver that fails, or that gives other addresses, is a DNS fault on their side', () => {
    const nx = assessClientOutput(readClientOutput(fixture('powershell-resolve-nxdomain') + fixture('powershell-tnc-noname')), [IMAP]);
    // Resolve-DnsName's NXDOMAIN and Test-NetConnection's unresolved name prove one DNS fault: one finding.
    assert.deepEqual(nx.map((a) => [a.cause, a.variant]), [['client.dns_failure', 'nxdomain']]);
    const mismatch = assessClientOutput(readClientOutput(fixture('dig-ok')), [IMAP]);
    assert.deepEqual(mismatch, [{ cause: 'client.dns_failure', variant: 'mismatch', facts: { name: 'imap.acme.test', theirs: '127.0.0.1', ours: '203.0.113.10', resolver: '', tool: 'dig' } }]);
    assert.deepEqual(assessClientOutput(readClientOutput(fixture('powershell-resolve-ok')), [IMAP]), []);
    assert.deepEqual(assessClientOutput(readClientOutput(fixture('dig-timeout')), [IMAP]).map((a) => a.variant), ['timeout']);
  });

  it('an antivirus or proxy certificate means interception, even when the user trusts it', () => {
    const kaspersky = assessClientOutput(readClientOutput(fixture('openssl-libressl-kaspersky')), [IMAP]);
    assert.deepEqual(kaspersky.map((a) => [a.cause, a.variant, a.facts.product]), [['client.tls_intercepted', 'product', 'Kaspersky']]);
    const windows = assessClientOutput(readClientOutput(fixture('powershell-cert-kaspersky')), [IMAP]);
    assert.equal(windows[0]?.facts.product, 'Kaspersky');
  });

  it('an untrusted or self-signed certificate on their side, where the bot saw a valid one, means interception', () => {
    assert.deepEqual(assessClientOutput(readClientOutput(fixture('openssl-untrusted')), [IMAP]).map((a) => a.variant), ['untrusted']);
    assert.deepEqual(assessClientOutput(readClientOutput(fixture('openssl-self-signed')), [IMAP]).map((a) => a.variant), ['self_signed']);
    assert.deepEqual(assessClientOutput(readClientOutput(fixture('openssl-untrusted')), [{ ...IMAP, tlsOk: false }]), []);
    assert.deepEqual(assessClientOutput(readClientOutput(fixture('openssl-trusted')), [IMAP]), []);
  });

  it('a whole healthy paste (DNS, port, certificate) shows nothing wrong on their side', () => {
    const healthy = [fixture('powershell-resolve-ok'), fixture('powershell-tnc-ok'), fixture('powershell-cert')].join('\n');
    const observations = readClientOutput(healthy);
    assert.ok(observations.dns.length > 0 && observations.tcp.length > 0 && observations.tls.length > 0);
    assert.deepEqual(assessClientOutput(observations, [IMAP]), []);
  });
});
