import type { Translate } from '../../i18n/translator';
import { matchLanguage, translator } from '../../i18n/translator';
import { buildReportDocument } from '../../report-document/build-report-document';
import { type ConversationKey, keyString } from '../../store/conversation-key';
import { NO_VERSION } from '../../store/conversation-store';
import { VersionConflictError } from '../../store/store-errors';
import type { DiagnoseEffect, Effect } from '../effects';
import type { ConversationEvent } from '../events';
import { IDLE_TIMEOUT_MS } from '../limits';
import { transition } from '../machine';
import type { Transition } from '../transition';
import type { ConversationState } from '../state';
import { BackgroundWork } from './background-work';
import type { ConversationOutput } from './conversation-output';
import { IdleTimers, REAL_SCHEDULER, type Scheduler } from './idle-timers';
import { KeyQueue } from './key-queue';
import { renderBlocks, renderChoice, renderFinding, renderForm, renderProgress, renderQuestion } from './render-effects';
import { type RunnerDependencies, type RunnerLogger, SILENT_LOGGER } from './runner-dependencies';

/** Re-reads after a version conflict; more than this many in a row means something is wrong. */
const MAX_ATTEMPTS = 5;
/** The store keeps a conversation a little past the idle timeout, so the timer says goodbye first. */
const STORE_GRACE_MS = 60_000;

/**
 * Executes the machine's effects: reads the conversation, applies the event, writes it back
 * with compare-and-set, then performs the effects through the adapter's output. Discovery and
 * diagnoses run in the background and come back as events.
 */
export class ConversationRunner {
  readonly #deps: RunnerDependencies;
  readonly #scheduler: Scheduler;
  readonly #logger: RunnerLogger;
  readonly #queue = new KeyQueue();
  readonly #work = new BackgroundWork();
  readonly #idle: IdleTimers;
  readonly #outputs = new Map<string, ConversationOutput>();
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(deps: RunnerDependencies) {
    this.#deps = deps;
    this.#scheduler = deps.scheduler ?? REAL_SCHEDULER;
    this.#logger = deps.logger ?? SILENT_LOGGER;
    this.#idle = new IdleTimers(this.#scheduler, IDLE_TIMEOUT_MS);
  }

  /** Handle one event for one conversation; resolves when its effects have been performed. */
  handle(key: ConversationKey, event: ConversationEvent, output?: ConversationOutput): Promise<void> {
    const id = keyString(key);
    if (output) this.#outputs.set(id, output);
    const promise = this.#queue.run(id, () => this.#handleNow(key, id, event).catch((error: unknown) => this.#failed(id, event, error)));
    this.#inFlight.add(promise);
    void promise.finally(() => this.#inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** Resolves when every event and every background discovery or diagnosis has finished. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0 || this.#work.running > 0) {
      await Promise.allSettled([...this.#inFlight]);
      await this.#work.settled();
    }
  }

  /** Stops every diagnosis and timer (shutdown). Stored conversations stay for another process. */
  async close(): Promise<void> {
    this.#idle.stopAll();
    this.#work.abortAll();
    await this.settled();
  }

  async #handleNow(key: ConversationKey, id: string, event: ConversationEvent): Promise<void> {
    const prepared = await this.#withPreferences(key, event);
    const { result, before } = await this.#commit(key, prepared);
    this.#logger.debug({ conversation: id, event: event.type, from: before?.step, to: result.state?.step, effects: result.effects.map((e) => e.type) }, 'conversation event');
    const language = result.state?.language ?? before?.language ?? matchLanguage(this.#deps.defaultLanguage) ?? 'en';
    const context: EffectContext = { key, id, t: translator(language), language, state: result.state ?? before };
    for (const effect of result.effects) await this.#perform(effect, context);
    if (result.state) this.#idle.restart(id, () => void this.handle(key, { type: 'timed_out' }));
    else this.#forget(id);
  }

  /** A new conversation gets the user's remembered language before the machine sees it. */
  async #withPreferences(key: ConversationKey, event: ConversationEvent): Promise<ConversationEvent> {
    if (event.type !== 'started') return event;
    const remembered = event.preferredLanguage ?? (await this.#deps.preferences?.getLanguage(key.platform, event.user.id));
    const locale = event.locale ?? this.#deps.defaultLanguage;
    return { ...event, ...(remembered ? { preferredLanguage: remembered } : {}), ...(locale ? { locale } : {}) };
  }

  /** Read, transition, write with compare-and-set; on a conflict read again and re-apply the event. */
  async #commit(key: ConversationKey, event: ConversationEvent): Promise<{ result: Transition; before: ConversationState | undefined }> {
    const { store } = this.#deps;
    for (let attempt = 1; ; attempt += 1) {
      const stored = await store.get(key);
      const result = transition(stored?.value, event, { now: this.#scheduler.now() });
      try {
        if (result.state) {
          await store.put(key, result.state, { expectedVersion: stored?.version ?? NO_VERSION, ttlMs: IDLE_TIMEOUT_MS + STORE_GRACE_MS });
        } else if (stored) {
          await store.delete(key, stored.version);
        }
        return { result, before: stored?.value };
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  async #perform(effect: Effect, ctx: EffectContext): Promise<void> {
    const output = this.#outputs.get(ctx.id);
    try {
      switch (effect.type) {
        case 'discover':
          return this.#discover(ctx, effect.requestId, effect.email);
        case 'diagnose':
          return this.#diagnose(ctx, effect);
        case 'cancel_diagnosis':
          return this.#work.abort(ctx.id, `run:${effect.runId}`);
        case 'remember_language':
          if (ctx.state) await this.#deps.preferences?.setLanguage(ctx.key.platform, ctx.state.user.id, effect.language);
          return;
        case 'end':
          this.#work.abortAll(ctx.id);
          return await output?.end();
      }
      if (!output) return;
      switch (effect.type) {
        case 'say':
          return await output.say(renderBlocks(ctx.t, effect.text));
        case 'ask':
          return await output.ask(renderQuestion(ctx.t, effect));
        case 'open_form':
          return await output.openForm(renderForm(ctx.t, effect.form));
        case 'progress':
          return await output.progress(renderProgress(ctx.t, effect));
        case 'report': {
          const extraFindings = effect.extraFindings.map((f) => renderFinding(ctx.t, f));
          const document = buildReportDocument(effect.report, ctx.t, { language: ctx.language, extraFindings });
          return await output.report(document, effect.actions.map((a) => renderChoice(ctx.t, a)));
        }
        case 'escalate': {
          const extraFindings = effect.extraFindings.map((f) => renderFinding(ctx.t, f));
          return await output.escalate(buildReportDocument(effect.report, ctx.t, { language: ctx.language, extraFindings }), effect.user);
        }
        case 'hide_message':
          return await output.hideMessage(effect.messageId);
      }
    } catch (error) {
      // A message that could not be posted must not stop the conversation; say which kind failed.
      this.#logger.warn({ conversation: ctx.id, effect: effect.type, error: errorName(error) }, 'effect failed');
    }
  }

  #discover(ctx: EffectContext, requestId: number, email: string): void {
    this.#work.start(ctx.id, 'discover', async (signal) => {
      let event: ConversationEvent;
      try {
        event = { type: 'discovery_finished', requestId, result: await this.#deps.discover(email, { signal }) };
      } catch (error) {
        if (signal.aborted) return;
        this.#logger.warn({ conversation: ctx.id, error: errorName(error) }, 'discovery failed');
        event = { type: 'discovery_failed', requestId, reason: errorName(error) };
      }
      if (!signal.aborted) await this.handle(ctx.key, event);
    });
  }

  #diagnose(ctx: EffectContext, effect: DiagnoseEffect): void {
    const { runId } = effect;
    // The password leaves its Secret wrapper only here, for the engine, and is not kept.
    const credentials = effect.credentials ? { user: effect.credentials.user, password: effect.credentials.password.reveal() } : undefined;
    this.#work.start(ctx.id, `run:${runId}`, async (signal) => {
      let event: ConversationEvent;
      try {
        const report = await this.#deps.diagnose(
          {
            settings: effect.settings,
            ...(credentials ? { credentials } : {}),
            options: {
              ...this.#deps.diagnoseOptions,
              signal,
              onProgress: (check) => {
                if (!signal.aborted) void this.handle(ctx.key, { type: 'diagnosis_progress', runId, check });
              },
            },
          },
          ctx.language,
        );
        event = { type: 'diagnosis_finished', runId, report };
      } catch (error) {
        if (signal.aborted) return;
        this.#logger.error({ conversation: ctx.id, error: errorName(error) }, 'diagnosis failed');
        event = { type: 'diagnosis_failed', runId, reason: redact(errorMessage(error), credentials?.password) };
      }
      if (!signal.aborted) await this.handle(ctx.key, event);
    });
  }

  /**
   * A store that is down, or a bug: the user hears that something went wrong instead of
   * silence, and the adapter's call still resolves (nothing crashes).
   */
  async #failed(id: string, event: ConversationEvent, error: unknown): Promise<void> {
    this.#logger.error({ conversation: id, event: event.type, error: errorName(error) }, 'event failed');
    if (event.type === 'diagnosis_progress' || event.type === 'timed_out') return;
    const language = matchLanguage(this.#deps.defaultLanguage) ?? 'en';
    const t = translator(language);
    try {
      await this.#outputs.get(id)?.say(renderBlocks(t, { key: 'conversation:common.internal_error' }));
    } catch {
      // The platform is failing too; the log line above is all that can be done.
    }
  }

  #forget(id: string): void {
    this.#idle.stop(id);
    this.#work.abortAll(id);
    this.#outputs.delete(id);
  }
}

interface EffectContext {
  key: ConversationKey;
  id: string;
  t: Translate;
  language: string;
  state: ConversationState | undefined;
}

function errorName(error: unknown): string {
  if (error instanceof Error) return (error as Error & { code?: string }).code ?? error.name;
  return typeof error;
}

/** In case a server or library quoted the password back in an error, it is cut out. */
function redact(message: string, password: string | undefined): string {
  return password ? message.split(password).join('[redacted]') : message;
}

/** The engine's own message for people; cut short, it never contains the password. */
function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
