import { resolveAddresses } from '../probes/dns';
import { type RefusalReason, TargetPolicy } from '../policy/target-policy';
import type { AccountSettings, Target } from '../settings/server-settings';
import { DEFAULT_TIMEOUT_MS, type DiagnoseOptions } from './diagnose-request';
import { MAX_ADDRESSES } from './resolve-target';

/** A server the diagnosis would not connect to, and why: the port, or every address it resolves to. */
export interface TargetRefusal {
  target: Target;
  host: string;
  port: number;
  /** The refused address; absent when the port is what the policy refuses. */
  address?: string;
  reason: RefusalReason;
}

/** How the conversation asks, before anything secret is asked for, which servers would be refused. */
export type CheckTargets = (settings: AccountSettings, options?: { signal?: AbortSignal }) => Promise<TargetRefusal[]>;

/**
 * The target policy as the diagnosis applies it (./resolve-target): the port first, then the
 * addresses the name resolves to, the same first ones the engine would probe. A server is refused
 * when none of them may be contacted. A name that does not resolve is not refused here: the
 * diagnosis reports that itself. Run before the sign-in question, so nobody types a password
 * for a server the bot will not talk to.
 */
export function createCheckTargets(options: Omit<DiagnoseOptions, 'onProgress' | 'signal'> = {}): CheckTargets {
  const policy = new TargetPolicy({ allowNets: options.allowNets, allowPorts: options.allowPorts });
  return async (settings, call = {}) => {
    const sides = (['incoming', 'outgoing'] as const).filter((side) => settings[side] !== undefined);
    const checked = await Promise.all(
      sides.map(async (target): Promise<TargetRefusal | undefined> => {
        const { host, port } = settings[target]!;
        const portDecision = policy.checkPort(port);
        if (!portDecision.allowed) return { target, host, port, reason: portDecision.reason };
        const dns = { servers: options.dnsServers, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(call.signal ? { signal: call.signal } : {}) };
        const lookup = await resolveAddresses(host, dns);
        if (!lookup.ok) return undefined;
        const probed = [...lookup.addresses].sort((a, b) => a.family - b.family).slice(0, MAX_ADDRESSES);
        const decisions = probed.map((a) => ({ address: a.address, decision: policy.checkAddress(a.address) }));
        if (decisions.some((d) => d.decision.allowed)) return undefined;
        const first = decisions[0];
        return first && !first.decision.allowed ? { target, host, port, address: first.address, reason: first.decision.reason } : undefined;
      }),
    );
    return checked.filter((refusal) => refusal !== undefined);
  };
}
