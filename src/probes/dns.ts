/**
 * DNS probe: typed answers and failures from chosen resolvers, and a propagation check.
 *
 * Uses c-ares (`dns.promises.Resolver`) rather than `dns.lookup`: getaddrinfo folds NXDOMAIN,
 * NODATA and "resolver down" into one or two codes and cannot be pointed at a given server,
 * and telling those apart is the whole point of this probe.
 */
import { promises as dnsPromises } from 'node:dns';
import net from 'node:net';
import { msSince, onAbort, type ProbeOptions } from './probe-options';

export interface DnsOptions extends ProbeOptions {
  /** Resolvers 'IP', 'IP:PORT' or '[IPv6]:PORT'; empty or undefined = the system's resolvers. */
  servers?: string[];
  /** Port used for a zone's own authoritative servers found via NS (default 53; tests set their own). */
  authoritativePort?: number;
  /**
   * Whether a zone's own name server, found through NS records, may be asked (the target policy:
   * a hostile zone must not point the bot's queries at private or metadata addresses). An address
   * it refuses is listed as a view with an error and never queried. Configured resolvers are not
   * subject to it: an admin chose them.
   */
  allowServer?: (address: string) => boolean;
}
export type DnsRecordType = 'A' | 'AAAA' | 'MX' | 'SRV' | 'TXT' | 'NS';
/** refused = the server answered REFUSED; unreachable = nothing answers on that address/port; timeout = no answer. */
export type DnsFailureCode = 'nxdomain' | 'nodata' | 'servfail' | 'timeout' | 'refused' | 'unreachable' | 'error';
export interface MxRecord { exchange: string; priority: number }
export interface SrvRecord { name: string; port: number; priority: number; weight: number }
/** TXT records come back with their character-strings joined, as SPF and DNSBL readers expect. */
export type RecordOf<T extends DnsRecordType> = T extends 'MX' ? MxRecord : T extends 'SRV' ? SrvRecord : string;
export type DnsQueryResult<R> =
  | { ok: true; records: R[]; ms: number; server: string }
  | { ok: false; code: DnsFailureCode; message: string; ms: number; server: string };
export interface ResolvedAddress { address: string; family: 4 | 6 }
export type AddressLookup =
  | { ok: true; addresses: ResolvedAddress[]; ms: number; server: string }
  | { ok: false; code: DnsFailureCode; message: string; ms: number; server: string };
export interface PropagationView { source: string; addresses?: string[]; error?: DnsFailureCode }
export interface PropagationResult { consistent: boolean; views: PropagationView[]; ms: number }

type Resolver = dnsPromises.Resolver;
type Failure = { ok: false; code: DnsFailureCode; message: string };
type Outcome<R> = { ok: true; value: R } | Failure;

const C_ARES_CODES: Readonly<Record<string, DnsFailureCode>> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ESERVFAIL: 'servfail',
  ETIMEOUT: 'timeout',
  EREFUSED: 'refused',
  ECONNREFUSED: 'unreachable',
};

const LOOKUPS: { [T in DnsRecordType]: (resolver: Resolver, name: string) => Promise<RecordOf<T>[]> } = {
  A: (r, name) => r.resolve4(name),
  AAAA: (r, name) => r.resolve6(name),
  // Copied field by field: Node 22+ adds a `type` to each record, and reports must not change
  // shape with the Node version they ran on.
  MX: async (r, name) => (await r.resolveMx(name)).map(({ exchange, priority }) => ({ exchange, priority })),
  SRV: async (r, name) => (await r.resolveSrv(name)).map(({ name: target, port, priority, weight }) => ({ name: target, port, priority, weight })),
  TXT: async (r, name) => (await r.resolveTxt(name)).map((chunks) => chunks.join('')),
  NS: (r, name) => r.resolveNs(name),
};

/** Deepest zone cut looked for; real host names are far shallower, this only caps silly input. */
const MAX_ZONE_CANDIDATES = 10;
/** Authoritative addresses asked per check: enough to catch a stale secondary, polite to the zone. */
const MAX_AUTHORITATIVE = 8;

export async function queryDns<T extends DnsRecordType>(
  name: string,
  type: T,
  options: DnsOptions,
): Promise<DnsQueryResult<RecordOf<T>>> {
  const started = performance.now();
  const setup = createResolver(options);
  const server = setup.server;
  if (!setup.ok) return { ok: false, code: 'error', message: setup.message, ms: 0, server };
  const refusal = checkName(name) ?? (options.signal?.aborted ? 'cancelled' : undefined);
  if (refusal !== undefined) return { ok: false, code: 'error', message: refusal, ms: 0, server };

  const lookup = LOOKUPS[type];
  const outcome = await bounded(setup.resolver, options, () => lookup(setup.resolver, cleanName(name)));
  const ms = msSince(started);
  return outcome.ok ? { ok: true, records: outcome.value, ms, server } : { ...outcome, ms, server };
}

export async function resolveAddresses(host: string, options: DnsOptions): Promise<AddressLookup> {
  const literal = ipLiteral(host);
  if (literal) return { ok: true, addresses: [{ address: literal, family: net.isIPv6(literal) ? 6 : 4 }], ms: 0, server: '' };

  const started = performance.now();
  const [v4, v6] = await Promise.all([queryDns(host, 'A', options), queryDns(host, 'AAAA', options)]);
  const addresses: ResolvedAddress[] = [
    ...(v4.ok ? v4.records.map((address) => ({ address, family: 4 as const })) : []),
    ...(v6.ok ? v6.records.map((address) => ({ address, family: 6 as const })) : []),
  ];
  const ms = msSince(started);
  if (addresses.length > 0) return { ok: true, addresses, ms, server: v4.server };
  return { ...addressFailure(host, v4, v6), ms, server: v4.server };
}

/**
 * The longest TTL (seconds) the resolver still holds for the host's A/AAAA records: how long a
 * cached old address can live on. Undefined when it cannot be read.
 */
export async function addressTtl(host: string, options: DnsOptions): Promise<number | undefined> {
  const setup = createResolver(options);
  if (!setup.ok || checkName(host) !== undefined) return undefined;
  const name = cleanName(host);
  const [v4, v6] = await Promise.all([
    bounded(setup.resolver, options, () => setup.resolver.resolve4(name, { ttl: true })),
    bounded(setup.resolver, options, () => setup.resolver.resolve6(name, { ttl: true })),
  ]);
  const ttls = [v4, v6].flatMap((r) => (r.ok ? r.value.map((record) => record.ttl) : []));
  return ttls.length ? Math.max(...ttls) : undefined;
}

export async function checkPropagation(host: string, options: DnsOptions): Promise<PropagationResult> {
  const literal = ipLiteral(host);
  if (literal) return { consistent: true, views: [{ source: 'IP address', addresses: [literal] }], ms: 0 };

  const started = performance.now();
  // One deadline for the whole check: the authoritative side takes three dependent steps.
  const deadline = started + options.timeoutMs;
  const resolvers = configuredResolvers(options);
  const [fromResolvers, fromAuthoritative] = await Promise.all([
    Promise.all(resolvers.map(async (server) => {
      const found = await resolveAddresses(host, { ...options, servers: [server] });
      return toView(`resolver ${found.server}`, found);
    })),
    authoritativeViews(host, { ...options, servers: resolvers.slice(0, 1) }, deadline),
  ]);
  const views = [...fromResolvers, ...fromAuthoritative];
  return { consistent: viewsAgree(views), views, ms: msSince(started) };
}

/** Runs one c-ares call under the probe's deadline and signal; never rejects. */
function bounded<R>(resolver: Resolver, options: ProbeOptions, run: () => Promise<R>): Promise<Outcome<R>> {
  return new Promise((resolve) => {
    let settled = false;
    let detach = (): void => {};
    const finish = (outcome: Outcome<R>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      detach();
      resolve(outcome);
    };
    // c-ares keeps its own timer per try; ours is the hard bound, and cancel() frees the query.
    const stop = (code: DnsFailureCode, message: string) => (): void => {
      finish({ ok: false, code, message });
      resolver.cancel();
    };
    const timer = setTimeout(stop('timeout', `no answer within ${options.timeoutMs} ms`), timeoutOf(options));
    detach = onAbort(options.signal, stop('error', 'cancelled'));
    Promise.resolve().then(run).then((value) => finish({ ok: true, value }), (error: unknown) => finish(fromCares(error)));
  });
}

function fromCares(error: unknown): Failure {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, code: C_ARES_CODES[code] ?? 'error', message };
}

function createResolver(options: DnsOptions): { ok: true; resolver: Resolver; server: string } | { ok: false; message: string; server: string } {
  const servers = listedServers(options);
  // Node checks c-ares timeouts on a timer ticking every `timeout` ms, so one try can last
  // twice as long; halving each server's share lets a dead first resolver fail over in time.
  const perTry = servers.length > 1 ? Math.max(1, Math.floor(timeoutOf(options) / (2 * servers.length))) : timeoutOf(options);
  const resolver = new dnsPromises.Resolver({ timeout: perTry, tries: 1 });
  if (servers.length > 0) {
    try {
      resolver.setServers(servers);
    } catch (error) {
      return { ok: false, message: `invalid DNS server: ${(error as Error).message}`, server: servers.join(', ') };
    }
  }
  return { ok: true, resolver, server: resolver.getServers().join(', ') || 'system' };
}

function timeoutOf(options: ProbeOptions): number {
  const ms = Math.ceil(options.timeoutMs);
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 1), 2_147_483_647) : 1;
}

function cleanName(name: string): string {
  return name.trim().replace(/\.$/, '');
}

/** Catches what c-ares would only report as a vague EBADNAME, with a reason a person can act on. */
function checkName(name: string): string | undefined {
  const clean = cleanName(name);
  if (clean === '') return 'empty host name';
  if (clean.length > 253) return `host name is ${clean.length} characters long (the limit is 253)`;
  if (clean.split('.').some((label) => label === '' || label.length > 63)) return `host name has an empty or over-long (> 63) label: ${clean}`;
  return undefined;
}

function ipLiteral(host: string): string | undefined {
  const text = host.trim().replace(/^\[(.*)\]$/, '$1');
  return net.isIP(text) ? text : undefined;
}

/** Proven absence wins; a half-known answer reports the failure rather than claiming "no address". */
function addressFailure(host: string, v4: DnsQueryResult<string>, v6: DnsQueryResult<string>): Failure {
  const noRecords = { ok: false as const, code: 'nodata' as const, message: '' };
  const failures = [v4, v6].map((r) => (r.ok ? noRecords : r));
  const nxdomain = failures.find((f) => f.code === 'nxdomain');
  if (nxdomain) return { ok: false, code: 'nxdomain', message: nxdomain.message };
  const other = failures.find((f) => f.code !== 'nodata');
  if (other) return { ok: false, code: other.code, message: other.message };
  return { ok: false, code: 'nodata', message: `${cleanName(host)} exists but has no A or AAAA record` };
}

function configuredResolvers(options: DnsOptions): string[] {
  const servers = listedServers(options);
  return servers.length > 0 ? servers : new dnsPromises.Resolver().getServers();
}

function listedServers(options: DnsOptions): string[] {
  return (options.servers ?? []).map((s) => s.trim()).filter((s) => s !== '');
}

function toView(source: string, found: AddressLookup): PropagationView {
  if (!found.ok) return { source, error: found.code };
  return { source, addresses: found.addresses.map((a) => a.address).sort(byNumber) };
}

/**
 * NXDOMAIN and NODATA are answers (an empty set): a resolver still caching "no such name"
 * while the zone already has it is the classic propagation case. Timeouts and errors say
 * nothing about the data, so they never count as a disagreement.
 */
function viewsAgree(views: PropagationView[]): boolean {
  const answered = views.filter((v) => v.addresses || v.error === 'nxdomain' || v.error === 'nodata');
  return new Set(answered.map((v) => (v.addresses ?? []).join(','))).size <= 1;
}

/** '10.0.0.9' before '10.0.0.10', so views read naturally; the order only has to be stable. */
export function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function remaining(options: DnsOptions, deadline: number): DnsOptions {
  return { ...options, timeoutMs: Math.max(1, deadline - performance.now()) };
}

async function authoritativeViews(host: string, viaResolver: DnsOptions, deadline: number): Promise<PropagationView[]> {
  const zone = await findZone(host, remaining(viaResolver, deadline));
  // Failing to find the name servers says nothing about the host's own data: such views carry
  // 'error', which never counts as a disagreement (unlike an authoritative NXDOMAIN/NODATA).
  if (!zone.ok) return [{ source: `authoritative servers of ${cleanName(host)} (NS look-up: ${zone.code})`, error: 'error' }];

  const nameServers = await Promise.all(
    zone.nameServers.map(async (ns) => ({ ns, found: await resolveAddresses(ns, remaining(viaResolver, deadline)) })),
  );
  const views: PropagationView[] = [];
  const targets: { ns: string; address: string }[] = [];
  for (const { ns, found } of nameServers) {
    if (!found.ok) views.push({ source: `authoritative ${ns} (address look-up: ${found.code})`, error: 'error' });
    else targets.push(...found.addresses.map((a) => ({ ns, address: a.address })));
  }
  const port = viaResolver.authoritativePort ?? 53;
  const allowed = viaResolver.allowServer ?? (() => true);
  const asked = await Promise.all(targets.slice(0, MAX_AUTHORITATIVE).map(async ({ ns, address }): Promise<PropagationView> => {
    if (!allowed(address)) return { source: `authoritative ${ns} (${address}, not asked: the target policy refuses this address)`, error: 'error' };
    const server = net.isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
    const found = await resolveAddresses(host, { ...remaining(viaResolver, deadline), servers: [server] });
    return toView(`authoritative ${ns} (${address})`, found);
  }));
  return [...views, ...asked];
}

/** All candidate zone cuts are asked at once so the walk costs one round trip, not one per label. */
async function findZone(host: string, options: DnsOptions): Promise<{ ok: true; nameServers: string[] } | Failure> {
  const labels = cleanName(host).split('.');
  const candidates = labels
    .map((_, i) => labels.slice(i).join('.'))
    .filter((name, i) => i === 0 || name.includes('.'))
    .slice(0, MAX_ZONE_CANDIDATES);
  const answers = await Promise.all(candidates.map((name) => queryDns(name, 'NS', options)));
  const deepest = answers.find((a) => a.ok && a.records.length > 0);
  if (deepest?.ok) return { ok: true, nameServers: [...new Set(deepest.records.map((ns) => ns.toLowerCase()))] };
  const last = answers[answers.length - 1];
  return last && !last.ok ? { ok: false, code: last.code, message: last.message } : { ok: false, code: 'nodata', message: 'no NS records found' };
}
