import type { CauseId } from '../diagnosis/causes';
import type { Language } from '../i18n/translator';
import type { ServerSettings, Target } from '../settings/server-settings';

/** Where a watch posts: a channel on one platform (a Slack channel, a Discord channel, the console). */
export interface WatchPlace {
  platform: string;
  channel: string;
  /** Slack team or Discord guild, when known. */
  workspace?: string;
}

/** What the admin asked to watch, as checked on every round. */
export interface WatchSubject {
  /** What the admin typed, normalized: shown in alerts and matched by `/mailhelp unwatch`. */
  label: string;
  /** `/mailhelp watch alice@acme.com`: the address whose discovered servers are watched. */
  email?: string;
  incoming?: ServerSettings;
  outgoing?: ServerSettings;
}

/**
 * How the last checks went. `unverifiable`: the bot's own network stops the check (its resolver
 * does not answer, port 25 is blocked from here), which says nothing about the server.
 */
export type WatchStatus = 'unknown' | 'up' | 'down' | 'unverifiable';

export const WATCH_STATUSES: readonly WatchStatus[] = ['unknown', 'up', 'down', 'unverifiable'];

export interface CertificateState {
  /** The certificate's last valid day (YYYY-MM-DD). */
  validTo: string;
  /** The smallest expiry threshold (days) already announced for this certificate. */
  announced?: number;
}

/**
 * What a round sees of the servers besides up or down, and what the watch keeps of it between
 * rounds: the same fields, so an observation and the remembered state compare field by field.
 * `Certificate` is the last valid day in an observation, that day plus what was announced in the state.
 */
export interface ServerFacts<Certificate> {
  certificates: Partial<Record<Target, Certificate>>;
  /** TLS versions the server accepted (remembered: at the last check that saw them). */
  tlsVersions: Partial<Record<Target, string[]>>;
  /** "address zone" pairs found on a blocklist. */
  listed: string[];
  /** The published settings of `email`, as one comparable line. */
  published?: string;
}

/** What the checks remember between rounds: plain JSON, stored with the watch. */
export interface WatchState extends ServerFacts<CertificateState> {
  status: WatchStatus;
  /** When the status began (for "back up after 12 minutes"). */
  since: number;
  lastCheckAt?: number;
  /** Failed checks in a row not yet announced (a down is confirmed before it is posted). */
  failures: number;
  cause?: CauseId;
  evidence?: string;
  /** Why the bot cannot check from here (a cause id), while `unverifiable`. */
  unverifiableCause?: CauseId;
}

export interface Watch {
  /** Short and stable, e.g. W-3K9P. */
  id: string;
  place: WatchPlace;
  subject: WatchSubject;
  intervalMs: number;
  /** The language alerts are written in: that of the admin who added the watch. */
  language: Language;
  createdBy: string;
  createdAt: number;
  /** When the next check is due (milliseconds since the epoch); survives restarts. */
  nextCheckAt: number;
  state: WatchState;
}

export const DEFAULT_INTERVAL_MS = 5 * 60_000;
export const MIN_INTERVAL_MS = 60_000;
export const MAX_INTERVAL_MS = 24 * 60 * 60_000;

export function initialState(now: number): WatchState {
  return { status: 'unknown', since: now, failures: 0, certificates: {}, tlsVersions: {}, listed: [] };
}

/** The servers a watch checks, as the engine takes them (an email watch: its discovered servers). */
export function watchedSettings(subject: WatchSubject): { incoming?: ServerSettings; outgoing?: ServerSettings } {
  return {
    ...(subject.incoming ? { incoming: subject.incoming } : {}),
    ...(subject.outgoing ? { outgoing: subject.outgoing } : {}),
  };
}
