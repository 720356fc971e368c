import { setMaxListeners } from 'node:events';
import { allowedAddress, portAllowed } from '../allowed-address';
import { probeService } from '../guess/probe-service';
import { hosterNames } from '../guess/hoster-names';
import type { Protocol, Security } from '../../settings/server-settings';
import type { Found, SourceContext, SourceRun } from '../source-context';

/**
 * The last resort: the usual host names, probed on the standard ports, keeping only what
 * answers in the right protocol (Thunderbird's GuessConfig, trimmed: no bare-domain host and no
 * port 25, which a client should not submit on and which clouds block). Every try runs at once.
 */
export const GUESSES: readonly { protocol: Protocol; prefixes: string[]; ports: { port: number; security: Exclude<Security, 'none'> }[] }[] = [
  { protocol: 'imap', prefixes: ['imap', 'mail'], ports: [{ port: 993, security: 'tls' }, { port: 143, security: 'starttls' }] },
  { protocol: 'pop3', prefixes: ['pop3', 'pop', 'mail'], ports: [{ port: 995, security: 'tls' }, { port: 110, security: 'starttls' }] },
  { protocol: 'smtp', prefixes: ['smtp', 'mail'], ports: [{ port: 465, security: 'tls' }, { port: 587, security: 'starttls' }] },
];

interface Try {
  host: string;
  protocol: Protocol;
  port: number;
  security: Exclude<Security, 'none'>;
  /** Set for a name taken from the domain's MX host: it must prove itself with its certificate. */
  fromMx?: string;
}

/**
 * Every guess runs at once, each look-up and connection with its own abort listener: this
 * source's own signal (ended with the source's) takes them all without Node's leak warning.
 */
const MAX_PARALLEL_WAITS = 128;

export const guessSource: SourceRun = async (source) => {
  const signal = AbortSignal.any([source.signal]);
  setMaxListeners(MAX_PARALLEL_WAITS, signal);
  const ctx: SourceContext = { ...source, signal, dns: () => ({ ...source.dns(), signal }) };
  const own = GUESSES.flatMap((guess) => guess.prefixes.map((prefix) => ({ host: `${prefix}.${ctx.domain}`, protocol: guess.protocol })));
  const [ownFound, hosterFound] = await Promise.all([
    probeAll(ctx, withPorts(own)),
    // A domain with only MX records at a hoster: the hoster's names (./guess/hoster-names).
    hosterNames(ctx).then((names) => probeAll(ctx, withPorts(names.filter((n) => !own.some((o) => o.host === n.host && o.protocol === n.protocol))))),
  ]);
  return [...ownFound, ...hosterFound];
};

function withPorts(names: readonly { host: string; protocol: Protocol; fromMx?: string }[]): Try[] {
  return names.flatMap((name) => (GUESSES.find((g) => g.protocol === name.protocol)?.ports ?? []).map((p) => ({ ...name, ...p })));
}

async function probeAll(ctx: SourceContext, tries: readonly Try[]): Promise<Found[]> {
  // Each name is resolved and checked once, however many ports are tried on it.
  const hosts = [...new Set(tries.map((t) => t.host))];
  const addresses = new Map(await Promise.all(hosts.map(async (host) => [host, await allowedAddress(host, ctx.policy, ctx.dns())] as const)));
  for (const [host, address] of addresses) {
    if (!address.ok) ctx.note({ target: host, ok: false, problem: address.problem, detail: address.detail });
  }
  const results = await Promise.all(
    tries.map(async (t) => {
      const address = addresses.get(t.host);
      return address?.ok ? tryOne(ctx, t, address.address) : undefined;
    }),
  );
  return results.filter((found): found is Found => found !== undefined);
}

async function tryOne(ctx: SourceContext, t: Try, address: string): Promise<Found | undefined> {
  const target = `${t.host}:${t.port}`;
  const port = ctx.options.guessPorts[t.port] ?? t.port;
  if (!portAllowed(port, ctx.policy)) {
    ctx.note({ target, ok: false, problem: 'policy_refused', detail: `port ${port} not allowed` });
    return undefined;
  }
  const answer = await probeService({
    host: t.host,
    address,
    port,
    protocol: t.protocol,
    security: t.security,
    timeoutMs: ctx.remaining(),
    signal: ctx.signal,
    ...(ctx.options.ca && { ca: ctx.options.ca }),
    ...(t.fromMx && { requireValidCertificate: true }),
  });
  if (!answer.ok) {
    ctx.note({ target, ok: false, problem: answer.problem, detail: answer.detail });
    return undefined;
  }
  ctx.note({ target, ok: true, detail: answer.detail });
  const origin = t.fromMx
    ? `${t.protocol.toUpperCase()} answered on ${target} with a valid certificate for ${t.host} (named after the MX host ${t.fromMx})`
    : `${t.protocol.toUpperCase()} answered on ${target}`;
  return {
    settings: { protocol: t.protocol, host: t.host, port: t.port, security: answer.security },
    source: 'guess',
    origin,
    ...(answer.caveats.length && { caveats: answer.caveats }),
  };
}
