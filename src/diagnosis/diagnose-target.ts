import type { Credentials, ServerSettings, Target } from '../settings/server-settings';
import { alternativeCombinations, chooseFix } from './alternatives';
import { classifyEndpoint } from './classify-endpoint';
import type { DiagnosisContext } from './context';
import { isHealthy, isReachable, observeEndpoint, type EndpointObservation } from './endpoint';
import { loginOutcomeFindings, testLogin, type LoginFindings, type LoginOutcome } from './login';
import { addressHealthFindings } from './address-health';
import { finding, type RawFinding } from './raw-finding';
import { recordObservation } from './record-checks';
import { resolveTarget, type ResolvedTarget } from './resolve-target';
import { addressTtl } from '../probes/dns';
import { probeTarget, type TargetProbes } from './scheduling/probe-target';
import { verifySuggestion } from './verify-suggestion';
import type { TlsVersion } from '../probes/tls';

export interface TargetResult {
  findings: RawFinding[];
  /** Addresses that were probed (for the blocklist check). */
  addresses: string[];
}

/**
 * One side of the account (incoming or outgoing): resolve, then probe (./scheduling decides
 * which probes run and when they stop: the verdict as soon as it is certain, with as few
 * connections as it needs), then read the observations into findings. Everything after the
 * user's own probes (TLS versions, the login) runs on the address that answered: with one dead
 * address of two, a client that reaches the other one works.
 */
export async function diagnoseTarget(
  diagnosisCtx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  credentials: Credentials | undefined,
  email: string | undefined,
): Promise<TargetResult> {
  // Every connection of this side counts for its server (what its rate limits see of the bot).
  const ctx = diagnosisCtx.forServer(target, settings.host);
  const resolved = await resolveTarget(ctx, target, settings, email);
  const addresses = resolved.addresses.map((a) => a.address);
  const primary = addresses[0];
  if (!primary) {
    const findings = await Promise.all(
      resolved.findings.map((f) => (f.cause === 'dns.nxdomain' ? verifySuggestion(ctx, settings, f) : f)),
    );
    return { findings, addresses };
  }

  const candidates = alternativeCombinations(settings, ctx.extraAlternatives?.[target]).filter((c) => ctx.policy.checkPort(c.port).allowed);
  const slowGreetingMs = ctx.timeoutMs / 2;
  const oauthLogin = credentials?.oauth ? { oauthLogin: true } : {};
  // Alternatives matter when something is wrong (for the fix) or unencrypted (for the secure way).
  const needsAlternatives = (user: EndpointObservation): boolean =>
    !isHealthy(user) ||
    settings.security === 'none' ||
    classifyEndpoint({ target, user, alternatives: [], slowGreetingMs, ...oauthLogin }).some((f) => f.severity === 'error');
  const probes = await probeTarget(ctx, target, settings, addresses, candidates, credentials, needsAlternatives);
  const userObservations = probes.user;
  for (const o of userObservations) recordObservation(ctx, target, o, probes.retries(o.endpoint.address));
  const representative = answeringObservation(userObservations);
  const stale = await confirmStaleAddress(ctx, target, settings, resolved, representative);
  if (stale) resolved.findings = resolved.findings.map((f) => (f.cause === 'dns.propagation_mismatch' ? stale : f));

  const { alternatives, alternativesNeeded } = probes;
  const tlsVersions = recordVersionScan(ctx, target, probes.versionScan);
  recordAlternatives(ctx, target, alternatives, probes.alternativeConnections, alternativesNeeded);

  const flakyPath = isFlakyPath(userObservations, probes.attempts);
  const evidence = { target, user: representative, alternatives: [], slowGreetingMs, ...oauthLogin, ...(flakyPath ? { flakyPath } : {}) };
  const classified = classifyEndpoint({ ...evidence, alternatives, ...(tlsVersions ? { tlsVersions } : {}) });
  const findings = [
    ...resolved.findings,
    ...addressHealthFindings(target, settings, userObservations, probes.attempts),
    ...classified,
    // With the alternatives: a greeting cut short because the port was shown to speak TLS is
    // that, on every address of the host, not a slow greeting.
    ...otherAddressFindings({ ...evidence, alternatives }, userObservations, classified),
    ...versionFindings(ctx, target, settings, representative, probes.tls12),
  ];
  if (credentials) {
    const login = await loginFindings(ctx, target, settings, credentials, representative, alternatives, probes);
    if (login.failedOn) demoteUnloggedFix(findings, login.failedOn);
    // A login refused for a reason the capabilities already showed adds nothing.
    const known = new Set(findings.map((f) => f.cause));
    findings.push(...login.account.filter((f) => !known.has(f.cause)));
    if (login.beforeCredentials && !known.has(login.beforeCredentials.cause)) findings.push(login.beforeCredentials.finding);
  }
  return { findings, addresses };
}

/**
 * The resolver gives an address where the user's combination fails, and the zone's own servers
 * give another: connect to theirs. If it works, the stale DNS answer is the root cause (an
 * error, ranked before the connection failures it explains), with the address that works and
 * how long the stale answer may still be cached.
 */
async function confirmStaleAddress(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  resolved: ResolvedTarget,
  user: EndpointObservation,
): Promise<RawFinding | undefined> {
  const mismatch = resolved.findings.find((f) => f.cause === 'dns.propagation_mismatch');
  if (!mismatch || !resolved.authoritative || isReachable(user)) return undefined;
  const resolvedAddresses = resolved.addresses.map((a) => a.address);
  const fresh = resolved.authoritative.filter((a) => !resolvedAddresses.includes(a) && ctx.policy.checkAddress(a).allowed).slice(0, 2);
  if (!fresh.length) return undefined;
  const [probes, ttl] = await Promise.all([
    Promise.all(fresh.map((address) => observeEndpoint(ctx, { address, port: settings.port, protocol: settings.protocol, security: settings.security, servername: settings.host }))),
    addressTtl(settings.host, ctx.dns),
  ]);
  const works = probes.find(isReachable);
  ctx.record({
    name: 'dns_authoritative_address',
    target,
    status: works ? 'pass' : 'fail',
    ms: Math.max(0, ...probes.map((p) => p.ms)),
    detail: probes.map((p) => `${p.endpoint.address} port ${p.endpoint.port}: ${isReachable(p) ? 'works' : (p.tcp.code ?? p.greeting?.kind ?? p.tls?.failure ?? 'fails')}`).join('; '),
  });
  if (!works) return undefined;
  return finding('dns.propagation_mismatch', 'error', target, {
    ...mismatch.facts,
    stale: resolvedAddresses.join(', '),
    working: works.endpoint.address,
    ttl: ttl ?? '?',
    server: ctx.dns.servers?.join(', ') || 'system',
  }, { variant: 'verified' });
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
  evidence: { target: Target; slowGreetingMs: number; user: EndpointObservation; alternatives: readonly EndpointObservation[] },
  observations: readonly EndpointObservation[],
  already: readonly RawFinding[],
): RawFinding[] {
  const seen = new Set(already.map((f) => f.cause));
  const extra: RawFinding[] = [];
  for (const other of observations) {
    if (other === evidence.user || !other.tcp.ok) continue;
    for (const f of classifyEndpoint({ ...evidence, user: other })) {
      if (seen.has(f.cause)) continue;
      seen.add(f.cause);
      extra.push(f);
    }
  }
  return extra;
}

/** A failed handshake was followed by a scan of the versions the server speaks at all. */
function recordVersionScan(ctx: DiagnosisContext, target: Target, scan: TargetProbes['versionScan']): TlsVersion[] | undefined {
  if (!scan) return undefined;
  const { versions, ms, connections } = scan;
  // Undefined: the connection cap kept some versions from being tried, so nothing is concluded.
  if (!versions) ctx.record({ name: 'tls_versions', target, status: 'skip', ms, detail: ctx.connections.reason, about: { id: 'not_opened', values: { max: ctx.connections.budget.max } }, connections });
  else ctx.record({ name: 'tls_versions', target, status: 'fail', ms, detail: versions.join(' ') || 'none', about: versions.length ? { id: 'tls_versions', values: { versions: versions.join(' ') } } : { id: 'tls_versions_none' }, connections });
  return versions;
}

/** Whether TLS 1.2 still works next to 1.3 (a 1.3-only server locks out older mail apps). */
function versionFindings(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  user: EndpointObservation,
  tls12: TargetProbes['tls12'],
): RawFinding[] {
  if (!tls12) return [];
  const { versions, connections } = tls12;
  if (!versions) {
    // Not connected (the cap, or a connect that failed): a version not tried is not a version refused.
    ctx.record({ name: 'tls_versions', target, status: 'skip', ms: 0, detail: 'TLSv1.2 not checked: the connection for it did not open', about: { id: 'tls12_not_checked' }, connections });
    return [];
  }
  if (!user.tls?.ok || user.tls.protocol !== 'TLSv1.3') {
    // Checked on the first address, which was not the one that answered best: what it saw.
    const seen = versions.join(' ');
    ctx.record({ name: 'tls_versions', target, status: 'pass', ms: 0, detail: seen || 'none', about: seen ? { id: 'tls_versions', values: { versions: seen } } : { id: 'tls_versions_none' }, connections });
    return [];
  }
  const tls12Works = versions.includes('TLSv1.2');
  ctx.record({ name: 'tls_versions', target, status: tls12Works ? 'pass' : 'warn', ms: 0, detail: tls12Works ? 'TLSv1.2 TLSv1.3' : 'TLSv1.3 only', about: tls12Works ? { id: 'tls_versions', values: { versions: 'TLSv1.2 TLSv1.3' } } : { id: 'tls13_only' }, connections });
  if (tls12Works) return [];
  // e.g. Outlook on Windows 7/8.1 cannot connect to such a server.
  return [finding('tls.protocol_version', 'warning', target, { host: settings.host, port: settings.port, versions: 'TLSv1.3' }, { variant: 'tls13_only' })];
}

function recordAlternatives(ctx: DiagnosisContext, target: Target, alternatives: EndpointObservation[], connections: number, needed: boolean): void {
  if (!needed) {
    // Started while the user's combination was slow to answer, then it worked: say what they cost.
    if (connections > 0) ctx.record({ name: 'alternatives', target, status: 'skip', ms: 0, detail: "not needed: the user's combination works", about: { id: 'alternatives_not_needed' }, connections });
    return;
  }
  const working = alternatives.filter(isReachable).map((o) => `${o.endpoint.port}/${o.endpoint.security}`);
  ctx.record({
    name: 'alternatives',
    target,
    status: working.length ? 'pass' : 'fail',
    ms: Math.max(0, ...alternatives.map((o) => o.ms)),
    detail: working.length ? `working: ${working.join(', ')}` : 'no standard combination answers',
    about: working.length ? { id: 'alternatives_working', values: { combinations: working.join(', ') } } : { id: 'alternatives_none' },
    connections,
  });
}

/**
 * Log in once, where a client could do so safely: the user's combination on the address that
 * answered, when its certificate verifies; else the verified fix. A password is never sent
 * unencrypted or over a certificate that failed, even when the user's app is set to. The login
 * on the user's combination was started as soon as its TLS verified (./scheduling): that one
 * attempt is the login, wherever the rest of the checks ended.
 */
async function loginFindings(
  ctx: DiagnosisContext,
  target: Target,
  settings: ServerSettings,
  credentials: Credentials,
  user: EndpointObservation,
  alternatives: EndpointObservation[],
  probes: Pick<TargetProbes, 'login' | 'takeSession' | 'closeSessions'>,
): Promise<LoginFindings & { failedOn?: { port: number; security: ServerSettings['security'] } }> {
  try {
    if (probes.login) return withFailedOn(ctx, target, await probes.login);
    const fix = chooseFix(alternatives);
    const where = isHealthy(user) && settings.security !== 'none' ? user : fix && isHealthy(fix) ? fix : undefined;
    if (!where) {
      ctx.record({ name: 'login', target, status: 'skip', ms: 0, detail: 'not tried: no encrypted connection with a valid certificate to send the password over', about: { id: 'login_no_encryption' } });
      return { account: [] };
    }
    // On the fix: on the session its probe kept open (verified TLS, capabilities read), as a
    // mail app set to the fix would; else on a connection of its own.
    const session = where === user ? undefined : probes.takeSession(where.endpoint);
    const outcome = await testLogin(ctx, target, { ...settings, port: where.endpoint.port, security: where.endpoint.security }, where.endpoint.address, credentials, session);
    return withFailedOn(ctx, target, outcome);
  } finally {
    probes.closeSessions();
  }
}

/** The findings of a login, and the combination it failed on (which is then no verified fix). */
function withFailedOn(ctx: DiagnosisContext, target: Target, outcome: LoginOutcome): LoginFindings & { failedOn?: { port: number; security: ServerSettings['security'] } } {
  const found = loginOutcomeFindings(ctx, target, outcome);
  const { result, settings } = outcome;
  const tried = !result.ok && result.code !== 'CONNECTION_LIMIT' && result.code !== 'NOT_TRIED';
  return tried ? { ...found, failedOn: { port: settings.port, security: settings.security } } : found;
}

/** A fix on which the login failed is not verified end to end: it still needs a working login. */
function demoteUnloggedFix(findings: RawFinding[], failedOn: { port: number; security: ServerSettings['security'] }): void {
  findings.forEach((f, i) => {
    const fix = f.fixSettings;
    if (!fix || fix.host || fix.port !== failedOn.port || fix.security !== failedOn.security) return;
    const { fixSettings: _verified, ...rest } = f;
    findings[i] = { ...rest, fixCandidate: { port: fix.port, security: fix.security, needs: 'login' } };
  });
}

/**
 * The user's connect failed but another connect to the same address and port got through (a
 * retry, the TLS 1.2 check): the path is flaky, and the user's settings are right.
 */
function isFlakyPath(user: readonly EndpointObservation[], attempts: readonly { address: string; ok: boolean }[]): boolean {
  return user.some((o) => !o.tcp.ok && attempts.some((a) => a.ok && a.address === o.endpoint.address));
}
