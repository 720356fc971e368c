import type { Diagnose, RunnerLogger } from '../conversation/runner/runner-dependencies';
import type { MessageBlock } from '../conversation/runner/conversation-output';
import { renderBlocks } from '../conversation/runner/render-effects';
import type { Scheduler } from '../conversation/runner/idle-timers';
import type { DiagnoseOptions } from '../diagnosis/diagnose-request';
import type { Discover } from '../discovery/discovery-result';
import { DiagnosisRecorder } from '../history/diagnosis-recorder';
import { HistoryCommands } from '../history/history-commands';
import { DEFAULT_RETENTION_MS } from '../history/history-record';
import { type HistoryStore, MemoryHistoryStore } from '../history/history-store';
import { translator } from '../i18n/translator';
import { DEFAULT_OUTAGE_REPORTS, DEFAULT_OUTAGE_WINDOW_MS, MemoryOutageStore, type Outage, OutageDetector, type OutageStore } from '../outage/outage-detector';
import { TargetPolicy } from '../policy/target-policy';
import { alertText } from '../watch/alert-text';
import type { WatchAlert } from '../watch/detect-changes';
import type { ScheduleLock } from '../watch/schedule-lock';
import { DEFAULT_INTERVAL_MS, type Watch } from '../watch/watch';
import { createWatchCheck } from '../watch/watch-check';
import { WatchCommands } from '../watch/watch-commands';
import { WatchScheduler, type WatchSchedulerOptions } from '../watch/watch-scheduler';
import { MemoryWatchStore, type WatchStore } from '../watch/watch-store';
import { channelCommands } from './channel-commands';

/** Posts a message in a channel of one platform (Slack chat.postMessage, a Discord channel, the terminal). */
export type ChannelPoster = (channel: string, message: MessageBlock[]) => Promise<void>;

export interface HelpDeskConfig {
  intervalMs: number;
  /** The shortest interval a watch may ask for (tests and the lab use seconds). */
  minIntervalMs?: number;
  retentionMs: number;
  outageReports: number;
  outageWindowMs: number;
  tickMs?: number;
}

export interface HelpDeskStores {
  watches: WatchStore;
  history: HistoryStore;
  outages: OutageStore;
  lock?: ScheduleLock;
}

export interface HelpDeskEngine {
  diagnose: Diagnose;
  discover: Discover;
  diagnoseOptions?: Omit<DiagnoseOptions, 'onProgress' | 'signal'>;
}

/** Counters for /metrics (prom-client when the health endpoint is served). */
export interface HelpDeskMetrics {
  alertSent?(kind: WatchAlert['kind'], posted: boolean): void;
  outageDetected?(outage: Outage): void;
}

/**
 * Watches, history and outage detection for one process: the runners get `commands`, `records`
 * and `onOutage`; `startScheduler` starts checking once the chats can post.
 */
export class HelpDeskServices {
  readonly commands;
  readonly records: DiagnosisRecorder;
  readonly stores: HelpDeskStores;
  #scheduler: WatchScheduler | undefined;

  constructor(
    readonly config: HelpDeskConfig,
    private readonly engine: HelpDeskEngine,
    stores: Partial<HelpDeskStores> = {},
    private readonly options: { clock?: Scheduler; random?: () => number; logger?: RunnerLogger; metrics?: HelpDeskMetrics; scheduler?: Partial<WatchSchedulerOptions> } = {},
  ) {
    this.stores = {
      watches: stores.watches ?? new MemoryWatchStore(),
      history: stores.history ?? new MemoryHistoryStore({ retentionMs: config.retentionMs }),
      outages: stores.outages ?? new MemoryOutageStore(),
      ...(stores.lock ? { lock: stores.lock } : {}),
    };
    const now = (): number => (options.clock ?? { now: Date.now }).now();
    const policy = new TargetPolicy({ allowNets: engine.diagnoseOptions?.allowNets ?? [], allowPorts: engine.diagnoseOptions?.allowPorts ?? [] });
    const watches = new WatchCommands({
      store: this.stores.watches,
      discover: engine.discover,
      policy,
      now,
      defaultIntervalMs: config.intervalMs,
      ...(config.minIntervalMs !== undefined ? { minIntervalMs: config.minIntervalMs } : {}),
      // The first check of a new watch comes within a few seconds: the channel learns its state soon.
      firstCheckAt: (at) => at + Math.round((options.random ?? Math.random)() * Math.min(10_000, config.intervalMs)),
    });
    this.commands = channelCommands({ watches, history: new HistoryCommands(this.stores.history) });
    const outages = new OutageDetector(this.stores.outages, { reports: config.outageReports, windowMs: config.outageWindowMs });
    this.records = new DiagnosisRecorder({ history: this.stores.history, outages, now });
  }

  onOutage = (outage: Outage): void => this.options.metrics?.outageDetected?.(outage);

  /** Counts alerts and outages from now on (the metrics need the stores made here). */
  useMetrics(metrics: HelpDeskMetrics): void {
    this.options.metrics = metrics;
  }

  /** Starts the schedule; alerts go through the poster of the watch's platform. */
  startScheduler(posters: Readonly<Record<string, ChannelPoster>>): WatchScheduler {
    const post = async (watch: Watch, alert: WatchAlert): Promise<void> => {
      const poster = posters[watch.place.platform];
      if (!poster) throw new Error(`no chat connected for ${watch.place.platform}`);
      await poster(watch.place.channel, renderBlocks(translator(watch.language), alertText(watch, alert)));
    };
    this.#scheduler = new WatchScheduler({
      store: this.stores.watches,
      check: createWatchCheck(this.engine),
      post,
      ...(this.stores.lock ? { lock: this.stores.lock } : {}),
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      ...(this.options.random ? { random: this.options.random } : {}),
      ...(this.config.tickMs ? { tickMs: this.config.tickMs } : {}),
      ...(this.options.logger ? { logger: this.options.logger } : {}),
      events: { alerted: (_watch, alert, posted) => this.options.metrics?.alertSent?.(alert.kind, posted) },
      ...this.options.scheduler,
    });
    this.#scheduler.start();
    return this.#scheduler;
  }

  async stop(): Promise<void> {
    await this.#scheduler?.stop();
  }
}

/** MAILHELP_WATCH_INTERVAL (`5m`), MAILHELP_HISTORY_DAYS (30), MAILHELP_OUTAGE_REPORTS (3), MAILHELP_OUTAGE_WINDOW (`15m`). */
export function helpDeskConfigFromEnv(env: NodeJS.ProcessEnv): HelpDeskConfig {
  const days = Number(env.MAILHELP_HISTORY_DAYS);
  const reports = Number(env.MAILHELP_OUTAGE_REPORTS);
  const minInterval = durationFromText(env.MAILHELP_WATCH_MIN_INTERVAL);
  const tick = durationFromText(env.MAILHELP_WATCH_TICK);
  return {
    intervalMs: durationFromText(env.MAILHELP_WATCH_INTERVAL) ?? DEFAULT_INTERVAL_MS,
    ...(minInterval !== undefined ? { minIntervalMs: minInterval } : {}),
    retentionMs: Number.isFinite(days) && days > 0 ? days * 24 * 60 * 60_000 : DEFAULT_RETENTION_MS,
    outageReports: Number.isInteger(reports) && reports >= 2 ? reports : DEFAULT_OUTAGE_REPORTS,
    outageWindowMs: durationFromText(env.MAILHELP_OUTAGE_WINDOW) ?? DEFAULT_OUTAGE_WINDOW_MS,
    ...(tick !== undefined ? { tickMs: tick } : {}),
  };
}

/** `90s`, `5m`, `2h`, or milliseconds; undefined when unset or unreadable. */
export function durationFromText(value: string | undefined): number | undefined {
  const match = /^\s*(\d{1,9})\s*(ms|s|m|h)?\s*$/u.exec(value ?? '');
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 'ms'] ?? 1;
  const ms = Number(match[1]) * unit;
  return ms > 0 ? ms : undefined;
}
