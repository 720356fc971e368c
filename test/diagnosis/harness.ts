import { diagnose } from '../../src/diagnosis/diagnose';
import type { DiagnoseOptions } from '../../src/diagnosis/diagnose-request';
import type { Finding, Report } from '../../src/diagnosis/report';
import type { DiscoveryResult } from '../../src/discovery/discovery-result';
import type { AccountSettings, Credentials } from '../../src/settings/server-settings';
import { createTestPki, type TestPki } from '../support/certs';
import { startDnsServer, type TestDnsServer, type ZoneRecords } from '../support/dns-server';

/**
 * The engine against real servers on loopback: a DNS server for the `mail.test` zone whose
 * names point at 127.0.0.x, a test PKI whose CA is trusted (as NODE_EXTRA_CA_CERTS would make
 * it), and the policy widened to loopback — the same switches an admin would set.
 */
export interface EngineHarness {
  pki: TestPki;
  dns: TestDnsServer;
  records: ZoneRecords;
  run(settings: AccountSettings, options?: DiagnoseOptions & { credentials?: Credentials; discovery?: DiscoveryResult }, language?: string): Promise<Report>;
  close(): Promise<void>;
}

export const TEST_TIMEOUT_MS = 1200;

export async function startHarness(records: ZoneRecords = {}): Promise<EngineHarness> {
  const pki = createTestPki();
  const dns = await startDnsServer({ records });
  return {
    pki,
    dns,
    records,
    run: (settings, { credentials, discovery, ...options } = {}, language = 'en') =>
      diagnose({
        settings,
        ...(credentials ? { credentials } : {}),
        ...(discovery ? { discovery } : {}),
        options: {
          dnsServers: [dns.server],
          authoritativeDnsPort: dns.port,
          allowNets: ['127.0.0.0/8'],
          allowPorts: [],
          ca: pki.trusted,
          timeoutMs: TEST_TIMEOUT_MS,
          ...options,
        },
      }, language),
    close: () => dns.close(),
  };
}

/** The finding for a cause, or a failure listing what was found instead. */
export function findingFor(report: Report, cause: string): Finding {
  const found = report.findings.find((f) => f.cause === cause);
  if (!found) {
    throw new Error(`no ${cause} finding; got ${report.findings.map((f) => `${f.cause} (${f.evidence})`).join('; ')}`);
  }
  return found;
}

/** Cause ids in report order. */
export function causes(report: Report): string[] {
  return report.findings.map((f) => f.cause);
}
