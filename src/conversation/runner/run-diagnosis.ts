import type { Translate } from '../../i18n/translator';
import { activeSecrets } from '../../logging/active-secrets';
import type { DiagnosisLimits } from '../../policy/limits/diagnosis-limits';
import { busyMessage } from '../../policy/limits/limit-messages';
import type { DiagnoseEffect } from '../effects';
import type { Report } from '../../diagnosis/report';
import type { Credentials } from '../../settings/server-settings';
import type { ConversationEvent, DiagnosisFinishedEvent } from '../events';
import type { ConversationUser } from '../state';
import type { RenderedProgress } from './conversation-output';
import { admitRun, UNKNOWN_WORKSPACE } from './run-admission';
import type { BotMetrics } from '../../metrics/bot-metrics';
import type { Diagnose, RunnerDependencies, RunnerLogger } from './runner-dependencies';

/** What one run needs from the runner. */
export interface RunServices {
  diagnose: Diagnose;
  diagnoseOptions: RunnerDependencies['diagnoseOptions'];
  limits: DiagnosisLimits;
  logger: RunnerLogger;
  metrics?: BotMetrics | undefined;
  /** Feeds an event back into the run's conversation. */
  handle(event: ConversationEvent): Promise<void>;
  /** Keeps the report in the history and counts it towards outages; what it found rides on the event. */
  record?(report: Report): Promise<Pick<DiagnosisFinishedEvent, 'reportId' | 'knownOutage'>>;
  /**
   * Edits the run's progress message, in order with the conversation's own effects. `update`
   * gets the last progress the conversation showed for this run.
   */
  showProgress(update: (last: RenderedProgress | undefined) => RenderedProgress | undefined): Promise<void>;
}

/** A login other than the effect's password (the OAuth test's token), and what to make of the report. */
export interface RunLogin {
  credentials?: Credentials;
  /** The report as the conversation gets it (the sign-in finding added, set beside the password test). */
  finish?(report: Report): Report;
}

export interface RunTarget {
  /** The conversation's key string, for log lines. */
  id: string;
  platform: string;
  user: ConversationUser | undefined;
  t: Translate;
  language: string;
}

/**
 * One diagnosis, as background work: through the limits (refused, or waiting in line with its
 * place shown in the progress message), then the engine, then its result back into the
 * conversation. The slot is released however the run ends; cancel (`signal`) leaves the line or
 * stops the engine.
 */
export async function runDiagnosis(services: RunServices, run: RunTarget, effect: DiagnoseEffect, signal: AbortSignal, login: RunLogin = {}): Promise<void> {
  const { runId } = effect;
  const { t } = run;
  // The password leaves its Secret wrapper only here, for the engine, and is not kept. While it
  // exists, every log line is scrubbed of it, whatever a library puts into an error.
  const credentials: Credentials | undefined =
    login.credentials ?? (effect.credentials ? { user: effect.credentials.user, password: effect.credentials.password.reveal() } : undefined);
  const secret = credentials?.oauth?.accessToken ?? credentials?.password;
  const forget = secret ? activeSecrets.add(secret) : () => undefined;
  const ofThisRun = (last: RenderedProgress | undefined): RenderedProgress | undefined => (last?.runId === runId ? last : undefined);
  try {
    const requester = { user: run.user?.id ?? 'unknown', workspace: run.user?.workspace ?? UNKNOWN_WORKSPACE, platform: run.platform };
    const admission = await admitRun(services.limits, requester, signal, (position) => {
      void services.showProgress((last) => ({ runId, checks: [], ...ofThisRun(last), title: busyMessage(t, position), queuePosition: position, done: false }));
    });
    if (admission.kind === 'stopped') return;
    if (admission.kind === 'refused') {
      services.logger.warn({ conversation: run.id, limit: admission.refusal.reason }, 'diagnosis refused by a limit');
      // The machine marks the progress stopped and tells the user why, privately.
      if (!signal.aborted) await services.handle({ type: 'diagnosis_refused', runId, refusal: admission.refusal });
      return;
    }
    // It was "you are number N": the message goes back to saying what is being checked.
    if (admission.waited) await services.showProgress(ofThisRun);
    let event: ConversationEvent;
    try {
      const options = services.diagnoseOptions ?? {};
      const report = await services.diagnose(
        {
          settings: effect.settings,
          ...(credentials ? { credentials } : {}),
          options: {
            ...options,
            maxConnections: options.maxConnections ?? services.limits.config.maxConnections,
            ...(effect.provider ? { provider: effect.provider } : {}),
            signal,
            ...(services.metrics ? { onConnection: () => services.metrics?.connectionOpened() } : {}),
            onProgress: (check) => {
              if (!signal.aborted) void services.handle({ type: 'diagnosis_progress', runId, check });
            },
            // A step without an answer for a second or more (a silent port, a slow greeting, a
            // login answer slow on purpose): a progress line says what is waited for, where, and
            // the longest it will wait. The report's checks replace it at the end.
            onWaiting: (waiting) => {
              const where = waiting.host ? `${waiting.host}${waiting.port ? `:${waiting.port}` : ''} · ` : '';
              const check = { name: `${waiting.step}_wait`, target: waiting.target, status: 'warn' as const, ms: waiting.waitedMs, detail: `${where}≤ ${Math.ceil(waiting.maxMs / 1000)} s` };
              if (!signal.aborted) void services.handle({ type: 'diagnosis_progress', runId, check });
            },
          },
        },
        run.language,
      );
      const finished = login.finish ? login.finish(report) : report;
      const recorded = signal.aborted ? {} : await services.record?.(finished).catch((error: unknown) => {
        services.logger.warn({ conversation: run.id, err: error }, 'diagnosis could not be recorded');
        return {};
      });
      const ownRun = finished === report ? {} : { ownRun: { checks: report.checks, durationMs: report.durationMs } };
      event = { type: 'diagnosis_finished', runId, report: finished, ...ownRun, ...recorded };
      services.metrics?.diagnosisFinished(finished);
    } catch (error) {
      if (signal.aborted) return;
      // The details are for the admin's log (scrubbed of the password); the chat hears in plain
      // words that the bot failed, never a library's message ("getaddrinfo EAI_AGAIN …").
      services.logger.error({ conversation: run.id, err: error }, 'diagnosis failed');
      services.metrics?.diagnosisFailed();
      event = { type: 'diagnosis_failed', runId };
    } finally {
      admission.slot.release();
    }
    if (!signal.aborted) await services.handle(event);
  } finally {
    forget();
  }
}

export function errorName(error: unknown): string {
  if (error instanceof Error) return (error as Error & { code?: string }).code ?? error.name;
  return typeof error;
}
