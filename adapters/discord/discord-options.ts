import type { Diagnose, RunnerDependencies } from '../../src/conversation/runner/runner-dependencies';
import type { ConversationState } from '../../src/conversation/state';
import type { Discover } from '../../src/discovery/discovery-result';
import type { DiagnosisLimits } from '../../src/policy/limits/diagnosis-limits';
import type { ConversationStore } from '../../src/store/conversation-store';
import type { PreferenceStore } from '../../src/store/preference-store';
import type { OpsHandler } from '../../src/health/ops-routes';
import type { BotMetrics } from '../../src/metrics/bot-metrics';
import type { AdapterLogger } from './adapter-logger';
import { type ConversationMode, conversationModeFromEnv } from '../../src/config/environment';
import { DiscordConfigError } from './discord-errors';

export interface DiscordStartOptions {
  /** DISCORD_TOKEN: the bot token from the Developer Portal. */
  token: string;
  /** DISCORD_APP_ID: the application id; the gateway's READY tells it when unset. */
  applicationId?: string;
  /** DISCORD_GUILD_ID: register the command in this guild only (development). */
  guildId?: string;
  /** DISCORD_API_URL: REST base without /v10 (tests, proxies). The gateway URL comes from it too. */
  apiUrl?: string;
  /** DISCORD_REGISTER_COMMANDS=1: register the command once ready (else `npm run discord:register`). */
  registerOnStart?: boolean;
  /** DISCORD_TRIAGE_CHANNEL, or MAILHELP_TRIAGE_CHANNEL when it is a Discord id: "send to the help desk". */
  triageChannelId?: string;
  diagnose: Diagnose;
  discover: Discover;
  /** The target policy before the sign-in question (src/diagnosis/check-targets). */
  checkTargets?: RunnerDependencies['checkTargets'];
  diagnoseOptions?: RunnerDependencies['diagnoseOptions'];
  store?: ConversationStore<ConversationState>;
  /** The process's one set of diagnosis limits, shared with the other chat adapters (else from the environment). */
  limits?: DiagnosisLimits;
  preferences?: PreferenceStore;
  /** /healthz, /readyz, /metrics beside the login page, when it listens on PORT. */
  ops?: OpsHandler;
  /** Discord's 429s are counted here (and the runner counts the rest). */
  metrics?: BotMetrics;
  /** MAILHELP_LANG: for users whose locale mailhelp does not speak (Discord always sends one). */
  defaultLanguage?: string;
  /** MAILHELP_PUBLIC_URL: the login test uses the one-time password page instead of a modal. */
  publicUrl?: string;
  /** PORT / HOST: where the one-time password page listens (only with publicUrl). */
  port?: number;
  host?: string;
  logger?: AdapterLogger;
  /** Defer an interaction nothing answered after this long (Discord allows 3 s). */
  ackDeadlineMs?: number;
  /** Trust an interaction token for follow-ups this long (Discord: 15 minutes). */
  tokenLifetimeMs?: number;
  /** @discordjs/rest retries of 5xx and network errors. */
  restRetries?: number;
  /** Installs SIGTERM/SIGINT handling; `closed` resolves after a graceful stop. */
  handleSignals?: boolean;
  /** Watches and history (src/commands/help-desk-services). */
  commands?: RunnerDependencies['commands'];
  records?: RunnerDependencies['records'];
  onOutage?: RunnerDependencies['onOutage'];
  /** The OAuth sign-in test's providers (MAILHELP_OAUTH_* by default). */
  signIn?: RunnerDependencies['signIn'];
  /** DISCORD_HELPDESK_ROLE: a role id whose members are help-desk staff (besides Manage Server). */
  helpDeskRoleId?: string;
  /** MAILHELP_CONVERSATION: `dm` holds every conversation in a direct message with the user (default `thread`). */
  conversation?: ConversationMode;
}

export const DEFAULT_ACK_DEADLINE_MS = 2000;
/** A minute short of Discord's 15, so a follow-up never races the expiry. */
export const DEFAULT_TOKEN_LIFETIME_MS = 14 * 60 * 1000;

const SNOWFLAKE = /^\d{17,20}$/u;

/** The Discord settings alone: what `npm run discord:register` needs too. */
export type DiscordConfig = Pick<DiscordStartOptions, 'token' | 'applicationId' | 'guildId' | 'apiUrl' | 'registerOnStart' | 'triageChannelId' | 'helpDeskRoleId'>;

export function discordConfigFromEnv(env: NodeJS.ProcessEnv): DiscordConfig {
  const text = (name: string): string | undefined => env[name]?.trim() || undefined;
  const id = (name: string): string | undefined => {
    const value = text(name);
    if (value !== undefined && !SNOWFLAKE.test(value)) throw new DiscordConfigError(name, 'expected a Discord id (17 to 20 digits; Developer Mode → Copy ID)');
    return value;
  };
  const token = text('DISCORD_TOKEN');
  if (!token) throw new DiscordConfigError('DISCORD_TOKEN', 'not set');
  const apiUrl = text('DISCORD_API_URL')?.replace(/\/+$/u, '');
  if (apiUrl && !/^https?:\/\/[^/]/u.test(apiUrl)) throw new DiscordConfigError('DISCORD_API_URL', 'expected an http(s) URL such as https://discord.com/api');
  // MAILHELP_TRIAGE_CHANNEL may hold a Slack channel id when both chats run in one process.
  const sharedTriage = text('MAILHELP_TRIAGE_CHANNEL');
  const triageChannelId = id('DISCORD_TRIAGE_CHANNEL') ?? (sharedTriage && SNOWFLAKE.test(sharedTriage) ? sharedTriage : undefined);
  const applicationId = id('DISCORD_APP_ID');
  const guildId = id('DISCORD_GUILD_ID');
  return {
    token,
    registerOnStart: /^(1|true|yes)$/iu.test(text('DISCORD_REGISTER_COMMANDS') ?? ''),
    ...(applicationId ? { applicationId } : {}),
    ...(guildId ? { guildId } : {}),
    ...(apiUrl ? { apiUrl } : {}),
    ...(triageChannelId ? { triageChannelId } : {}),
    ...(id('DISCORD_HELPDESK_ROLE') ? { helpDeskRoleId: id('DISCORD_HELPDESK_ROLE')! } : {}),
  };
}

/** The Discord part of the environment (mailhelp --help, docs/architecture.md "Configuration"), with the engine to run. */
export function discordOptionsFromEnv(env: NodeJS.ProcessEnv, engine: Pick<DiscordStartOptions, 'diagnose' | 'discover' | 'checkTargets' | 'diagnoseOptions'>): DiscordStartOptions {
  const text = (name: string): string | undefined => env[name]?.trim() || undefined;
  const options: DiscordStartOptions = { ...discordConfigFromEnv(env), ...engine, handleSignals: true };
  options.conversation = conversationModeFromEnv(env);
  const language = text('MAILHELP_LANG');
  if (language) options.defaultLanguage = language;
  const publicUrl = text('MAILHELP_PUBLIC_URL');
  if (publicUrl) options.publicUrl = publicUrl;
  const host = text('HOST');
  if (host) options.host = host;
  const port = Number(text('PORT'));
  if (text('PORT') && Number.isInteger(port) && port >= 0 && port < 65536) options.port = port;
  return options;
}
