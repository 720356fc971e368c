import { diagnose } from '../src/diagnosis/diagnose';
import type { DiagnoseOptions } from '../src/diagnosis/diagnose-request';
import type { Report } from '../src/diagnosis/report';
import type { AccountSettings, ServerSettings } from '../src/settings/server-settings';
import type { KeyAndCert } from '../test/support/certs';
import { startDnsServer } from '../test/support/dns-server';
import { startFakeImapServer, type FakeImapServer } from '../test/support/fake-imap-server';
import { PASSWORD, USER, startBenchSmtp } from './servers';
import { CauseCheck, ms, quantile, type BenchRow } from './table';

/**
 * Rows of issue 13: time to verdict for faults whose answer is certain in milliseconds (each at
 * the default 5000 ms timeout; target: at most 10% of it), and the connections a diagnosis
 * opens (healthy IMAP+SMTP with login on an IPv4 and on a dual-stack host: at most 10; each
 * fault: at most 24). Every run asserts its cause: speed never bought with a wrong verdict.
 */
export interface FaultCerts {
  /** Valid, for v4.bench.test, dual.bench.test and faults.bench.test. */
  good: KeyAndCert;
  expired: KeyAndCert;
  selfSigned: KeyAndCert;
}

const FAULT_TIMEOUT_MS = 5000;
const FAULT_TARGET_MS = FAULT_TIMEOUT_MS / 10;
const HEALTHY_CONNECTIONS = 10;
const FAULT_CONNECTIONS = 24;

export async function faultRows(certs: FaultCerts, runs: number): Promise<BenchRow[]> {
  const login = (user: string, password: string) => (user === USER && password === PASSWORD ? 'OK Logged in' : 'NO [AUTHENTICATIONFAILED] Invalid credentials');
  const dns = await startDnsServer({
    records: {
      'faults.bench.test': { A: ['127.0.0.1'] },
      'v4.bench.test': { A: ['127.0.0.1'] },
      'dual.bench.test': { A: ['127.0.0.1'], AAAA: ['::1'] },
    },
  });
  const started: { close(): Promise<void> }[] = [dns];
  const imapServer = async (options: Parameters<typeof startFakeImapServer>[0]): Promise<FakeImapServer> => {
    const server = await startFakeImapServer({ login, ...options });
    started.push(server);
    return server;
  };
  try {
    const expired = await imapServer({ tls: certs.expired });
    const selfSigned = await imapServer({ tls: certs.selfSigned });
    const implicit = await imapServer({ tls: certs.good });
    const plain = await imapServer({ starttls: certs.good });
    // Dual stack: the same port on 127.0.0.1 and ::1, for IMAP and for SMTP.
    const imap4 = await imapServer({ tls: certs.good });
    await imapServer({ tls: certs.good, host: '::1', port: imap4.port });
    const smtpPort = await startSmtp(certs.good, started, '127.0.0.1', 0);
    await startSmtp(certs.good, started, '::1', smtpPort);

    const ports = [expired, selfSigned, implicit, plain, imap4].map((s) => s.port);
    const options: DiagnoseOptions = {
      dnsServers: [dns.server],
      authoritativeDnsPort: dns.port,
      allowNets: ['127.0.0.0/8', '::1/128'],
      allowPorts: [...ports, smtpPort],
      timeoutMs: FAULT_TIMEOUT_MS,
    };
    const imap = (port: number, security: ServerSettings['security'], host = 'faults.bench.test'): ServerSettings => ({ protocol: 'imap', host, port, security });
    const faults: [string, ServerSettings, string][] = [
      ['expired certificate', imap(expired.port, 'tls'), 'tls.cert_expired'],
      ['self-signed certificate', imap(selfSigned.port, 'tls'), 'tls.cert_self_signed'],
      ['STARTTLS on implicit-TLS port', imap(implicit.port, 'starttls'), 'tls.starttls_on_implicit_port'],
      ['implicit TLS on plaintext port', imap(plain.port, 'tls'), 'tls.implicit_on_plain_port'],
    ];
    const rows: BenchRow[] = [];
    for (const [scenario, settings, cause] of faults) {
      const check = new CauseCheck(cause);
      const measured = await measure(runs, () => diagnose({ settings: { incoming: settings }, options }), check);
      const connections = Math.max(...measured.connections);
      const p95 = quantile(measured.ms, 0.95);
      rows.push({
        row: scenario,
        measured: `median ${ms(quantile(measured.ms, 0.5))}, p95 ${ms(p95)}, ${runs} runs; ${connections} connections; ${check.describe()}`,
        target: `timeout ${ms(FAULT_TIMEOUT_MS)}; p95 <= ${ms(FAULT_TARGET_MS)}, <= ${FAULT_CONNECTIONS} connections`,
        ok: check.ok && p95 <= FAULT_TARGET_MS && connections <= FAULT_CONNECTIONS,
      });
    }
    for (const [scenario, host] of [
      ['healthy, login: IPv4 host', 'v4.bench.test'],
      ['healthy, login: dual-stack host', 'dual.bench.test'],
    ] as const) {
      const settings: AccountSettings = {
        incoming: { protocol: 'imap', host, port: imap4.port, security: 'tls' },
        outgoing: { protocol: 'smtp', host, port: smtpPort, security: 'starttls' },
      };
      const check = new CauseCheck('ok');
      const measured = await measure(runs, () => diagnose({ settings, credentials: { user: USER, password: PASSWORD }, options }), check);
      const connections = Math.max(...measured.connections);
      rows.push({
        row: scenario,
        measured: `${connections} connections (IMAP+SMTP, the most in ${runs} runs); median ${ms(quantile(measured.ms, 0.5))}; ${check.describe()}`,
        target: `<= ${HEALTHY_CONNECTIONS} connections`,
        ok: check.ok && connections <= HEALTHY_CONNECTIONS,
      });
    }
    return rows;
  } finally {
    await Promise.all(started.map((s) => s.close()));
  }
}

/** Runs a diagnosis `runs` times; `cause` notes every run that did not find it first. */
async function measure(runs: number, run: () => Promise<Report>, cause: CauseCheck): Promise<{ ms: number[]; connections: number[] }> {
  const ms: number[] = [];
  const connections: number[] = [];
  for (let i = 0; i < runs; i++) {
    const startedAt = performance.now();
    const report = await run();
    ms.push(performance.now() - startedAt);
    cause.check(report);
    connections.push(report.connections?.total ?? Infinity);
  }
  return { ms, connections };
}

async function startSmtp(cert: KeyAndCert, started: { close(): Promise<void> }[], host: string, port: number): Promise<number> {
  const smtp = await startBenchSmtp(cert, host, port);
  started.push(smtp);
  return smtp.port;
}
