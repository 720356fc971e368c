import type { Check, Report } from '../diagnosis/report';
import type { Refusal } from '../policy/limits/limit-messages';
import type { TargetRefusal } from '../diagnosis/check-targets';
import type { DiscoveryResult } from '../discovery/discovery-result';
import type { SignInOffer } from '../oauth/sign-in-offer';
import type { Capabilities, ConversationUser, UserRoles } from './state';
import type { Secret } from './secret';

/** Everything that can happen to a conversation, from the platform or from the runner. */
export type ConversationEvent =
  | StartedEvent
  | { type: 'text'; text: string; /** Platform id of the message, so a leaked password can be hidden. */ messageId?: string }
  | { type: 'choice'; choiceId: string }
  | FormSubmittedEvent
  | { type: 'form_closed'; formId: string }
  | { type: 'cancelled' }
  | { type: 'timed_out' }
  /** `signIn`: the OAuth sign-in test the account could take (added by the runner). */
  | { type: 'discovery_finished'; requestId: number; result: DiscoveryResult; signIn?: SignInOffer }
  | { type: 'discovery_failed'; requestId: number; reason: string }
  /** The answer to check_targets: the servers the bot would not connect to (none: all fine). */
  | { type: 'targets_checked'; requestId: number; refusals: TargetRefusal[] }
  | { type: 'diagnosis_progress'; runId: number; check: Check }
  | DiagnosisFinishedEvent
  /** The engine threw: a fault of the bot, not of the mail server (the runner logs the details). */
  | { type: 'diagnosis_failed'; runId: number }
  /** A limit (rate, queue, shutdown) kept the run from starting; the machine tells the user why, privately. */
  | { type: 'diagnosis_refused'; runId: number; refusal?: Refusal }
  /** The process running the diagnosis died (its lock expired with no result); another process noticed. */
  | { type: 'diagnosis_interrupted'; runId: number }
  /** The help-desk post was made (or not): only then may the user be told it was sent. */
  | { type: 'escalation_finished'; ok: boolean };

export interface StartedEvent {
  type: 'started';
  user: ConversationUser;
  /** What followed `/mailhelp` ("", "alice@acme.com", "imap.acme.com:993", "help", "lang de"). */
  text: string;
  /** The user's explicit choice (`/mailhelp lang`), remembered by the runner; wins over the locale. */
  preferredLanguage?: string;
  /** The mail app the user named in an earlier conversation, remembered by the runner. */
  preferredApp?: string;
  /** The platform's locale for the user (Discord interaction locale, Slack users.info). */
  locale?: string;
  capabilities: Capabilities;
  /**
   * For the channel commands (watch, history, forget): what the platform says the user may do.
   * Absent means no rights; the runner asks the adapter for them when such a command starts.
   */
  roles?: UserRoles;
  /**
   * A limit that already holds for this user (rate window, shutdown), found by the runner when
   * `/mailhelp` was typed: the check is refused before any question, not after all of them.
   */
  refusal?: Refusal;
}

export interface FormSubmittedEvent {
  type: 'form_submitted';
  formId: string;
  /** Secret fields arrive as `Secret` (adapters wrap them; the machine wraps any that are not). */
  values: Record<string, string | Secret>;
}

export interface DiagnosisFinishedEvent {
  type: 'diagnosis_finished';
  runId: number;
  report: Report;
  /**
   * What this run itself checked, when its report sets it beside an earlier run's (the password
   * and the OAuth sign-in side by side): the progress shows this run's checks, the report both.
   */
  ownRun?: { checks: Check[]; durationMs: number };
  /** The history record's id ("R-7F3K"), which a help-desk escalation carries. */
  reportId?: string;
  /** Other users found this server failing the same way: the help desk already has it. */
  knownOutage?: KnownOutage;
  /** The OAuth sign-in test the tested servers' accounts could take (added by the runner). */
  signIn?: SignInOffer;
}

export interface KnownOutage {
  server: string;
  cause: string;
  reports: number;
}
