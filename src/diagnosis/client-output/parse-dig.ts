import type { DnsObservation, DnsStatus } from './observations';
import { hostName, isIpAddress, pastedLines } from './text-lines';

const STATUS: Readonly<Record<string, DnsStatus>> = { NOERROR: 'ok', NXDOMAIN: 'nxdomain', SERVFAIL: 'servfail', REFUSED: 'refused' };

/**
 * dig, full or `+noall +comments +answer`: one observation per `->>HEADER<<-` (one per query).
 * `+short` prints bare addresses; those count when nothing else in the paste explains them.
 */
export function parseDig(text: string): DnsObservation[] {
  const lines = pastedLines(text);
  const observations: DnsObservation[] = [];
  let current: DnsObservation | undefined;
  for (const line of lines) {
    const header = /->>HEADER<<-.*\bstatus:\s*([A-Z]+)/u.exec(line);
    if (header) {
      current = { tool: 'dig', status: STATUS[header[1] ?? ''] ?? 'servfail', addresses: [] };
      observations.push(current);
      continue;
    }
    if (!current) continue;
    const question = /^;([^\s;]+)\s+IN\s+(?:A|AAAA)\s*$/u.exec(line.trim());
    if (question?.[1]) current.name = hostName(question[1]);
    const answer = /^(\S+)\s+\d+\s+IN\s+(A|AAAA|CNAME)\s+(\S+)\s*$/u.exec(line.trim());
    if (answer) {
      current.name ??= hostName(answer[1] ?? '');
      if (answer[2] !== 'CNAME' && answer[3]) current.addresses.push(answer[3]);
    }
    const server = /^;;\s*SERVER:\s*([^#\s(]+)/u.exec(line.trim());
    if (server?.[1]) current.resolver = server[1];
  }
  for (const observation of observations) {
    if (observation.status === 'ok' && observation.addresses.length === 0) observation.status = 'no_address';
  }
  return observations.length > 0 ? observations : parseDigShort(lines);
}

/** `dig +short`: only bare addresses, each on its own unindented line. */
function parseDigShort(lines: string[]): DnsObservation[] {
  const bare = lines.filter((l) => l !== '' && !/^\s/u.test(l));
  if (bare.length === 0 || !bare.every((l) => isIpAddress(l.trim()) || /^[\w.-]+\.$/u.test(l.trim()))) return [];
  const addresses = bare.map((l) => l.trim()).filter(isIpAddress);
  return addresses.length > 0 ? [{ tool: 'dig', status: 'ok', addresses }] : [];
}

/**
 * "no servers could be reached": dig and nslookup both say it when the resolver does not
 * answer at all (down, or port 53 blocked).
 */
export function parseResolverUnreachable(text: string): DnsObservation[] {
  if (!/no servers could be reached|connection timed out; no servers/iu.test(text)) return [];
  const resolver = /communications error to ([^#\s:]+)/u.exec(text)?.[1];
  return [{ tool: /\bnslookup\b|^Server:/mu.test(text) ? 'nslookup' : 'dig', status: 'timeout', addresses: [], ...(resolver ? { resolver } : {}) }];
}
