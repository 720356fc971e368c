import { REAL_SCHEDULER, type Scheduler } from '../conversation/runner/idle-timers';
import type { RunnerLogger } from '../conversation/runner/runner-dependencies';
import { SILENT_LOGGER } from '../conversation/runner/runner-dependencies';
import { VersionConflictError } from '../store/store-errors';
import { type ChangeOptions, detectChanges, type WatchAlert } from './detect-changes';
import type { Observation } from './observe';
import { LocalScheduleLock, type ScheduleLock } from './schedule-lock';
import type { Watch } from './watch';
import type { WatchStore } from './watch-store';

/** One round of checks of one watch (the engine without a login; see watch-check). */
export type CheckWatch = (watch: Watch, signal: AbortSignal) => Promise<Observation>;

/** Posts an alert to the watch's channel; rejects when it could not. */
export type PostAlert = (watch: Watch, alert: WatchAlert) => Promise<void>;

export interface SchedulerEvents {
  checked?(watch: Watch, observation: Observation): void;
  alerted?(watch: Watch, alert: WatchAlert, posted: boolean): void;
}

export interface WatchSchedulerOptions {
  store: WatchStore;
  check: CheckWatch;
  post: PostAlert;
  lock?: ScheduleLock;
  /** Real timers by default; tests use sinon's fake timers or a hand-driven clock. */
  clock?: Scheduler;
  /** In [0, 1); Math.random by default. */
  random?: () => number;
  /** How often due watches are looked for (and the lock renewed). */
  tickMs?: number;
  /** Checks running at once in this process: watches never crowd out users' diagnoses. */
  concurrency?: number;
  /** Each interval is stretched or shortened by up to this share, so watches drift apart. */
  jitter?: number;
  /** How soon a failed check is repeated to confirm a down before it is posted. */
  confirmDelayMs?: number;
  confirmChecks?: ChangeOptions['confirmChecks'];
  /**
   * After a restart (or a takeover), overdue watches are spread over this long instead of all
   * being checked at once.
   */
  restartSpreadMs?: number;
  /**
   * A claimed check is given this long before another holder may run it again (a process that
   * died mid-check leaves its claim behind).
   */
  claimMs?: number;
  logger?: RunnerLogger;
  events?: SchedulerEvents;
}

export const DEFAULT_TICK_MS = 5_000;

/**
 * Runs every watch on its interval: finds the due ones, checks them a few at a time, compares
 * with what was seen before, saves the new state with compare-and-set and only then posts what
 * changed. The state (next check time, what was announced) lives in the store, so a restart or
 * another process taking over neither repeats an alert nor checks everything at once.
 */
export class WatchScheduler {
  readonly #o: Required<Omit<WatchSchedulerOptions, 'events' | 'confirmChecks'>> & Pick<WatchSchedulerOptions, 'events' | 'confirmChecks'>;
  readonly #running = new Map<string, AbortController>();
  readonly #inFlight = new Set<Promise<void>>();
  #timer: unknown;
  #holding = false;
  #stopped = true;
  #ticking: Promise<void> | undefined;

  constructor(options: WatchSchedulerOptions) {
    const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
    this.#o = {
      lock: new LocalScheduleLock(),
      clock: REAL_SCHEDULER,
      random: Math.random,
      tickMs,
      concurrency: 2,
      jitter: 0.1,
      confirmDelayMs: 30_000,
      restartSpreadMs: 60_000,
      claimMs: 5 * 60_000,
      logger: SILENT_LOGGER,
      ...options,
    };
  }

  /** Whether this process holds the schedule right now. */
  get holding(): boolean {
    return this.#holding;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops the timer, cancels running checks (their state is not saved) and gives up the lock. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#o.clock.clearTimer(this.#timer);
    this.#timer = undefined;
    for (const controller of this.#running.values()) controller.abort();
    await this.#ticking;
    await Promise.allSettled([...this.#inFlight]);
    if (this.#holding) await this.#o.lock.release().catch(() => undefined);
    this.#holding = false;
  }

  /** Resolves when the checks started so far have finished (tests). */
  async settled(): Promise<void> {
    await this.#ticking;
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }

  /** The next check time for a watch checked (or added) at `now`: its interval, jittered. */
  nextAfter(now: number, intervalMs: number): number {
    const spread = (this.#o.random() * 2 - 1) * this.#o.jitter;
    return Math.round(now + intervalMs * (1 + spread));
  }

  /** One tick: keep (or take) the lock, then start the due checks. */
  async tick(): Promise<void> {
    const run = this.#tickOnce();
    this.#ticking = run;
    try {
      await run;
    } finally {
      if (this.#ticking === run) this.#ticking = undefined;
    }
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = this.#o.clock.setTimer(() => {
      void this.tick().finally(() => this.#schedule(this.#o.tickMs));
    }, ms);
  }

  async #tickOnce(): Promise<void> {
    const wasHolding = this.#holding;
    try {
      this.#holding = await this.#o.lock.hold();
    } catch (error) {
      this.#holding = false;
      this.#o.logger.warn({ err: error }, 'watch: schedule lock unavailable');
    }
    if (!this.#holding) {
      if (wasHolding) this.#o.logger.warn({}, 'watch: lost the schedule lock');
      for (const controller of this.#running.values()) controller.abort();
      return;
    }
    try {
      const watches = await this.#o.store.list();
      const now = this.#o.clock.now();
      if (!wasHolding) await this.#spreadOverdue(watches.map((w) => w.value), now);
      const due = (await this.#o.store.list())
        .filter((w) => w.value.nextCheckAt <= now && !this.#running.has(w.value.id))
        .sort((a, b) => a.value.nextCheckAt - b.value.nextCheckAt);
      for (const entry of due.slice(0, Math.max(0, this.#o.concurrency - this.#running.size))) this.#startCheck(entry.value.id);
    } catch (error) {
      this.#o.logger.warn({ err: error }, 'watch: could not read the watches');
    }
  }

  /**
   * Taking the schedule (a start, or another process's death): whatever is overdue is due at
   * a random moment of the next `restartSpreadMs` (or its interval, if shorter), not now.
   */
  async #spreadOverdue(watches: Watch[], now: number): Promise<void> {
    for (const watch of watches) {
      if (watch.nextCheckAt > now) continue;
      const window = Math.min(this.#o.restartSpreadMs, watch.intervalMs);
      await this.#saveNext(watch.id, now + Math.round(this.#o.random() * window));
    }
  }

  async #saveNext(id: string, nextCheckAt: number): Promise<void> {
    const current = await this.#o.store.get(id);
    if (!current) return;
    await this.#o.store.update({ ...current.value, nextCheckAt }, current.version).catch((error: unknown) => {
      if (!(error instanceof VersionConflictError)) throw error;
    });
  }

  #startCheck(id: string): void {
    const controller = new AbortController();
    this.#running.set(id, controller);
    const run = this.#checkOne(id, controller.signal)
      .catch((error: unknown) => this.#o.logger.warn({ watch: id, err: error }, 'watch: check failed'))
      .finally(() => {
        this.#running.delete(id);
        this.#inFlight.delete(run);
      });
    this.#inFlight.add(run);
  }

  async #checkOne(id: string, signal: AbortSignal): Promise<void> {
    const { store, clock } = this.#o;
    const before = await store.get(id);
    if (!before || before.value.nextCheckAt > clock.now()) return;
    // Claimed first: a process that takes over while this check runs does not start it again.
    let claimed;
    try {
      claimed = await store.update({ ...before.value, nextCheckAt: clock.now() + this.#o.claimMs }, before.version);
    } catch (error) {
      if (error instanceof VersionConflictError) return;
      throw error;
    }
    const observation = await this.#o.check(claimed.value, signal);
    if (signal.aborted || !this.#holding) return;
    this.#o.events?.checked?.(claimed.value, observation);
    const now = clock.now();
    const change = detectChanges(claimed.value.state, observation, { now, ...(this.#o.confirmChecks ? { confirmChecks: this.#o.confirmChecks } : {}) });
    const confirming = change.state.failures > 0 && change.state.status !== 'down';
    const nextCheckAt = confirming ? now + Math.min(this.#o.confirmDelayMs, claimed.value.intervalMs) : this.nextAfter(now, claimed.value.intervalMs);
    const watch: Watch = { ...claimed.value, state: change.state, nextCheckAt };
    try {
      // Saved before posting: if this fails (removed, or another process got there first), no alert.
      await store.update(watch, claimed.version);
    } catch (error) {
      if (error instanceof VersionConflictError) return;
      throw error;
    }
    for (const alert of change.alerts) {
      const posted = await this.#o.post(watch, alert).then(
        () => true,
        (error: unknown) => {
          this.#o.logger.warn({ watch: id, alert: alert.kind, err: error }, 'watch: alert could not be posted');
          return false;
        },
      );
      this.#o.events?.alerted?.(watch, alert, posted);
    }
  }
}
