import type { ServerSettings, Target } from '../settings/server-settings';
import type { DiagnosisContext } from './context';
import { CONNECTION_LIMIT } from './diagnosis-connections';
import type { EndpointObservation } from './endpoint';
import { finding, type RawFinding } from './raw-finding';

/** One TCP connect to the user's port, by whichever probe made it. */
export interface Attempt {
  address: string;
  ok: boolean;
  code?: string;
}

/** A bare connect (nothing said on it), to tell a dead node from a flaky one. */
export async function bareConnect(ctx: DiagnosisContext, address: string, port: number): Promise<Attempt> {
  const result = await ctx.connect(address, port);
  if (result.ok) {
    result.socket.destroy();
    return { address, ok: true };
  }
  return { address, ok: false, code: result.code };
}

/**
 * `extra`: the other connects to the same port (retries of an address that failed or stalled,
 * the TLS 1.2 check, the same port in another mode): every one is a try of the path.
 *
 * A host publishes several addresses and clients pick one (many try only the first): an address
 * where every attempt fails while another answers is a partial outage, named with the dead
 * addresses, which users of those addresses see as the server being down. An address where
 * only some attempts fail is a flaky path (`network.intermittent`). No route from here (IPv6
 * on an IPv4-only bot) and connections never opened (the cap) say nothing about the server.
 */
export function addressHealthFindings(
  target: Target,
  settings: ServerSettings,
  observations: readonly EndpointObservation[],
  extra: readonly Attempt[],
): RawFinding[] {
  const attempts: Attempt[] = [
    ...observations.map((o) => ({ address: o.endpoint.address, ok: o.tcp.ok, ...(o.tcp.code ? { code: o.tcp.code } : {}) })),
    ...extra,
  ].filter((a) => a.code !== 'net_unreachable' && a.code !== CONNECTION_LIMIT);
  const byAddress = new Map<string, Attempt[]>();
  for (const a of attempts) byAddress.set(a.address, [...(byAddress.get(a.address) ?? []), a]);

  const dead = [...byAddress].filter(([, list]) => list.every((a) => !a.ok));
  const alive = [...byAddress].filter(([, list]) => list.some((a) => a.ok));
  const flaky = alive.filter(([, list]) => list.some((a) => !a.ok));
  const findings: RawFinding[] = [];
  if (dead.length > 0 && alive.length > 0) {
    findings.push(
      finding('network.partial_outage', 'error', target, {
        host: settings.host,
        port: settings.port,
        dead: dead.map(([address, list]) => `${address} (${list[0]?.code ?? 'error'})`).join(', '),
        working: alive.map(([address]) => address).join(', '),
        deadCount: dead.length,
        addressCount: byAddress.size,
      }),
    );
  }
  if (flaky.length > 0) {
    const failed = flaky.flatMap(([, list]) => list.filter((a) => !a.ok));
    const tried = flaky.flatMap(([, list]) => list);
    const userFailed = observations.some((o) => !o.tcp.ok && flaky.some(([address]) => address === o.endpoint.address));
    findings.push(
      finding('network.intermittent', userFailed ? 'error' : 'warning', target, {
        host: settings.host,
        port: settings.port,
        failed: failed.length,
        attempts: tried.length,
        // Which address failed how: the admin checks that node of the pool first.
        reasons: [...new Set(failed.map((a) => `${a.address}: ${a.code ?? 'error'}`))].join(', '),
      }),
    );
  }
  return findings;
}
