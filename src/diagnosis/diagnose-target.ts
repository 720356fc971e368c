import type { Credentials, ServerSettings, Target } from '../settings/server-settings';
import { alternativeCombinations, chooseFix } from './alternatives';
import { classifyEndpoint } from './classify-endpoint';
import type { DiagnosisContext } from './context';
import { isHealthy, isReachable, observeEndpoint, type Endpoint, type EndpointObservation } from './endpoint';
import { loginOutcomeFindings, testLogin, type LoginOutcome } from './login';
import { finding, type RawFinding } from './raw-finding';
import { recordObservation } from './record-checks';
import { resolveTarget } from './resolve-target';
import { scanEndpointTlsVersions } from './tls-versions';
import { verifySuggestion } from './verify-suggestion';
import { CONNECTION_LIMIT } from './diagnosis-connections';
import type { TlsVersion } from '../probes/tls';

/** Extra bare connects per address: a flaky path shows as some attempts failing. */
const EXTRA_ATTEMPTS = 2;

export interface TargetResult {
  findings: RawFinding[];
  /** Addresses that were probed (for the blocklist check). */
  addresses: string[];
}

/**
 * One side of the account (incoming or outgoing): resolve, then probe the user's combination on
 * every address, the alternatives, the TLS versions and extra attempts all at once, so the time
 * is that of the slowest step; then the login test on a combination that works.
 */
export async function diagnoseTarget(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  credentials: Credentials | undefined,
  email: string | undefined,
): Promise<TargetResult> {
  const resolved = await resolveTarget(ctx, target, settings, email);
  const addresses = resolved.addresses.map((a) => a.address);
  const primary = addresses[0];
  if (!primary) {
    const findings = await Promise.all(
      resolved.findings.map((f) => (f.cause === 'dns.nxdomain' ? verifySuggestion(ctx, settings, f) : f)),
    );
    return { findings, addresses };
  }

  const endpoint = (address: string, port = settings.port, security = settings.security): Endpoint => ({
    address,
    port,
    protocol: settings.protocol,
    security,
    servername: settings.host,
  });
  const alternativeEndpoints = alternativeCombinations(settings, ctx.extraAlternatives?.[target])
    .filter((c) => ctx.policy.checkPort(c.port).allowed)
    .map((c) => endpoint(primary, c.port, c.security));

  // Alternatives and the login start at once, in parallel with the user's own combination, so
  // the time is that of the slowest step; the alternatives are stopped when nothing needs them.
  const alternativesCtx = ctx.fork();
  const alternativesRun = Promise.all(alternativeEndpoints.map((e) => observeEndpoint(alternativesCtx, e)));
  const speculativeLogin =
    credentials && settings.security !== 'none' ? testLogin(ctx, settings, primary, credentials) : undefined;

  const [userObservations, versions, extraAttempts] = await Promise.all([
    Promise.all(addresses.map((address) => observeEndpoint(ctx, endpoint(address)))),
    // Whether TLS 1.2 still works is all a healthy server needs checked (a 1.3-only server locks
    // out older apps); the full scan runs only when no version is in common.
    settings.security === 'none' ? Promise.resolve(undefined) : scanEndpointTlsVersions(ctx, endpoint(primary), ['TLSv1.2']),
    Promise.all(addresses.flatMap((address) => Array.from({ length: EXTRA_ATTEMPTS }, () => bareConnect(ctx, address, settings.port)))),
  ]);
  userObservations.forEach((o) => recordObservation(ctx, target, o));
  const representative = userObservations.find((o) => o.tcp.ok) ?? userObservations[0]!;

  const evidence = { target, user: representative, alternatives: [], slowGreetingMs: ctx.timeoutMs / 2 };
  // Alternatives matter when something is wrong (for the fix) or unencrypted (for the secure way).
  const needAlternatives =
    !isHealthy(representative) || settings.security === 'none' || classifyEndpoint(evidence).some((f) => f.severity === 'error');
  if (!needAlternatives) alternativesCtx.abort();
  const [alternatives, tlsVersions] = await Promise.all([alternativesRun, scanAfterFailedHandshake(ctx, target, representative)]);
  if (needAlternatives) recordAlternatives(ctx, target, alternatives);

  const findings = [
    ...resolved.findings,
    ...intermittentFindings(target, settings, userObservations, extraAttempts),
    ...classifyEndpoint({ ...evidence, alternatives: needAlternatives ? alternatives : [], ...(tlsVersions ? { tlsVersions } : {}) }),
    ...versionFindings(ctx, target, settings, representative, versions),
  ];
  if (credentials) {
    // A login refused for a reason the capabilities already showed adds nothing.
    const known = new Set(findings.map((f) => f.cause));
    const login = await loginFindings(ctx, target, settings, credentials, representative, alternatives, speculativeLogin);
    findings.push(...login.filter((f) => !known.has(f.cause)));
  }
  return { findings, addresses };
}

interface Attempt {
  address: string;
  ok: boolean;
  code?: string;
}

async function bareConnect(ctx: DiagnosisContext, address: string, port: number): Promise<Attempt> {
  const result = await ctx.connect(address, port);
  if (result.ok) {
    result.socket.destroy();
    return { address, ok: true };
  }
  return { address, ok: false, code: result.code };
}

/** Some attempts connect and some don't. IPv6 with no route from here is our vantage, not theirs. */
function intermittentFindings(
  target: Target,
  settings: ServerSettings,
  observations: EndpointObservation[],
  extra: Attempt[],
): RawFinding[] {
  // No route from here, or never opened (the connection cap): neither says anything about the server.
  const attempts: Attempt[] = [
    ...observations.map((o) => ({ address: o.endpoint.address, ok: o.tcp.ok, code: o.tcp.code })),
    ...extra,
  ].filter((a) => a.code !== 'net_unreachable' && a.code !== CONNECTION_LIMIT);
  const failed = attempts.filter((a) => !a.ok).length;
  if (failed === 0 || failed === attempts.length) return [];
  const severity = observations.some((o) => !o.tcp.ok) ? 'error' : 'warning';
  return [
    finding('network.intermittent', severity, target, {
      host: settings.host,
      port: settings.port,
      failed,
      attempts: attempts.length,
      // Which address failed how: the admin checks that node of the pool first.
      reasons: [...new Set(attempts.filter((a) => !a.ok).map((a) => `${a.address}: ${a.code ?? 'error'}`))].join(', '),
    }),
  ];
}

/** A failed handshake (alert, reset or close): which versions does the server speak at all? */
async function scanAfterFailedHandshake(ctx: DiagnosisContext, target: Target, user: EndpointObservation): Promise<TlsVersion[] | undefined> {
  const tls = user.tls;
  if (!tls || tls.handshake || !['protocol_version', 'reset', 'closed', 'handshake_failed'].includes(tls.failure ?? '')) return undefined;
  const startedAt = performance.now();
  const versions = await scanEndpointTlsVersions(ctx, user.endpoint);
  const ms = Math.round(performance.now() - startedAt);
  // Undefined: the connection cap kept some versions from being tried, so nothing is concluded.
  if (!versions) ctx.record({ name: 'tls_versions', target, status: 'skip', ms, detail: ctx.connections.reason });
  else ctx.record({ name: 'tls_versions', target, status: 'fail', ms, detail: versions.join(' ') || 'none' });
  return versions;
}

/** Whether TLS 1.2 still works next to 1.3 (a 1.3-only server locks out older mail apps). */
function versionFindings(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  user: EndpointObservation,
  tls12: TlsVersion[] | undefined,
): RawFinding[] {
  if (!tls12 || !user.tls?.ok || user.tls.protocol !== 'TLSv1.3') return [];
  const tls12Works = tls12.includes('TLSv1.2');
  ctx.record({ name: 'tls_versions', target, status: tls12Works ? 'pass' : 'warn', ms: 0, detail: tls12Works ? 'TLSv1.2 TLSv1.3' : 'TLSv1.3 only' });
  if (tls12Works) return [];
  // e.g. Outlook on Windows 7/8.1 cannot connect to such a server.
  return [finding('tls.protocol_version', 'warning', target, { host: settings.host, port: settings.port, versions: 'TLSv1.3' }, { variant: 'tls13_only' })];
}

function recordAlternatives(ctx: DiagnosisContext, target: Target, alternatives: EndpointObservation[]): void {
  const working = alternatives.filter(isReachable).map((o) => `${o.endpoint.port}/${o.endpoint.security}`);
  ctx.record({
    name: 'alternatives',
    target,
    status: working.length ? 'pass' : 'fail',
    ms: Math.max(0, ...alternatives.map((o) => o.ms)),
    detail: working.length ? `working: ${working.join(', ')}` : 'no standard combination answers',
  });
}

/**
 * Log in where a client could: the user's combination (already under way), or else the
 * verified fix. A password is never sent unencrypted, even when the user's app is set to.
 */
async function loginFindings(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  credentials: Credentials,
  user: EndpointObservation,
  alternatives: EndpointObservation[],
  speculative: Promise<LoginOutcome> | undefined,
): Promise<RawFinding[]> {
  const where = isReachable(user) && settings.security !== 'none' ? user : chooseFix(alternatives);
  if (!where) {
    ctx.record({ name: 'login', target, status: 'skip', ms: 0, detail: 'no encrypted connection to log in on' });
    return [];
  }
  const outcome =
    where === user && speculative
      ? await speculative
      : await testLogin(ctx, { ...settings, port: where.endpoint.port, security: where.endpoint.security }, where.endpoint.address, credentials);
  return loginOutcomeFindings(ctx, target, outcome);
}
