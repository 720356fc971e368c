import type { ConversationKey } from '../../store/conversation-key';
import type { ConversationStore } from '../../store/conversation-store';
import { keepRenewed, type Lock, type Locks } from '../../store/locks';
import type { RunningDiagnoses } from '../../store/running-diagnoses';
import type { ConversationState } from '../state';
import type { RunnerLogger } from './runner-dependencies';

/**
 * Several processes, one deployment (MAILHELP_STORE=redis://): where each diagnosis runs is
 * recorded so that the others can tell a slow diagnosis from a dead one.
 */
export interface RunCoordination {
  locks: Locks;
  running: RunningDiagnoses;
  /** Time to live of a running diagnosis's lock, renewed every third of it (default 15 s). */
  lockTtlMs?: number;
}

export const DEFAULT_RUN_LOCK_TTL_MS = 15_000;
/**
 * A run is committed to the store a moment before its process takes the lock: within this
 * time after the conversation's last activity a missing lock is not yet a dead run.
 */
const TAKE_LOCK_GRACE_MS = 3000;

/**
 * The lock of each diagnosis this process runs (token, TTL, renewed while it runs, released at
 * the end), and the detection of runs whose process died: state `running`, no lock, no result.
 * A run also stops when its conversation moved on in another process (cancelled there), which
 * the renewal sees in the store.
 */
export class RunOwnership {
  readonly ttlMs: number;

  constructor(
    private readonly coordination: RunCoordination,
    private readonly store: ConversationStore<ConversationState>,
    private readonly logger: RunnerLogger,
  ) {
    this.ttlMs = coordination.lockTtlMs ?? DEFAULT_RUN_LOCK_TTL_MS;
  }

  /**
   * Takes the run's lock and keeps it renewed; `stop` is called when the lock is lost or the
   * conversation no longer runs this diagnosis. Resolves with the function that lets go. A
   * store that cannot be reached does not stop the run: it only cannot be seen by others.
   */
  async hold(key: ConversationKey, id: string, runId: number, stop: (why: string) => void): Promise<() => Promise<void>> {
    const { locks, running } = this.coordination;
    let lock: Lock | undefined;
    try {
      lock = await locks.acquire(lockName(id, runId), this.ttlMs);
      await running.add(id, key, runId);
    } catch (error) {
      this.logger.warn({ conversation: id, err: error }, 'diagnosis runs without its lock (store unreachable)');
    }
    const stopRenewing = lock
      ? keepRenewed(lock, this.ttlMs, () => {
          this.logger.warn({ conversation: id, runId }, 'diagnosis lost its lock; stopping it');
          stop('lock lost');
        })
      : () => undefined;
    const watch = setInterval(() => {
      void this.store.get(key).then(
        (stored) => {
          const state = stored?.value;
          if (state?.step !== 'running' || state.run?.id !== runId) stop('conversation moved on');
        },
        () => undefined,
      );
    }, Math.max(10, Math.floor(this.ttlMs / 3)));
    watch.unref();
    return async () => {
      stopRenewing();
      clearInterval(watch);
      await lock?.release().catch(() => false);
      await running.remove(id, runId).catch(() => undefined);
    };
  }

  /** Whether `state` is a diagnosis whose process died: running, past the grace, nobody holds its lock. */
  async interrupted(id: string, state: ConversationState | undefined, now: number): Promise<number | undefined> {
    if (state?.step !== 'running' || !state.run) return undefined;
    if (now - state.lastActivityAt < TAKE_LOCK_GRACE_MS) return undefined;
    return (await this.coordination.locks.held(lockName(id, state.run.id))) ? undefined : state.run.id;
  }

  /**
   * One pass over the deployment's running diagnoses: each dead one (see `interrupted`) is
   * handed to `notify` by exactly one process (a short lock decides which).
   */
  async sweep(isLocal: (id: string, runId: number) => boolean, notify: (key: ConversationKey, runId: number, state: ConversationState) => Promise<void>, now: () => number): Promise<void> {
    const { locks, running } = this.coordination;
    const entries = await running.list();
    this.logger.debug({ running: entries.length }, 'sweep: diagnoses running in the deployment');
    for (const entry of entries) {
      if (isLocal(entry.id, entry.runId)) continue;
      const stored = await this.store.get(entry.key);
      const runId = await this.interrupted(entry.id, stored?.value, now());
      if (runId !== entry.runId || !stored) {
        // Finished, cancelled or expired meanwhile (or still alive elsewhere): nothing to tell.
        if (stored?.value.step !== 'running' || stored.value.run?.id !== entry.runId) await running.remove(entry.id, entry.runId);
        continue;
      }
      if (!(await locks.acquire(`recover:${entry.id}:${entry.runId}`, this.ttlMs))) continue;
      this.logger.warn({ conversation: entry.id, runId }, 'diagnosis interrupted (its process stopped); telling the user');
      await notify(entry.key, runId, stored.value);
      await running.remove(entry.id, entry.runId);
    }
  }
}

function lockName(id: string, runId: number): string {
  return `diagnosis:${id}:${runId}`;
}
