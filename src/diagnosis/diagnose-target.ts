import type { Credentials, ServerSettings, Target } from '../settings/server-settings';
import { alternativeCombinations, chooseFix } from './alternatives';
import { classifyEndpoint } from './classify-endpoint';
import type { DiagnosisContext } from './context';
import { isHealthy, isReachable, observeEndpoint, type Endpoint, type EndpointObservation } from './endpoint';
import { loginOutcomeFindings, testLogin, type LoginFindings } from './login';
import { addressHealthFindings, extraAttempts } from './address-health';
import { finding, type RawFinding } from './raw-finding';
import { recordObservation } from './record-checks';
import { resolveTarget } from './resolve-target';
import { scanEndpointTlsVersions } from './tls-versions';
import { verifySuggestion } from './verify-suggestion';
import type { TlsVersion } from '../probes/tls';

/** Extra bare connects per address: a flaky path shows as some attempts failing. */

export interface TargetResult {
  findings: RawFinding[];
  /** Addresses that were probed (for the blocklist check). */
  addresses: string[];
}

/**
 * One side of the account (incoming or outgoing): resolve, then probe the user's combination on
 * every address, with the alternatives and extra attempts beside it, so the time is that of the
 * slowest step. Everything after that (TLS versions, the login) runs on the address that
 * answered: with one dead address of two, a client that reaches the other one works.
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
  // The alternatives connect like a client with the host name: the next address when one refuses.
  const alternativeEndpoints = alternativeCombinations(settings, ctx.extraAlternatives?.[target])
    .filter((c) => ctx.policy.checkPort(c.port).allowed)
    .map((c) => ({ ...endpoint(primary, c.port, c.security), fallbackAddresses: addresses.slice(1) }));

  // Alternatives start at once, in parallel with the user's own combination, so the time is
  // that of the slowest step; they are stopped when nothing needs them.
  const alternativesCtx = ctx.fork();
  const alternativesRun = Promise.all(alternativeEndpoints.map((e) => observeEndpoint(alternativesCtx, e)));

  const [userObservations, attempts] = await Promise.all([
    Promise.all(addresses.map((address) => observeEndpoint(ctx, endpoint(address)))),
    extraAttempts(ctx, addresses, settings.port),
  ]);
  for (const o of userObservations) recordObservation(ctx, target, o);
  const representative = answeringObservation(userObservations);

  const evidence = { target, user: representative, alternatives: [], slowGreetingMs: ctx.timeoutMs / 2, ...(credentials?.oauth ? { oauthLogin: true } : {}) };
  // Alternatives matter when something is wrong (for the fix) or unencrypted (for the secure way).
  const needAlternatives =
    !isHealthy(representative) || settings.security === 'none' || classifyEndpoint(evidence).some((f) => f.severity === 'error');
  if (!needAlternatives) alternativesCtx.abort();
  const [alternatives, tlsVersions, versions] = await Promise.all([
    alternativesRun,
    scanAfterFailedHandshake(ctx, target, representative),
    // Whether TLS 1.2 still works is all a healthy server needs checked (a 1.3-only server locks
    // out older apps); the full scan runs only when no version is in common.
    representative.tls?.ok && representative.tls.protocol === 'TLSv1.3'
      ? scanEndpointTlsVersions(ctx, representative.endpoint, ['TLSv1.2'])
      : Promise.resolve(undefined),
  ]);
  if (needAlternatives) recordAlternatives(ctx, target, alternatives);

  const classified = classifyEndpoint({ ...evidence, alternatives: needAlternatives ? alternatives : [], ...(tlsVersions ? { tlsVersions } : {}) });
  const findings = [
    ...resolved.findings,
    ...addressHealthFindings(target, settings, userObservations, attempts),
    ...classified,
    ...otherAddressFindings(evidence, userObservations, classified),
    ...versionFindings(ctx, target, settings, representative, versions),
  ];
  if (credentials) {
    const login = await loginFindings(ctx, target, settings, credentials, representative, needAlternatives ? alternatives : []);
    // A login refused for a reason the capabilities already showed adds nothing.
    const known = new Set(findings.map((f) => f.cause));
    findings.push(...login.account.filter((f) => !known.has(f.cause)));
    if (login.beforeCredentials && !known.has(login.beforeCredentials.cause)) findings.push(login.beforeCredentials.finding);
  }
  return { findings, addresses };
}

/** The observation of the address that answered best: healthy, else usable, else connected, else the first. */
function answeringObservation(observations: readonly EndpointObservation[]): EndpointObservation {
  return (
    observations.find(isHealthy) ?? observations.find(isReachable) ?? observations.find((o) => o.tcp.ok) ?? observations[0]!
  );
}

/**
 * The other addresses that answered may be different machines (a pool behind one name): a fault
 * only one of them has (an expired certificate on one node) is reported with its address.
 */
function otherAddressFindings(
  evidence: { target: Target; slowGreetingMs: number; user: EndpointObservation },
  observations: readonly EndpointObservation[],
  already: readonly RawFinding[],
): RawFinding[] {
  const seen = new Set(already.map((f) => f.cause));
  const extra: RawFinding[] = [];
  for (const other of observations) {
    if (other === evidence.user || !other.tcp.ok) continue;
    for (const f of classifyEndpoint({ ...evidence, user: other, alternatives: [] })) {
      if (seen.has(f.cause)) continue;
      seen.add(f.cause);
      extra.push(f);
    }
  }
  return extra;
}

/** A failed handshake (alert, reset or close): which versions does the server speak at all? */
async function scanAfterFailedHandshake(ctx: DiagnosisContext, target: Target, user: EndpointObservation): Promise<TlsVersion[] | undefined> {
  const tls = user.tls;
  if (!tls || tls.handshake || !['protocol_version', 'reset', 'closed', 'handshake_failed'].includes(tls.failure ?? '')) return undefined;
  const startedAt = performance.now();
  const versions = await scanEndpointTlsVersions(ctx, user.endpoint);
  const ms = Math.round(performance.now() - startedAt);
  // Undefined: the connection cap kept some versions from being tried, so nothing is concluded.
  if (!versions) ctx.record({ name: 'tls_versions', target, status: 'skip', ms, detail: ctx.connections.reason, about: { id: 'not_opened', values: { max: ctx.connections.budget.max } } });
  else ctx.record({ name: 'tls_versions', target, status: 'fail', ms, detail: versions.join(' ') || 'none', about: versions.length ? { id: 'tls_versions', values: { versions: versions.join(' ') } } : { id: 'tls_versions_none' } });
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
  ctx.record({ name: 'tls_versions', target, status: tls12Works ? 'pass' : 'warn', ms: 0, detail: tls12Works ? 'TLSv1.2 TLSv1.3' : 'TLSv1.3 only', about: tls12Works ? { id: 'tls_versions', values: { versions: 'TLSv1.2 TLSv1.3' } } : { id: 'tls13_only' } });
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
    about: working.length ? { id: 'alternatives_working', values: { combinations: working.join(', ') } } : { id: 'alternatives_none' },
  });
}

/**
 * Log in once, where a client could do so safely: the user's combination on the address that
 * answered, when its certificate verifies; else the verified fix. A password is never sent
 * unencrypted or over a certificate that failed, even when the user's app is set to.
 */
async function loginFindings(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  credentials: Credentials,
  user: EndpointObservation,
  alternatives: EndpointObservation[],
): Promise<LoginFindings> {
  const fix = chooseFix(alternatives);
  const where = isHealthy(user) && settings.security !== 'none' ? user : fix && isHealthy(fix) ? fix : undefined;
  if (!where) {
    ctx.record({ name: 'login', target, status: 'skip', ms: 0, detail: 'not tried: no encrypted connection with a valid certificate to send the password over', about: { id: 'login_no_encryption' } });
    return { account: [] };
  }
  const outcome = await testLogin(ctx, target, { ...settings, port: where.endpoint.port, security: where.endpoint.security }, where.endpoint.address, credentials);
  return loginOutcomeFindings(ctx, target, outcome);
}
