import type { DiagnoseOptions, DiagnoseRequest } from '../../diagnosis/diagnose-request';
import type { Report } from '../../diagnosis/report';
import type { Discover } from '../../discovery/discovery-result';
import type { ConversationStore } from '../../store/conversation-store';
import type { PreferenceStore } from '../../store/preference-store';
import type { ConversationState } from '../state';
import type { Scheduler } from './idle-timers';

/** The engine as the runner calls it: `diagnose()` from src/diagnosis/diagnose, or a test double. */
export type Diagnose = (request: DiagnoseRequest, language: string) => Promise<Report>;

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
  preferences?: PreferenceStore;
  /** Deadlines, resolvers, blocklists, allowed networks (the environment's configuration). */
  diagnoseOptions?: Omit<DiagnoseOptions, 'onProgress' | 'signal'>;
  /** MAILHELP_LANG: for users whose platform gives no locale. */
  defaultLanguage?: string;
  scheduler?: Scheduler;
  logger?: RunnerLogger;
}

export const SILENT_LOGGER: RunnerLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
