import type { CauseId } from '../diagnosis/causes';
import type { Target } from '../settings/server-settings';
import type { Observation } from './observe';
import type { CertificateState, WatchState } from './watch';

/** Days before expiry at which a certificate is announced, each once per certificate. */
export const EXPIRY_THRESHOLDS_DAYS = [30, 14, 7, 1] as const;
/** Failed rounds in a row before "down" is posted: one lost packet is not an outage. */
export const DEFAULT_CONFIRM_CHECKS = 2;

const DAY_MS = 24 * 60 * 60_000;

/** Something a channel is told. Each is posted once, when it happens. */
export type WatchAlert =
  | { kind: 'down'; cause: CauseId; evidence: string }
  | { kind: 'up'; downMs: number }
  | { kind: 'unverifiable'; cause?: CauseId; evidence: string }
  | { kind: 'verifiable' }
  | { kind: 'cert_expiring'; target: Target; validTo: string; daysLeft: number }
  | { kind: 'blocklisted'; entries: string[] }
  | { kind: 'tls_weaker'; target: Target; lost: string[]; remaining: string[] }
  | { kind: 'published_changed'; before: string; after: string };

export interface ChangeOptions {
  now: number;
  confirmChecks?: number;
}

export interface Change {
  state: WatchState;
  alerts: WatchAlert[];
}

/**
 * One round's observation against what the watch remembers: the next state and what changed.
 * Pure, so every rule is tested without a clock or a network. The first round sets the baseline
 * (no "up" for a server that was never down), except for what is already worth telling: a
 * server already down, a certificate already close to expiry, an address already listed.
 */
export function detectChanges(previous: WatchState, seen: Observation, options: ChangeOptions): Change {
  const { now } = options;
  const confirm = Math.max(1, options.confirmChecks ?? DEFAULT_CONFIRM_CHECKS);
  const alerts: WatchAlert[] = [];
  let state: WatchState = { ...previous, lastCheckAt: now };

  if (seen.status === 'unverifiable') {
    if (previous.status !== 'unverifiable') {
      alerts.push({ kind: 'unverifiable', ...(seen.cause ? { cause: seen.cause } : {}), evidence: seen.evidence ?? '' });
      state = withStatus(state, 'unverifiable', now);
    }
    const { cause: _c, evidence: _e, ...rest } = state;
    // Nothing else is known this round; what was seen before stays as it was.
    return { state: { ...rest, failures: 0, ...(seen.cause ? { unverifiableCause: seen.cause } : {}) }, alerts };
  }
  const { unverifiableCause: _u, ...known } = state;
  state = known;

  if (seen.status === 'down') {
    const failures = previous.failures + 1;
    state = { ...state, failures, cause: seen.cause!, evidence: seen.evidence ?? '' };
    if (previous.status !== 'down' && failures >= confirm) {
      alerts.push({ kind: 'down', cause: seen.cause!, evidence: seen.evidence ?? '' });
      state = withStatus(state, 'down', now);
    }
  } else {
    const { cause: _c, evidence: _e, ...up } = state;
    state = { ...up, failures: 0 };
    if (previous.status === 'down') alerts.push({ kind: 'up', downMs: now - previous.since });
    if (previous.status === 'unverifiable') alerts.push({ kind: 'verifiable' });
    if (previous.status !== 'up') state = withStatus(state, 'up', now);
  }

  const certificates = certificateChanges(previous.certificates, seen.certificates, now);
  alerts.push(...certificates.alerts);
  // A server that is down is announced as down; its TLS is compared again once it is back.
  const tls: SideChanges<string[]> = seen.status === 'up' ? tlsChanges(previous.tlsVersions, seen.tlsVersions) : { state: previous.tlsVersions, alerts: [] };
  alerts.push(...tls.alerts);
  const newlyListed = seen.listed.filter((entry) => !previous.listed.includes(entry));
  if (newlyListed.length) alerts.push({ kind: 'blocklisted', entries: newlyListed });
  if (seen.published !== undefined && previous.published !== undefined && seen.published !== previous.published) {
    alerts.push({ kind: 'published_changed', before: previous.published, after: seen.published });
  }
  return {
    state: {
      ...state,
      certificates: certificates.state,
      tlsVersions: tls.state,
      // A round where the look-ups could not run (down) keeps what was listed.
      listed: seen.status === 'up' ? seen.listed : [...new Set([...previous.listed, ...seen.listed])].sort(),
      ...(seen.published !== undefined ? { published: seen.published } : {}),
    },
    alerts,
  };
}

function withStatus(state: WatchState, status: WatchState['status'], now: number): WatchState {
  return { ...state, status, since: now };
}

/** Whole days left until the end of the certificate's last valid day. */
export function daysLeft(validTo: string, now: number): number {
  const end = Date.parse(`${validTo}T23:59:59Z`);
  return Number.isNaN(end) ? Number.NaN : Math.floor((end - now) / DAY_MS);
}

/** Each side's certificate: a threshold reached is announced once; a renewed certificate starts over. */
function certificateChanges(previous: WatchState['certificates'], seen: Observation['certificates'], now: number): SideChanges<CertificateState> {
  return perSide(previous, seen, (target, validTo, before) => {
    // A renewed certificate starts over: its own 30, 14, 7 and 1 days.
    const known: CertificateState = before?.validTo === validTo ? before : { validTo };
    const left = daysLeft(validTo, now);
    // Expired is not "expiring": the engine reports it as an error, and the watch as down.
    const threshold = left >= 0 ? [...EXPIRY_THRESHOLDS_DAYS].reverse().find((days) => left <= days) : undefined;
    if (threshold === undefined || (known.announced !== undefined && threshold >= known.announced)) return { kept: known };
    return { kept: { validTo, announced: threshold }, alert: { kind: 'cert_expiring', target, validTo, daysLeft: left } };
  });
}

/** Each side's TLS versions: one the server accepted before and no longer does is a weakening. */
function tlsChanges(previous: WatchState['tlsVersions'], seen: Observation['tlsVersions']): SideChanges<string[]> {
  return perSide(previous, seen, (target, versions, before) => {
    const lost = (before ?? []).filter((v) => !versions.includes(v));
    return { kept: versions, ...(lost.length ? { alert: { kind: 'tls_weaker', target, lost, remaining: versions } } : {}) };
  });
}

interface SideChanges<Kept> {
  state: Partial<Record<Target, Kept>>;
  alerts: WatchAlert[];
}

/** Compares what each side showed this round with what is kept of it; a side not seen keeps its state. */
function perSide<Seen, Kept>(
  previous: Partial<Record<Target, Kept>>,
  seen: Partial<Record<Target, Seen>>,
  compare: (target: Target, seen: Seen, before: Kept | undefined) => { kept: Kept; alert?: WatchAlert },
): SideChanges<Kept> {
  const state = { ...previous };
  const alerts: WatchAlert[] = [];
  for (const target of ['incoming', 'outgoing'] as const) {
    const shown = seen[target];
    if (shown === undefined) continue;
    const { kept, alert } = compare(target, shown, previous[target]);
    state[target] = kept;
    if (alert) alerts.push(alert);
  }
  return { state, alerts };
}
