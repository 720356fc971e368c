import type { DnsObservation, DnsStatus } from './observations';
import { hostName, pastedLines } from './text-lines';

/** FullyQualifiedErrorId values: never translated, unlike the message before them. */
const ERROR_IDS: Readonly<Record<string, DnsStatus>> = {
  DNS_ERROR_RCODE_NAME_ERROR: 'nxdomain',
  DNS_ERROR_RCODE_SERVER_FAILURE: 'servfail',
  DNS_ERROR_RCODE_REFUSED: 'refused',
  ERROR_TIMEOUT: 'timeout',
  DNS_INFO_NO_RECORDS: 'no_address',
};

/**
 * PowerShell's Resolve-DnsName: the table (Name, Type, TTL, Section, IPAddress/NameHost), the
 * list form it uses after a CNAME (IP4Address/IP6Address), or an error record.
 */
export function parseResolveDnsName(text: string): DnsObservation[] {
  const lines = pastedLines(text);
  const observations: DnsObservation[] = [];
  const errorId = /FullyQualifiedErrorId\s*:\s*([A-Z_]+),Microsoft\.DnsClient/u.exec(text);
  if (errorId) {
    const name = /Resolve-DnsName\s*:\s*(\S+)\s*:/u.exec(text)?.[1];
    observations.push({ tool: 'Resolve-DnsName', status: ERROR_IDS[errorId[1] ?? ''] ?? 'failed', addresses: [], ...(name ? { name: hostName(name) } : {}) });
  }
  let inTable = false;
  let answer: DnsObservation | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    if (/^Name\s+Type\s+TTL\s+Section\s+\S+/u.test(line)) {
      inTable = true;
      continue;
    }
    if (inTable && /^-+(\s+-+)+$/u.test(line)) continue;
    const row = inTable ? /^(\S+)\s+(A|AAAA|CNAME)\s+\d+\s+\w+\s+(\S+)$/u.exec(line) : null;
    if (row) {
      answer ??= { tool: 'Resolve-DnsName', name: hostName(row[1] ?? ''), status: 'ok', addresses: [] };
      if (row[2] !== 'CNAME') answer.addresses.push(row[3] ?? '');
      continue;
    }
    if (line === '') inTable = false;
    const listed = /^IP[46]Address\s*:\s*(\S+)$/u.exec(line);
    if (listed && answer) answer.addresses.push(listed[1] ?? '');
  }
  if (answer) observations.push(answer.addresses.length > 0 ? answer : { ...answer, status: 'no_address' });
  return observations;
}
