/**
 * Captures the real output of dig, nslookup, nc and openssl against servers started here
 * (a DNS server, TLS servers with test certificates, a closed port), for the client-output
 * parser tests. Run by hand when the tools change:
 *   npx tsx test/conversation/client-output/capture-fixtures.ts
 * PowerShell outputs cannot be captured on Linux; their fixtures follow Microsoft's documented
 * property layout (see powershell-*.txt).
 */
import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import dnsPacket from 'dns-packet';
import { createTestPki } from '../../support/certs';

const OUT = join(__dirname, 'fixtures');

const execAsync = promisify(exec);

/** Runs asynchronously: the servers answering the tools live in this same process. */
async function run(name: string, command: string): Promise<void> {
  let output: string;
  try {
    const { stdout, stderr } = await execAsync(command, { encoding: 'utf8', shell: '/bin/bash', timeout: 20_000 });
    output = `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  writeFileSync(join(OUT, `${name}.txt`), output);
  console.log(`--- ${name}: ${command}\n${output}`);
}

async function main(): Promise<void> {
  // DNS: imap.acme.test → 127.0.0.1, broken.acme.test → SERVFAIL, everything else NXDOMAIN.
  const dns = createSocket('udp4');
  dns.on('message', (message, rinfo) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    const name = question?.name ?? '';
    const rcode = name === 'imap.acme.test' ? 'NOERROR' : name === 'broken.acme.test' ? 'SERVFAIL' : 'NXDOMAIN';
    const answers = rcode === 'NOERROR' && question?.type === 'A' ? [{ type: 'A' as const, name, ttl: 300, class: 'IN' as const, data: '127.0.0.1' }] : [];
    const reply = dnsPacket.encode({ type: 'response', id: query.id, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (rcode === 'NXDOMAIN' ? 3 : rcode === 'SERVFAIL' ? 2 : 0), questions: query.questions, answers });
    dns.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', resolve));
  const dnsPort = dns.address().port;
  // A DNS "server" that never answers: the client's resolver timing out.
  const silent = createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  const silentPort = silent.address().port;

  const pki = createTestPki();
  const trusted = pki.issue({ commonName: 'imap.acme.test' });
  const tlsGood = createTlsServer({ key: trusted.key, cert: trusted.cert }, (s) => s.end());
  await new Promise<void>((resolve) => tlsGood.listen(0, '127.0.0.1', resolve));
  const goodPort = (tlsGood.address() as AddressInfo).port;
  const interceptor = pki.issue({ commonName: 'imap.acme.test', issuer: 'unknown' });
  const tlsIntercepted = createTlsServer({ key: interceptor.key, cert: interceptor.cert }, (s) => s.end());
  await new Promise<void>((resolve) => tlsIntercepted.listen(0, '127.0.0.1', resolve));
  const interceptedPort = (tlsIntercepted.address() as AddressInfo).port;
  const selfSigned = pki.issue({ commonName: 'imap.acme.test', issuer: 'self' });
  const tlsSelf = createTlsServer({ key: selfSigned.key, cert: selfSigned.cert }, (s) => s.end());
  await new Promise<void>((resolve) => tlsSelf.listen(0, '127.0.0.1', resolve));
  const selfPort = (tlsSelf.address() as AddressInfo).port;
  const closed = createTcpServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const caFile = join(tmpdir(), `mailhelp-capture-ca-${process.pid}.pem`);
  writeFileSync(caFile, pki.ca.cert);

  const at = `@127.0.0.1 -p ${dnsPort}`;
  await run('dig-ok', `dig ${at} +noall +comments +answer imap.acme.test`);
  await run('dig-ok-full', `dig ${at} imap.acme.test`);
  await run('dig-ok-short', `dig ${at} +short imap.acme.test`);
  await run('dig-nxdomain', `dig ${at} +noall +comments +answer nosuch.acme.test`);
  await run('dig-servfail', `dig ${at} +noall +comments +answer broken.acme.test`);
  await run('dig-timeout', `dig @127.0.0.1 -p ${silentPort} +tries=1 +time=1 +noall +comments +answer imap.acme.test`);
  await run('nslookup-ok', `nslookup -port=${dnsPort} imap.acme.test 127.0.0.1`);
  await run('nslookup-nxdomain', `nslookup -port=${dnsPort} nosuch.acme.test 127.0.0.1`);
  await run('nslookup-servfail', `nslookup -port=${dnsPort} broken.acme.test 127.0.0.1`);
  await run('nslookup-timeout', `nslookup -timeout=1 -retry=0 -port=${silentPort} imap.acme.test 127.0.0.1`);
  await run('nc-open', `nc -vz -w 3 127.0.0.1 ${goodPort}`);
  await run('nc-open-name', `nc -vz -w 3 localhost ${goodPort}`);
  await run('nc-refused', `nc -vz -w 3 127.0.0.1 ${closedPort}`);
  await run('nc-no-name', `nc -vz -w 3 nosuch.invalid 993`);
  // A filtered port cannot be made here (no firewall rules in the sandbox); nc-timeout.txt is OpenBSD nc's documented message.
  const x509 = 'openssl x509 -noout -subject -issuer -fingerprint -sha256 -enddate';
  const grep = "grep -E 'subject=|issuer=|Verify return|connect:|errno'";
  await run('openssl-trusted', `openssl s_client -connect 127.0.0.1:${goodPort} -servername imap.acme.test -CAfile ${caFile} </dev/null 2>&1 | ${grep}`);
  await run('openssl-untrusted', `openssl s_client -connect 127.0.0.1:${interceptedPort} -servername imap.acme.test </dev/null 2>&1 | ${grep}`);
  await run('openssl-self-signed', `openssl s_client -connect 127.0.0.1:${selfPort} -servername imap.acme.test </dev/null 2>&1 | ${grep}`);
  await run('openssl-refused', `openssl s_client -connect 127.0.0.1:${closedPort} -servername imap.acme.test </dev/null 2>&1 | ${grep}`);
  await run('openssl-full', `openssl s_client -connect 127.0.0.1:${goodPort} -servername imap.acme.test </dev/null 2>&1`);
  await run('openssl-x509', `openssl s_client -connect 127.0.0.1:${goodPort} -servername imap.acme.test </dev/null 2>/dev/null | ${x509}`);
  await run('openssl-x509-refused', `openssl s_client -connect 127.0.0.1:${closedPort} -servername imap.acme.test </dev/null 2>/dev/null | ${x509}`);
  dns.close();
  silent.close();
  tlsGood.close();
  tlsIntercepted.close();
  tlsSelf.close();
}

void main();
