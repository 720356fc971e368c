import { matchLanguage, translator } from '../../i18n/translator';
import { DiagnosisLimits } from '../../policy/limits/diagnosis-limits';
import { limitsFromEnv } from '../../policy/limits/limits-config';
import { ConversationEndedError } from '../../errors/conversation-ended-error';
import { type ConversationKey, keyString } from '../../store/conversation-key';
import { NO_VERSION } from '../../store/conversation-store';
import { VersionConflictError } from '../../store/store-errors';
import type { DiagnoseEffect, Effect } from '../effects';
import type { AccountSettings } from '../../settings/server-settings';
import type { ConversationEvent, StartedEvent } from '../events';
import { IDLE_TIMEOUT_MS } from '../limits';
import { transition } from '../machine';
import { isAdminCommand } from '../parse/parse-admin-command';
import { Secret } from '../secret';
import { text } from '../text';
import type { Transition } from '../transition';
import type { ConversationState } from '../state';
import { BackgroundWork } from './background-work';
import type { ConversationOutput, RenderedProgress } from './conversation-output';
import { type ConversationView, viewOf } from './conversation-view';
import { IdleTimers, REAL_SCHEDULER, type Scheduler } from './idle-timers';
import { KeyQueue } from './key-queue';
import { LoginLinkBridge } from './login-link-bridge';
import { renderBlocks } from './render-effects';
import { recordReport } from './record-report';
import { showEffect } from './show-effect';
import type { EffectContext } from './effect-context';
import { errorName } from './run-diagnosis';
import { UNKNOWN_WORKSPACE } from './run-admission';
import { runSignInDiagnosis, type SignInServices } from './run-sign-in';
import { SignInOffers } from './sign-in-offers';
import { RunOwnership } from './run-ownership';
import { isStoreUnavailable } from '../../store/store-errors';
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
  /** The last progress each conversation showed, to restore after "you are number N". */
  readonly #progress = new Map<string, RenderedProgress>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #limits: DiagnosisLimits;
  readonly #links: LoginLinkBridge | undefined;
  readonly #ownership: RunOwnership | undefined;
  readonly #signIn: SignInOffers;
  #stopSweeping: () => void = () => undefined;

  constructor(deps: RunnerDependencies) {
    this.#deps = deps;
    this.#scheduler = deps.scheduler ?? REAL_SCHEDULER;
    this.#logger = deps.logger ?? SILENT_LOGGER;
    this.#idle = new IdleTimers(this.#scheduler, IDLE_TIMEOUT_MS);
    this.#limits = deps.limits ?? new DiagnosisLimits(limitsFromEnv());
    this.#links = deps.loginLinks ? new LoginLinkBridge(deps.loginLinks) : undefined;
    this.#ownership = deps.coordination ? new RunOwnership(deps.coordination, deps.store, this.#logger) : undefined;
    this.#signIn = new SignInOffers(deps.signIn, deps.oauthPage, this.#logger);
  }

  /**
   * Several processes: every lock TTL, looks for diagnoses whose process died and tells their
   * users, through an output the adapter makes for the conversation (`outputFor`).
   */
  recoverInterruptedRuns(outputFor: (key: ConversationKey, userId: string) => ConversationOutput | undefined): void {
    const ownership = this.#ownership;
    if (!ownership) return;
    this.#stopSweeping();
    let sweeping = false;
    const timer = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      void ownership
        .sweep(
          (id, runId) => this.#work.has(id, `run:${runId}`),
          (key, runId, state) => this.handle(key, { type: 'diagnosis_interrupted', runId }, outputFor(key, state.user.id)),
          () => this.#scheduler.now(),
        )
        .catch((error: unknown) => this.#logger.warn({ err: error }, 'looking for interrupted diagnoses failed'))
        .finally(() => (sweeping = false));
    }, ownership.ttlMs);
    timer.unref();
    this.#stopSweeping = () => clearInterval(timer);
  }

  /** Conversations whose idle timer runs in this process (the conversations-active metric). */
  get openConversations(): number {
    return this.#idle.size;
  }

  /** The limits every diagnosis goes through (shutdown closes them: no new diagnoses). */
  get limits(): DiagnosisLimits {
    return this.#limits;
  }

  /**
   * `/mailhelp` before the adapter makes a place for it: the start with the user's remembered
   * language, their rights for a channel command, and a limit that already holds. When it
   * opens no conversation (help, `lang de`, a refusal, a channel command), the adapter answers
   * it privately and makes no thread or root message: nothing public for what concerns one person.
   * The machine is pure, so this preview and the `handle` that follows reach the same answer.
   */
  async prepareStart(platform: string, event: StartedEvent, output?: ConversationOutput): Promise<PreparedStart> {
    const prepared = await this.#withPreferences(platform, event, output);
    const requester = { user: event.user.id, workspace: event.user.workspace ?? UNKNOWN_WORKSPACE, platform };
    const refusal = await this.#limits.check(requester).catch((error: unknown) => {
      // The check is a courtesy: the diagnosis goes through the limits again when it starts.
      this.#logger.warn({ err: error }, 'limit check at /mailhelp failed');
      return undefined;
    });
    const started: StartedEvent = refusal ? { ...prepared, refusal } : prepared;
    const preview = transition(undefined, started, { now: this.#scheduler.now() });
    return { event: started, opensConversation: preview.state !== undefined };
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

  /** What an adapter may know of the conversation: whose, its language, whether it works (store errors are thrown). */
  async conversation(key: ConversationKey): Promise<ConversationView | undefined> {
    return viewOf((await this.#deps.store.get(key))?.value);
  }

  /**
   * The password from the one-time page (`loginLinks`), by the link's conversation key: it enters
   * the conversation as the login form's answer. Throws ConversationEndedError when the
   * conversation no longer waits for a password, so the page can say so.
   */
  async submitLoginPassword(conversationKey: string, password: string): Promise<void> {
    const open = this.#links?.take(conversationKey);
    if (!open) throw new ConversationEndedError();
    const stored = await this.#deps.store.get(open.key);
    if (stored?.value.step !== 'login_form') throw new ConversationEndedError();
    const values = { user: open.user, password: new Secret(password) };
    await this.handle(open.key, { type: 'form_submitted', formId: 'login', values });
  }

  /** Stops every diagnosis and timer (shutdown). Stored conversations stay for another process. */
  async close(): Promise<void> {
    this.#stopSweeping();
    this.#idle.stopAll();
    this.#work.abortAll();
    await this.settled();
  }

  async #handleNow(key: ConversationKey, id: string, event: ConversationEvent): Promise<void> {
    if (PERSON_EVENTS.has(event.type)) await this.#noticeInterrupted(key, id);
    const prepared = await this.#withPreferences(key.platform, event, this.#outputs.get(id));
    const { result, before } = await this.#commit(key, prepared);
    this.#logger.debug({ conversation: id, event: event.type, from: before?.step, to: result.state?.step, effects: result.effects.map((e) => e.type) }, 'conversation event');
    // A one-answer command (help, watch, history) keeps no state: its words follow the start event.
    const startLanguage = prepared.type === 'started' ? (matchLanguage(prepared.preferredLanguage) ?? matchLanguage(prepared.locale)) : undefined;
    // `/mailhelp lang de` keeps no conversation, yet its answer is already in German.
    const chosen = result.effects.find((e) => e.type === 'remember_language')?.language;
    const language = chosen ?? result.state?.language ?? startLanguage ?? before?.language ?? matchLanguage(this.#deps.defaultLanguage) ?? 'en';
    const context: EffectContext = { key, id, t: translator(language), language, state: result.state ?? before };
    for (const effect of result.effects) await this.#perform(effect, context);
    // A link to the password page is good only while the conversation waits for the password.
    if (result.state?.step !== 'login_form') this.#links?.revoke(id);
    if (result.state) this.#idle.restart(id, () => void this.handle(key, { type: 'timed_out' }));
    else this.#forget(id);
  }

  /**
   * The user speaks in a conversation whose diagnosis died with its process (this one before a
   * restart, or another): first tell them, with the button to run it again.
   */
  async #noticeInterrupted(key: ConversationKey, id: string): Promise<void> {
    if (!this.#ownership) return;
    const state = (await this.#deps.store.get(key))?.value;
    if (!state?.run || this.#work.has(id, `run:${state.run.id}`)) return;
    const runId = await this.#ownership.interrupted(id, state, this.#scheduler.now());
    if (runId !== undefined) await this.#handleNow(key, id, { type: 'diagnosis_interrupted', runId });
  }

  /**
   * A new conversation gets the user's remembered language before the machine sees it, and a
   * channel command the user's roles, asked from the adapter only then (a platform call).
   */
  async #withPreferences<E extends ConversationEvent>(platform: string, event: E, output: ConversationOutput | undefined): Promise<E> {
    if (event.type !== 'started') return event;
    const remembered = event.preferredLanguage ?? (await this.#deps.preferences?.getLanguage(platform, event.user.id));
    const app = event.preferredApp ?? (await this.#deps.preferences?.getApp(platform, event.user.id).catch(() => undefined));
    const locale = event.locale ?? this.#deps.defaultLanguage;
    const roles = event.roles ?? (isAdminCommand(event.text.replace(/^\s*\/mailhelp\b/iu, '')) ? await output?.roles?.().catch(() => undefined) : undefined);
    return { ...event, ...(remembered ? { preferredLanguage: remembered } : {}), ...(app ? { preferredApp: app } : {}), ...(locale ? { locale } : {}), ...(roles ? { roles } : {}) };
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
        case 'check_targets':
          return this.#checkTargets(ctx, effect.requestId, effect.settings);
        case 'diagnose':
          return this.#diagnose(ctx, effect);
        case 'cancel_diagnosis':
          return this.#work.abort(ctx.id, `run:${effect.runId}`);
        case 'remember_app':
          await this.#deps.preferences?.setApp(ctx.key.platform, effect.user.id, effect.app);
          return;
        case 'remember_language':
          await this.#deps.preferences?.setLanguage(ctx.key.platform, effect.user.id, effect.language);
          return;
        case 'admin_command': {
          const place = { platform: ctx.key.platform, channel: ctx.key.channel, ...(effect.user.workspace ? { workspace: effect.user.workspace } : {}) };
          const answer = this.#deps.commands
            ? await this.#deps.commands.run(effect.command, { place, user: effect.user, language: ctx.language })
            : text('watch:command.unavailable');
          return await output?.say(renderBlocks(ctx.t, answer));
        }
        case 'end':
          this.#work.abortAll(ctx.id);
          return await output?.end();
      }
      if (!output) return;
      // Queued behind this event: the machine tells the user whether the help desk has it.
      const escalated = (ok: boolean): void => void this.handle(ctx.key, { type: 'escalation_finished', ok });
      return await showEffect(effect, ctx, output, { links: this.#links, logger: this.#logger, progress: this.#progress, escalated });
    } catch (error) {
      // A message that could not be posted must not stop the conversation; say which kind failed.
      this.#logger.warn({ conversation: ctx.id, effect: effect.type, err: error }, 'effect failed');
      this.#deps.metrics?.chatApiError(ctx.key.platform);
    }
  }

  #discover(ctx: EffectContext, requestId: number, email: string): void {
    this.#work.start(ctx.id, 'discover', async (signal) => {
      let event: ConversationEvent;
      try {
        event = { type: 'discovery_finished', requestId, result: await this.#deps.discover(email, { signal }) };
      } catch (error) {
        if (signal.aborted) return;
        this.#logger.warn({ conversation: ctx.id, err: error }, 'discovery failed');
        event = { type: 'discovery_failed', requestId, reason: errorName(error) };
      }
      if (!signal.aborted) await this.#handleWithSignInOffer(ctx, event);
    });
  }

  /** Without a policy check configured (tests of other parts), every server counts as allowed. */
  #checkTargets(ctx: EffectContext, requestId: number, settings: AccountSettings): void {
    const check = this.#deps.checkTargets;
    this.#work.start(ctx.id, 'check_targets', async (signal) => {
      const refusals = check
        ? await check(settings, { signal }).catch((error: unknown) => {
            // The diagnosis applies the policy again, on the very addresses it connects to.
            this.#logger.warn({ conversation: ctx.id, err: error }, 'target check failed');
            return [];
          })
        : [];
      if (!signal.aborted) await this.handle(ctx.key, { type: 'targets_checked', requestId, refusals });
    });
  }

  #diagnose(ctx: EffectContext, effect: DiagnoseEffect): void {
    const run = { id: ctx.id, platform: ctx.key.platform, user: ctx.state?.user, t: ctx.t, language: ctx.language };
    const name = `run:${effect.runId}`;
    this.#work.start(ctx.id, name, async (signal) => {
      // Several processes: the run holds its lock while it goes on, so others know it is alive.
      const letGo = this.#ownership ? await this.#ownership.hold(ctx.key, ctx.id, effect.runId, () => this.#work.abort(ctx.id, name)) : undefined;
      try {
        // A password run goes straight to the engine; the OAuth test gets its token first.
        await runSignInDiagnosis(this.#runServices(ctx), run, effect, signal);
      } finally {
        await letGo?.();
      }
    });
  }

  /** A finished discovery or diagnosis, told whether this surface can run the OAuth sign-in test. */
  #handleWithSignInOffer(ctx: EffectContext, event: ConversationEvent): Promise<void> {
    return this.handle(ctx.key, this.#signIn.enrich(event, ctx.state, this.#outputs.get(ctx.id)));
  }

  #runServices(ctx: EffectContext): SignInServices {
    return {
      diagnose: this.#deps.diagnose,
      diagnoseOptions: this.#deps.diagnoseOptions,
      limits: this.#limits,
      logger: this.#logger,
      metrics: this.#deps.metrics,
      handle: (event) => this.#handleWithSignInOffer(ctx, event),
      signIn: this.#signIn.setup,
      oauthPage: this.#signIn.page,
      showSignInCode: (code) =>
        this.#queue.run(ctx.id, async () => {
          const output = this.#outputs.get(ctx.id);
          if (!output?.showSignInCode) return false;
          await output.showSignInCode(code);
          return true;
        }),
      record: (report) => recordReport({ ...this.#deps, logger: this.#logger, now: () => this.#scheduler.now() }, ctx, this.#outputs.get(ctx.id), report),
      showProgress: (update) =>
        this.#queue.run(ctx.id, async () => {
          const output = this.#outputs.get(ctx.id);
          const progress = update(this.#progress.get(ctx.id));
          if (!output || !progress) return;
          try {
            await output.progress(progress);
          } catch (error) {
            this.#logger.warn({ conversation: ctx.id, effect: 'progress', err: error }, 'effect failed');
          }
        }),
    };
  }

  /**
   * A store that is down, or a bug: the user hears that something went wrong instead of
   * silence, and the adapter's call still resolves (nothing crashes).
   */
  async #failed(id: string, event: ConversationEvent, error: unknown): Promise<void> {
    this.#logger.error({ conversation: id, event: event.type, err: error }, 'event failed');
    if (event.type === 'diagnosis_progress' || event.type === 'timed_out') return;
    const language = matchLanguage(this.#deps.defaultLanguage) ?? 'en';
    const t = translator(language);
    // Redis down or slow: say so plainly; the client reconnects by itself meanwhile.
    const message = isStoreUnavailable(error) ? 'store:unavailable' : 'conversation:common.internal_error';
    try {
      await this.#outputs.get(id)?.say(renderBlocks(t, { key: message }));
    } catch {
      // The platform is failing too; the log line above is all that can be done.
    }
  }

  #forget(id: string): void {
    this.#idle.stop(id);
    this.#work.abortAll(id);
    this.#outputs.delete(id);
    this.#progress.delete(id);
    this.#links?.revoke(id);
  }
}

/** Events a person causes: before one of them, a dead diagnosis is noticed and reported. */
const PERSON_EVENTS = new Set<ConversationEvent['type']>(['text', 'choice', 'form_submitted', 'form_closed', 'cancelled']);

/** What `prepareStart` found: the start to hand to `handle`, and whether it needs a place of its own. */
export interface PreparedStart {
  event: StartedEvent;
  /** False: the answer concerns the user alone (help, a language, a refusal): answer privately, open no thread. */
  opensConversation: boolean;
}
