import type { TlsVersion } from '../../probes/tls';
import type { Credentials, PortSecurity, ServerSettings, Target } from '../../settings/server-settings';
import { bareConnect, type Attempt } from '../address-health';
import type { DiagnosisContext } from '../context';
import { CONNECTION_LIMIT } from '../diagnosis-connections';
import { observeEndpoint, type Endpoint, type EndpointObservation } from '../endpoint';
import { testLogin, type LoginOutcome } from '../login';
import type { HeldSession } from '../../probes/login-common';
import { scanEndpointTlsVersions } from '../tls-versions';
import { AlternativeRace } from './alternative-race';
import { ProbeProgress } from './probe-progress';
import { CONNECT_SUSPECT_MS, afterIo } from './timing';

/** Extra bare connects to an address whose connect failed or stalls: flaky, or down? */
const EXTRA_ATTEMPTS = 2;

/** Everything probed for one side of the account, with the connections each part opened. */
export interface TargetProbes {
  /** The user's combination, per address (first address first). */
  user: EndpointObservation[];
  /**
   * Every connect to the user's port besides the user's own probes: retries of an address
   * that failed or stalled, the TLS 1.2 check, the same port in another mode.
   */
  attempts: Attempt[];
  /** Retries made to one address (their connections count for its tcp check). */
  retries(address: string): number;
  /** The other combinations observed before the search stopped. */
  alternatives: EndpointObservation[];
  /** Whether the user's combination needed a fix (or a secure way): only then do alternatives count. */
  alternativesNeeded: boolean;
  alternativeConnections: number;
  /** TLS 1.2 beside TLS 1.3: checked only where the user's handshake negotiated 1.3 and passed. */
  tls12?: { versions: TlsVersion[] | undefined; connections: number };
  /**
   * After a failed handshake (alert, reset, close) on the user's first address: the versions
   * the server speaks at all, run beside the search for alternatives.
   */
  versionScan?: { versions: TlsVersion[] | undefined; ms: number; connections: number };
  /** The login on the user's combination: on the check's own session once it is read, else on a connection of its own. */
  login?: Promise<LoginOutcome>;
  /**
   * The verified session of an alternative that ended healthy, for the login on the fix (taken
   * once; the caller closes what is left with `closeSessions`).
   */
  takeSession(endpoint: Pick<Endpoint, 'address' | 'port' | 'security'>): HeldSession | undefined;
  /** Closes every alternative's session not taken (the login went elsewhere, or was not tried). */
  closeSessions(): void;
}

/**
 * Runs the probes of one side as a mail app would meet the server, and only as many as the
 * verdict needs (see ./alternative-race for what is skipped and when the search stops). The
 * user's combination runs on every address at once; the TLS 1.2 check starts on the first
 * address as soon as its TLS is verified, the login on that address's session once its
 * capabilities inside TLS are read; extra connects go only to an address that refused or stalls.
 */
export async function probeTarget(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  addresses: readonly string[],
  candidates: readonly PortSecurity[],
  credentials: Credentials | undefined,
  needsAlternatives: (user: EndpointObservation) => boolean,
): Promise<TargetProbes> {
  const primary = addresses[0]!;
  const endpoint = (address: string, combination: PortSecurity = settings): Endpoint => ({
    address,
    port: combination.port,
    protocol: settings.protocol,
    security: combination.security,
    servername: settings.host,
  });
  const progress = new ProbeProgress(endpoint(primary), CONNECT_SUSPECT_MS, ctx.timeoutMs);
  let portSpeaksTls!: () => void;
  const stopGreetingWait = new Promise<void>((resolve) => (portSpeaksTls = resolve));
  const alternativesCtx = ctx.fork();
  // Held only when a login may follow; a cancelled diagnosis closes them with the rest.
  const fixSessions = new Map<string, HeldSession>();
  const sessionKey = (e: Pick<Endpoint, 'address' | 'port' | 'security'>): string => `${e.address} ${e.port}/${e.security}`;
  const closeSessions = (): void => {
    for (const session of fixSessions.values()) session.close();
    fixSessions.clear();
    ctx.signal.removeEventListener('abort', closeSessions);
  };
  const race = new AlternativeRace({
    ctx: alternativesCtx,
    user: progress,
    candidates,
    // Like a client with the host name: the next address when one refuses.
    endpointFor: (c) => ({ ...endpoint(primary, c), fallbackAddresses: addresses.slice(1) }),
    onSamePortTls: () => portSpeaksTls(),
    keepSession: (session, where) => {
      if (!credentials || ctx.signal.aborted || fixSessions.has(sessionKey(where))) return false;
      if (fixSessions.size === 0) ctx.signal.addEventListener('abort', closeSessions, { once: true });
      fixSessions.set(sessionKey(where), session);
      return true;
    },
  });

  let login: Promise<LoginOutcome> | undefined;
  let versionScan: Promise<TargetProbes['versionScan']> | undefined;
  let tls12: ReturnType<typeof checkTls12> | undefined;
  // A password only ever travels where a careful client would send it: verified TLS.
  const logsIn = !!credentials && settings.security !== 'none';
  // The login goes on on the probe's own session once its EHLO / CAPABILITY / CAPA inside TLS
  // is read (./endpoint keepSession), as a mail app does: no second connection (each one a "no
  // auth attempts" line in Dovecot's log, which fail2ban counts), no second greeting delay
  // (postscreen, smtp-server's early-talker pause).
  let verified = false;
  const keepSession = (session: HeldSession): boolean => {
    if (!logsIn || login || !credentials) return false;
    login = testLogin(ctx, target, settings, primary, credentials, session);
    return true;
  };
  const onVerified = (tls: { ok: boolean; protocol?: string }): void => {
    if (!tls.ok) return;
    verified = true;
    // A 1.3-only server locks out older apps; whether 1.2 still works is all a healthy one needs.
    if (tls.protocol === 'TLSv1.3' && !tls12) tls12 = checkTls12(ctx, endpoint(primary));
  };
  // SMTP servers hold their greeting back on purpose (Postfix postscreen's greet pause, Sendmail's
  // greet_pause, smtp-server's early-talker delay): the TLS 1.2 check, which must greet on a
  // connection of its own, starts as soon as the user's connect is answered, so its wait runs
  // beside the user's instead of after it. Where TLS 1.3 is not negotiated it still reports
  // what it saw; it never costs more than its one connection.
  const earlyTls12 = settings.protocol === 'smtp' && settings.security !== 'none';
  const onConnected = (): void => {
    if (earlyTls12 && !tls12) tls12 = checkTls12(ctx, endpoint(primary));
  };

  const retryCtx = ctx.fork();
  const retried: Promise<Attempt[]>[] = [];
  const observations = addresses.map((address, index) => {
    const retry = retryWhenStalled(retryCtx, address, settings.port, retried);
    const onConnectedHere = index === 0
        ? () => {
            retry.connected();
            onConnected();
          }
        : retry.connected;
    const hooks = { onConnected: onConnectedHere, stopGreetingWait, ...(index === 0 ? { onHandshake: onVerified, keepSession } : {}) };
    return observeEndpoint(ctx, endpoint(address), index === 0 ? progress.hooks(hooks) : hooks).then((observation) => {
      retry.finished(observation);
      if (index === 0) {
        // Verified, but the session was not handed over (its capabilities inside TLS failed, the
        // server talked out of turn, an IMAP PREAUTH): the login opens its own connection.
        if (logsIn && verified && !login) login = testLogin(ctx, target, settings, primary, credentials!);
        versionScan = scanAfterFailedHandshake(ctx, observation);
        progress.finish(observation);
        race.userFinished(needsAlternatives(observation));
      }
      return observation;
    });
  });
  const user = await Promise.all(observations);
  const alternatives = await race.result();
  const alternativesNeeded = needsAlternatives(user[0]!);
  const retries = (await Promise.all(retried)).flat();
  const tls12Result = tls12 ? await tls12 : undefined;
  const attempts = [...retryCtx.connects, ...(tls12Result?.connects ?? []), ...alternativesCtx.connects]
    .filter((c) => c.port === settings.port)
    .map(({ address, ok, code }) => ({ address, ok, ...(code ? { code } : {}) }));
  return {
    user,
    attempts,
    retries: (address) => retries.filter((a) => a.address === address && a.code !== CONNECTION_LIMIT).length,
    alternatives: alternativesNeeded ? alternatives : [],
    alternativesNeeded,
    alternativeConnections: alternativesCtx.opened,
    ...(tls12Result ? { tls12: { versions: tls12Result.versions, connections: tls12Result.connections } } : {}),
    ...(versionScan && { versionScan: await versionScan }),
    ...(login ? { login } : {}),
    takeSession: (where) => {
      const session = fixSessions.get(sessionKey(where));
      fixSessions.delete(sessionKey(where));
      return session;
    },
    closeSessions,
  };
}

const SCANNED_FAILURES = new Set(['protocol_version', 'reset', 'closed', 'handshake_failed']);

async function scanAfterFailedHandshake(ctx: DiagnosisContext, user: EndpointObservation): Promise<TargetProbes['versionScan']> {
  const tls = user.tls;
  if (!tls || tls.handshake || !SCANNED_FAILURES.has(tls.failure ?? '')) return undefined;
  const startedAt = performance.now();
  const scanCtx = ctx.fork();
  const versions = await scanEndpointTlsVersions(scanCtx, user.endpoint);
  return { versions, ms: Math.round(performance.now() - startedAt), connections: scanCtx.opened };
}

async function checkTls12(ctx: DiagnosisContext, endpoint: Endpoint): Promise<{ versions: TlsVersion[] | undefined; connections: number; connects: DiagnosisContext['connects'] }> {
  const scanCtx = ctx.fork();
  const versions = await scanEndpointTlsVersions(scanCtx, endpoint, ['TLSv1.2']);
  return { versions, connections: scanCtx.opened, connects: scanCtx.connects };
}

/**
 * Two more bare connects to an address whose connect failed (refused, reset) or has not been
 * answered after CONNECT_SUSPECT_MS: some failing and some not is a flaky path or pool node.
 * A connect that works needs no second opinion. They count against the server's budget.
 */
function retryWhenStalled(
  ctx: DiagnosisContext,
  address: string,
  port: number,
  attempts: Promise<Attempt[]>[],
): { connected: () => void; finished: (o: EndpointObservation) => void } {
  let started = false;
  const start = (): void => {
    if (started || !ctx.connections.withinServerBudget(ctx.server, EXTRA_ATTEMPTS)) return;
    started = true;
    attempts.push(Promise.all(Array.from({ length: EXTRA_ATTEMPTS }, () => bareConnect(ctx, address, port))));
  };
  const cancel = afterIo(CONNECT_SUSPECT_MS, start);
  return {
    connected: cancel,
    finished: (o) => {
      cancel();
      const code = o.tcp.code;
      if (!o.tcp.ok && code !== 'net_unreachable' && code !== CONNECTION_LIMIT && code !== 'error') start();
    },
  };
}
