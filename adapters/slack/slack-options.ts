import type { webApi } from '@slack/bolt';
import type { Diagnose, RunnerDependencies } from '../../src/conversation/runner/runner-dependencies';
import type { ConversationState } from '../../src/conversation/state';
import type { Discover } from '../../src/discovery/discovery-result';
import type { Logger } from '../../src/logging/logger';
import type { DiagnosisLimits } from '../../src/policy/limits/diagnosis-limits';
import type { ConversationStore } from '../../src/store/conversation-store';
import type { PreferenceStore } from '../../src/store/preference-store';
import type { RunCoordination } from '../../src/conversation/runner/run-ownership';
import type { DeliveryLog } from '../../src/store/delivery-log';
import type { OpsHandler } from '../../src/health/ops-routes';
import type { BotMetrics } from '../../src/metrics/bot-metrics';
import { type ConversationMode, conversationModeFromEnv } from '../../src/config/environment';
import { SlackConfigError } from './slack-errors';

export interface SlackStartOptions {
  /** SLACK_BOT_TOKEN (xoxb-…). */
  botToken: string;
  /** SLACK_SIGNING_SECRET: required in HTTP mode. */
  signingSecret?: string;
  /** SLACK_APP_TOKEN (xapp-…): Socket Mode when set. */
  appToken?: string;
  /** SLACK_API_URL: Web API base (GovSlack-style hosts, tests). */
  apiUrl?: string;
  /** PORT: HTTP mode's listener (and the sign-in page in Socket Mode). 0 picks a free port. */
  port?: number;
  host?: string;
  diagnose: Diagnose;
  discover: Discover;
  /** The target policy before the sign-in question (src/diagnosis/check-targets). */
  checkTargets?: RunnerDependencies['checkTargets'];
  diagnoseOptions?: RunnerDependencies['diagnoseOptions'];
  store?: ConversationStore<ConversationState>;
  preferences?: PreferenceStore;
  /** Several processes, one store: run locks and the detection of interrupted diagnoses. */
  coordination?: RunCoordination;
  /** Events already taken, so Slack's retries of them are dropped (shared across processes with Redis). */
  deliveries?: DeliveryLog;
  /** /healthz, /readyz, /metrics: served on the HTTP listener (or beside the login page in Socket Mode). */
  ops?: OpsHandler;
  /** Chat API errors and 429s are counted here (and passed to the runner). */
  metrics?: BotMetrics;
  /** MAILHELP_LANG */
  defaultLanguage?: string;
  /** MAILHELP_CONVERSATION: `dm` holds every conversation in a direct message with the user (default `thread`). */
  conversation?: ConversationMode;
  /** MAILHELP_TRIAGE_CHANNEL: channel id where "send to help desk" posts. */
  triageChannel?: string;
  /** MAILHELP_PUBLIC_URL: enables the one-time sign-in page instead of a password field in Slack. */
  publicUrl?: string;
  logger?: Logger;
  /** Rate limits and the diagnosis queue; share one instance between adapters in one process. */
  limits?: DiagnosisLimits;
  /** The Web API client's retry policy (429s and network errors); the default suits a chat. */
  retryConfig?: webApi.RetryOptions;
  /** Least time between two edits of a progress message. */
  progressIntervalMs?: number;
  /** Installs SIGTERM/SIGINT handling; `closed` resolves after a graceful stop. */
  handleSignals?: boolean;
  /** The slash command, `/mailhelp` unless the manifest names another. */
  command?: string;
  /** Watches and history (src/commands/help-desk-services); without them the channel commands say "not set up". */
  commands?: RunnerDependencies['commands'];
  records?: RunnerDependencies['records'];
  onOutage?: RunnerDependencies['onOutage'];
  /** The OAuth sign-in test's providers (MAILHELP_OAUTH_* by default). */
  signIn?: RunnerDependencies['signIn'];
  /** MAILHELP_ADMIN_GROUP: Slack user group (S…) whose members may add watches, besides workspace admins. */
  adminGroup?: string;
  /** MAILHELP_HELPDESK_GROUP: user group of help-desk staff, besides the triage channel's members. */
  helpDeskGroup?: string;
}

/**
 * A 429 is retried after Slack's Retry-After by the client itself; this policy bounds how long
 * a user may wait on it (three tries within about half a minute) instead of the client's
 * default of ten retries over thirty minutes.
 */
export const CHAT_RETRY_POLICY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000, randomize: true };

export const DEFAULT_PROGRESS_INTERVAL_MS = 1200;

/** The Slack part of the environment (mailhelp --help, docs/architecture.md "Configuration"). */
export function slackOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  engine: Pick<SlackStartOptions, 'diagnose' | 'discover' | 'checkTargets' | 'diagnoseOptions'>,
): SlackStartOptions {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (!botToken) throw new SlackConfigError('SLACK_BOT_TOKEN is not set');
  const appToken = env.SLACK_APP_TOKEN?.trim();
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim();
  if (!appToken && !signingSecret) throw new SlackConfigError('HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)');
  const options: SlackStartOptions = { botToken, ...engine, handleSignals: true };
  if (appToken) options.appToken = appToken;
  if (signingSecret) options.signingSecret = signingSecret;
  const text = (name: string): string | undefined => env[name]?.trim() || undefined;
  const apiUrl = text('SLACK_API_URL');
  if (apiUrl) options.apiUrl = apiUrl;
  const host = text('HOST');
  if (host) options.host = host;
  const language = text('MAILHELP_LANG');
  if (language) options.defaultLanguage = language;
  options.conversation = conversationModeFromEnv(env);
  const triage = text('MAILHELP_TRIAGE_CHANNEL');
  if (triage) options.triageChannel = triage;
  const publicUrl = text('MAILHELP_PUBLIC_URL');
  if (publicUrl) options.publicUrl = publicUrl;
  const adminGroup = text('MAILHELP_ADMIN_GROUP');
  if (adminGroup) options.adminGroup = adminGroup;
  const helpDeskGroup = text('MAILHELP_HELPDESK_GROUP');
  if (helpDeskGroup) options.helpDeskGroup = helpDeskGroup;
  const port = Number(text('PORT'));
  if (text('PORT') && Number.isInteger(port) && port >= 0 && port < 65536) options.port = port;
  return options;
}
