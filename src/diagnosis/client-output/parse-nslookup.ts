import type { DnsObservation, DnsStatus } from './observations';
import { hostName, isIpAddress, pastedLines } from './text-lines';

/** What nslookup prints after "can't find NAME:" on Linux/macOS (rcode) and Windows (text). */
const FAILURES: readonly [RegExp, DnsStatus][] = [
  [/NXDOMAIN|Non-existent domain/iu, 'nxdomain'],
  [/SERVFAIL|Server failed/iu, 'servfail'],
  [/REFUSED|Query refused/iu, 'refused'],
  [/No response from server|timed out|Timeout/iu, 'timeout'],
  [/No answer|NODATA/iu, 'no_address'],
];

/**
 * nslookup on Linux, macOS and Windows. The first "Server:/Address:" pair names the resolver;
 * the answer follows as "Name:" with "Address:"/"Addresses:" lines (Windows indents extra ones).
 */
export function parseNslookup(text: string): DnsObservation[] {
  const lines = pastedLines(text);
  const observations: DnsObservation[] = [];
  let resolver: string | undefined;
  let current: DnsObservation | undefined;
  let inAddresses = false;
  for (const raw of lines) {
    const line = raw.trim();
    const server = /^Server:\s+(\S+)/u.exec(line);
    if (server) {
      resolver = undefined;
      current = undefined;
      inAddresses = false;
      continue;
    }
    const address = /^Address(?:es)?:\s+(\S+)/u.exec(line);
    if (address && !current) {
      // The address right after "Server:" is the resolver's own.
      resolver ??= (address[1] ?? '').replace(/#\d+$/u, '');
      continue;
    }
    const failure = /^\*{2,3}\s+(?:server\s+)?(\S+)?\s*can't find\s+([^:\s]+):\s*(.+)$/iu.exec(line);
    if (failure) {
      const status = FAILURES.find(([pattern]) => pattern.test(failure[3] ?? ''))?.[1] ?? 'failed';
      observations.push({ tool: 'nslookup', name: hostName(failure[2] ?? ''), status, addresses: [], ...(resolver ? { resolver } : {}) });
      continue;
    }
    const name = /^Name:\s+(\S+)/u.exec(line);
    if (name) {
      current = { tool: 'nslookup', name: hostName(name[1] ?? ''), status: 'ok', addresses: [], ...(resolver ? { resolver } : {}) };
      observations.push(current);
      inAddresses = false;
      continue;
    }
    if (current && address) {
      current.addresses.push(address[1] ?? '');
      inAddresses = true;
      continue;
    }
    if (current && inAddresses && /^\s+\S/u.test(raw) && isIpAddress(line)) {
      current.addresses.push(line);
      continue;
    }
    inAddresses = false;
  }
  return mergeSameName(observations);
}

/** Linux nslookup repeats "Name:" once per address (A, then AAAA); one observation per name. */
function mergeSameName(observations: DnsObservation[]): DnsObservation[] {
  const merged: DnsObservation[] = [];
  for (const observation of observations) {
    const same = merged.find((m) => m.name === observation.name && m.status === observation.status);
    if (same) same.addresses.push(...observation.addresses);
    else merged.push({ ...observation, addresses: [...observation.addresses] });
  }
  return merged;
}
