import type { DnsObservation, TcpObservation } from './observations';
import { hostName, isIpAddress, pastedLines, portNumber } from './text-lines';

export interface TestNetConnectionResult {
  tcp: TcpObservation[];
  dns: DnsObservation[];
}

/**
 * PowerShell's Test-NetConnection -Port. Its property names (ComputerName, RemoteAddress,
 * RemotePort, TcpTestSucceeded) and True/False are never translated; its WARNING lines are.
 * An empty RemoteAddress means the name did not resolve; a filled one is the address the
 * user's resolver gave.
 */
export function parseTestNetConnection(text: string): TestNetConnectionResult {
  const result: TestNetConnectionResult = { tcp: [], dns: [] };
  for (const block of blocks(text)) {
    const computer = block.get('ComputerName');
    if (!computer) continue;
    const address = block.get('RemoteAddress') ?? '';
    const port = portNumber(block.get('RemotePort'));
    const tcpResult = block.get('TcpTestSucceeded');
    if (address === '') {
      result.tcp.push({ tool: 'Test-NetConnection', host: hostName(computer), status: 'no_name', ...(port ? { port } : {}) });
      result.dns.push({ tool: 'Test-NetConnection', name: hostName(computer), status: 'failed', addresses: [] });
      continue;
    }
    if (!isIpAddress(computer)) result.dns.push({ tool: 'Test-NetConnection', name: hostName(computer), status: 'ok', addresses: [address] });
    if (tcpResult === undefined) continue;
    result.tcp.push({
      tool: 'Test-NetConnection',
      host: hostName(computer),
      address,
      status: /^true$/iu.test(tcpResult) ? 'open' : 'failed',
      ...(port ? { port } : {}),
    });
  }
  return result;
}

/** "Name : value" blocks; a new ComputerName starts a new block (one per tested server). */
function blocks(text: string): Map<string, string>[] {
  const found: Map<string, string>[] = [];
  let current: Map<string, string> | undefined;
  for (const line of pastedLines(text)) {
    const property = /^(ComputerName|RemoteAddress|RemotePort|TcpTestSucceeded|PingSucceeded)\s*:\s*(.*)$/u.exec(line.trim());
    if (!property) continue;
    const [, name = '', value = ''] = property;
    if (name === 'ComputerName' || !current) {
      current = new Map();
      found.push(current);
    }
    current.set(name, value.trim());
  }
  return found;
}
