import type { ServerSettings } from '../settings/server-settings';
import type { DomainLookup } from './domain-lookup';

/** Where a candidate setting was learned. */
export type DiscoverySource = 'provider' | 'mx' | 'srv' | 'autoconfig' | 'guess';

export interface Candidate {
  settings: ServerSettings;
  /** Every source that published this exact combination, best first. */
  sources: DiscoverySource[];
  /** e.g. the provider's name or the SRV/autoconfig record, for "where I learned this". */
  origin: string;
  /** Every origin, one per source that published it (origin is the first). */
  origins?: string[];
  /** The login name the source publishes (placeholders filled), when it says. */
  username?: string;
  /** What to know before using it, as ids (see CandidateCaveat). */
  caveats?: CandidateCaveat[];
}

/**
 * - cert_untrusted: a guessed host answered, but its certificate is not trusted (Thunderbird
 *   keeps such a host and makes the user accept the certificate before sending a password);
 * - oauth_only: the source lists only OAuth2 sign-in, so a password will not work;
 * - local_only: the server runs on the user's own computer (Proton Mail Bridge): the bot cannot test it.
 */
export type CandidateCaveat = 'cert_untrusted' | 'oauth_only' | 'local_only';

export interface DiscoveryResult {
  email: string;
  domain: string;
  /** Ranked best first (TLS over STARTTLS over plain, RFC 8314; then agreement between sources). */
  incoming: Candidate[];
  outgoing: Candidate[];
  /**
   * The provider hosting the domain, when known (e.g. "Google Workspace"). `notes` holds the ids
   * of what users trip over (TripUpKind); `tripUps` adds the help page and source of each.
   */
  provider?: { id: string; name: string; notes: string[]; tripUps?: TripUp[] };
  /** Sources that disagree, shown rather than hidden. */
  conflicts: string[];
  /** The same disagreements, structured for rendering in any language. */
  conflictDetails?: Conflict[];
  /** True when no source found anything: the user must enter the settings. Not an error. */
  notFound?: boolean;
  /**
   * The email domain's own MX look-up: tells a domain that does not exist, or DNS that fails,
   * from a domain that merely publishes nothing (./domain-lookup).
   */
  domainLookup?: DomainLookup;
  /** What each source did, in a fixed order: found, found nothing, failed (and why), timed out. */
  reports?: SourceReport[];
  durationMs: number;
}

/** Something users of a provider commonly trip over, with where it is documented. */
export interface TripUp {
  kind: TripUpKind;
  /** The provider's help page for it, when there is one. */
  url?: string;
  /** Where this fact comes from. */
  source: string;
}

export type TripUpKind =
  /** An app password is needed once two-step verification is on. */
  | 'app_password_with_mfa'
  /** Third-party mail apps always need an app-specific password. */
  | 'app_password_required'
  /** IMAP/POP must first be switched on in the web settings (and may be switched off again). */
  | 'enable_imap'
  /** Password sign-in is off (or being turned off) for these protocols; the admin or OAuth decides. */
  | 'basic_auth_disabled'
  /** Only OAuth2 sign-in works; no password, not even an app password. */
  | 'oauth_only'
  /** A generated authorization code replaces the account password. */
  | 'authorization_code'
  /** The IMAP client must send ID (RFC 2971) before selecting a mailbox. */
  | 'imap_id_required'
  /** Mail goes through a program on the user's own computer (Proton Mail Bridge). */
  | 'local_bridge';

export interface Conflict {
  protocol: ServerSettings['protocol'];
  /** What each disagreeing source published (its best candidate for that protocol). */
  views: { source: DiscoverySource; settings: ServerSettings }[];
}

export type SourceStatus = 'found' | 'nothing' | 'failed' | 'timeout' | 'skipped';

/** Why one look-up of a source came back empty; stable ids for localized texts. */
export type AttemptProblem =
  | 'nxdomain'
  | 'no_records'
  | 'not_offered'
  | 'unknown_provider'
  | 'dns_failed'
  | 'policy_refused'
  | 'connect_failed'
  | 'tls_failed'
  | 'http_status'
  | 'too_large'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'bad_redirect'
  | 'malformed'
  | 'not_autoconfig'
  | 'no_answer'
  | 'wrong_protocol'
  | 'timeout'
  | 'cancelled';

export interface SourceAttempt {
  /** What was asked: a DNS name, a URL, host:port. */
  target: string;
  ok: boolean;
  problem?: AttemptProblem;
  /** Machine-readable detail for evidence (error codes, HTTP status, sizes); not for translation. */
  detail: string;
}

export interface SourceReport {
  source: DiscoverySource;
  status: SourceStatus;
  ms: number;
  attempts: SourceAttempt[];
}

/** How the conversation and the CLI call discovery (implemented in src/discovery/). */
export type Discover = (email: string, options?: { signal?: AbortSignal }) => Promise<DiscoveryResult>;
