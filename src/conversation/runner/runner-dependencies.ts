import type { Language } from '../../i18n/translator';
import type { DiagnoseOptions, DiagnoseRequest } from '../../diagnosis/diagnose-request';
import type { Report } from '../../diagnosis/report';
import type { CheckTargets } from '../../diagnosis/check-targets';
import type { Discover } from '../../discovery/discovery-result';
import type { DiagnosisLimits } from '../../policy/limits/diagnosis-limits';
import type { ConversationStore } from '../../store/conversation-store';
import type { PreferenceStore } from '../../store/preference-store';
import type { AdminCommand } from '../parse/parse-admin-command';
import type { ConversationState, ConversationUser } from '../state';
import type { Text } from '../text';
import type { Outage } from '../../outage/outage-detector';
import type { DiagnosisRecorder } from '../../history/diagnosis-recorder';
import type { MessageBlock } from './conversation-output';
import type { Scheduler } from './idle-timers';
import type { RunCoordination } from './run-ownership';
import type { BotMetrics } from '../../metrics/bot-metrics';
import type { SignInSetup } from './run-sign-in';
import type { OAuthSignInPage } from '../../secure-login/oauth-sign-in-page';

/** The engine as the runner calls it: `diagnose()` from src/diagnosis/diagnose, or a test double. */
export type Diagnose = (request: DiagnoseRequest, language: string) => Promise<Report>;

/**
 * The password page's link side, as the runner uses it: `createLoginPageServer()` from
 * src/secure-login fits. Links are bound to `keyString()` of the conversation key.
 */
export interface LoginLinkIssuer {
  issueLink(conversationKey: string, user: string, options?: { language?: string }): URL;
  revoke(conversationKey: string): void;
}

/** The few pino methods the runner uses; pino itself fits. */
export interface RunnerLogger {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface RunnerDependencies {
  store: ConversationStore<ConversationState>;
  discover: Discover;
  diagnose: Diagnose;
  /**
   * The target policy before the sign-in question (`createCheckTargets(diagnoseOptions)` from
   * src/diagnosis/check-targets): a refused server is named and no password is asked for it.
   * Without it every server counts as allowed until the diagnosis itself applies the policy.
   */
  checkTargets?: CheckTargets;
  preferences?: PreferenceStore;
  /** Deadlines, resolvers, blocklists, allowed networks (the environment's configuration). */
  diagnoseOptions?: Omit<DiagnoseOptions, 'onProgress' | 'signal'>;
  /** MAILHELP_LANG: for users whose platform gives no locale. */
  defaultLanguage?: string;
  scheduler?: Scheduler;
  logger?: RunnerLogger;
  /**
   * Rate limits and the queue every diagnosis goes through; `new DiagnosisLimits(limitsFromEnv())`
   * when not given (MAILHELP_LIMIT_USER, MAILHELP_LIMIT_WORKSPACE, MAILHELP_MAX_CONCURRENT,
   * MAILHELP_MAX_CONNECTIONS). One instance per process, shared by every adapter's runner.
   */
  limits?: DiagnosisLimits;
  /**
   * The one-time password page (MAILHELP_PUBLIC_URL): with it, the login step sends a private
   * link instead of the chat form, to outputs that can show one (see `withLoginPage`).
   */
  loginLinks?: LoginLinkIssuer;
  /**
   * Several processes sharing one store (MAILHELP_STORE=redis://): each diagnosis holds a lock
   * while it runs, and a diagnosis whose process died is reported to its user as interrupted.
   */
  coordination?: RunCoordination;
  /** Diagnoses, connections and chat errors counted for `/metrics`. */
  metrics?: BotMetrics;
  /** `/mailhelp watch`, `watches`, `unwatch`, `history`, `show`, `forget`; without it they say "not set up". */
  commands?: ChannelCommands;
  /** Keeps every report in the history and spots outages from several users' reports. */
  records?: DiagnosisRecorder;
  /** Where an outage alert goes: the platform's triage channel (MAILHELP_TRIAGE_CHANNEL). */
  triage?: TriagePoster;
  /** Told of every outage opened (metrics). */
  onOutage?: (outage: Outage) => void;
  /** The OAuth sign-in test's providers and client ids; from MAILHELP_OAUTH_* when not given. */
  signIn?: SignInSetup;
  /** The OAuth sign-in page beside the password page (MAILHELP_PUBLIC_URL): the browser flow for Google. */
  oauthPage?: OAuthSignInPage;
}

export interface TriagePoster {
  post(message: MessageBlock[]): Promise<void>;
}

/** Where a channel command was typed: the channel a watch posts in, the workspace it belongs to. */
export interface CommandPlace {
  platform: string;
  channel: string;
  workspace?: string;
}

/**
 * The services behind the channel commands (watches, history); `channelCommands()` in
 * src/commands builds them. Answers are Texts, put into the user's words by the runner.
 */
export interface ChannelCommands {
  run(command: AdminCommand, context: { place: CommandPlace; user: ConversationUser; language: Language }): Promise<Text>;
}

export const SILENT_LOGGER: RunnerLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
