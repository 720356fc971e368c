import type { TcpObservation, TcpStatus } from './observations';
import { hostName, pastedLines, portNumber } from './text-lines';

/** The errno texts nc prints (from strerror, in English on every system we give commands for). */
function statusOf(reason: string): TcpStatus {
  if (/refused/iu.test(reason)) return 'refused';
  if (/timed out|in progress/iu.test(reason)) return 'timeout';
  if (/no route|unreachable/iu.test(reason)) return 'unreachable';
  return 'failed';
}

/** The port field of an observation, left out when the digits cannot be a port. */
function port(digits: string | undefined): { port?: number } {
  const value = portNumber(digits);
  return value === undefined ? {} : { port: value };
}

/** OpenBSD nc (Linux), macOS nc and nmap's ncat, with -v. */
export function parseNc(text: string): TcpObservation[] {
  const observations: TcpObservation[] = [];
  for (const raw of pastedLines(text)) {
    const line = raw.trim();
    const openBsd = /^Connection to (\S+)(?: \(([^)]+)\))? (\d+) port \[[^\]]*\] succeeded!?$/u.exec(line);
    if (openBsd) {
      observations.push({ tool: 'nc', host: hostName(openBsd[1] ?? ''), ...port(openBsd[3]), status: 'open', ...(openBsd[2] ? { address: openBsd[2] } : {}) });
      continue;
    }
    const mac = /^Connection to (\S+) port (\d+) \[[^\]]*\] succeeded!?$/u.exec(line);
    if (mac) {
      observations.push({ tool: 'nc', host: hostName(mac[1] ?? ''), ...port(mac[2]), status: 'open' });
      continue;
    }
    const failed = /^nc: connectx? to (\S+)(?: \(([^)]+)\))? port (\d+) \(tcp\) (?:failed|timed out): (.+)$/u.exec(line);
    if (failed) {
      const status = /\) timed out:/u.test(line) ? 'timeout' : statusOf(failed[4] ?? '');
      observations.push({ tool: 'nc', host: hostName(failed[1] ?? ''), ...port(failed[3]), status, ...(failed[2] ? { address: failed[2] } : {}) });
      continue;
    }
    const noName = /^nc: getaddrinfo(?: for host "([^"]+)" port (\d+))?:/u.exec(line);
    if (noName) {
      observations.push({ tool: 'nc', status: 'no_name', ...(noName[1] ? { host: hostName(noName[1]) } : {}), ...port(noName[2]) });
      continue;
    }
    const ncatOpen = /^Ncat: Connected to (\[?[0-9a-f:.]+\]?):(\d+)\.$/iu.exec(line);
    if (ncatOpen) {
      observations.push({ tool: 'ncat', address: (ncatOpen[1] ?? '').replace(/^\[|\]$/gu, ''), ...port(ncatOpen[2]), status: 'open' });
      continue;
    }
    if (/^Ncat: Could not resolve hostname/u.test(line)) observations.push({ tool: 'ncat', status: 'no_name' });
    else if (/^Ncat: (Connection refused|TIMEOUT|No route to host|Network is unreachable)/u.test(line)) {
      observations.push({ tool: 'ncat', status: /TIMEOUT/u.test(line) ? 'timeout' : statusOf(line) });
    }
  }
  return observations;
}
