import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { assessClientOutput, type BotServerView } from '../../src/diagnosis/client-output/assess-client-output';
import type { ClientObservations, DnsObservation, TcpObservation, TlsObservation } from '../../src/diagnosis/client-output/observations';
import { parseDig, parseResolverUnreachable } from '../../src/diagnosis/client-output/parse-dig';
import { parseNc } from '../../src/diagnosis/client-output/parse-nc';
import { parseNslookup } from '../../src/diagnosis/client-output/parse-nslookup';
import { parseOpenssl } from '../../src/diagnosis/client-output/parse-openssl';
import { parsePowershellCertificate } from '../../src/diagnosis/client-output/parse-powershell-certificate';
import { parseResolveDnsName } from '../../src/diagnosis/client-output/parse-resolve-dnsname';
import { parseTestNetConnection } from '../../src/diagnosis/client-output/parse-test-netconnection';
import { readClientOutput } from '../../src/diagnosis/client-output/read-client-output';
import { anyText, prototypeKey } from './support/arbitraries';
import { FUZZ_RUNS, quickly } from './support/fuzz-settings';

/**
 * What users paste from dig, nslookup, Resolve-DnsName, Test-NetConnection, nc/ncat, openssl
 * and PowerShell: whatever it is (another tool, a half-copied screen, a chat client's line
 * endings, an attacker), the readers return well-formed observations quickly, and comparing
 * them with the bot's view gives well-formed findings.
 */
const runs = { numRuns: FUZZ_RUNS };

const TOOLS = new Set(['dig', 'nslookup', 'Resolve-DnsName', 'Test-NetConnection', 'nc', 'ncat', 'openssl', 'PowerShell']);
const DNS_STATUSES = new Set(['ok', 'nxdomain', 'servfail', 'refused', 'timeout', 'no_address', 'failed']);
const TCP_STATUSES = new Set(['open', 'refused', 'timeout', 'unreachable', 'no_name', 'failed']);
const CAUSES = new Set(['client.port_blocked', 'client.dns_failure', 'client.tls_intercepted']);

const oneLine = (value: string): void => assert.doesNotMatch(value, /[\r\n]/u, JSON.stringify(value));

function assertDns(o: DnsObservation): void {
  assert.ok(TOOLS.has(o.tool) && DNS_STATUSES.has(o.status), JSON.stringify(o));
  assert.ok(Array.isArray(o.addresses));
  for (const address of o.addresses) assert.ok(typeof address === 'string' && address.length > 0, JSON.stringify(o));
  o.addresses.forEach(oneLine);
  if (o.name !== undefined) oneLine(o.name);
  if (o.resolver !== undefined) oneLine(o.resolver);
}

function assertTcp(o: TcpObservation): void {
  assert.ok(TOOLS.has(o.tool) && TCP_STATUSES.has(o.status), JSON.stringify(o));
  if (o.port !== undefined) assert.ok(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535, `port ${o.port}`);
  if (o.host !== undefined) oneLine(o.host);
  if (o.address !== undefined) oneLine(o.address);
}

function assertTls(o: TlsObservation): void {
  assert.ok(TOOLS.has(o.tool), o.tool);
  if (o.verifyCode !== undefined) assert.ok(Number.isSafeInteger(o.verifyCode) && o.verifyCode >= 0, `verify ${o.verifyCode}`);
  for (const value of [o.subject, o.issuer, o.verifyText, o.fingerprint]) if (value !== undefined) oneLine(value);
}

function assertObservations(o: ClientObservations): void {
  assert.deepEqual(JSON.parse(JSON.stringify(o)), o, 'plain JSON values only');
  o.dns.forEach(assertDns);
  o.tcp.forEach(assertTcp);
  o.tls.forEach(assertTls);
}

// ── Pastes ──────────────────────────────────────────────────────────────────────────────────

const FIXTURES = join(__dirname, '..', 'conversation', 'client-output', 'fixtures');
/** Every line of the real outputs the client-output tests use. */
const fixtureLines = readdirSync(FIXTURES).flatMap((file) => readFileSync(join(FIXTURES, file), 'utf8').split(/\r?\n/u));
const fixtureText = readdirSync(FIXTURES).map((file) => readFileSync(join(FIXTURES, file), 'utf8'));

const value = fc.oneof(
  fc.domain(),
  fc.domain().map((d) => `${d}.`),
  fc.ipV4(),
  fc.ipV6(),
  fc.nat({ max: 70_000 }).map(String),
  fc.constantFrom('0', '993', '99999999999999999999999', '-1', 'True', 'False', 'NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', 'BOGUS', 'tcp/imaps', 'CN = Kaspersky Anti-Virus Personal Root Certificate', '/C=RU/O=Lab/CN=Root', ''),
  prototypeKey,
  anyText.map((t) => t.replace(/[\r\n]/gu, ' ')),
);
/** A line of some tool's output, its fields fuzzed. */
const toolLine = fc.oneof(
  fc.tuple(value).map(([s]) => `;; ->>HEADER<<- opcode: QUERY, status: ${s}, id: 1`),
  fc.tuple(value, fc.constantFrom('A', 'AAAA', 'MX')).map(([n, t]) => `;${n}.\t\tIN\t${t}`),
  fc.tuple(value, fc.nat(), fc.constantFrom('A', 'AAAA', 'CNAME'), value).map(([n, ttl, t, a]) => `${n}.\t${ttl}\tIN\t${t}\t${a}`),
  value.map((v) => `;; SERVER: ${v}#53(${v}) (UDP)`),
  value.map((v) => `;; communications error to ${v}#53: timed out`),
  fc.constantFrom(';; connection timed out; no servers could be reached', 'Non-authoritative answer:'),
  value.map((v) => `Server:\t\t${v}`),
  value.map((v) => `Address:\t${v}#53`),
  value.map((v) => `Addresses:  ${v}`),
  value.map((v) => `          ${v}`),
  value.map((v) => `Name:\t${v}`),
  fc.tuple(value, value, value).map(([s, n, r]) => `*** ${s} can't find ${n}: ${r}`),
  fc.tuple(value, value).map(([n, r]) => `** server can't find ${n}: ${r}`),
  fc.constantFrom('Name                                           Type   TTL   Section    IPAddress', '----                                           ----   ---   -------    ---------'),
  fc.tuple(value, fc.constantFrom('A', 'AAAA', 'CNAME'), fc.nat(), value).map(([n, t, ttl, a]) => `${n}   ${t}   ${ttl}   Answer   ${a}`),
  value.map((v) => `IP4Address : ${v}`),
  fc.tuple(value, fc.constantFrom('DNS_ERROR_RCODE_NAME_ERROR', 'ERROR_TIMEOUT', 'DNS_INFO_NO_RECORDS', 'CONSTRUCTOR', '__PROTO__', 'TOSTRING')).map(([n, id]) => `Resolve-DnsName : ${n} : DNS name does not exist\n    + FullyQualifiedErrorId : ${id},Microsoft.DnsClient.Commands.ResolveDnsName`),
  fc.tuple(fc.constantFrom('ComputerName', 'RemoteAddress', 'RemotePort', 'TcpTestSucceeded', 'PingSucceeded', 'InterfaceAlias'), value).map(([k, v]) => `${k.padEnd(23)}: ${v}`),
  fc.tuple(value, value, value).map(([h, a, p]) => `Connection to ${h} (${a}) ${p} port [tcp/imaps] succeeded!`),
  fc.tuple(value, value).map(([h, p]) => `Connection to ${h} port ${p} [tcp/imaps] succeeded!`),
  fc.tuple(value, value, value, fc.constantFrom('failed: Connection refused', 'timed out: Operation now in progress', 'failed: No route to host', 'failed: Whatever')).map(([h, a, p, r]) => `nc: connect to ${h} (${a}) port ${p} (tcp) ${r}`),
  fc.tuple(value, value).map(([h, p]) => `nc: getaddrinfo for host "${h}" port ${p}: Name or service not known`),
  fc.tuple(value, value).map(([a, p]) => `Ncat: Connected to ${a}:${p}.`),
  fc.constantFrom('Ncat: Connection refused.', 'Ncat: TIMEOUT.', 'Ncat: Could not resolve hostname "x": Name or service not known.', 'Ncat: No route to host.'),
  value.map((v) => `subject=${v}`),
  value.map((v) => `issuer=${v}`),
  fc.tuple(fc.oneof(fc.nat(), fc.constant(Number('99999999999999999999')), fc.constant(`1${"0".repeat(400)}`)), value).map(([c, t]) => `Verify return code: ${c} (${t})`),
  value.map((v) => `sha256 Fingerprint=${v}`),
  value.map((v) => `connect:errno=${v}`),
  fc.constantFrom('Could not read certificate from <stdin>', 'unable to load certificate'),
  fc.tuple(fc.constantFrom('Subject', 'Issuer', 'Thumbprint'), value).map(([k, v]) => `${k}${' '.repeat(5)}: ${v}`),
);
const line = fc.oneof({ weight: 3, arbitrary: toolLine }, { weight: 2, arbitrary: fc.constantFrom(...fixtureLines) }, { weight: 1, arbitrary: anyText });
const paste = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.array(line, { maxLength: 25 }), fc.constantFrom('\n', '\r\n', '\r', '\n\n')).map(([lines, eol]) => lines.join(eol)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...fixtureText), fc.constantFrom(...fixtureText)).map(([a, b]) => `${a}\n${b}`) },
  { weight: 1, arbitrary: anyText },
);
const tabbed = fc.tuple(paste, fc.boolean()).map(([text, tabs]) => (tabs ? text.replace(/ {2,}/gu, '\t') : text));

const server: fc.Arbitrary<BotServerView> = fc.record({
  host: fc.oneof(fc.domain(), fc.constantFrom('imap.acme.test', '')),
  port: fc.constantFrom(993, 587, 143, 0),
  security: fc.constantFrom('tls', 'starttls', 'none'),
  addresses: fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('203.0.113.10')), { maxLength: 3 }),
  tlsOk: fc.boolean(),
});

describe('fuzz: client-output readers take any paste', function () {
  it('readClientOutput returns well-formed DNS, TCP and TLS observations', function () {
    fc.assert(
      fc.property(tabbed, (text) => assertObservations(quickly(() => readClientOutput(text)))),
      runs,
    );
  });

  it('each tool’s reader alone returns well-formed observations', function () {
    fc.assert(
      fc.property(tabbed, (text) => {
        const none = { dns: [], tcp: [], tls: [] };
        for (const dns of [parseDig, parseResolverUnreachable, parseNslookup, parseResolveDnsName]) assertObservations({ ...none, dns: quickly(() => dns(text)) });
        assertObservations({ ...none, tcp: quickly(() => parseNc(text)) });
        assertObservations({ ...none, ...quickly(() => parseTestNetConnection(text)) });
        assertObservations({ ...none, ...quickly(() => parseOpenssl(text)) });
        assertObservations({ ...none, tls: quickly(() => parsePowershellCertificate(text)) });
      }),
      runs,
    );
  });

  it('assessClientOutput turns them into findings with a known cause and plain facts', function () {
    fc.assert(
      fc.property(tabbed, fc.array(server, { maxLength: 3 }), (text, servers) => {
        const assessments = quickly(() => assessClientOutput(readClientOutput(text), servers));
        assert.deepEqual(JSON.parse(JSON.stringify(assessments)), assessments);
        for (const a of assessments) {
          assert.ok(CAUSES.has(a.cause), a.cause);
          assert.equal(typeof a.variant, 'string');
          for (const fact of Object.values(a.facts)) assert.ok(typeof fact === 'string' || (typeof fact === 'number' && Number.isFinite(fact)), JSON.stringify(a));
        }
      }),
      runs,
    );
  });

  it('a paste at the size limit, of any one line repeated, is read within the budget (no catastrophic backtracking)', function () {
    this.timeout(30_000);
    const samples = fc.sample(toolLine, { numRuns: 40, seed: 42 });
    const adversarial = ['*** ', '** a ', 'Name: ', 'Address: ', ' ', 'subject=', 'Connection to ', 'nc: connect to a (', ';;', '->>HEADER<<- ', 'IP4Address : ', 'ComputerName : ', "can't find ", 'a (', ' port ', '[', 'Ncat: Connected to ', ': ', '\t'];
    const started = performance.now();
    for (const piece of [...adversarial, ...adversarial.map((p) => `${p}\n`), ...samples.map((s) => `${s}\n`), ...samples]) {
      const text = piece.repeat(Math.ceil(20_000 / piece.length)).slice(0, 20_000);
      assertObservations(quickly(() => readClientOutput(text)));
    }
    assertObservations(quickly(() => readClientOutput(`${'a'.repeat(5_000_000)}\nConnection to x port 1 [tcp/*] succeeded!`)));
    assert.ok(performance.now() - started < 10_000, `took ${Math.round(performance.now() - started)} ms`);
  });
});
